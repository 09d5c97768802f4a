import { withCanarySplit } from "../canary";
import { GATEWAY_GROUP, httpRouteObject } from "../route";
import type { KubeObject } from "../types";
import { pathPrefix, type LabRouteContext } from "./types";

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
  const route = httpRouteObject({
    name: service.name,
    namespace: project.namespace,
    labels: context.labels,
    parentRef: gateway,
    hostnames: ingress.hostnames,
    rules: service.exposedPorts.map((port) => ({
      name: port.name,
      pathPrefix: pathPrefix(service, port.port),
      stripPrefix: !service.preserveBasePath,
      filters: extraFilters,
      serviceName: service.service.name,
      port: port.port,
    })),
  });
  return withCanarySplit(route, service.service);
}

/** `targetRefs` of a policy attached to the service's HTTPRoute. */
export function routeTargetRefs(context: LabRouteContext): Record<string, unknown>[] {
  return [{ group: GATEWAY_GROUP, kind: "HTTPRoute", name: context.service.name }];
}
