import * as pulumi from "@pulumi/pulumi";
import { resolveLabPlatform, type LabPlatformProps, type LabPlatformSpec } from "../model/lab";
import { nameProp, requirePropsObject } from "../model/props";
import { renderLabPlatform } from "../render/lab-platform";
import type { KubeObject } from "../render/types";
import { dependsOnOf, emitObjects } from "./emit";

/**
 * The cluster-wide guard rails shared by every LabProject, as Pulumi resources: the same
 * ValidatingAdmissionPolicies and bindings as the cdk8s `LabPlatform`. Give it to the projects'
 * `dependsOn` so that no project route exists before the policies do.
 */
export class LabPlatform extends pulumi.ComponentResource {
  /** The validated spec with every default applied. */
  readonly spec: LabPlatformSpec;
  /** The rendered objects. */
  readonly objects: readonly KubeObject[];
  /** The Kubernetes resources, by `Kind/namespace/name`. */
  readonly resources: ReadonlyMap<string, pulumi.CustomResource>;

  constructor(name: string, args: LabPlatformProps = {}, opts: pulumi.ComponentResourceOptions = {}) {
    const ref = { name: nameProp(args) ?? name };
    requirePropsObject(args, (given) => resolveLabPlatform(given as never, ref));
    const spec = resolveLabPlatform(args, ref);
    const objects = renderLabPlatform(spec);
    super("modelship:index:LabPlatform", name, {}, opts);
    this.spec = spec;
    this.objects = objects;
    this.resources = emitObjects(this, objects, { dependsOn: dependsOnOf(opts) });
    this.registerOutputs({});
  }
}
