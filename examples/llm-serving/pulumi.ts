import type * as pulumi from "@pulumi/pulumi";
import { ModelService } from "../../lib/pulumi";
import { llmServing } from "./props";

/** The LLM service as Pulumi resources: the twin of `cdk8s.ts`, from the same spec. */
export function llmServingProgram(opts: pulumi.ComponentResourceOptions = {}): void {
  new ModelService("llm", llmServing, opts);
}
