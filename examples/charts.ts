import type { Chart } from "cdk8s";
import type { Construct } from "constructs";
import { dockerizedInferenceChart } from "./dockerized-inference/cdk8s";
import { irisScoringChart } from "./iris-scoring/cdk8s";
import { llmServingChart } from "./llm-serving/cdk8s";
import { tritonS3Chart } from "./triton-s3/cdk8s";
import { mlPipelineChart } from "./ml-pipeline/cdk8s";
import { labProjectChart } from "./lab-project/cdk8s";
import { orchestSessionChart } from "./orchest-session/cdk8s";

/**
 * Every example, by chart name. `main.ts` synthesizes them all into `dist/<name>.k8s.yaml`;
 * the tests snapshot each one. Add new examples here.
 */
export const exampleCharts: Readonly<Record<string, (scope: Construct) => Chart>> = {
  "iris-scoring": irisScoringChart,
  "dockerized-inference": dockerizedInferenceChart,
  // a Bodywork-style batch + service pipeline
  "ml-pipeline": mlPipelineChart,
  // lab projects (ML Lab / Orchest)
  "lab-project": labProjectChart,
  "orchest-session": orchestSessionChart,
  // serving runtimes, model sources, KEDA, canary
  "llm-serving": llmServingChart,
  "triton-s3": tritonS3Chart,
};
