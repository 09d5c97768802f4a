import type { Construct } from "constructs";
import { resolveLabProject, type LabProjectProps, type LabProjectSpec, type LabServiceSpec } from "../model/lab";
import { renderLabProject } from "../render/lab-project";
import { RenderedConstruct } from "./base";

/** Resolved attributes of one project service, for wiring other constructs to it. */
export interface LabServiceRef {
  readonly serviceName: string;
  /** In-cluster host name (Orchest's `internal_hostname`). */
  readonly internalHostname: string;
  /** Primary port. */
  readonly port: number;
  /** `http://<internalHostname>:<port>`. */
  readonly url: string;
  /**
   * External base path of the service, `/api/projects/<p>/services/<s>/<port>/` (also
   * `LAB_SERVICE_PATH`): the primary port's when routed, else the first exposed port's; undefined
   * when the service is not routed.
   */
  readonly path?: string;
}

/**
 * An ML Lab / Orchest project as cdk8s objects: Namespace (Pod Security restricted), optional
 * ResourceQuota and LimitRange, the project token by reference, a least-privilege deployer,
 * default-deny NetworkPolicies, and its services with authenticated routes.
 *
 * Props are validated when constructed; a bad prop throws before any object is added.
 *
 * @example
 * new LabProject(chart, "demo", {
 *   ingress: { gateway: { name: "eg", namespace: "envoy-gateway-system" } },
 *   services: [{ name: "scoring", image: "registry.example.com/scoring:1.0.0", port: 8080 }, LabTemplates.redis()],
 * });
 */
export class LabProject extends RenderedConstruct<LabProjectProps, LabProjectSpec> {
  constructor(scope: Construct, id: string, props: LabProjectProps = {}) {
    super(scope, id, props, { resolve: resolveLabProject, render: renderLabProject, mainKinds: ["Namespace"] });
    for (const warning of this.spec.warnings) {
      this.node.addMetadata("modelship:warning", warning);
      process.emitWarning(`LabProject '${this.spec.name}' (at ${this.node.path}): ${warning}`, "ModelshipWarning");
    }
  }

  /** The project's namespace. */
  get namespace(): string {
    return this.spec.namespace;
  }

  /** Attributes of a service by name; throws naming the known services when there is none. */
  service(name: string): LabServiceRef {
    const found: LabServiceSpec | undefined = this.spec.services.find((s) => s.name === name);
    if (!found)
      throw new Error(`LabProject '${this.spec.name}': no service '${name}' (services: ${this.spec.services.map((s) => s.name).join(", ") || "none"}).`);
    const { host, url, primaryPort } = found.service;
    return { serviceName: found.service.name, internalHostname: host, port: primaryPort.port, url, ...(found.path !== undefined ? { path: found.path } : {}) };
  }
}
