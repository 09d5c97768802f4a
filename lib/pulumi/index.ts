// Pulumi API (`modelship/pulumi`): ComponentResources over the same model and render as the
// cdk8s constructs. A separate entry point, so cdk8s users never load Pulumi. Mocks, the
// offline preview and the emit helpers are `modelship/pulumi/testing`.
// api/modelship-pulumi.api.md records this surface.
export { RenderedComponent, type RenderedComponentParts } from "./base";
export { ModelService, type ModelServiceArgs } from "./model-service";
export { BatchStage, type BatchStageArgs } from "./batch-stage";
export { Workflow, WorkflowStage, type WorkflowArgs, type WorkflowStageArgs, type WorkflowBatchArgs, type WorkflowServiceArgs } from "./workflow";
export { LabProject, type LabProjectArgs, type LabServiceArgs, type LabServiceOutputs } from "./lab-project";
export { LabPlatform } from "./lab-platform";
export { DefinitionFile, readDefinitionFile, type DefinitionFileArgs } from "./definition-file";
export type { WorkloadArgs, EnvValueInput, SecretKeyRefInput, ConfigMapKeyRefInput } from "./workload-args";
export type { ImageBuildProps } from "./image-build";

// The value objects and types of `modelship`, so a Pulumi program needs no import of the cdk8s
// entry point (which loads cdk8s).
export { ModelshipValidationError } from "../model/errors";
export { SourceError } from "../importers/source";
export { EnvValue } from "../model/env";
export { Probe } from "../model/probe";
export { ModelSource } from "../model/model-source";
export { Runtime } from "../model/runtime";
export { JsonPatch } from "../model/patch";
export { Dag } from "../model/dag";
export { LabGrant, LabTemplates } from "../model/lab";
export * from "../model/public-types";
