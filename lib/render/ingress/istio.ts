import type { LabIngressSpec } from "../../model/lab-ingress";
import { LAB_TOKEN_COOKIE, LAB_TOKEN_PARAM } from "../../model/lab-project";
import { compact, type KubeObject } from "../types";
import { GATEWAY_GROUP, renderHttpRoute } from "./http-route";
import type { LabRouteContext, LabRouteProvider } from "./types";

export const ISTIO_SECURITY_GROUP = "security.istio.io";

/**
 * Istio: an `HTTPRoute` (Istio implements Gateway API) plus, on the service's pods, a
 * `RequestAuthentication` validating the JWT from `Authorization: Bearer`, the cookie or the
 * query parameter (the header is removed: `forwardOriginalToken: false`), and an
 * `AuthorizationPolicy` that allows exposed ports only with a request principal from the issuer
 * (and, with `allowWithinProject`, traffic from the project's own namespace).
 * @see https://istio.io/latest/docs/reference/config/security/request_authentication/
 */
export const istioProvider: LabRouteProvider = {
  provider: "istio",
  renderService(context: LabRouteContext): KubeObject[] {
    const objects: KubeObject[] = [renderHttpRoute(context)];
    if (!context.service.requiresAuthentication) return objects;
    const istio = context.ingress.istio!;
    const metadata = (name: string) => ({ name, namespace: context.project.namespace, labels: { ...context.labels } });
    const selector = { matchLabels: { ...context.selector } };
    objects.push(
      compact({
        apiVersion: `${ISTIO_SECURITY_GROUP}/v1`,
        kind: "RequestAuthentication",
        metadata: metadata(`${context.service.name}-jwt`),
        spec: {
          selector,
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
      }) as KubeObject,
    );
    const when = Object.entries(istio.requiredClaims ?? {}).map(([claim, values]) => ({ key: `request.auth.claims[${claim}]`, values: [...values] }));
    const ports = context.service.exposedPorts.map((p) => String(p.port));
    const rules: Record<string, unknown>[] = [
      compact({ from: [{ source: { requestPrincipals: [`${istio.issuer}/*`] } }], to: [{ operation: { ports } }], when: when.length ? when : undefined }),
    ];
    if (context.project.networkPolicy?.allowWithinProject !== false) {
      rules.push({ from: [{ source: { namespaces: [context.project.namespace] } }] });
    }
    objects.push(
      compact({
        apiVersion: `${ISTIO_SECURITY_GROUP}/v1`,
        kind: "AuthorizationPolicy",
        metadata: metadata(`${context.service.name}-require-token`),
        spec: { selector, action: "ALLOW", rules },
      }) as KubeObject,
    );
    return objects;
  },
  egress(ingress: LabIngressSpec): Record<string, unknown>[] {
    const namespace = ingress.istio?.controlPlaneNamespace ?? "istio-system";
    return [{ to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": namespace } } }], ports: [{ protocol: "TCP", port: 15012 }] }];
  },
  deployerResources: [
    { apiGroup: GATEWAY_GROUP, resources: ["httproutes"] },
    { apiGroup: ISTIO_SECURITY_GROUP, resources: ["requestauthentications", "authorizationpolicies"] },
  ],
};
