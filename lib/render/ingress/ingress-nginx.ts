import { compact, type KubeObject } from "../types";
import { pathPrefix, type LabRouteContext, type LabRouteProvider } from "./types";

/**
 * Legacy: one `Ingress` per service for ingress-nginx, with `auth-url` pointing at the service
 * that checks the token, and paths `<prefix>(/|$)(.*)` rewritten to `/$2` (Orchest's scheme)
 * unless the base path is preserved. ingress-nginx is retired upstream: the project's spec
 * carries a warning, and the token is not removed before the service.
 * @see https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/
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
    const http = {
      paths: service.exposedPorts.map((port) => ({
        path: preserve ? pathPrefix(service, port.port) : `${pathPrefix(service, port.port)}(/|$)(.*)`,
        pathType: preserve ? "Prefix" : "ImplementationSpecific",
        backend: { service: { name: service.service.name, port: { number: port.port } } },
      })),
    };
    const hosts = ingress.hostnames ?? [undefined];
    return [
      compact({
        apiVersion: "networking.k8s.io/v1",
        kind: "Ingress",
        metadata: { name: service.name, namespace: context.project.namespace, labels: { ...context.labels }, annotations },
        spec: { ingressClassName: nginx.ingressClassName, rules: hosts.map((host) => ({ host, http })) },
      }) as KubeObject,
    ];
  },
};
