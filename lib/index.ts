// Public API. Named exports only: what is public is a decision.

// model: props, value objects, validation
export { ModelshipValidationError, type ValidationIssue } from "./model/errors";
export { EnvValue, type SecretKeyRef, type ConfigMapKeyRef, type FieldRef, type LiteralValue } from "./model/env";
export { Probe, type ProbeProps, type HttpProbe, type TcpProbe, type ExecProbe, type GrpcProbe, type DockerHealthcheck } from "./model/probe";
export { JsonPatch, type JsonPatchOp, type ObjectPatch } from "./model/patch";
export { objectName, toDnsLabel } from "./model/names";
export type { WorkloadProps, ResourcesProps, GpuProps, SecurityProps } from "./model/workload";
export {
  resolveModelService,
  type ModelServiceProps,
  type ModelServiceSpec,
  type ServicePortProps,
  type HealthProps,
  type PersistenceProps,
  type ModelFileProps,
  type AutoscalingProps,
  type AvailabilityProps,
} from "./model/model-service";
export type { RouteProps, RouteParentRefProps, RouteSpec } from "./model/route";
export { ModelSource, type ModelSourceProps, type ImageModelSource, type UriModelSource, type ClaimModelSource, type DownloaderProps, type ModelEnvProps } from "./model/model-source";
export { Runtime, type RuntimeProps, type RuntimePreset } from "./model/runtime";
export type { KedaProps, PrometheusTriggerProps } from "./model/scaling";
export type { CanaryProps } from "./model/canary";
export type { ShutdownProps, RolloutProps } from "./model/lifecycle";
export type { HomeProps, SharedMemoryProps } from "./model/scratch";
export type { MetricsProps } from "./model/metrics";

// render: pure functions to plain Kubernetes objects
export { renderModelService } from "./render/model-service";
export { renderRoute, type RouteTarget } from "./render/route";
export { applyPatches } from "./render/json-patch";
export type { KubeObject, ObjectMeta } from "./render/types";

// cdk8s adapter
export { ModelService } from "./cdk8s/model-service";
export { FromKplus } from "./cdk8s/kplus";
export { emitObjects } from "./cdk8s/emit";

// issue 3: BatchStage, Workflow (DAG + engines), importers
export {
  resolveBatchStage,
  type BatchStageProps,
  type BatchStageSpec,
  type ScheduleProps,
  type ScheduleSpec,
} from "./model/batch-stage";
export { Dag, buildGraph, dependenciesOf, dependentsOf, graphToMermaid, type DagEdge, type WorkflowGraph } from "./model/dag";
export {
  resolveWorkflow,
  workflowToMermaid,
  dagSteps,
  serviceRolloutTimeoutSeconds,
  type WorkflowProps,
  type WorkflowSpec,
  type WorkflowStageProps,
  type WorkflowStageSpec,
  type WorkflowEngine,
  type ArgoWorkflowsProps,
  type ArgoWorkflowsSpec,
} from "./model/workflow";
export { renderBatchStage, renderJobSpec, renderBatchPodTemplate } from "./render/batch-stage";
export { renderWorkflow, renderWorkflowParts, type WorkflowRender } from "./render/workflow";
export { renderArgoWorkflow, renderExecutorRbac, deploymentAvailableCondition, type ArgoWorkflowRender } from "./render/argo-workflow";
export { BatchStage } from "./cdk8s/batch-stage";
export { Workflow, type WorkflowStage } from "./cdk8s/workflow";
export { importers } from "./importers";
export { loadBodywork, bodyworkToWorkflow, bodyworkImporter } from "./importers/bodywork";
export { loadSpecFile, specFileImporter } from "./importers/spec-file";
export { SourceError, type SourceIssue } from "./importers/source";
// issue 4: lab projects (ML Lab / Orchest), authenticated ingress
export {
  resolveLabProject,
  LabGrant,
  defaultLabPort,
  labServicePath,
  DEFAULT_LAB_PORTS,
  type LabProjectProps,
  type LabProjectSpec,
  type LabServiceProps,
  type LabServiceSpec,
  type LabScope,
  type LabGrantProps,
  type LabReadableResource,
  type LabBindsProps,
  type LabTokenProps,
  type LabQuotaProps,
  type LabLimitRangeProps,
  type LabNetworkPolicyProps,
  type LabStorageProps,
  type LabDeployerProps,
} from "./model/lab-project";
export { type LabIngressProps, type LabIngressProvider, type GatewayRefProps, type IstioAuthProps, type ExtAuthProps, type IngressNginxProps } from "./model/lab-ingress";
export { LabTemplates, LAB_TEMPLATE_IMAGES, type LabTemplateOptions } from "./model/lab-templates";
export { type ClaimMountProps } from "./model/model-service";
export { renderLabProject, deployerRules } from "./render/lab-project";
export { labRouteProviders, type LabRouteProvider, type LabRouteContext } from "./render/ingress";
export { LabProject, type LabServiceRef } from "./cdk8s/lab-project";
export { orchestImporter, loadOrchestPipeline, ORCHEST_IMPORT_GATEWAY } from "./importers/orchest";
export { mlLabImporter, loadMlLabService } from "./importers/mllab";
// policy: checks over plain objects (vitest, the cdk8s validation plugin, `modelship check`)
export { checkObjects, formatViolation, policyChecks, violationTarget, type PolicyCheck, type PolicyOptions, type Violation, type Severity } from "./policy";
export { ModelshipPolicyValidation, type PolicyValidationProps } from "./cdk8s/validation-plugin";

// output: fast, streaming YAML for plain objects (the CLI's synth and the benchmark)
export { toYaml, toYamlDocuments } from "./output/yaml";
export { writeYamlFile } from "./output/write";
