import * as pulumi from "@pulumi/pulumi";
import { LabPlatform, LabProject } from "../../lib/pulumi";
import { labPlatform, labProject } from "./props";

/** The fraud-lab project as Pulumi resources: the twin of `cdk8s.ts`, from the same props. */
export function labProjectProgram(opts: pulumi.ComponentResourceOptions = {}): void {
  const platform = new LabPlatform("lab-platform", labPlatform, opts);
  // The project's routes wait for the policies that check them.
  const dependsOn = pulumi.output(opts.dependsOn ?? []).apply((before) => [...[before].flat(), platform]);
  new LabProject("fraud-lab", labProject, { ...opts, dependsOn });
}
