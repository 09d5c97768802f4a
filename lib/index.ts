// Public API (`modelship`): constructs, their props, value objects, policy checks and importers.
// Named exports only: what is public is a decision. The engine (resolve, render, YAML output)
// is `modelship/render`; Pulumi is `modelship/pulumi`. api/modelship.api.md records this surface.

// Props, value-object and spec types (shared by every entry point)
export * from "./model/public-types";

// Validation errors
export { ModelshipValidationError } from "./model/errors";
export { SourceError } from "./importers/source";

// Value objects used in props
export { EnvValue } from "./model/env";
export { Probe } from "./model/probe";
export { ModelSource } from "./model/model-source";
export { Runtime } from "./model/runtime";
export { JsonPatch } from "./model/patch";
export { Dag } from "./model/dag";
export { LabGrant, LabTemplates } from "./model/lab";
export { FromKplus, type KplusNamed } from "./cdk8s/kplus";

// cdk8s constructs
export { RenderedConstruct, type RenderedConstructModel } from "./cdk8s/base";
export type { ConstructRef } from "./model/validate";
export { ModelService } from "./cdk8s/model-service";
export { BatchStage } from "./cdk8s/batch-stage";
export { Workflow, type WorkflowStage } from "./cdk8s/workflow";
export { LabProject, type LabServiceRef } from "./cdk8s/lab-project";
export { LabPlatform } from "./cdk8s/lab-platform";
export { emitObjects } from "./cdk8s/emit";

// Policy: checks over plain objects (vitest, the cdk8s validation plugin, `modelship check`)
export { checkObjects, formatViolation, policyChecks, violationTarget, type PolicyCheck, type PolicyOptions, type Violation, type Severity } from "./policy";
export type { Finding, ObjectSet, PolicyObjectRef } from "./policy/types";
export type { PodView, ContainerView, Json } from "./policy/pods";
export {
  ModelshipPolicyValidation,
  type PolicyValidationProps,
  type ValidationContextLike,
  type Report as ValidationReportLike,
  type ViolatingResource,
} from "./cdk8s/validation-plugin";

// Importers: Bodywork, definition files, Orchest, ML Lab
export { importers } from "./importers";
export { loadBodywork, bodyworkToWorkflow, bodyworkImporter, type BodyworkFile, type BodyworkPipeline, type BodyworkStage } from "./importers/bodywork";
export { loadDefinitionFile, definitionFileImporter } from "./importers/definition-file";
export { orchestImporter, loadOrchestPipeline, ORCHEST_IMPORT_GATEWAY, type LabImportOptions } from "./importers/orchest";
export { mlLabImporter, loadMlLabService } from "./importers/mllab";
