import type { Construct } from "constructs";
import { resolveLabPlatform, type LabPlatformProps, type LabPlatformSpec } from "../model/lab";
import { renderLabPlatform } from "../render/lab-platform";
import { RenderedConstruct } from "./base";

/**
 * The cluster-wide guard rails shared by every LabProject: ValidatingAdmissionPolicies (with
 * bindings) that keep each lab namespace's HTTPRoutes on its own `/api/projects/<project>/`
 * paths (and the platform's host names) and its SecurityPolicies one per route. Apply it once,
 * before the projects.
 *
 * @example
 * new LabPlatform(chart, "lab-platform", { hostnames: ["lab.example.com"] });
 */
export class LabPlatform extends RenderedConstruct<LabPlatformProps, LabPlatformSpec> {
  constructor(scope: Construct, id: string, props: LabPlatformProps = {}) {
    // Cluster-wide objects: the chart's namespace does not apply.
    super(scope, id, props, { resolve: resolveLabPlatform, render: renderLabPlatform, inChart: false, mainKinds: ["ValidatingAdmissionPolicy"] });
  }
}
