import { compact, type KubeObject } from "../types";
import { pathPrefix, type LabRouteContext, type LabRouteProvider } from "./types";

/**
 * Legacy: one `Ingress` per service for ingress-nginx, with `auth-url` pointing at the service
 * that checks the token, and paths `<prefix>(/|$)(.*)` rewritten to `/$2` (Orchest's scheme)
 * unless the base path is preserved. ingress-nginx is retired upstream: the project's spec
 * carries a warning, and the token is not removed before the service.
 *
 * A canary is ingress-nginx's own: a second Ingress `<service>-canary` with the same hosts and
 * paths, `canary: "true"` and `canary-weight`, whose backend becomes an alternative of the main
 * Ingress's location. ingress-nginx ignores every other annotation of a canary Ingress and uses
 * the main one's (auth-url included), so the canary's requests pass the same check; the canary
 * Ingress repeats them only so it reads the same.
 * @see https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/#canary
 */
export const ingressNginxProvider: LabRouteProvider = {
  provider: "ingress-nginx",
  renderService(context: LabRouteContext): KubeObject[] {
    const { service, ingress } = context;
    const nginx = ingress.ingressNginx!;
    const preserve = service.preserveBasePath;
    // Redirect plain HTTP to HTTPS even where the Ingress has no tls section (the TLS may end at a load balancer).
    const annotations: Record<string, string> = { "nginx.ingress.kubernetes.io/force-ssl-redirect": "true" };
    if (service.requiresAuthentication) annotations["nginx.ingress.kubernetes.io/auth-url"] = nginx.authUrl;
    if (!preserve) {
      annotations["nginx.ingress.kubernetes.io/use-regex"] = "true";
      annotations["nginx.ingress.kubernetes.io/rewrite-target"] = "/$2";
    }
    const http = (backend: string) => ({
      paths: service.exposedPorts.map((port) => ({
        path: preserve ? pathPrefix(service, port.port) : `${pathPrefix(service, port.port)}(/|$)(.*)`,
        pathType: preserve ? "Prefix" : "ImplementationSpecific",
        backend: { service: { name: backend, port: { number: port.port } } },
      })),
    });
    const hosts = ingress.hostnames ?? [undefined];
    const ingressObject = (name: string, backend: string, extra: Record<string, string> = {}) =>
      compact({
        apiVersion: "networking.k8s.io/v1",
        kind: "Ingress",
        metadata: { name, namespace: context.project.namespace, labels: { ...context.labels }, annotations: { ...annotations, ...extra } },
        spec: { ingressClassName: nginx.ingressClassName, rules: hosts.map((host) => ({ host, http: http(backend) })) },
      }) as KubeObject;
    const objects = [ingressObject(service.name, service.service.name)];
    // Mirroring is refused for this provider when the project resolves; a canary here splits.
    const canary = service.service.canary;
    if (canary) {
      objects.push(
        ingressObject(canary.serviceName, canary.serviceName, {
          "nginx.ingress.kubernetes.io/canary": "true",
          "nginx.ingress.kubernetes.io/canary-weight": String(canary.weight),
        }),
      );
    }
    return objects;
  },
};
