import type * as pulumi from "@pulumi/pulumi";
import { ModelService } from "../../lib/pulumi";
import { dockerizedInference } from "./props";

/** The Docker-ized inference API as Pulumi resources: the twin of `cdk8s.ts`, from the same spec. */
export function dockerizedInferenceProgram(opts: pulumi.ComponentResourceOptions = {}): void {
  new ModelService("model-inference", dockerizedInference, opts);
}
