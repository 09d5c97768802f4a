import { Chart } from "cdk8s";
import type { Construct } from "constructs";
import { ModelService } from "../../lib";
import { irisScoring } from "./props";

/** The iris scoring service as a cdk8s chart. */
export function irisScoringChart(scope: Construct): Chart {
  const chart = new Chart(scope, "iris-scoring");
  new ModelService(chart, "iris-scoring", irisScoring);
  return chart;
}
