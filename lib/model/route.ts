import { z } from "zod";
import { problem, type ValidationIssue } from "./errors";
import { hostnameSchema, labelNameSchema, subdomainName, subdomainNameSchema } from "./rules";

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

// Gateway API v1 pattern (httproutes CRD) of path values.
const PATH = /^\/[-a-zA-Z0-9._~!$&'()*+,;=:@%/]*$/;

/**
 * A reference to a Gateway listener (an HTTPRoute `parentRef`), for every construct that attaches
 * to one: the Gateway's name is an object name (a subdomain), its namespace a Namespace name (a
 * label) and the listener's name a `SectionName` (a subdomain), as the httproutes CRD validates them.
 */
export const gatewayListenerShape = {
  name: subdomainNameSchema,
  namespace: labelNameSchema.optional(),
  sectionName: subdomainName(
    problem("is required", "name the Gateway's HTTPS listener (e.g. 'https'), so the route does not attach to a plain-HTTP listener."),
  ),
};

/** {@link gatewayListenerShape} as a route's `parentRef`. */
const gatewayListenerSchema = z.strictObject(gatewayListenerShape, {
  error: problem("is required", "give { name, namespace, sectionName } of the Gateway listener the route attaches to."),
});

export const routeSchema = z.strictObject({
  parentRef: gatewayListenerSchema,
  pathPrefix: z
    .string()
    .max(1024)
    .regex(PATH, { error: problem("is not a valid path prefix", "start it with '/' and use URL path characters only (e.g. '/iris').") })
    .refine((value) => !value.includes("//") && !/(^|\/)\.\.?(\/|$)/.test(value), {
      error: problem("must not contain '//', '.' or '..' segments", "write the prefix in its plain form, e.g. '/iris/v1'."),
    })
    .optional(),
  hostnames: z.array(hostnameSchema).min(1).max(16).optional(),
  stripPrefix: z.boolean().optional(),
  port: z.string().optional(),
});

/** Issues of a route against the service's ports (the port must exist and speak TCP). */
export function routeIssues(
  route: RouteProps | undefined,
  ports: ReadonlyArray<{ name: string; port: number; protocol: string }>,
  primary: { name: string },
): ValidationIssue[] {
  if (!route) return [];
  const name = route.port ?? primary.name;
  const target = ports.find((p) => p.name === name);
  if (!target)
    return [{ field: "route.port", problem: "is not the name of a port", value: name, fix: `use one of ${ports.map((p) => `'${p.name}'`).join(", ")}.` }];
  if (target.protocol !== "TCP")
    return [{ field: "route.port", problem: `is a ${target.protocol} port, but an HTTPRoute carries HTTP over TCP`, value: name, fix: "route to a TCP port." }];
  if (route.stripPrefix === true && (route.pathPrefix ?? "/") === "/") {
    return [
      {
        field: "route.stripPrefix",
        problem: "is true but the path prefix is '/', so there is nothing to strip",
        value: true,
        fix: "set route.pathPrefix, or remove stripPrefix.",
      },
    ];
  }
  return [];
}

/** Applies the route defaults; `route` must have passed `routeSchema` and `routeIssues`. */
export function resolveRoute(
  route: RouteProps | undefined,
  ports: ReadonlyArray<{ name: string; port: number }>,
  primary: { name: string },
): RouteSpec | undefined {
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
