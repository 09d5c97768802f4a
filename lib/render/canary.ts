import type { ModelServiceSpec } from "../model/model-service";
import type { KubeObject } from "./types";

/**
 * The canary's split on the service's HTTPRoute: weighted backendRefs (stable 100 - w, canary w),
 * or, for a shadow, the stable backend alone plus a RequestMirror filter sending w percent of
 * requests to the canary (the Gateway discards the mirror's responses). Returns a new route.
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#httprequestmirrorfilter
 */
export function withCanarySplit(route: KubeObject, spec: ModelServiceSpec): KubeObject {
  const canary = spec.canary;
  if (!canary) return route;
  const routeSpec = route.spec as {
    rules: Array<Record<string, unknown> & { backendRefs: Array<Record<string, unknown>>; filters?: Array<Record<string, unknown>> }>;
  };
  const rules = routeSpec.rules.map((rule) => {
    const stable = rule.backendRefs[0];
    const toCanary = { ...stable, name: canary.serviceName };
    if (canary.mode === "mirror") {
      const mirror = {
        type: "RequestMirror",
        requestMirror: { backendRef: { group: "", kind: "Service", name: canary.serviceName, port: stable.port }, percent: canary.weight },
      };
      return { ...rule, filters: [...(rule.filters ?? []), mirror] };
    }
    return {
      ...rule,
      backendRefs: [
        { ...stable, weight: 100 - canary.weight },
        { ...toCanary, weight: canary.weight },
      ],
    };
  });
  return { ...route, spec: { ...routeSpec, rules } };
}
