import { z } from "zod";
import { problem, type ValidationIssue } from "../errors";
import { gatewayListenerShape } from "../route";
import { hostnameSchema, httpUrlSchema, labelMap, labelNameSchema, serviceNameSchema, subdomainNameSchema } from "../rules";

/**
 * How exposed project services are reached and authenticated. Every provider serves
 * `/api/projects/<project>/services/<service>/<port>/` (ML Lab's proxy path) and accepts the
 * project token from `Authorization: Bearer`, the cookie `lab_access_token` or the query
 * parameter `lab_token`.
 *
 * - `gateway-api` (default): Gateway API `HTTPRoute` + Envoy Gateway `SecurityPolicy` `apiKeyAuth`
 *   checking the token against the project token Secret, and removing all three sources (`sanitize`).
 * - `istio`: `HTTPRoute` + Istio `RequestAuthentication` (the token is a JWT) and a DENY
 *   `AuthorizationPolicy`, both attached to the ingress Gateway, requiring a principal of the
 *   issuer bound to the project; the cookie is not removed (Envoy's jwt_authn cannot).
 * - `ext-auth`: `HTTPRoute` + Envoy Gateway `SecurityPolicy` `extAuth`: an existing service checks
 *   the token; only the Authorization header is removed.
 * - `ingress-nginx`: a legacy `Ingress` with `auth-url`; ingress-nginx is retired upstream and
 *   removes nothing, so this warns.
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
  /**
   * The HTTPS listener the routes attach to. Required: without it a route attaches to every
   * listener that allows it, port 80 included, and the token would cross the network in clear.
   * @default - none: required unless `allowPlainHttp` is set
   */
  readonly sectionName?: string;
  /** Attach to every listener, plain HTTP ones included (the spec then carries a warning). @default false */
  readonly allowPlainHttp?: boolean;
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
   * Claims the token must carry, e.g. `{ permissions: ["project-<project>"] }`. One of these
   * values or of `audiences` must name the project, so that a token of another project is refused.
   * @default { permissions: ["project-<project>"] } (ML Lab's project tokens) unless `audiences` is given
   */
  readonly requiredClaims?: Readonly<Record<string, readonly string[]>>;
  /** Accept any token of the issuer, whatever project it is for (the spec then carries a warning). @default false */
  readonly allowAnyProjectToken?: boolean;
  /** Namespace of istiod, refused as a project namespace. @default "istio-system" */
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
   * Namespace the proxy pods run in: NetworkPolicies let its proxy pods reach exposed ports.
   * Envoy Gateway runs them in its own namespace (`envoy-gateway-system`) unless it is set to
   * the Gateway's namespace mode; Istio runs them in the Gateway's namespace.
   * @default - the gateway's namespace; "ingress-nginx" for ingress-nginx
   */
  readonly proxyNamespace?: string;
  /**
   * Labels of the proxy pods in `proxyNamespace`, ANDed with the namespace in the NetworkPolicy.
   * @default - the provider's own: Envoy Gateway's `app.kubernetes.io/name: envoy`,
   * `app.kubernetes.io/component: proxy` and `gateway.envoyproxy.io/owning-gateway-name|namespace`;
   * Istio's `gateway.networking.k8s.io/gateway-name`; ingress-nginx's chart labels
   * `app.kubernetes.io/name: ingress-nginx`, `app.kubernetes.io/component: controller`
   */
  readonly proxyPodLabels?: Readonly<Record<string, string>>;
  /** Settings of the `istio` provider. */
  readonly istio?: IstioAuthProps;
  /** Settings of the `ext-auth` provider. */
  readonly extAuth?: ExtAuthProps;
  /** Settings of the `ingress-nginx` provider. */
  readonly ingressNginx?: IngressNginxProps;
}

/** Header names and paths end up in proxy config and requests: no CR/LF, spaces or controls. */
const headerName = z
  .string()
  .regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, { error: problem("is not an HTTP header name", "use letters, digits and '-', e.g. 'x-user'.") });
const urlPath = z.string().regex(/^\/[\x21-\x7e]*$/, {
  error: problem("is not a URL path (it must start with '/' and hold no spaces, CR/LF or control characters)", "write it like '/verify'."),
});
/** Istio reads `request.auth.claims[a][b]` as nested claims: a bracket in a name would change the key. */
const claimName = z
  .string()
  .regex(/^[^[\]\s]+$/, { error: problem("is not a claim name (no brackets or spaces)", "name a top-level claim, e.g. 'permissions'.") });
