// Pulumi API (`modelship/pulumi`): ComponentResources over the same model and render as the
// cdk8s constructs. A separate entry point, so cdk8s users never load Pulumi.
export { ModelService, type ModelServiceArgs } from "./model-service";
export { ModelSource } from "../model/model-source";
export { Runtime } from "../model/runtime";
export { BatchStage, type BatchStageArgs } from "./batch-stage";
export { Workflow, WorkflowStage, type WorkflowArgs, type WorkflowStageArgs, type WorkflowBatchArgs, type WorkflowServiceArgs } from "./workflow";
export { LabProject, type LabProjectArgs, type LabServiceArgs, type LabServiceOutputs } from "./lab-project";
export type { WorkloadArgs, EnvValueInput, SecretKeyRefInput, ConfigMapKeyRefInput } from "./workload-args";
export type { ImageBuildProps } from "./image-build";
export { DeferredInputs } from "./inputs";
export { createKubeResource, kubeResourceClass, logicalName } from "./kube-object";
export { emitObjects, mergeDependsOn, type EmitOptions, type DependsOn } from "./emit";
export {
  TIMEOUT_ANNOTATION,
  REPLACE_UNREADY_ANNOTATION,
  AWAIT_SLACK_SECONDS,
  deploymentAwaitSeconds,
  jobAwaitSeconds,
  withAwaitTimeouts,
  withJobReruns,
  withoutPulumiAnnotations,
} from "./await";
export { installMocks, mockImageDigest, type MockRun, type MockOptions, type RecordedResource } from "./mocks";
export { previewProgram, formatPreview, orderByDependencies, readProject, type PreviewResult, type StackProject } from "./preview";
export { SpecFile, readSpecFile, type SpecFileArgs } from "./spec-file";
