import { z } from "zod";
import { problem, type ValidationIssue } from "./errors";
import { DNS1123_LABEL } from "./names";

/**
 * How exposed project services are reached and authenticated. Every provider serves
 * `/api/projects/<project>/services/<service>/<port>/` (ML Lab's proxy path) and accepts the
 * project token from `Authorization: Bearer`, the cookie `lab_access_token` or the query
 * parameter `lab_token`.
 *
 * - `gateway-api` (default): Gateway API `HTTPRoute` + Envoy Gateway `SecurityPolicy` `apiKeyAuth`
 *   checking the token against the project token Secret, and removing it (`sanitize`).
 * - `istio`: `HTTPRoute` + Istio `RequestAuthentication` (the token is a JWT) and an
 *   `AuthorizationPolicy` requiring a request principal.
 * - `ext-auth`: `HTTPRoute` + Envoy Gateway `SecurityPolicy` `extAuth`: an existing service checks the token.
 * - `ingress-nginx`: a legacy `Ingress` with `auth-url`; ingress-nginx is retired upstream, so this warns.
 */
export type LabIngressProvider = "gateway-api" | "istio" | "ext-auth" | "ingress-nginx";

/**
 * The Gateway the routes attach to. Its listener must allow routes from the project namespace
 * (`allowedRoutes.namespaces`).
 * @see https://gateway-api.sigs.k8s.io/api-types/httproute/#parentrefs
 */
export interface GatewayRefProps {
  readonly name: string;
  readonly namespace: string;
  /** Listener name. @default - every listener that allows the route */
  readonly sectionName?: string;
}

/** Istio JWT settings: ML Lab tokens are JWTs. @see https://istio.io/latest/docs/reference/config/security/request_authentication/ */
export interface IstioAuthProps {
  /** Issuer (`iss`) of the project tokens. */
  readonly issuer: string;
  /** URL of the issuer's JWKS. Give this or `jwks`. */
  readonly jwksUri?: string;
  /** Inline JWKS (public keys only). */
  readonly jwks?: string;
  /** Accepted audiences. @default - any */
  readonly audiences?: readonly string[];
  /**
   * Claims the token must carry, e.g. `{ permissions: ["project-<project>"] }` for ML Lab project tokens.
   * @default - none: any token from the issuer
   */
  readonly requiredClaims?: Readonly<Record<string, readonly string[]>>;
  /** Namespace of istiod: sidecars need egress to it through the default-deny policy. @default "istio-system" */
  readonly controlPlaneNamespace?: string;
}

/** An existing service that checks tokens (Envoy Gateway `extAuth`, HTTP). @see https://gateway.envoyproxy.io/docs/tasks/security/ext-auth/ */
export interface ExtAuthProps {
  /** Service name. */
  readonly service: string;
  /** @default - the project namespace (another namespace needs a ReferenceGrant there) */
  readonly namespace?: string;
  readonly port: number;
  /** Path prefix of the check endpoint. @default - the request path */
  readonly path?: string;
  /** Headers of the auth response passed to the service (e.g. `x-user`). @default - none */
  readonly headersToBackend?: readonly string[];
}

/** ingress-nginx external auth. @see https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/#external-authentication */
export interface IngressNginxProps {
  /** `nginx.ingress.kubernetes.io/auth-url`: the URL that checks the token (2xx = allowed). */
  readonly authUrl: string;
  /** @default "nginx" */
  readonly ingressClassName?: string;
}

/** Routes and authentication for the project's exposed services. */
export interface LabIngressProps {
  /** @default "gateway-api" */
  readonly provider?: LabIngressProvider;
  /** Gateway for `gateway-api`, `istio` and `ext-auth`. */
  readonly gateway?: GatewayRefProps;
  /** Host names the routes match. @default - every host of the gateway */
  readonly hostnames?: readonly string[];
  /**
   * Namespace the proxy pods run in: NetworkPolicies let it reach exposed ports.
   * @default - the gateway's namespace; "ingress-nginx" for ingress-nginx
   */
  readonly proxyNamespace?: string;
  /** Settings of the `istio` provider. */
  readonly istio?: IstioAuthProps;
  /** Settings of the `ext-auth` provider. */
  readonly extAuth?: ExtAuthProps;
  /** Settings of the `ingress-nginx` provider. */
  readonly ingressNginx?: IngressNginxProps;
}

const hostname = z.string().regex(/^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/, {
  error: problem("is not a valid host name", "use e.g. 'lab.example.com' or '*.example.com'."),
});
const dnsName = z.string().max(63).regex(DNS1123_LABEL, { error: problem("is not a DNS-1123 name", "use lowercase letters, digits and '-'.") });
const httpUrl = z.string().regex(/^https?:\/\/[^\s]+$/, { error: problem("is not an http(s) URL", "use e.g. 'https://lab.example.com/api/auth/verify'.") });

