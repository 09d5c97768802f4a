import { LAB_PLATFORM_NAMESPACE_LABEL, type LabPlatformGatewayProps, type LabPlatformSpec } from "../model/lab";
import { recommendedLabels } from "../model/names";
import { ENVOY_GATEWAY_GROUP } from "./ingress/gateway-api";
import { GATEWAY_GROUP } from "./route";
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

/**
 * The CEL of the listener rule: every parentRef is one of the given Gateway listeners, namespace
 * and sectionName spelled out (group and kind are defaulted by the CRD; a ref without namespace
 * means the route's own namespace, where the deployer could write a Gateway). `namespace` is a
 * CEL reserved word: the API server's type checker accepts `ref.__namespace__` (the escaped schema
 * field, k8s.io/apiserver pkg/cel/common/schemas.go) and, in 1.35, `ref.namespace` too
 * (pkg/cel/types.go FindStructFieldType), but the admission run evaluates plain unstructured maps
 * (pkg/admission/plugin/cel/condition.go objectToResolveVal), where only `namespace` exists, so
 * `ref.__namespace__` refuses every route. A map key of `dyn(ref)` reads the same in both passes,
 * on any server version.
 */
function routeGatewaysExpression(gateways: readonly LabPlatformGatewayProps[]): string {
  const listener = (g: LabPlatformGatewayProps) =>
    `(dyn(ref)['namespace'] == ${celString(g.namespace)} && ref.name == ${celString(g.name)} && ref.sectionName == ${celString(g.sectionName)})`;
  return (
    "has(object.spec.parentRefs) && size(object.spec.parentRefs) > 0 && object.spec.parentRefs.all(ref, " +
    `(!has(ref.group) || ref.group == '${GATEWAY_GROUP}') && (!has(ref.kind) || ref.kind == 'Gateway') && 'namespace' in dyn(ref) && has(ref.sectionName) && (${gateways.map(listener).join(" || ")}))`
  );
}

/**
 * The CEL of the Ingress rules (the legacy ingress-nginx provider). ingress-nginx writes a
 * regular-expression path into `location ~* "^<path>"` (rootfs/etc/nginx/template/nginx.tmpl,
 * buildLocation), so a top-level `|` would leave the rest unanchored: paths are the prefix, plain
 * path characters, and at most the provider's own `(/|$)(.*)` tail. Project names are DNS labels,
 * so the prefix has no regular-expression characters of its own.
 */
const INGRESS_EXPRESSIONS = {
  paths:
    "has(object.spec.rules) && size(object.spec.rules) > 0 && object.spec.rules.all(rule, has(rule.http) && rule.http.paths.all(p, has(p.path) && " +
    "p.path.matches('^' + variables.prefix + '[-A-Za-z0-9._~/]*([(]/[|][$][)][(][.][*][)])?$')))",
  noDefaultBackend: "!has(object.spec.defaultBackend)",
  // Annotations ingress-nginx applies beyond the Ingress's own locations: snippets (server- and
  // http-level nginx configuration) and server-alias (other host names); docs, user-guide/nginx-configuration/annotations.md.
  ownScope: "!has(object.metadata.annotations) || !object.metadata.annotations.exists(key, key.endsWith('-snippet') || key.endsWith('/server-alias'))",
} as const;

/** The CEL of the Ingress host rule, for the given host names. */
function ingressHostnamesExpression(hostnames: readonly string[]): string {
  return `object.spec.rules.all(rule, has(rule.host) && rule.host in [${hostnames.map(celString).join(", ")}])`;
}

/** The CEL rules of SecurityPolicies in lab namespaces. */
export const SECURITY_POLICY_EXPRESSIONS = {
  targetRefsOnly: "!has(object.spec.targetRef) && !has(object.spec.targetSelectors)",
  oneRoutePerPolicy:
    "has(object.spec.targetRefs) && size(object.spec.targetRefs) == 1 && object.spec.targetRefs.all(ref, ref.group == 'gateway.networking.k8s.io' && ref.kind == 'HTTPRoute' && !has(ref.sectionName) && object.metadata.name == ref.name + '-auth')",
  authenticates: "has(object.spec.apiKeyAuth) || has(object.spec.extAuth) || has(object.spec.jwt) || has(object.spec.oidc) || has(object.spec.basicAuth)",
} as const;

/** The fix for a policy that is not its route's one `<route>-auth`: what to change, by what is wrong. */
const ONE_ROUTE_MESSAGE =
  "'SecurityPolicy ' + object.metadata.name + ': in a lab project a SecurityPolicy targets exactly one whole HTTPRoute (no sectionName) and is named <route>-auth, so that no route has two. Fix: ' + " +
  "(!has(object.spec.targetRefs) || size(object.spec.targetRefs) != 1 || object.spec.targetRefs[0].kind != 'HTTPRoute' ? 'give it one targetRefs entry, the HTTPRoute, and name it <route>-auth.' : " +
  "has(object.spec.targetRefs[0].sectionName) ? 'remove targetRefs[0].sectionName: the policy covers the whole route.' : " +
  "'change SecurityPolicy ' + object.spec.targetRefs[0].name + '-auth (the one policy of HTTPRoute ' + object.spec.targetRefs[0].name + ') instead of adding ' + object.metadata.name + '.')";

/**
 * The policy's resource rules: the version the API server type-checks the expressions against
 * (its type checker skips a rule with a wildcard version, k8s.io/apiserver
 * pkg/admission/plugin/policy/validating/typechecking.go), and every version, so that one a CRD
 * serves later is judged too.
 */
function resourceRules(group: string, typedVersion: string, resources: string[]): Record<string, unknown>[] {
  return [typedVersion, "*"].map((version) => ({ apiGroups: [group], apiVersions: [version], operations: ["CREATE", "UPDATE"], resources }));
}

