/**
 * An executable model of what happens to one HTTP request at a lab project's ingress, built from
 * the rendered objects of one or more projects, so tests can assert the LabProject promise
 * (only the project's token gets in, at the project's path, and the token does not reach the
 * service) against the upstream rules rather than against our own output. Each step names the
 * upstream source and version it follows. Route and policy age: the order of `objects` is the
 * creation order (older first), which is what the tie-breaks below use.
 */
import type { KubeObject } from "../../lib/render/types";

export interface LabRequest {
  readonly host: string;
  /** Path with its query, as sent. */
  readonly path: string;
  /** Lower-case header names; cookies in `cookie`. */
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * The proxy's random draw for this request, in [0, 100): it picks the weighted backend and
   * decides whether the request is mirrored (see `pickBackend`, `mirrored`). @default 0
   */
  readonly draw?: number;
}

/** What the world outside the objects knows: Secret contents, the JWTs an issuer signed, the auth services. */
export interface LabWorld {
  /** `namespace/name` -> data (plain values). */
  readonly secrets: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** A JWT string -> its verified payload (a token not listed fails verification). */
  readonly jwts?: Readonly<Record<string, { readonly iss: string; readonly sub: string; readonly aud?: readonly string[]; readonly [claim: string]: unknown }>>;
  /** The ext-auth / auth-url service: does it accept this request? */
  readonly authService?: (request: { readonly path: string; readonly headers: Readonly<Record<string, string>> }) => boolean;
  /**
   * The proxy pods that connect to the backends: when given, the NetworkPolicies of the
   * backend's namespace decide whether the connection is accepted (see `networkPolicyAdmits`).
   * @default - NetworkPolicies are not evaluated
   */
  readonly proxy?: { readonly namespace: string; readonly labels: Readonly<Record<string, string>> };
}

export interface LabOutcome {
  readonly status: number;
  readonly reason: string;
  /** Set when a backend got the request: which one, and what it received. */
  readonly backend?: Delivery;
  /** Set when a RequestMirror copy of the request reached a backend (its answer is discarded). */
  readonly mirror?: Delivery;
}

/** A request as a backend received it. */
export interface Delivery {
  readonly namespace: string;
  readonly service: string;
  readonly port: number;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
}

const obj = (value: unknown): any => (value && typeof value === "object" ? value : {});
const list = (value: unknown): any[] => (Array.isArray(value) ? value : []);

// ---------------------------------------------------------------------------------------------
// Admission: the LabPlatform's ValidatingAdmissionPolicies (lib/render/lab-platform.ts; their
// CEL itself runs under cel-go in test/render/lab-platform-cel.test.ts). An object they refuse never exists.
// ---------------------------------------------------------------------------------------------

