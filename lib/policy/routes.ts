import type { KubeObject } from "../render/types";
import { list, namespaceOf, obj, selects, stringMap } from "./pods";
import type { Finding, PolicyCheck } from "./types";

/** The HTTPRoutes (in its own namespace) a SecurityPolicy targets, by targetRef(s) or targetSelectors. */
function targetedRoutes(policy: KubeObject, routes: readonly KubeObject[]): KubeObject[] {
  const spec = obj(policy.spec);
  const local = routes.filter((route) => namespaceOf(route) === namespaceOf(policy));
  const refs = [...list(spec.targetRefs), ...(spec.targetRef ? [spec.targetRef] : [])].map(obj).filter((ref) => ref.kind === "HTTPRoute");
  const byRef = local.filter((route) => refs.some((ref) => ref.name === route.metadata.name));
  const bySelector = list(spec.targetSelectors)
    .map(obj)
    .filter((selector) => selector.kind === "HTTPRoute")
    .flatMap((selector) => local.filter((route) => selects(stringMap(selector.matchLabels), stringMap(route.metadata.labels))));
  return [...new Set([...byRef, ...bySelector])];
}

/**
 * Envoy Gateway v1.9 (internal/gatewayapi/securitypolicy.go, resolveSecurityPolicyRouteTargetRef)
 * applies one SecurityPolicy per route: the policies are sorted by creation time, the first one
 * attaches and every later one is marked Conflicted; a policy on a route rule (sectionName) wins
 * over the route's. So a second policy, e.g. a CORS-only one created earlier, silently replaces
 * the route's authentication.
 */
export const oneSecurityPolicyPerRoute: PolicyCheck = {
  name: "one-security-policy-per-route",
  severity: "warning",
  source: "modelship (Envoy Gateway policy precedence)",
  summary:
    "At most one Envoy Gateway SecurityPolicy targets each HTTPRoute: Envoy Gateway applies only the oldest (or a route-rule one), so another policy can replace the route's authentication.",
  run: (set) => {
    const routes = set.ofKind("HTTPRoute");
    const policies = set.ofKind("SecurityPolicy").filter((p) => p.apiVersion.startsWith("gateway.envoyproxy.io/"));
    const byRoute = new Map<KubeObject, KubeObject[]>();
    for (const policy of policies) {
      for (const route of targetedRoutes(policy, routes)) byRoute.set(route, [...(byRoute.get(route) ?? []), policy]);
    }
    const findings: Finding[] = [];
    for (const [route, targeting] of byRoute) {
      if (targeting.length < 2) continue;
      const names = targeting.map((p) => p.metadata.name).join(", ");
      for (const policy of targeting) {
        findings.push({
          object: policy,
          path: "spec.targetRefs",
          message: `HTTPRoute '${route.metadata.name}' is targeted by ${targeting.length} SecurityPolicies (${names}); Envoy Gateway applies only the oldest (or one on a route rule) and the others are Conflicted, so this one may not apply, or may replace the route's authentication`,
          fix: "keep one SecurityPolicy per HTTPRoute and put every setting (CORS, authentication) in it.",
        });
      }
    }
    return findings;
  },
};

export const routeChecks: readonly PolicyCheck[] = [oneSecurityPolicyPerRoute];
