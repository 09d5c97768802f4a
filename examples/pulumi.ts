import type * as pulumi from "@pulumi/pulumi";
import { dockerizedInferenceProgram } from "./dockerized-inference/pulumi";
import { irisScoringProgram } from "./iris-scoring/pulumi";
import { labProjectProgram } from "./lab-project/pulumi";
import { llmServingProgram } from "./llm-serving/pulumi";
import { mlPipelineProgram } from "./ml-pipeline/pulumi";
import { orchestSessionProgram } from "./orchest-session/pulumi";
import { tritonS3Program } from "./triton-s3/pulumi";

/**
 * Every example as a Pulumi program, by the same names as `exampleCharts` (cdk8s). The parity
 * test checks that both backends create the same objects; add each new example here too.
 */
export const examplePrograms: Readonly<Record<string, (opts?: pulumi.ComponentResourceOptions) => void>> = {
  "iris-scoring": irisScoringProgram,
  "dockerized-inference": dockerizedInferenceProgram,
  "ml-pipeline": mlPipelineProgram,
  "lab-project": labProjectProgram,
  "orchest-session": orchestSessionProgram,
  "llm-serving": llmServingProgram,
  "triton-s3": tritonS3Program,
};
