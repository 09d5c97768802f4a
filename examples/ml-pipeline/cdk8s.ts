import { Chart } from "cdk8s";
import type { Construct } from "constructs";
import { Workflow } from "../../lib";
import { mlPipeline } from "./props";

/** The ML pipeline (train >> scoring service) on Argo Workflows, as a cdk8s chart. */
export function mlPipelineChart(scope: Construct): Chart {
  const chart = new Chart(scope, "ml-pipeline");
  new Workflow(chart, "ml-pipeline", mlPipeline);
  return chart;
}
