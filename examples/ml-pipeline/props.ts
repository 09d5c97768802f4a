import { Dag, type WorkflowProps } from "../../lib";

/**
 * Bodywork's ML pipeline project as a modelship Workflow: a batch stage trains the iris model
 * and stores it in object storage (credentials from a Secret), then the scoring service is
 * rolled out and awaited. Both run from one versioned project image instead of Bodywork's
 * `bodywork-core:latest` plus a git clone at start-up.
 */
export const mlPipeline: WorkflowProps<"train" | "scoring-service"> = {
  name: "ml-pipeline",
  namespace: "ml-pipeline",
  stages: {
    train: {
      batch: {
        image: "registry.example.com/ml/bodywork-ml-pipeline-project:2.1.0",
        command: ["python", "stage_1_train_model/train_model.py"],
        resources: { cpu: 0.5, memory: "100M" },
        env: {
          AWS_ACCESS_KEY_ID: { secretKeyRef: { name: "aws-credentials", key: "AWS_ACCESS_KEY_ID" } },
          AWS_SECRET_ACCESS_KEY: { secretKeyRef: { name: "aws-credentials", key: "AWS_SECRET_ACCESS_KEY" } },
        },
        retries: 2,
        maxCompletionSeconds: 60,
      },
    },
    "scoring-service": {
      service: {
        image: "registry.example.com/ml/bodywork-ml-pipeline-project:2.1.0",
        command: ["python", "stage_2_scoring_service/serve_model.py"],
        resources: { cpu: 0.25, memory: "100M" },
        port: 8000,
        replicas: 2,
        health: { maxStartupSeconds: 60 },
      },
    },
  },
  dag: Dag.start("train").then("scoring-service"),
};