const httpUrl = httpUrlSchema("https://lab.example.com/api/auth/verify");

export const labIngressSchema = z.strictObject({
  provider: z.enum(["gateway-api", "istio", "ext-auth", "ingress-nginx"]).optional(),
  gateway: z
    .strictObject({
      // The default proxy pod labels carry the Gateway's name, and a label value has at most 63 characters.
      name: gatewayListenerShape.name.max(63, {
        error: problem("must be at most 63 characters", "use a Gateway name the proxy pods can carry as a label value."),
      }),
      namespace: labelNameSchema,
      sectionName: gatewayListenerShape.sectionName.optional(),
      allowPlainHttp: z.boolean().optional(),
    })
    .optional(),
  hostnames: z.array(hostnameSchema).min(1).optional(),
  proxyNamespace: labelNameSchema.optional(),
  proxyPodLabels: labelMap.optional(),
  istio: z
    .strictObject({
      issuer: z.string().min(1),
      jwksUri: httpUrl.optional(),
      jwks: z.string().min(1).optional(),
      audiences: z.array(z.string().min(1)).optional(),
      requiredClaims: z.record(claimName, z.array(z.string().min(1)).min(1)).optional(),
      allowAnyProjectToken: z.boolean().optional(),
      controlPlaneNamespace: labelNameSchema.optional(),
    })
    .optional(),
  extAuth: z
    .strictObject({
      service: serviceNameSchema,
      namespace: labelNameSchema.optional(),
      port: z.number().int().min(1).max(65535),
      path: urlPath.optional(),
      headersToBackend: z.array(headerName).optional(),
    })
    .optional(),
  ingressNginx: z.strictObject({ authUrl: httpUrl, ingressClassName: subdomainNameSchema.optional() }).optional(),
}) satisfies z.ZodType<LabIngressProps>;

/** Istio settings after defaults: the claims and audiences that bind a token to the project. */
export interface IstioAuthSpec extends IstioAuthProps {
  readonly controlPlaneNamespace: string;
  readonly requiredClaims?: Readonly<Record<string, readonly string[]>>;
}

/** Ingress settings after defaults. */
export interface LabIngressSpec {
  readonly provider: LabIngressProvider;
  readonly gateway?: GatewayRefProps;
  readonly hostnames?: readonly string[];
  readonly proxyNamespace: string;
  /** Labels of the proxy pods (NetworkPolicy podSelector). */
  readonly proxyPodLabels: Readonly<Record<string, string>>;
  readonly istio?: IstioAuthSpec;
  readonly extAuth?: Required<Pick<ExtAuthProps, "service" | "namespace" | "port">> & Pick<ExtAuthProps, "path" | "headersToBackend">;
  readonly ingressNginx?: Required<IngressNginxProps>;
}

const PROVIDER_SETTINGS = { istio: "istio", "ext-auth": "extAuth", "ingress-nginx": "ingressNginx" } as const;

