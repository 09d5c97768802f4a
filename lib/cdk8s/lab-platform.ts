import type { ApiObject } from "cdk8s";
import { Construct } from "constructs";
import { resolveLabPlatform, type LabPlatformProps, type LabPlatformSpec } from "../model/lab";
import { nameProp } from "../model/props";
import { renderLabPlatform } from "../render/lab-platform";
import type { KubeObject } from "../render/types";
import { emitObjects } from "./emit";

/**
 * The cluster-wide guard rails shared by every LabProject: ValidatingAdmissionPolicies (with
 * bindings) that keep each lab namespace's HTTPRoutes on its own `/api/projects/<project>/`
 * paths (and the platform's host names) and its SecurityPolicies one per route. Apply it once,
 * before the projects.
 *
 * @example
 * new LabPlatform(chart, "lab-platform", { hostnames: ["lab.example.com"] });
 */
export class LabPlatform extends Construct {
  /** The validated spec with every default applied. */
  readonly spec: LabPlatformSpec;
  /** The rendered objects, exactly as written to YAML. */
  readonly objects: readonly KubeObject[];
  /** The cdk8s objects, for `addDependency`. */
  readonly apiObjects: readonly ApiObject[];

  constructor(scope: Construct, id: string, props: LabPlatformProps = {}) {
    super(scope, id);
    const ref = { name: nameProp(props) ?? id, path: this.node.path };
    this.spec = resolveLabPlatform(props, ref);
    this.objects = renderLabPlatform(this.spec);
    this.apiObjects = emitObjects(this, this.objects);
  }
}
