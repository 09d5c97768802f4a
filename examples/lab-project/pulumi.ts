import type * as pulumi from "@pulumi/pulumi";
import { LabProject } from "../../lib/pulumi";
import { labProject } from "./props";

/** The fraud-lab project as Pulumi resources: the twin of `cdk8s.ts`, from the same spec. */
export function labProjectProgram(opts: pulumi.ComponentResourceOptions = {}): void {
  new LabProject("fraud-lab", labProject, opts);
}