/** The project of the object's namespace (from its label, which the deployer cannot change) and that project's path prefix. */
const PROJECT_VARIABLES = [
  { name: "project", expression: `namespaceObject.metadata.labels[${celString(LAB_PLATFORM_NAMESPACE_LABEL)}]` },
  { name: "prefix", expression: "'/api/projects/' + variables.project + '/services/'" },
];

function policy(spec: LabPlatformSpec, suffix: string, rules: Record<string, unknown>[], body: Record<string, unknown>): KubeObject[] {
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
          resourceRules: rules,
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
      // `message` is what the server says when the messageExpression cannot be evaluated.
      message:
        "routes of a lab project may match only PathPrefix or Exact paths under /api/projects/<project>/services/. Fix: start every rules[].matches[].path.value with that prefix, and give every rule a match.",
      messageExpression:
        "'HTTPRoute ' + object.metadata.name + ': routes of lab project ' + variables.project + ' may match only PathPrefix or Exact paths under ' + variables.prefix + '. Fix: start every rules[].matches[].path.value with ' + variables.prefix + ', and give every rule a match.'",
      reason: "Forbidden",
    },
  ];
  if (spec.hostnames) {
    routeValidations.push({
      expression: routeHostnamesExpression(spec.hostnames),
      message: `routes of lab projects must list their host names, each one of: ${spec.hostnames.join(", ")}. Fix: set spec.hostnames to names from that list.`,
      reason: "Forbidden",
    });
  }
  if (spec.gateways) {
    const listeners = spec.gateways.map((g) => `${g.namespace}/${g.name} sectionName ${g.sectionName}`).join(", ");
    routeValidations.push({
      expression: routeGatewaysExpression(spec.gateways),
      message: `routes of lab projects attach only to the platform's listeners: ${listeners}. Fix: make every spec.parentRefs[] entry one of them, with namespace and sectionName.`,
      reason: "Forbidden",
    });
  }
  const objects = policy(spec, "httproutes", resourceRules(GATEWAY_GROUP, "v1", ["httproutes"]), {
    variables: PROJECT_VARIABLES,
    validations: routeValidations,
  });
  if (spec.securityPolicies) {
    objects.push(
      ...policy(spec, "securitypolicies", resourceRules(ENVOY_GATEWAY_GROUP, "v1alpha1", ["securitypolicies"]), {
        validations: [
          {
            expression: SECURITY_POLICY_EXPRESSIONS.targetRefsOnly,
            message:
              "a SecurityPolicy of a lab project names its HTTPRoute in targetRefs; targetRef and targetSelectors are refused. Fix: replace them with spec.targetRefs: [{ group: gateway.networking.k8s.io, kind: HTTPRoute, name: <route> }].",
            reason: "Forbidden",
          },
          {
            expression: SECURITY_POLICY_EXPRESSIONS.oneRoutePerPolicy,
            message:
              "in a lab project a SecurityPolicy targets exactly one whole HTTPRoute (no sectionName) and is named <route>-auth, so that no route has two. Fix: change the route's <route>-auth policy instead of adding another.",
            messageExpression: ONE_ROUTE_MESSAGE,
            reason: "Forbidden",
          },
          {
            expression: SECURITY_POLICY_EXPRESSIONS.authenticates,
            message:
              "a SecurityPolicy of a lab project authenticates (apiKeyAuth, extAuth, jwt, oidc or basicAuth): a policy without it would replace the route's check. Fix: keep the route's authentication in the policy (e.g. apiKeyAuth) next to what you add.",
            reason: "Forbidden",
          },
        ],
      }),
    );
  }
  if (spec.ingresses)
    objects.push(
      ...policy(spec, "ingresses", resourceRules("networking.k8s.io", "v1", ["ingresses"]), {
        variables: PROJECT_VARIABLES,
        validations: ingressValidations(spec),
      }),
    );
  return objects;
}

/** The validations of lab Ingresses (see {@link INGRESS_EXPRESSIONS}). */
function ingressValidations(spec: LabPlatformSpec): Record<string, unknown>[] {
  const validations: Record<string, unknown>[] = [
    {
      expression: INGRESS_EXPRESSIONS.paths,
      message:
        "Ingresses of a lab project serve only paths under /api/projects/<project>/services/. Fix: start every rules[].http.paths[].path with that prefix, in plain path characters (a regular expression may end only in (/|$)(.*)).",
      messageExpression:
        "'Ingress ' + object.metadata.name + ': Ingresses of lab project ' + variables.project + ' serve only paths under ' + variables.prefix + '. Fix: start every rules[].http.paths[].path with ' + variables.prefix + ' in plain path characters (a regular expression may end only in (/|$)(.*)), and give every rule its paths.'",
      reason: "Forbidden",
    },
    {
      expression: INGRESS_EXPRESSIONS.noDefaultBackend,
      message:
        "an Ingress of a lab project has no default backend: it would take every request no other rule matches. Fix: remove spec.defaultBackend and route by path.",
      reason: "Forbidden",
    },
    {
      expression: INGRESS_EXPRESSIONS.ownScope,
      message:
        "an Ingress of a lab project may not carry *-snippet or server-alias annotations: ingress-nginx applies them beyond the Ingress's own paths. Fix: remove those annotations.",
      reason: "Forbidden",
    },
  ];
  if (spec.hostnames) {
    validations.push({
      expression: ingressHostnamesExpression(spec.hostnames),
      message: `Ingresses of lab projects must name their host in every rule, one of: ${spec.hostnames.join(", ")}. Fix: set rules[].host to a name from that list.`,
      reason: "Forbidden",
    });
  }
  return validations;
}
