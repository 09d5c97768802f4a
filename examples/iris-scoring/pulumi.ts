import type * as pulumi from "@pulumi/pulumi";
import { ModelService } from "../../lib/pulumi";
import { irisScoring } from "./props";

/** The iris scoring service as Pulumi resources: the twin of `cdk8s.ts`, from the same spec. */
export function irisScoringProgram(opts: pulumi.ComponentResourceOptions = {}): void {
  new ModelService("iris-scoring", irisScoring, opts);
}
