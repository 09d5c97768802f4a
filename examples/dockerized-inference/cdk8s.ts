import { Chart } from "cdk8s";
import type { Construct } from "constructs";
import { ModelService } from "../../lib";
import { dockerizedInference } from "./props";

/** The Docker-ized Flask inference API as a cdk8s chart. */
export function dockerizedInferenceChart(scope: Construct): Chart {
  const chart = new Chart(scope, "dockerized-inference");
  new ModelService(chart, "model-inference", dockerizedInference);
  return chart;
}
