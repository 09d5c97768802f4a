import { z } from "zod";
import { problem, type ValidationIssue } from "./errors";

/**
 * The Gateway listener a route attaches to.
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#parentreference
 */
export interface RouteParentRefProps {
  /** Name of the Gateway. */
  readonly name: string;
  /** Namespace of the Gateway. @default - the route's own namespace (the Gateway API default) */
  readonly namespace?: string;
  /**
   * The listener to attach to. Required so the route binds to the Gateway's HTTPS listener only:
   * without it, Gateway API attaches a route to every listener that allows it, plain HTTP included.
   */
  readonly sectionName: string;
}

/**
 * A Gateway API `HTTPRoute` in front of a ModelService's port, so the service is reachable from
 * outside the cluster through an existing Gateway. The route adds no authentication of its own:
 * whoever reaches the listener reaches the service.
 *
 * @example
 * route: { parentRef: { name: "public", namespace: "gateway-system", sectionName: "https" }, pathPrefix: "/iris" }
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#httproute
 */
export interface RouteProps {
  /** The Gateway listener to attach to. */
  readonly parentRef: RouteParentRefProps;
  /** Requests whose path starts with this prefix (matched by path element, as Gateway API does) go to the service. @default "/" */
  readonly pathPrefix?: string;
  /** Hostnames the route answers for. @default - every hostname of the listener */
  readonly hostnames?: readonly string[];
  /**
   * Replace the matched prefix by `/` before the request reaches the service (a URLRewrite
   * ReplacePrefixMatch filter), as Bodywork's and Orchest's ingress rewrites do.
   * @default true when pathPrefix is not "/"
   */
  readonly stripPrefix?: boolean;
  /** Name of the service port the route sends traffic to. @default - the primary port */
  readonly port?: string;
}

/** A route after defaults: the input of `renderRoute`. */
export interface RouteSpec {
  readonly parentRef: { readonly name: string; readonly namespace?: string; readonly sectionName: string };
  readonly pathPrefix: string;
  readonly hostnames?: readonly string[];
  readonly stripPrefix: boolean;
  /** The service port the route targets, resolved by name. */
  readonly port: { readonly name: string; readonly port: number };
}

// Gateway API v1 patterns (httproutes CRD): object names, section names, hostnames, path values.
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const NAMESPACE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const HOSTNAME = /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const PATH = /^\/[-a-zA-Z0-9._~!$&'()*+,;=:@%/]*$/;

export const routeSchema = z.strictObject({
  parentRef: z.strictObject({
    name: z.string().max(253).regex(DNS1123_SUBDOMAIN, { error: problem("is not a valid Gateway name", "use the name of an existing Gateway (lowercase letters, digits, '-' and '.').") }),
    namespace: z.string().max(63).regex(NAMESPACE, { error: problem("is not a valid namespace name", "use the Gateway's namespace (lowercase letters, digits and '-').") }).optional(),
    sectionName: z.string({ error: problem("is required", "name the Gateway's HTTPS listener (e.g. 'https'), so the route does not attach to a plain-HTTP listener.") }).max(253).regex(DNS1123_SUBDOMAIN, { error: problem("is not a valid listener name", "use the listener's name as written in the Gateway (e.g. 'https').") }),
  }, { error: problem("is required", "give { name, namespace, sectionName } of the Gateway listener the route attaches to.") }),
  pathPrefix: z
    .string()
    .max(1024)
    .regex(PATH, { error: problem("is not a valid path prefix", "start it with '/' and use URL path characters only (e.g. '/iris').") })
    .refine((value) => !value.includes("//") && !/(^|\/)\.\.?(\/|$)/.test(value), { error: problem("must not contain '//', '.' or '..' segments", "write the prefix in its plain form, e.g. '/iris/v1'.") })
    .optional(),
  hostnames: z
    .array(z.string().max(253).regex(HOSTNAME, { error: problem("is not a valid hostname", "use a DNS name such as 'models.example.com' or '*.example.com' (no port, no IP).") }))
    .min(1)
    .max(16)
    .optional(),
  stripPrefix: z.boolean().optional(),
  port: z.string().optional(),
});

/** Issues of a route against the service's ports (the port must exist and speak TCP). */
export function routeIssues(route: RouteProps | undefined, ports: ReadonlyArray<{ name: string; port: number; protocol: string }>, primary: { name: string }): ValidationIssue[] {
  if (!route) return [];
  const name = route.port ?? primary.name;
  const target = ports.find((p) => p.name === name);
  if (!target) return [{ field: "route.port", problem: "is not the name of a port", value: name, fix: `use one of ${ports.map((p) => `'${p.name}'`).join(", ")}.` }];
  if (target.protocol !== "TCP") return [{ field: "route.port", problem: `is a ${target.protocol} port, but an HTTPRoute carries HTTP over TCP`, value: name, fix: "route to a TCP port." }];
  if (route.stripPrefix === true && (route.pathPrefix ?? "/") === "/") {
    return [{ field: "route.stripPrefix", problem: "is true but the path prefix is '/', so there is nothing to strip", value: true, fix: "set route.pathPrefix, or remove stripPrefix." }];
  }
  return [];
}

/** Applies the route defaults; `route` must have passed `routeSchema` and `routeIssues`. */
export function resolveRoute(route: RouteProps | undefined, ports: ReadonlyArray<{ name: string; port: number }>, primary: { name: string }): RouteSpec | undefined {
  if (!route) return undefined;
  // "/iris/" and "/iris" match the same requests in Gateway API; keep one form so the rewrite is exact.
  const pathPrefix = route.pathPrefix === undefined || route.pathPrefix === "/" ? "/" : route.pathPrefix.replace(/\/+$/, "");
  const target = ports.find((p) => p.name === (route.port ?? primary.name))!;
  return {
    parentRef: { name: route.parentRef.name, namespace: route.parentRef.namespace, sectionName: route.parentRef.sectionName },
    pathPrefix,
    hostnames: route.hostnames ? [...route.hostnames] : undefined,
    stripPrefix: route.stripPrefix ?? pathPrefix !== "/",
    port: { name: target.name, port: target.port },
  };
}
