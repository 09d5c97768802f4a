import { LAB_TOKEN_COOKIE, LAB_TOKEN_PARAM, PROJECT_LABEL } from "../../model/lab";
import { objectName } from "../../model/names";
import { compact, type KubeObject } from "../types";
import { GATEWAY_GROUP } from "../route";
import { renderHttpRoute } from "./http-route";
import { pathPrefix, type LabRouteContext, type LabRouteProvider } from "./types";

export const ISTIO_SECURITY_GROUP = "security.istio.io";

/**
 * Istio: an `HTTPRoute` (Istio implements Gateway API) plus, attached to the ingress Gateway
 * itself (`targetRefs`, in the Gateway's namespace), a `RequestAuthentication` validating the JWT
 * from `Authorization: Bearer`, the cookie or the query parameter, and a DENY
 * `AuthorizationPolicy` on the service's paths for every request without a principal of the
 * issuer, or whose token does not name the project (claim or audience). The check runs in the
 * gateway's Envoy, so it holds whether or not the project's pods are in the mesh: no sidecar
 * (which Pod Security `restricted` forbids without Istio CNI) and no namespace label is needed,
 * and there is no state in which the route serves without it. The DENY policy only ever adds
 * refusals, so other routes of the Gateway are untouched.
 * @see https://istio.io/latest/docs/tasks/security/authentication/jwt-route/
 * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/
 */
export const istioProvider: LabRouteProvider = {
  provider: "istio",
  renderService(context: LabRouteContext): KubeObject[] {
    const objects: KubeObject[] = [renderHttpRoute(context)];
    if (!context.service.requiresAuthentication) return objects;
    const istio = context.ingress.istio!;
    const gateway = context.ingress.gateway!;
    // Objects in the Gateway's namespace, shared by every project: `<namespace>.<service>-<suffix>`.
    // Neither part can hold a '.', so no two projects' names meet (joined with '-', project 'a-b'
    // service 'c' and project 'a' service 'b-c' would). The name is a DNS-1123 subdomain, the
    // rule for custom resource names: at most 63 + 1 + 63 of its 253 characters.
    const metadata = (suffix: string) => ({
      name: `${context.project.namespace}.${objectName([context.service.name, suffix])}`,
      namespace: gateway.namespace,
      labels: { ...context.labels, [PROJECT_LABEL]: context.project.name },
    });
    const targetRefs = [{ group: GATEWAY_GROUP, kind: "Gateway", name: gateway.name }];
    const jwt = compact({
      apiVersion: `${ISTIO_SECURITY_GROUP}/v1`,
      kind: "RequestAuthentication",
      metadata: metadata("jwt"),
      spec: {
        targetRefs,
        jwtRules: [
          {
            issuer: istio.issuer,
            jwksUri: istio.jwksUri,
            jwks: istio.jwks,
            audiences: istio.audiences ? [...istio.audiences] : undefined,
            fromHeaders: [{ name: "Authorization", prefix: "Bearer " }],
            fromCookies: [LAB_TOKEN_COOKIE],
            fromParams: [LAB_TOKEN_PARAM],
            forwardOriginalToken: false,
          },
        ],
      },
    }) as KubeObject;
    // The route's PathPrefix matches the prefix itself and everything below it.
    const paths = context.service.exposedPorts.flatMap((p) => [pathPrefix(context.service, p.port), `${pathPrefix(context.service, p.port)}/*`]);
    // A fresh list per rule: shared objects would be written as YAML anchors.
    const to = () => [{ operation: { paths: [...paths] } }];
    const rules: Record<string, unknown>[] = [{ from: [{ source: { notRequestPrincipals: [`${istio.issuer}/*`] } }], to: to() }];
    for (const [claim, values] of Object.entries(istio.requiredClaims ?? {}))
      rules.push({ to: to(), when: [{ key: `request.auth.claims[${claim}]`, notValues: [...values] }] });
    if (istio.audiences && !istio.allowAnyProjectToken) rules.push({ to: to(), when: [{ key: "request.auth.audiences", notValues: [...istio.audiences] }] });
    const deny = {
      apiVersion: `${ISTIO_SECURITY_GROUP}/v1`,
      kind: "AuthorizationPolicy",
      metadata: metadata("require-token"),
      spec: { targetRefs, action: "DENY", rules },
    } as unknown as KubeObject;
    return [jwt, deny, ...objects];
  },
};
