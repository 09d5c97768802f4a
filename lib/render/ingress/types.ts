import type { LabIngressProvider, LabIngressSpec } from "../../model/lab-ingress";
import type { LabProjectSpec, LabServiceSpec } from "../../model/lab-project";
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
  /** Route and auth objects of one exposed service. */
  renderService(context: LabRouteContext): KubeObject[];
  /** Extra NetworkPolicy egress the project's pods need with this provider (e.g. Istio sidecars to istiod). */
  egress?(ingress: LabIngressSpec): Record<string, unknown>[];
  /** Resources the deployer manages for this provider's objects. */
  readonly deployerResources: ReadonlyArray<{ readonly apiGroup: string; readonly resources: readonly string[] }>;
}

/** The path prefix of a service port, without the trailing slash (Gateway API PathPrefix). */
export function pathPrefix(service: LabServiceSpec, port: number): string {
  return service.paths[port].replace(/\/$/, "");
}
