import { LAB_PLATFORM_NAMESPACE_LABEL, type LabPlatformSpec } from "../model/lab";
import { recommendedLabels } from "../model/names";
import { ENVOY_GATEWAY_GROUP } from "./ingress/gateway-api";
import { GATEWAY_GROUP } from "./ingress/http-route";
import type { KubeObject } from "./types";

const ADMISSION = "admissionregistration.k8s.io/v1";

/** A CEL string literal: the values here are validated host names and label keys, quoted to be safe anyway. */
const celString = (value: string) => `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;

/** The CEL of the route rule: every match of every rule is a PathPrefix or Exact path under the project's own prefix. */
export const ROUTE_PATHS_EXPRESSION =
  "has(object.spec.rules) && object.spec.rules.all(rule, has(rule.matches) && size(rule.matches) > 0 && rule.matches.all(match, " +
  "has(match.path) && has(match.path.type) && has(match.path.value) && (match.path.type == 'PathPrefix' || match.path.type == 'Exact') && match.path.value.startsWith(variables.prefix)))";

/** The CEL of the host rule, for the given host names. */
export function routeHostnamesExpression(hostnames: readonly string[]): string {
  return `has(object.spec.hostnames) && size(object.spec.hostnames) > 0 && object.spec.hostnames.all(host, host in [${hostnames.map(celString).join(", ")}])`;
}

/** The CEL rules of SecurityPolicies in lab namespaces. */
export const SECURITY_POLICY_EXPRESSIONS = {
  targetRefsOnly: "!has(object.spec.targetRef) && !has(object.spec.targetSelectors)",
  oneRoutePerPolicy:
    "has(object.spec.targetRefs) && size(object.spec.targetRefs) == 1 && object.spec.targetRefs.all(ref, ref.group == 'gateway.networking.k8s.io' && ref.kind == 'HTTPRoute' && !has(ref.sectionName) && object.metadata.name == ref.name + '-auth')",
  authenticates: "has(object.spec.apiKeyAuth) || has(object.spec.extAuth) || has(object.spec.jwt) || has(object.spec.oidc) || has(object.spec.basicAuth)",
} as const;

function policy(spec: LabPlatformSpec, suffix: string, group: string, resources: string[], body: Record<string, unknown>): KubeObject[] {
  const name = `${spec.name}-${suffix}`;
  const labels = recommendedLabels({ name: spec.name, instance: spec.name, component: "lab-platform", partOf: spec.name });
  return [
    {
      apiVersion: ADMISSION,
      kind: "ValidatingAdmissionPolicy",
      metadata: { name, labels },
      spec: {
        // An error in a rule (a missing CRD field, a bad label) refuses the write: never fail open.
        failurePolicy: "Fail",
        matchConstraints: {
          namespaceSelector: { matchExpressions: [{ key: LAB_PLATFORM_NAMESPACE_LABEL, operator: "Exists" }] },
          resourceRules: [{ apiGroups: [group], apiVersions: ["*"], operations: ["CREATE", "UPDATE"], resources }],
        },
        ...body,
      },
    } as unknown as KubeObject,
    {
      apiVersion: ADMISSION,
      kind: "ValidatingAdmissionPolicyBinding",
      metadata: { name, labels },
      spec: { policyName: name, validationActions: ["Deny"] },
    } as unknown as KubeObject,
  ];
}

/**
 * The platform's admission policies, each with its binding: lab HTTPRoutes match only their own
 * project's paths (`/api/projects/<project>/services/...`, the project read from the namespace's
 * `lab.modelship.io/project` label, which the deployer cannot change) and, when given, only the
 * platform's host names; lab SecurityPolicies target one whole HTTPRoute each, named
 * `<route>-auth`, and authenticate. Cluster-scoped; apply them before any LabProject.
 */
export function renderLabPlatform(spec: LabPlatformSpec): KubeObject[] {
  const routeValidations: Record<string, unknown>[] = [
    {
      expression: ROUTE_PATHS_EXPRESSION,
      messageExpression: "'HTTPRoute ' + object.metadata.name + ': routes of lab project ' + variables.project + ' may match only PathPrefix or Exact paths under ' + variables.prefix",
      reason: "Forbidden",
    },
  ];
  if (spec.hostnames) {
    routeValidations.push({
      expression: routeHostnamesExpression(spec.hostnames),
      message: `routes of lab projects must list their host names, each one of: ${spec.hostnames.join(", ")}`,
      reason: "Forbidden",
    });
  }
  const objects = policy(spec, "httproutes", GATEWAY_GROUP, ["httproutes"], {
    variables: [
      { name: "project", expression: `namespaceObject.metadata.labels[${celString(LAB_PLATFORM_NAMESPACE_LABEL)}]` },
      { name: "prefix", expression: "'/api/projects/' + variables.project + '/services/'" },
    ],
    validations: routeValidations,
  });
  if (spec.securityPolicies) {
    objects.push(
      ...policy(spec, "securitypolicies", ENVOY_GATEWAY_GROUP, ["securitypolicies"], {
        validations: [
          { expression: SECURITY_POLICY_EXPRESSIONS.targetRefsOnly, message: "a SecurityPolicy of a lab project names its HTTPRoute in targetRefs; targetRef and targetSelectors are refused", reason: "Forbidden" },
          {
            expression: SECURITY_POLICY_EXPRESSIONS.oneRoutePerPolicy,
            messageExpression: "'SecurityPolicy ' + object.metadata.name + ': in a lab project a SecurityPolicy targets exactly one whole HTTPRoute (no sectionName) and is named <route>-auth, so that no route has two'",
            reason: "Forbidden",
          },
          { expression: SECURITY_POLICY_EXPRESSIONS.authenticates, message: "a SecurityPolicy of a lab project authenticates (apiKeyAuth, extAuth, jwt, oidc or basicAuth): a policy without it would replace the route's check", reason: "Forbidden" },
        ],
      }),
    );
  }
  return objects;
}