function admitted(object: KubeObject, objects: readonly KubeObject[]): boolean {
  const platform = objects.filter((o) => o.kind === "ValidatingAdmissionPolicy");
  const ns = objects.find((o) => o.kind === "Namespace" && o.metadata.name === object.metadata.namespace);
  const project = ns?.metadata.labels?.["lab.modelship.io/project"];
  if (platform.length === 0 || project === undefined) return true;
  const spec = obj(object.spec);
  if (object.kind === "HTTPRoute" && platform.some((p) => p.metadata.name.endsWith("-httproutes"))) {
    const prefix = `/api/projects/${project}/services/`;
    const rules = spec.rules ?? [{ matches: [{ path: { type: "PathPrefix", value: "/" } }] }]; // the CRD's default
    return rules.every((rule: any) =>
      (rule.matches ?? [{ path: { type: "PathPrefix", value: "/" } }]).every(
        (m: any) => ["PathPrefix", "Exact"].includes(m.path?.type ?? "PathPrefix") && String(m.path?.value ?? "/").startsWith(prefix),
      ),
    );
  }
  if (object.kind === "SecurityPolicy" && platform.some((p) => p.metadata.name.endsWith("-securitypolicies"))) {
    const refs = list(spec.targetRefs);
    return (
      spec.targetRef === undefined &&
      spec.targetSelectors === undefined &&
      refs.length === 1 &&
      refs[0].kind === "HTTPRoute" &&
      refs[0].sectionName === undefined &&
      object.metadata.name === `${refs[0].name}-auth` &&
      ["apiKeyAuth", "extAuth", "jwt", "oidc", "basicAuth"].some((k) => k in spec)
    );
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Envoy's HTTP connection manager, as both gateways configure it: normalize_path (RFC 3986 dot
// segments, unreserved %XX decoded), merge_slashes, and escaped slashes UNESCAPE_AND_REDIRECT.
// Envoy Gateway v1.9 internal/gatewayapi/listener.go (MergeSlashes, UnescapeAndRedirect) and
// internal/xds/translator/listener.go (NormalizePath: true); Istio 1.31
// pilot/pkg/networking/core/connection_settings.go and listener_builder.go (the same defaults).
// ---------------------------------------------------------------------------------------------

type Normalized = { kind: "path"; path: string; query: string } | { kind: "redirect"; location: string };

export function normalizePath(raw: string): Normalized {
  const [pathPart, ...rest] = raw.split("?");
  const query = rest.length ? `?${rest.join("?")}` : "";
  if (/%2f|%5c/i.test(pathPart)) return { kind: "redirect", location: pathPart.replace(/%2f/gi, "/").replace(/%5c/gi, "\\") + query };
  const decoded = pathPart.replace(/%([0-9a-fA-F]{2})/g, (match, hex) => {
    const char = String.fromCharCode(parseInt(hex, 16));
    return /[A-Za-z0-9\-._~]/.test(char) ? char : match.toUpperCase();
  });
  const merged = decoded.replace(/\/{2,}/g, "/");
  const out: string[] = [];
  const segments = merged.split("/").slice(1);
  segments.forEach((segment, i) => {
    if (segment === "..") out.pop();
    else if (segment !== ".") out.push(segment);
    if ((segment === ".." || segment === ".") && i === segments.length - 1) out.push("");
  });
  return { kind: "path", path: `/${out.join("/")}`, query };
}

// ---------------------------------------------------------------------------------------------
// Gateway API v1.6 route matching (apis/v1/httproute_types.go, HTTPRouteRule "Proxy or Load
// Balancer routing configuration generated from HTTPRoutes MUST prioritize matches based on the
// following criteria": Exact over PathPrefix, longest prefix, then the oldest route, then
// namespace/name), within the most specific virtual host (a route with the request's exact host
// name beats a wildcard, which beats a route without host names). PathPrefix matches whole
// segments, case-sensitively: Envoy Gateway v1.9 internal/xds/translator/route.go and Istio 1.31
// pilot/pkg/networking/core/route/route.go (under Gateway semantics) both emit
// path_separated_prefix of the prefix without its trailing '/'.
// ---------------------------------------------------------------------------------------------

interface RouteMatch {
  readonly route: KubeObject;
  readonly rule: any;
  readonly ruleIndex: number;
  readonly match: any;
}

function hostScore(route: KubeObject, host: string): number {
  const names: string[] = list(obj(route.spec).hostnames);
  if (names.length === 0) return 1;
  let best = 0;
  for (const name of names) {
    if (name === host) best = Math.max(best, 1000 + name.length);
    else if (name.startsWith("*.") && host.endsWith(name.slice(1)) && host.length > name.length - 1) best = Math.max(best, 100 + name.length);
  }
  return best;
}

function pathMatches(match: any, path: string): boolean {
  const type = match.path?.type ?? "PathPrefix";
  const value = String(match.path?.value ?? "/");
  if (type === "Exact") return path === value;
  if (type === "PathPrefix") {
    const prefix = value.replace(/\/$/, "");
    return prefix === "" || path === prefix || path.startsWith(`${prefix}/`);
  }
  return new RegExp(`^${value}$`).test(path);
}

function route(routes: readonly KubeObject[], host: string, path: string): RouteMatch | undefined {
  const scored = routes.map((r) => ({ r, score: hostScore(r, host) })).filter((x) => x.score > 0);
  const top = Math.max(0, ...scored.map((x) => x.score));
  const candidates: RouteMatch[] = [];
  for (const { r } of scored.filter((x) => x.score === top)) {
    list(obj(r.spec).rules).forEach((rule, ruleIndex) => {
      for (const match of rule.matches ?? [{ path: { type: "PathPrefix", value: "/" } }])
        if (pathMatches(match, path)) candidates.push({ route: r, rule, ruleIndex, match });
    });
  }
  const rank = (m: RouteMatch) => ((m.match.path?.type ?? "PathPrefix") === "Exact" ? 1e6 : 0) + String(m.match.path?.value ?? "/").replace(/\/$/, "").length;
  // Stable sort keeps creation order (the array order) for ties.
  return [...candidates].sort((a, b) => rank(b) - rank(a))[0];
}

/**
 * URLRewrite ReplacePrefixMatch (Gateway API v1.6 HTTPPathModifier; Envoy Gateway v1.9
 * internal/xds/translator/route.go buildXdsURLRewriteAction: with replacement "/" a regex
 * `^<prefix>/*` is replaced by "/", so "/p/8080" and "/p/8080/x" become "/" and "/x").
 */
function rewrite(rule: any, match: any, path: string): string {
  const filter = list(rule.filters).find((f) => f.type === "URLRewrite");
  const replace = filter?.urlRewrite?.path?.replacePrefixMatch;
  if (replace === undefined) return path;
  const prefix = String(match.path.value).replace(/\/$/, "");
  const rest = path.slice(prefix.length).replace(/^\/+/, "");
  return replace === "/" ? `/${rest}` : `${replace.replace(/\/$/, "")}/${rest}`.replace(/\/$/, rest ? "" : "/");
}

// ---------------------------------------------------------------------------------------------
// Token sources.
// ---------------------------------------------------------------------------------------------

function cookies(headers: Record<string, string>): Array<[string, string]> {
  return (headers.cookie ?? "")
    .split(";")
    .map((c) => c.trim())
    .filter(Boolean)
    .map((c) => [c.slice(0, c.indexOf("=")), c.slice(c.indexOf("=") + 1)] as [string, string]);
}
function withoutCookie(headers: Record<string, string>, name: string): Record<string, string> {
  const kept = cookies(headers).filter(([k]) => k !== name);
  const { cookie: _cookie, ...rest } = headers;
  return kept.length ? { ...rest, cookie: kept.map(([k, v]) => `${k}=${v}`).join("; ") } : rest;
}
function queryValue(query: string, name: string): string | undefined {
  return new URLSearchParams(query.replace(/^\?/, "")).get(name) ?? undefined;
}
function withoutParam(query: string, name: string): string {
  const params = new URLSearchParams(query.replace(/^\?/, ""));
  params.delete(name);
  const s = params.toString();
  return s ? `?${s}` : "";
}
function withoutHeader(headers: Record<string, string>, name: string): Record<string, string> {
  const { [name.toLowerCase()]: _gone, ...rest } = headers;
  return rest;
}

interface Flight {
  headers: Record<string, string>;
  query: string;
}

/**
 * Envoy api_key_auth (envoy source/extensions/filters/http/api_key_auth/api_key_auth.cc, as of
 * Envoy Gateway v1.9's Envoy): the key sources are tried in order and the first non-empty value
 * is the key; a header value loses a leading "Bearer " (case-sensitive); the key must equal a
 * credential (every value of the credential Secrets: Envoy Gateway v1.9
 * internal/gatewayapi/securitypolicy.go buildAPIKeyAuth); missing or unknown -> 401. With
 * hide_credentials (Envoy Gateway `sanitize`) every source is removed (KeySources::removeKey).
 */
function apiKeyAuth(config: any, namespace: string, world: LabWorld, flight: Flight): LabOutcome | undefined {
  const credentials = new Set<string>();
  for (const ref of list(config.credentialRefs)) {
    const secret = world.secrets[`${ref.namespace ?? namespace}/${ref.name}`];
    // A missing Secret is a translation error: Envoy Gateway answers 500 rather than serve unchecked.
    if (!secret) return { status: 500, reason: "credential Secret missing" };
    for (const value of Object.values(secret)) credentials.add(value);
  }
  let key = "";
  for (const source of list(config.extractFrom)) {
    if (source.headers) {
      const value = flight.headers[String(source.headers[0]).toLowerCase()];
      if (value) key = value.startsWith("Bearer ") ? value.slice(7) : value;
    } else if (source.params) key = queryValue(flight.query, source.params[0]) ?? "";
    else if (source.cookies) key = cookies(flight.headers).find(([k]) => k === source.cookies[0])?.[1] ?? "";
    if (key) break;
  }
  if (!key) return { status: 401, reason: "missing_api_key" };
  if (!credentials.has(key)) return { status: 401, reason: "unknown_api_key" };
  if (config.sanitize) {
    for (const source of list(config.extractFrom)) {
      if (source.headers) flight.headers = withoutHeader(flight.headers, source.headers[0]);
      if (source.params) flight.query = withoutParam(flight.query, source.params[0]);
      if (source.cookies) flight.headers = withoutCookie(flight.headers, source.cookies[0]);
    }
  }
  return undefined;
}

/**
 * The SecurityPolicy that applies to a route rule (Envoy Gateway v1.9
 * internal/gatewayapi/securitypolicy.go ProcessSecurityPolicies and
 * resolveSecurityPolicyRouteTargetRef; policies sorted by creation time, then namespace/name, in
 * internal/gatewayapi/resource/resource.go): a policy on the rule (sectionName) wins; else the
 * first policy on the whole route; every later one is Conflicted and does nothing.
 */
function securityPolicyFor(policies: readonly KubeObject[], match: RouteMatch): KubeObject | undefined {
  const local = policies.filter((p) => p.metadata.namespace === match.route.metadata.namespace);
  const targets = (p: KubeObject, section: boolean) =>
    list(obj(p.spec).targetRefs).some(
      (ref) =>
        ref.kind === "HTTPRoute" && ref.name === match.route.metadata.name && (section ? ref.sectionName === match.rule.name : ref.sectionName === undefined),
    ) ||
    (!section &&
      list(obj(p.spec).targetSelectors).some(
        (s) => s.kind === "HTTPRoute" && Object.entries(s.matchLabels ?? {}).every(([k, v]) => match.route.metadata.labels?.[k] === v),
      ));
  return local.find((p) => targets(p, true)) ?? local.find((p) => targets(p, false));
}

/**
 * Istio at the ingress gateway (policies with targetRefs to the Gateway, in its namespace):
 * RequestAuthentication via Envoy jwt_authn (envoy source/extensions/filters/http/jwt_authn/
 * extractor.cc: header value after the prefix, the first query value, the cookie; a token that
 * fails verification -> 401; with forward: false the header and the parameter are removed, the
 * cookie is not: JwtCookieLocation::removeJwt is a TODO). Then DENY AuthorizationPolicies
 * (istio pilot/pkg/security/authz/model/model.go + generator.go, 1.31: `notRequestPrincipals`
 * and `notValues` become Not(matcher), so a request without a principal or without the claim
 * matches; `paths` "x*" is a prefix, otherwise exact, on the normalized path without query).
 */
function istioGateway(
  objects: readonly KubeObject[],
  gateway: { name: string; namespace: string },
  path: string,
  world: LabWorld,
  flight: Flight,
): LabOutcome | undefined {
  const attached = (kind: string) =>
    objects.filter(
      (o) =>
        o.kind === kind &&
        o.metadata.namespace === gateway.namespace &&
        list(obj(o.spec).targetRefs).some((r) => r.kind === "Gateway" && r.name === gateway.name),
    );
  let principal: { iss: string; sub: string; claims: Record<string, unknown> } | undefined;
  for (const ra of attached("RequestAuthentication")) {
    for (const rule of list(obj(ra.spec).jwtRules)) {
      const found: Array<{ token: string; remove: () => void }> = [];
      for (const h of list(rule.fromHeaders)) {
        const value = flight.headers[String(h.name).toLowerCase()];
        const at = value?.indexOf(h.prefix ?? "") ?? -1;
        if (value && at >= 0)
          found.push({ token: value.slice(at + (h.prefix ?? "").length), remove: () => (flight.headers = withoutHeader(flight.headers, h.name)) });
      }
      for (const p of list(rule.fromParams)) {
        const value = queryValue(flight.query, p);
        if (value !== undefined) found.push({ token: value, remove: () => (flight.query = withoutParam(flight.query, p)) });
      }
      for (const c of list(rule.fromCookies)) {
        const value = cookies(flight.headers).find(([k]) => k === c)?.[1];
        if (value !== undefined) found.push({ token: value, remove: () => undefined });
      }
      for (const { token, remove } of found) {
        const payload = world.jwts?.[token];
        if (!payload || payload.iss !== rule.issuer) return { status: 401, reason: "Jwt verification fails" };
        principal = { iss: payload.iss, sub: payload.sub, claims: payload as Record<string, unknown> };
        if (rule.forwardOriginalToken !== true) remove();
      }
    }
  }
  const pathMatch = (pattern: string) =>
    pattern.endsWith("*") ? path.startsWith(pattern.slice(0, -1)) : pattern.startsWith("*") ? path.endsWith(pattern.slice(1)) : path === pattern;
  const principalMatch = (pattern: string) =>
    principal !== undefined &&
    (pattern === "*" ||
      (pattern.endsWith("*") ? `${principal.iss}/${principal.sub}`.startsWith(pattern.slice(0, -1)) : `${principal.iss}/${principal.sub}` === pattern));
  for (const ap of attached("AuthorizationPolicy").filter((p) => obj(p.spec).action === "DENY")) {
    for (const rule of list(obj(ap.spec).rules)) {
      const toOk = list(rule.to).length === 0 || list(rule.to).some((t) => list(t.operation?.paths).some(pathMatch));
      const fromOk =
        list(rule.from).length === 0 ||
        list(rule.from).some((f) => (f.source?.notRequestPrincipals ? !list(f.source.notRequestPrincipals).some(principalMatch) : true));
      const whenOk = list(rule.when).every((w) => {
        const claim =
          w.key === "request.auth.audiences" ? principal?.claims.aud : principal?.claims[String(w.key).replace(/^request\.auth\.claims\[(.*)\]$/, "$1")];
        const values = Array.isArray(claim) ? claim.map(String) : claim === undefined ? [] : [String(claim)];
        return w.notValues ? !values.some((v) => w.notValues.includes(v)) : values.some((v) => list(w.values).includes(v));
      });
      if (toOk && fromOk && whenOk) return { status: 403, reason: `RBAC: access denied (${ap.metadata.name})` };
    }
  }
  return undefined;
}

/**
 * ingress-nginx (retired; controller v1.12 docs): `use-regex` locations are case-insensitive
 * regexes, longest first; `auth-url` must answer 2xx; nothing is removed.
 * Canaries (internal/ingress/controller/controller.go mergeAlternativeBackends, v1.12): an
 * Ingress with `canary: "true"` does not make locations of its own; its backend becomes the
 * alternative of the main Ingress's location with the same host and path, and every other
 * annotation of it is ignored (the main one's apply, auth-url included); a canary without such a
 * main location is dropped. The pick (rootfs/etc/nginx/lua/balancer.lua
 * route_to_alternative_balancer): `math.random(100) <= canary-weight` goes to the canary.
 */
function ingressNginx(
  ingresses: readonly KubeObject[],
  request: LabRequest,
  path: string,
  world: LabWorld,
  flight: Flight,
  objects: readonly KubeObject[],
): LabOutcome {
  const isCanary = (ing: KubeObject) => ing.metadata.annotations?.["nginx.ingress.kubernetes.io/canary"] === "true";
  const entries = (ing: KubeObject) =>
    list(obj(ing.spec).rules)
      .filter((r) => !r.host || r.host === request.host)
      .flatMap((r) => list(r.http?.paths).map((p) => ({ ing, p, host: r.host })));
  const paths = ingresses.filter((ing) => !isCanary(ing)).flatMap(entries);
  const regex = (ing: KubeObject) => ing.metadata.annotations?.["nginx.ingress.kubernetes.io/use-regex"] === "true";
  const hit = paths
    .filter(({ ing, p }) =>
      regex(ing) ? new RegExp(`^${p.path}`, "i").test(path) : path === p.path || path.startsWith(`${String(p.path).replace(/\/$/, "")}/`),
    )
    .sort((a, b) => String(b.p.path).length - String(a.p.path).length)[0];
  if (!hit) return { status: 404, reason: "no route" };
  const annotations = hit.ing.metadata.annotations ?? {};
  if (annotations["nginx.ingress.kubernetes.io/auth-url"] && !world.authService?.({ path: path + flight.query, headers: flight.headers }))
    return { status: 401, reason: "auth-url refused" };
  const target = annotations["nginx.ingress.kubernetes.io/rewrite-target"];
  const finalPath = target ? path.replace(new RegExp(`^${hit.p.path}`, "i"), target.replace(/\$(\d)/g, "$$$1")) : path;
  const alternative = ingresses
    .filter((ing) => isCanary(ing) && ing.metadata.namespace === hit.ing.metadata.namespace)
    .flatMap(entries)
    .find((c) => c.host === hit.host && c.p.path === hit.p.path);
  const weight = Number(alternative?.ing.metadata.annotations?.["nginx.ingress.kubernetes.io/canary-weight"] ?? 0);
  const backend = alternative && (request.draw ?? 0) + 1 <= weight ? alternative.p.backend.service : hit.p.backend.service;
  return deliver(objects, world, {
    namespace: hit.ing.metadata.namespace!,
    service: backend.name,
    port: backend.port.number,
    path: finalPath + flight.query,
    headers: flight.headers,
  });
}

// ---------------------------------------------------------------------------------------------
// Weighted backends and mirrors. Gateway API v1.6 (apis/v1/httproute_types.go BackendRef.Weight:
// each backend gets weight / sum of the weights; HTTPRequestMirrorFilter.Percent: that share of
// requests is mirrored, the mirror's answer discarded). The draw picks by cumulative weight in
// list order, as Envoy's weighted clusters do (source/common/router/weighted_cluster_specifier.cc
// pickWeightedCluster: `random % total`, the first cluster whose [begin, end) holds it); the share
// each backend gets is the spec's promise, which draw lands where is this model's convention. A mirror is a copy of the request
// as the router sends it, after every filter (source/common/router/router.cc shadows the final
// headers), to the mirror's backend.
// ---------------------------------------------------------------------------------------------

function pickBackend(refs: readonly any[], draw: number): any {
  const weighted = refs.map((ref) => ({ ref, weight: ref.weight ?? 1 }));
  const total = weighted.reduce((sum, b) => sum + b.weight, 0);
  if (total === 0) return undefined;
  // The draw is a share of 100; scaled to the total so unweighted lists (weight 1 each) work too.
  const selected = (draw / 100) * total;
  let begin = 0;
  for (const b of weighted) {
    if (selected >= begin && selected < begin + b.weight) return b.ref;
    begin += b.weight;
  }
  return weighted[weighted.length - 1].ref;
}

// ---------------------------------------------------------------------------------------------
// NetworkPolicy (Kubernetes v1.35 k8s.io/api networking/v1 types.go NetworkPolicySpec and
// NetworkPolicyPeer): a pod selected by no policy with type Ingress accepts every connection;
// otherwise one ingress rule of one selecting policy must admit it: every `from` peer holds
// namespaceSelector AND podSelector (a podSelector alone means the policy's namespace; an empty
// or missing `from` admits all), and `ports` (missing: all) names the pod's port. A Service's
// endpoints are the pods its selector picks (here: the pod templates of the Deployments); a
// connection to a pod that drops it is an upstream connect error at the proxy (503).
// ---------------------------------------------------------------------------------------------

const selects = (selector: any, labels: Readonly<Record<string, string>>) =>
  Object.entries(obj(selector?.matchLabels)).every(([k, v]) => labels[k] === v) && list(selector?.matchExpressions).length === 0;

function namespaceLabels(objects: readonly KubeObject[], name: string): Record<string, string> {
  const ns = objects.find((o) => o.kind === "Namespace" && o.metadata.name === name);
  return { ...(ns?.metadata.labels ?? {}), "kubernetes.io/metadata.name": name };
}

export function networkPolicyAdmits(
  objects: readonly KubeObject[],
  namespace: string,
  pod: { labels: Readonly<Record<string, string>>; ports: readonly number[] },
  from: { namespace: string; labels: Readonly<Record<string, string>> },
): boolean {
  const policies = objects.filter((o) => o.kind === "NetworkPolicy" && o.metadata.namespace === namespace).map((o) => obj(o.spec));
  const selecting = policies.filter((p) => selects(p.podSelector, pod.labels) && (p.policyTypes === undefined || list(p.policyTypes).includes("Ingress")));
  if (selecting.length === 0) return true;
  const peerAdmits = (peer: any) => {
    if (peer.ipBlock) return false; // proxy pods are selected by labels, not by address
    const nsOk = peer.namespaceSelector ? selects(peer.namespaceSelector, namespaceLabels(objects, from.namespace)) : from.namespace === namespace;
    const podOk = peer.podSelector ? selects(peer.podSelector, from.labels) : true;
    return nsOk && podOk;
  };
  return selecting.some((p) =>
    list(p.ingress).some(
      (rule) =>
        (rule.from === undefined || list(rule.from).length === 0 || list(rule.from).some(peerAdmits)) &&
        (rule.ports === undefined || list(rule.ports).some((port: any) => pod.ports.includes(port.port))),
    ),
  );
}

/** The request reaches the Service's pods, unless their NetworkPolicies drop the proxy's connection. */
function reachable(objects: readonly KubeObject[], world: LabWorld, to: Delivery): LabOutcome | undefined {
  if (!world.proxy) return undefined;
  const service = objects.find((o) => o.kind === "Service" && o.metadata.name === to.service && o.metadata.namespace === to.namespace);
  if (!service) return { status: 500, reason: `no Service ${to.service}` };
  const servicePort = list(obj(service.spec).ports).find((p) => p.port === to.port);
  const pods = objects
    .filter((o) => o.kind === "Deployment" && o.metadata.namespace === to.namespace)
    .map((d) => obj(obj(d.spec).template))
    .filter((t) => selects({ matchLabels: obj(service.spec).selector }, obj(t.metadata?.labels)));
  if (!servicePort || pods.length === 0) return { status: 503, reason: "no healthy upstream" };
  for (const template of pods) {
    const containerPorts = list(obj(template.spec).containers).flatMap((c) => list(c.ports));
    const target =
      typeof servicePort.targetPort === "string"
        ? containerPorts.find((p) => p.name === servicePort.targetPort)?.containerPort
        : (servicePort.targetPort ?? servicePort.port);
    if (!networkPolicyAdmits(objects, to.namespace, { labels: obj(template.metadata.labels), ports: target === undefined ? [] : [target] }, world.proxy)) {
      return { status: 503, reason: `upstream connect error: a NetworkPolicy drops the proxy's connection to the pods of ${to.service}` };
    }
  }
  return undefined;
}

function deliver(objects: readonly KubeObject[], world: LabWorld, to: Delivery, mirror?: Delivery): LabOutcome {
  const dropped = reachable(objects, world, to);
  if (dropped) return dropped;
  const mirrored = mirror && !reachable(objects, world, mirror) ? mirror : undefined;
  return { status: 200, reason: "served", backend: to, ...(mirrored ? { mirror: mirrored } : {}) };
}

/** Sends one request through the ingress the objects describe (following one normalisation redirect, as a browser would). */
export function send(objects: readonly KubeObject[], request: LabRequest, world: LabWorld): LabOutcome {
  const live = objects.filter((o) => admitted(o, objects));
  const normalized = normalizePath(request.path);
  if (normalized.kind === "redirect") {
    const followed = send(objects, { ...request, path: normalized.location }, world);
    return { ...followed, reason: `after redirect to ${normalized.location}: ${followed.reason}` };
  }
  const flight: Flight = { headers: { ...(request.headers ?? {}) }, query: normalized.query };
  const ingresses = live.filter((o) => o.kind === "Ingress");
  if (ingresses.length) return ingressNginx(ingresses, request, normalized.path, world, flight, live);

  const routes = live.filter((o) => o.kind === "HTTPRoute");
  const gatewayRef = obj(list(obj(routes[0]?.spec).parentRefs)[0]);
  const gateway = { name: String(gatewayRef.name), namespace: String(gatewayRef.namespace) };
  // Istio's gateway filters run before routing (the RBAC filter precedes the router).
  const denied = istioGateway(live, gateway, normalized.path, world, flight);
  if (denied) return denied;
  const matched = route(routes, request.host, normalized.path);
  if (!matched) return { status: 404, reason: "no route" };
  const policy = securityPolicyFor(
    live.filter((o) => o.kind === "SecurityPolicy"),
    matched,
  );
  const spec = obj(policy?.spec);
  if (spec.apiKeyAuth) {
    const refused = apiKeyAuth(spec.apiKeyAuth, matched.route.metadata.namespace!, world, flight);
    if (refused) return refused;
  }
  if (spec.extAuth) {
    // Envoy Gateway extAuth (http) sends the listed headers and the path; failOpen false: a refusal is final.
    const sent = Object.fromEntries(Object.entries(flight.headers).filter(([k]) => list(spec.extAuth.headersToExtAuth).includes(k)));
    if (!world.authService?.({ path: normalized.path + flight.query, headers: sent })) return { status: 403, reason: "ext-auth refused" };
  }
  // Route filters: RequestHeaderModifier removes headers; URLRewrite rewrites the prefix.
  for (const filter of list(matched.rule.filters).filter((f) => f.type === "RequestHeaderModifier")) {
    for (const name of list(filter.requestHeaderModifier?.remove)) flight.headers = withoutHeader(flight.headers, name);
  }
  const draw = request.draw ?? 0;
  const backend = pickBackend(list(matched.rule.backendRefs), draw);
  if (!backend) return { status: 500, reason: "no backend with weight" };
  const namespace = matched.route.metadata.namespace!;
  const path = rewrite(matched.rule, matched.match, normalized.path) + flight.query;
  const mirrorFilter = list(matched.rule.filters).find((f) => f.type === "RequestMirror" && draw < (f.requestMirror?.percent ?? 100));
  const mirrorRef = mirrorFilter?.requestMirror?.backendRef;
  const mirror = mirrorRef
    ? { namespace: mirrorRef.namespace ?? namespace, service: mirrorRef.name, port: mirrorRef.port, path, headers: { ...flight.headers } }
    : undefined;
  return deliver(live, world, { namespace, service: backend.name, port: backend.port, path, headers: flight.headers }, mirror);
}
