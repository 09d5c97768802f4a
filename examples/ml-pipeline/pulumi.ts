import type * as pulumi from "@pulumi/pulumi";
import { Workflow } from "../../lib/pulumi";
import { mlPipeline } from "./props";

/** The ML pipeline as Pulumi resources: the twin of `cdk8s.ts`, from the same spec. */
export function mlPipelineProgram(opts: pulumi.ComponentResourceOptions = {}): void {
  new Workflow("ml-pipeline", mlPipeline, opts);
}
