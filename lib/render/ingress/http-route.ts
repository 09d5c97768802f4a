import { withCanarySplit } from "../canary";
import { compact, type KubeObject } from "../types";
import { pathPrefix, type LabRouteContext } from "./types";

export const GATEWAY_GROUP = "gateway.networking.k8s.io";

/**
 * The Gateway API `HTTPRoute` of one service: a rule per exposed port matching its path prefix,
 * rewritten to `/` (ReplacePrefixMatch) unless the service preserves its base path.
 * `extraFilters` run after the rewrite (e.g. removing the Authorization header). A canary of the
 * service splits (or mirrors) each rule's traffic on this same route, so whatever checks the
 * route (a SecurityPolicy on it, Istio's policies on its paths) checks the canary's requests too.
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#httproute
 */
export function renderHttpRoute(context: LabRouteContext, extraFilters: readonly Record<string, unknown>[] = []): KubeObject {
  const { project, service, ingress } = context;
  const gateway = ingress.gateway!;
  const route = compact({
    apiVersion: `${GATEWAY_GROUP}/v1`,
    kind: "HTTPRoute",
    metadata: { name: service.name, namespace: project.namespace, labels: { ...context.labels } },
    spec: {
      parentRefs: [{ group: GATEWAY_GROUP, kind: "Gateway", name: gateway.name, namespace: gateway.namespace, sectionName: gateway.sectionName }],
      hostnames: ingress.hostnames ? [...ingress.hostnames] : undefined,
      rules: service.exposedPorts.map((port) => {
        const filters = [
          ...(service.preserveBasePath ? [] : [{ type: "URLRewrite", urlRewrite: { path: { type: "ReplacePrefixMatch", replacePrefixMatch: "/" } } }]),
          ...extraFilters,
        ];
        return {
          name: port.name,
          matches: [{ path: { type: "PathPrefix", value: pathPrefix(service, port.port) } }],
          filters: filters.length ? filters : undefined,
          backendRefs: [{ group: "", kind: "Service", name: service.service.name, port: port.port }],
        };
      }),
    },
  }) as KubeObject;
  return withCanarySplit(route, service.service);
}

/** `targetRefs` of a policy attached to the service's HTTPRoute. */
export function routeTargetRefs(context: LabRouteContext): Record<string, unknown>[] {
  return [{ group: GATEWAY_GROUP, kind: "HTTPRoute", name: context.service.name }];
}