/** Cross-field checks of the ingress settings; `field` is where they sit in the project's props. */
export function checkLabIngress(ingress: z.output<typeof labIngressSchema>, field: string): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const provider = ingress.provider ?? "gateway-api";
  if (provider !== "ingress-nginx" && !ingress.gateway) {
    issues.push({
      field: `${field}.gateway`,
      problem: `is required by the '${provider}' provider`,
      fix: "name the Gateway and its HTTPS listener: { name: 'eg', namespace: 'envoy-gateway-system', sectionName: 'https' }.",
    });
  }
  if (provider !== "ingress-nginx" && ingress.gateway && ingress.gateway.sectionName === undefined && !ingress.gateway.allowPlainHttp) {
    issues.push({
      field: `${field}.gateway.sectionName`,
      problem:
        "is required: without it the routes attach to every listener of the Gateway, plain HTTP ones included, and the token would cross the network in clear",
      fix: "name the Gateway's HTTPS listener (e.g. sectionName: 'https'), or set allowPlainHttp: true to accept plain HTTP.",
    });
  }
  for (const [other, key] of Object.entries(PROVIDER_SETTINGS)) {
    if (ingress[key] !== undefined && provider !== other) {
      issues.push({
        field: `${field}.${key}`,
        problem: `is set but the provider is '${provider}'`,
        value: ingress[key],
        fix: `set ${field}.provider to '${other}', or remove '${key}'.`,
      });
    }
  }
  if (provider === "istio") {
    if (!ingress.istio) issues.push({ field: `${field}.istio`, problem: "is required by the 'istio' provider", fix: "give the token issuer and its jwksUri." });
    else if ((ingress.istio.jwksUri === undefined) === (ingress.istio.jwks === undefined)) {
      issues.push({
        field: `${field}.istio.jwksUri`,
        problem: "must be given, or 'jwks', but not both",
        value: ingress.istio.jwksUri,
        fix: "give exactly one of jwksUri and jwks.",
      });
    }
  }
  if (provider === "ext-auth" && !ingress.extAuth) {
    issues.push({
      field: `${field}.extAuth`,
      problem: "is required by the 'ext-auth' provider",
      fix: "name the service that checks tokens: { service: 'lab-auth', port: 8080 }.",
    });
  }
  if (provider === "ingress-nginx" && !ingress.ingressNginx) {
    issues.push({ field: `${field}.ingressNginx`, problem: "is required by the 'ingress-nginx' provider", fix: "give the authUrl that checks tokens." });
  }
  if (provider === "ingress-nginx" && ingress.gateway) {
    issues.push({
      field: `${field}.gateway`,
      problem: "is not used by the 'ingress-nginx' provider",
      value: ingress.gateway,
      fix: "remove it, or use a Gateway API provider.",
    });
  }
  return issues;
}

/** The project token claim ML Lab puts in a project's tokens. */
export function projectPermission(project: string): string {
  return `project-${project}`;
}

/**
 * Checks that need the project: an Istio token must be bound to it (a required claim, or the
 * audiences, allowing only `project-<project>` or `<project>`), unless `allowAnyProjectToken` says otherwise.
 */
export function checkLabIngressForProject(ingress: z.output<typeof labIngressSchema>, field: string, project: string): ValidationIssue[] {
  const istio = ingress.istio;
  if ((ingress.provider ?? "gateway-api") !== "istio" || !istio || istio.allowAnyProjectToken) return [];
  if (istio.requiredClaims === undefined && istio.audiences === undefined) return []; // the default binds
  // Each required claim must hold (the DENY policy has one rule per claim) but any one of its
  // values will do, and so will any one audience: a token is bound to the project only when some
  // claim, or the audience list, allows nothing but values naming it. Whole values: a substring
  // test would let project 'ml' accept 'project-ml-ops', another project's permission.
  const naming = [projectPermission(project), project];
  const onlyNaming = (values: readonly string[]) => values.length > 0 && values.every((value) => naming.includes(value));
  if (Object.values(istio.requiredClaims ?? {}).some(onlyNaming) || onlyNaming(istio.audiences ?? [])) return [];
  return [
    {
      field: `${field}.istio.${istio.requiredClaims ? "requiredClaims" : "audiences"}`,
      problem: `does not bind the token to the project '${project}' (no claim, nor the audiences, allows only '${projectPermission(project)}' or '${project}'), so a token of another project of the issuer would open it`,
      value: istio.requiredClaims ?? istio.audiences,
      fix: `require a value naming the project, e.g. requiredClaims: { permissions: ['${projectPermission(project)}'] } or audiences: ['${project}'], or set allowAnyProjectToken: true.`,
    },
  ];
}

/** Proxy pod labels of each provider, as the upstream controllers set them. */
function defaultProxyPodLabels(provider: LabIngressProvider, gateway?: GatewayRefProps): Record<string, string> {
  switch (provider) {
    case "gateway-api":
    case "ext-auth":
      // envoyproxy/gateway v1.9 internal/infrastructure/kubernetes/proxy/resource.go EnvoyAppLabel + owning-gateway labels
      return {
        "app.kubernetes.io/name": "envoy",
        "app.kubernetes.io/component": "proxy",
        "gateway.envoyproxy.io/owning-gateway-name": gateway!.name,
        "gateway.envoyproxy.io/owning-gateway-namespace": gateway!.namespace,
      };
    case "istio":
      // istio manifests/charts/istio-control/istio-discovery/files/kube-gateway.yaml
      return { "gateway.networking.k8s.io/gateway-name": gateway!.name };
    case "ingress-nginx":
      return { "app.kubernetes.io/name": "ingress-nginx", "app.kubernetes.io/component": "controller" };
  }
}

