import { Chart } from "cdk8s";
import type { Construct } from "constructs";
import { LabProject, type LabProjectProps } from "../../lib";
import { orchestSession } from "./props";

/** The imported Orchest session as a cdk8s chart. */
export function orchestSessionChart(scope: Construct): Chart {
  const chart = new Chart(scope, "orchest-session");
  const document = orchestSession();
  new LabProject(chart, "orchest-session", document.props as LabProjectProps);
  return chart;
}
