import * as pulumi from "@pulumi/pulumi";
import { resolveLabPlatform, type LabPlatformProps, type LabPlatformSpec } from "../model/lab";
import { renderLabPlatform } from "../render/lab-platform";
import { componentInputs, RenderedComponent } from "./base";
import { dependsOnOf, emitObjects } from "./emit";

/**
 * The cluster-wide guard rails shared by every LabProject, as Pulumi resources: the same
 * ValidatingAdmissionPolicies and bindings as the cdk8s `LabPlatform`. Give it to the projects'
 * `dependsOn` so that no project route exists before the policies do.
 */
export class LabPlatform extends RenderedComponent<LabPlatformSpec> {
  /** The Kubernetes resources, by `Kind/namespace/name`. */
  readonly resources: ReadonlyMap<string, pulumi.CustomResource>;

  constructor(name: string, args: LabPlatformProps = {}, opts: pulumi.ComponentResourceOptions = {}) {
    const { ref } = componentInputs("LabPlatform", name, args, resolveLabPlatform);
    const spec = resolveLabPlatform(args, ref);
    const objects = renderLabPlatform(spec);
    super("LabPlatform", name, { spec, objects }, opts);
    this.resources = emitObjects(this, objects, { dependsOn: dependsOnOf(opts) });
    this.registerOutputs({});
  }
}
