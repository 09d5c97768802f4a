import { Chart } from "cdk8s";
import type { Construct } from "constructs";
import { ModelService } from "../../lib";
import { tritonS3 } from "./props";

/** Triton with its model repository downloaded from S3, as a cdk8s chart. */
export function tritonS3Chart(scope: Construct): Chart {
  const chart = new Chart(scope, "triton-s3");
  new ModelService(chart, "triton", tritonS3);
  return chart;
}
