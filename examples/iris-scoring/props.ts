import type { ModelServiceProps } from "../../lib";

/**
 * The Bodywork "serve-model" scoring service (seed 002): the iris classifier behind Flask on
 * port 5000, 2 replicas, 0.25 CPU, 100 MB, up to 30 s to start. Instead of Bodywork's
 * `bodyworkml/bodywork-core:latest` plus a git clone at start-up, the service code is baked into
 * a versioned image.
 */
export const irisScoring: ModelServiceProps = {
  name: "iris-scoring",
  namespace: "scoring-service",
  partOf: "bodywork-serve-model-project",
  image: "registry.example.com/ml/iris-scoring:1.0.0",
  port: 5000,
  replicas: 2,
  resources: { cpu: 0.25, memory: "100M" },
  health: { maxStartupSeconds: 30 },
};
