import type * as pulumi from "@pulumi/pulumi";
import { LabProject } from "../../lib/pulumi";
import { llmServing } from "./props";

/** The LLM project as Pulumi resources: the twin of `cdk8s.ts`, from the same props. */
export function llmServingProgram(opts: pulumi.ComponentResourceOptions = {}): void {
  new LabProject("llm", llmServing, opts);
}
