import type * as pulumi from "@pulumi/pulumi";
import { ModelService } from "../../lib/pulumi";
import { tritonS3 } from "./props";

/** Triton from S3 as Pulumi resources: the twin of `cdk8s.ts`, from the same spec. */
export function tritonS3Program(opts: pulumi.ComponentResourceOptions = {}): void {
  new ModelService("triton", tritonS3, opts);
}
