import { ModelSource, Runtime, type ModelServiceProps } from "../../lib";

/**
 * Triton serving a model repository kept in S3: an init container (KServe's storage initializer,
 * restricted like the server) downloads `s3://ml-models/triton/resnet50/v3` into a 10Gi emptyDir,
 * with credentials from the `s3-model-reader` Secret given to the downloader only; Triton then
 * loads it read-only from /models. Two CPU replicas behind a ClusterIP Service (HTTP 8000,
 * gRPC 8001, metrics 8002).
 */
export const tritonS3: ModelServiceProps = {
  name: "triton",
  namespace: "vision",
  runtime: Runtime.triton(),
  model: ModelSource.s3("ml-models", "triton/resnet50/v3", { credentialsSecret: "s3-model-reader", sizeLimit: "10Gi", downloadSeconds: 900 }),
  replicas: 2,
  resources: { cpu: 2, memory: "8Gi" },
};
