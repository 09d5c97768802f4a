import type { RouteSpec } from "../model/route";
import { compact, type KubeObject } from "./types";

/** The API group of Gateway API routes and Gateways. */
export const GATEWAY_GROUP = "gateway.networking.k8s.io";

/** Where a route lives and what it sends traffic to. */
export interface RouteTarget {
  /** Name of the HTTPRoute. */
  readonly name: string;
  readonly namespace?: string;
  readonly labels?: Readonly<Record<string, string>>;
  /** The backend Service. */
  readonly serviceName: string;
}

/** One rule of an {@link httpRouteObject}: a path prefix sent to one Service port. */
export interface HttpRouteRule {
  readonly name: string;
  readonly pathPrefix: string;
  /** Replace the matched prefix by `/` (URLRewrite ReplacePrefixMatch) before the other filters. */
  readonly stripPrefix: boolean;
  readonly filters?: readonly Record<string, unknown>[];
  readonly serviceName: string;
  readonly port: number;
}

/** An HTTPRoute attached to one Gateway listener: what ModelService routes and LabProject routes are built from. */
export interface HttpRouteInput {
  readonly name: string;
  readonly namespace?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly parentRef: { readonly name: string; readonly namespace?: string; readonly sectionName?: string };
  readonly hostnames?: readonly string[];
  readonly rules: readonly HttpRouteRule[];
}

/**
 * A Gateway API `HTTPRoute`: each rule matches its path prefix (by path element, PathPrefix) and
 * sends to its Service port. Pure; both backends emit it unchanged.
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#httproute
 */
export function httpRouteObject(route: HttpRouteInput): KubeObject {
  return compact({
    apiVersion: `${GATEWAY_GROUP}/v1`,
    kind: "HTTPRoute",
    metadata: { name: route.name, namespace: route.namespace, labels: route.labels ? { ...route.labels } : undefined },
    spec: {
      parentRefs: [
        { group: GATEWAY_GROUP, kind: "Gateway", name: route.parentRef.name, namespace: route.parentRef.namespace, sectionName: route.parentRef.sectionName },
      ],
      hostnames: route.hostnames ? [...route.hostnames] : undefined,
      rules: route.rules.map((rule) => {
        const filters = [
          ...(rule.stripPrefix ? [{ type: "URLRewrite", urlRewrite: { path: { type: "ReplacePrefixMatch", replacePrefixMatch: "/" } } }] : []),
          ...(rule.filters ?? []),
        ];
        return {
          name: rule.name,
          matches: [{ path: { type: "PathPrefix", value: rule.pathPrefix } }],
          filters: filters.length ? filters : undefined,
          backendRefs: [{ group: "", kind: "Service", name: rule.serviceName, port: rule.port }],
        };
      }),
    },
  }) as KubeObject;
}

/**
 * A ModelService's `HTTPRoute`: one rule matching the path prefix, sending to the service port,
 * with the prefix replaced by `/` when `stripPrefix`.
 */
export function renderRoute(route: RouteSpec, target: RouteTarget): KubeObject {
  return httpRouteObject({
    name: target.name,
    namespace: target.namespace,
    labels: target.labels,
    parentRef: route.parentRef,
    hostnames: route.hostnames,
    rules: [{ name: route.port.name, pathPrefix: route.pathPrefix, stripPrefix: route.stripPrefix, serviceName: target.serviceName, port: route.port.port }],
  });
}
