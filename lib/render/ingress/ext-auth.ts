import type { KubeObject } from "../types";
import { envoySecurityPolicy } from "./gateway-api";
import { renderHttpRoute } from "./http-route";
import type { LabRouteContext, LabRouteProvider } from "./types";

/**
 * Tokens checked by an existing service: an `HTTPRoute` plus an Envoy Gateway `SecurityPolicy`
 * with `extAuth` (HTTP), rendered before the route. The check receives the `Authorization` and
 * `Cookie` headers and the path (with `lab_token`); the route then removes the `Authorization`
 * header before the service. Gateway API has no filter that removes one cookie or a query
 * parameter, so those reach the service (the spec warns).
 * @see https://gateway.envoyproxy.io/docs/tasks/security/ext-auth/
 */
export const extAuthProvider: LabRouteProvider = {
  provider: "ext-auth",
  renderService(context: LabRouteContext): KubeObject[] {
    const auth = context.ingress.extAuth!;
    const authenticated = context.service.requiresAuthentication;
    const strip = authenticated ? [{ type: "RequestHeaderModifier", requestHeaderModifier: { remove: ["Authorization"] } }] : [];
    const objects: KubeObject[] = [];
    if (authenticated) {
      objects.push(
        envoySecurityPolicy(context, {
          extAuth: {
            http: {
              backendRefs: [
                {
                  group: "",
                  kind: "Service",
                  name: auth.service,
                  namespace: auth.namespace === context.project.namespace ? undefined : auth.namespace,
                  port: auth.port,
                },
              ],
              path: auth.path,
              headersToBackend: auth.headersToBackend ? [...auth.headersToBackend] : undefined,
            },
            headersToExtAuth: ["authorization", "cookie"],
            failOpen: false,
          },
        }),
      );
    }
    return [...objects, renderHttpRoute(context, strip)];
  },
};
