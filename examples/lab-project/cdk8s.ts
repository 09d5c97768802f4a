import { Chart } from "cdk8s";
import type { Construct } from "constructs";
import { LabPlatform, LabProject } from "../../lib";
import { labPlatform, labProject } from "./props";

/** The fraud-lab project as a cdk8s chart, after the platform's admission policies. */
export function labProjectChart(scope: Construct): Chart {
  const chart = new Chart(scope, "lab-project");
  // First in the file: no route of the project exists before the policies that check it.
  new LabPlatform(chart, "lab-platform", labPlatform);
  new LabProject(chart, "fraud-lab", labProject);
  return chart;
}