export const labIngressSchema = z.strictObject({
  provider: z.enum(["gateway-api", "istio", "ext-auth", "ingress-nginx"]).optional(),
  gateway: z.strictObject({ name: dnsName, namespace: dnsName, sectionName: dnsName.optional() }).optional(),
  hostnames: z.array(hostname).min(1).optional(),
  proxyNamespace: dnsName.optional(),
  istio: z
    .strictObject({
      issuer: z.string().min(1),
      jwksUri: httpUrl.optional(),
      jwks: z.string().min(1).optional(),
      audiences: z.array(z.string().min(1)).optional(),
      requiredClaims: z.record(z.string().min(1), z.array(z.string().min(1)).min(1)).optional(),
      controlPlaneNamespace: dnsName.optional(),
    })
    .optional(),
  extAuth: z
    .strictObject({
      service: dnsName,
      namespace: dnsName.optional(),
      port: z.number().int().min(1).max(65535),
      path: z.string().startsWith("/", { error: problem("must start with '/'", "write it like '/verify'.") }).optional(),
      headersToBackend: z.array(z.string().min(1)).optional(),
    })
    .optional(),
  ingressNginx: z.strictObject({ authUrl: httpUrl, ingressClassName: dnsName.optional() }).optional(),
}) satisfies z.ZodType<LabIngressProps>;

/** Ingress settings after defaults. */
export interface LabIngressSpec {
  readonly provider: LabIngressProvider;
  readonly gateway?: GatewayRefProps;
  readonly hostnames?: readonly string[];
  readonly proxyNamespace: string;
  readonly istio?: IstioAuthProps;
  readonly extAuth?: Required<Pick<ExtAuthProps, "service" | "namespace" | "port">> & Pick<ExtAuthProps, "path" | "headersToBackend">;
  readonly ingressNginx?: Required<IngressNginxProps>;
}

const PROVIDER_SETTINGS = { istio: "istio", "ext-auth": "extAuth", "ingress-nginx": "ingressNginx" } as const;

/** Cross-field checks of the ingress settings; `field` is where they sit in the project's props. */
export function checkLabIngress(ingress: z.output<typeof labIngressSchema>, field: string): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const provider = ingress.provider ?? "gateway-api";
  if (provider !== "ingress-nginx" && !ingress.gateway) {
    issues.push({ field: `${field}.gateway`, problem: `is required by the '${provider}' provider`, fix: "name the Gateway the routes attach to: { name: 'eg', namespace: 'envoy-gateway-system' }." });
  }
  for (const [other, key] of Object.entries(PROVIDER_SETTINGS)) {
    if (ingress[key] !== undefined && provider !== other) {
      issues.push({ field: `${field}.${key}`, problem: `is set but the provider is '${provider}'`, value: ingress[key], fix: `set ${field}.provider to '${other}', or remove '${key}'.` });
    }
  }
  if (provider === "istio") {
    if (!ingress.istio) issues.push({ field: `${field}.istio`, problem: "is required by the 'istio' provider", fix: "give the token issuer and its jwksUri." });
    else if ((ingress.istio.jwksUri === undefined) === (ingress.istio.jwks === undefined)) {
      issues.push({ field: `${field}.istio.jwksUri`, problem: "must be given, or 'jwks', but not both", value: ingress.istio.jwksUri, fix: "give exactly one of jwksUri and jwks." });
    }
  }
  if (provider === "ext-auth" && !ingress.extAuth) {
    issues.push({ field: `${field}.extAuth`, problem: "is required by the 'ext-auth' provider", fix: "name the service that checks tokens: { service: 'lab-auth', port: 8080 }." });
  }
  if (provider === "ingress-nginx" && !ingress.ingressNginx) {
    issues.push({ field: `${field}.ingressNginx`, problem: "is required by the 'ingress-nginx' provider", fix: "give the authUrl that checks tokens." });
  }
  if (provider === "ingress-nginx" && ingress.gateway) {
    issues.push({ field: `${field}.gateway`, problem: "is not used by the 'ingress-nginx' provider", value: ingress.gateway, fix: "remove it, or use a Gateway API provider." });
  }
  return issues;
}

/** Applies defaults (call after {@link checkLabIngress} found nothing). */
export function resolveLabIngress(ingress: z.output<typeof labIngressSchema>, projectNamespace: string): LabIngressSpec {
  const provider = ingress.provider ?? "gateway-api";
  return {
    provider,
    gateway: ingress.gateway,
    hostnames: ingress.hostnames,
    proxyNamespace: ingress.proxyNamespace ?? ingress.gateway?.namespace ?? "ingress-nginx",
    istio: provider === "istio" ? ingress.istio : undefined,
    extAuth: provider === "ext-auth" && ingress.extAuth ? { ...ingress.extAuth, namespace: ingress.extAuth.namespace ?? projectNamespace } : undefined,
    ingressNginx: provider === "ingress-nginx" && ingress.ingressNginx ? { authUrl: ingress.ingressNginx.authUrl, ingressClassName: ingress.ingressNginx.ingressClassName ?? "nginx" } : undefined,
  };
}

/** The warning the `ingress-nginx` provider gives. */
export const INGRESS_NGINX_WARNING =
  "the 'ingress-nginx' provider renders Ingress objects for ingress-nginx, which is retired upstream (no further releases or security fixes); it cannot strip the token before the request reaches the service. Move to the default 'gateway-api' provider when you can.";