/** Applies defaults (call after {@link checkLabIngress} found nothing). */
export function resolveLabIngress(ingress: z.output<typeof labIngressSchema>, projectNamespace: string, project = projectNamespace): LabIngressSpec {
  const provider = ingress.provider ?? "gateway-api";
  const istio = provider === "istio" ? ingress.istio : undefined;
  return {
    provider,
    gateway: ingress.gateway,
    hostnames: ingress.hostnames,
    proxyNamespace: ingress.proxyNamespace ?? ingress.gateway?.namespace ?? "ingress-nginx",
    proxyPodLabels: ingress.proxyPodLabels ?? defaultProxyPodLabels(provider, ingress.gateway),
    istio: istio
      ? {
          ...istio,
          controlPlaneNamespace: istio.controlPlaneNamespace ?? "istio-system",
          requiredClaims: istio.requiredClaims ?? (istio.audiences || istio.allowAnyProjectToken ? undefined : { permissions: [projectPermission(project)] }),
        }
      : undefined,
    extAuth: provider === "ext-auth" && ingress.extAuth ? { ...ingress.extAuth, namespace: ingress.extAuth.namespace ?? projectNamespace } : undefined,
    ingressNginx:
      provider === "ingress-nginx" && ingress.ingressNginx
        ? { authUrl: ingress.ingressNginx.authUrl, ingressClassName: ingress.ingressNginx.ingressClassName ?? "nginx" }
        : undefined,
  };
}

/** Namespaces of the ingress a project may not use: the gateway's, the proxies' and the mesh's own. */
export function ingressNamespaces(ingress: z.output<typeof labIngressSchema>): string[] {
  const provider = ingress.provider ?? "gateway-api";
  const candidates = [
    ingress.gateway?.namespace,
    ingress.proxyNamespace ?? (provider === "ingress-nginx" ? "ingress-nginx" : undefined),
    provider === "istio" ? (ingress.istio?.controlPlaneNamespace ?? "istio-system") : undefined,
  ];
  return [...new Set(candidates.filter((n): n is string => n !== undefined))];
}

/** The warning the `ingress-nginx` provider gives. */
export const INGRESS_NGINX_WARNING =
  "the 'ingress-nginx' provider renders Ingress objects for ingress-nginx, which is retired upstream (no further releases or security fixes); it cannot strip the token (header, cookie 'lab_access_token', query parameter 'lab_token') before the request reaches the service. Move to the default 'gateway-api' provider when you can.";

/** What the spec should say about the ingress: plain HTTP, unbound tokens, token sources the provider cannot remove. */
export function labIngressWarnings(ingress: LabIngressSpec): string[] {
  const warnings: string[] = [];
  if (ingress.provider === "ingress-nginx") warnings.push(INGRESS_NGINX_WARNING);
  if (ingress.gateway?.allowPlainHttp && ingress.gateway.sectionName === undefined) {
    warnings.push(
      `ingress.gateway.allowPlainHttp: the routes attach to every listener of Gateway '${ingress.gateway.namespace}/${ingress.gateway.name}', so a plain HTTP listener carries the project token in clear; name the HTTPS listener in sectionName.`,
    );
  }
  if (ingress.istio?.allowAnyProjectToken) {
    warnings.push(
      `ingress.istio.allowAnyProjectToken: any token of the issuer ${ingress.istio.issuer} opens the project's services, whatever project it was issued for.`,
    );
  }
  if (ingress.provider === "istio") {
    warnings.push(
      "the 'istio' provider removes the token from the Authorization header and the query parameter 'lab_token', but the cookie 'lab_access_token' reaches the service (Envoy's jwt_authn does not remove cookies).",
    );
  }
  if (ingress.provider === "ext-auth") {
    warnings.push(
      "the 'ext-auth' provider removes the Authorization header, but the cookie 'lab_access_token' and the query parameter 'lab_token' reach the service (Gateway API filters cannot remove a cookie or a query parameter).",
    );
  }
  return warnings;
}
