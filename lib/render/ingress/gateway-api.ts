import { LAB_TOKEN_COOKIE, LAB_TOKEN_PARAM } from "../../model/lab";
import { compact, type KubeObject } from "../types";
import { renderHttpRoute, routeTargetRefs } from "./http-route";
import type { LabRouteContext, LabRouteProvider } from "./types";

export const ENVOY_GATEWAY_GROUP = "gateway.envoyproxy.io";

/** An Envoy Gateway `SecurityPolicy` named `<service>-auth`, attached to the service's route. */
export function envoySecurityPolicy(context: LabRouteContext, check: Record<string, unknown>): KubeObject {
  return compact({
    apiVersion: `${ENVOY_GATEWAY_GROUP}/v1alpha1`,
    kind: "SecurityPolicy",
    metadata: { name: `${context.service.name}-auth`, namespace: context.project.namespace, labels: { ...context.labels } },
    spec: { targetRefs: routeTargetRefs(context), ...check },
  }) as KubeObject;
}

/**
 * Where the Envoy Gateway checks look for the project token, in ML Lab's lookup order: query
 * `lab_token`, then the `Authorization` header, then the cookie `lab_access_token`. The CRD's
 * CEL rule allows exactly one of headers/params/cookies per entry, so each has its own.
 */
export const TOKEN_SOURCES: readonly Record<string, string[]>[] = [
  { params: [LAB_TOKEN_PARAM] },
  { headers: ["authorization"] },
  { cookies: [LAB_TOKEN_COOKIE] },
];

/**
 * Default provider: an Envoy Gateway `SecurityPolicy` with `apiKeyAuth` against the project
 * token Secret, then the `HTTPRoute` it protects. Envoy's api_key_auth takes the first source
 * that holds a value, strips a leading `Bearer ` from a header value itself, and with
 * `sanitize: true` removes all three sources before the service; so the Secret holds the plain
 * token only (envoyproxy/gateway#7706).
 * @see https://gateway.envoyproxy.io/docs/tasks/security/apikey-auth/
 */
export const gatewayApiProvider: LabRouteProvider = {
  provider: "gateway-api",
  renderService(context: LabRouteContext): KubeObject[] {
    const objects: KubeObject[] = [];
    if (context.service.requiresAuthentication) {
      objects.push(
        envoySecurityPolicy(context, {
          apiKeyAuth: {
            credentialRefs: [{ group: "", kind: "Secret", name: context.project.token.secretName }],
            extractFrom: TOKEN_SOURCES.map((source) => ({ ...source })),
            sanitize: true,
          },
        }),
      );
    }
    return [...objects, renderHttpRoute(context)];
  },
};
