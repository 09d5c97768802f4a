import { Chart } from "cdk8s";
import type { Construct } from "constructs";
import { LabProject } from "../../lib";
import { llmServing } from "./props";

/** vLLM with an image-volume model, KEDA and a 10% canary behind a LabProject route, as a cdk8s chart. */
export function llmServingChart(scope: Construct): Chart {
  const chart = new Chart(scope, "llm-serving");
  new LabProject(chart, "llm", llmServing);
  return chart;
}
