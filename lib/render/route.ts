import type { RouteSpec } from "../model/route";
import { compact, type KubeObject } from "./types";

const GATEWAY_GROUP = "gateway.networking.k8s.io";

/** Where a route lives and what it sends traffic to. */
export interface RouteTarget {
  /** Name of the HTTPRoute. */
  readonly name: string;
  readonly namespace?: string;
  readonly labels?: Readonly<Record<string, string>>;
  /** The backend Service. */
  readonly serviceName: string;
}

/**
 * A Gateway API `HTTPRoute`: one rule matching the path prefix, sending to the service port,
 * with the prefix replaced by `/` when `stripPrefix`. Pure; both backends emit it unchanged.
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#httproute
 */
export function renderRoute(route: RouteSpec, target: RouteTarget): KubeObject {
  return compact({
    apiVersion: `${GATEWAY_GROUP}/v1`,
    kind: "HTTPRoute",
    metadata: { name: target.name, namespace: target.namespace, labels: target.labels ? { ...target.labels } : undefined },
    spec: {
      parentRefs: [{ group: GATEWAY_GROUP, kind: "Gateway", name: route.parentRef.name, namespace: route.parentRef.namespace, sectionName: route.parentRef.sectionName }],
      hostnames: route.hostnames ? [...route.hostnames] : undefined,
      rules: [
        {
          name: route.port.name,
          matches: [{ path: { type: "PathPrefix", value: route.pathPrefix } }],
          filters: route.stripPrefix ? [{ type: "URLRewrite", urlRewrite: { path: { type: "ReplacePrefixMatch", replacePrefixMatch: "/" } } }] : undefined,
          backendRefs: [{ group: "", kind: "Service", name: target.serviceName, port: route.port.port }],
        },
      ],
    },
  }) as KubeObject;
}
