import type { LabIngressProvider, LabIngressSpec, LabProjectSpec, LabServiceSpec } from "../../model/lab";
import type { KubeObject } from "../types";

/** What a route provider renders for one exposed service. */
export interface LabRouteContext {
  readonly project: LabProjectSpec;
  readonly service: LabServiceSpec;
  readonly ingress: LabIngressSpec;
  /** Labels for every object of the service. */
  readonly labels: Readonly<Record<string, string>>;
  /** Pod selector of the service. */
  readonly selector: Readonly<Record<string, string>>;
}

/**
 * One way of reaching and authenticating exposed project services. Every provider serves each
 * exposed port at `/api/projects/<project>/services/<service>/<port>/`, stripped to `/` unless the
 * service preserves its base path, and checks the project token when the service requires it.
 */
export interface LabRouteProvider {
  readonly provider: LabIngressProvider;
  /** Auth objects, then the route of one exposed service (a route must never be live before its check). */
  renderService(context: LabRouteContext): KubeObject[];
}

/** The path prefix of a service port, without the trailing slash (Gateway API PathPrefix). */
export function pathPrefix(service: LabServiceSpec, port: number): string {
  return service.paths[port].replace(/\/$/, "");
}

/** Kinds that check the token; each is applied before the routes (Argo CD wave, Pulumi dependsOn). */
export const LAB_AUTH_KINDS: readonly string[] = ["SecurityPolicy", "RequestAuthentication", "AuthorizationPolicy"];
/** Kinds that route requests to a service. */
export const LAB_ROUTE_KINDS: readonly string[] = ["HTTPRoute", "Ingress"];
/** Argo CD sync waves: guard rails and workloads at 0, token checks next, routes last. */
export const AUTH_SYNC_WAVE = "1";
export const ROUTE_SYNC_WAVE = "2";
