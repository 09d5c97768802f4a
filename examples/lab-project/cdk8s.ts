import { Chart } from "cdk8s";
import type { Construct } from "constructs";
import { LabProject } from "../../lib";
import { labProject } from "./props";

/** The fraud-lab project as a cdk8s chart. */
export function labProjectChart(scope: Construct): Chart {
  const chart = new Chart(scope, "lab-project");
  new LabProject(chart, "fraud-lab", labProject);
  return chart;
}
