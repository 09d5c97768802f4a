import { canaryName } from "../canary";
import type { ValidationIssue } from "../errors";
import type { LabPortPlan } from "./services";
import type { ParsedProject, ParsedService } from "./props";

/**
 * What a project service's `route` and `canary` may be. The project's ingress is the only way in:
 * it routes every exposed service with the project's token check, so a service's own `route`
 * (a plain HTTPRoute without that check) is refused, and a canary splits (or mirrors) on the
 * project's route, under the same check, with its pods admitted by the same NetworkPolicies.
 * ingress-nginx splits with a canary Ingress (`canary-weight`) but mirrors all requests or none
 * (`mirror-target` has no share), so a shadow is refused there.
 */
export function labCanaryIssues(service: ParsedService, at: string, plan: LabPortPlan, props: ParsedProject): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (service.route) {
    issues.push({
      field: `${at}.route`,
      problem: "is not used in a LabProject: a route of the service's own would reach it without the project's token check",
      value: service.route,
      fix: "remove 'route' and set exposed: true; the project's ingress routes the service at /api/projects/<project>/services/<service>/<port>/.",
    });
  }
  const canary = service.canary;
  if (!canary || canary.promote) return issues;
  if (!plan.exposed) {
    issues.push({
      field: `${at}.canary`,
      problem: "needs the service exposed: the split is done on the project's route, and an internal service has none",
      fix: "set exposed: true, or remove 'canary'.",
    });
  }
  const provider = props.ingress?.provider ?? "gateway-api";
  if (provider === "ingress-nginx" && canary.mode === "mirror") {
    issues.push({
      field: `${at}.canary.mode`,
      problem: "is 'mirror', but ingress-nginx mirrors every request or none (its mirror-target annotation has no share)",
      value: "mirror",
      fix: "use mode: 'split' (a canary Ingress with canary-weight), or a Gateway API provider ('gateway-api', 'istio', 'ext-auth'), which mirror a share with RequestMirror.",
    });
  }
  const taken = (props.services ?? []).find((other) => other.name === canaryName(service.name));
  if (taken) {
    issues.push({
      field: `${at}.canary`,
      problem: `would create objects named '${canaryName(service.name)}', which is another service of the project`,
      value: taken.name,
      fix: "rename one of the two services.",
    });
  }
  return issues;
}
