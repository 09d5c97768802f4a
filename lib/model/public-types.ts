// The types of the props, value objects and validated specs, once, for every entry point
// (`modelship`, `modelship/render`, `modelship/pulumi`): each entry's declarations are rolled into
// one file (scripts/api-report.mjs), so each must name every type its signatures use.
export type { ValidationIssue } from "./errors";
export type { SourceIssue } from "../importers/source";
export type { SecretKeyRef, ConfigMapKeyRef, FieldRef, LiteralValue } from "./env";
export type { ProbeProps, HttpProbe, TcpProbe, ExecProbe, GrpcProbe, DockerHealthcheck, ProbePort, ProbeTiming } from "./probe";
export type { JsonPatchOp, ObjectPatch } from "./patch";
export type { DagEdge, WorkflowGraph } from "./dag";
export type { LabTemplateOptions } from "./lab/templates";
export type { WorkloadProps, ResourcesProps, GpuProps, SecurityProps, WorkloadSpec, ResourcesSpec, SecuritySpec } from "./workload";
export type { WorkloadLabels } from "./names";
export type {
  ModelServiceProps,
  ServicePortProps,
  HealthProps,
  PersistenceProps,
  ModelFileProps,
  AutoscalingProps,
  AvailabilityProps,
  ClaimMountProps,
  ModelServiceSpec,
  PortSpec,
} from "./model-service";
export type {
  ModelSourceProps,
  ModelSourceCommonProps,
  ModelSourceOptions,
  ImageModelSource,
  UriModelSource,
  ClaimModelSource,
  DownloaderProps,
  ModelEnvProps,
  ModelSourceSpec,
} from "./model-source";
export type { RuntimeProps, RuntimeOptions, RuntimePreset } from "./runtime";
export type { HealthSpec } from "./health";
export type { KedaProps, PrometheusTriggerProps, ScalingSpec } from "./scaling";
export type { CanaryProps, CanarySpec } from "./canary";
export type { ShutdownProps, RolloutProps, ShutdownSpec, RolloutSpec } from "./lifecycle";
export type { HomeProps, SharedMemoryProps, ScratchSpec } from "./scratch";
export type { MetricsProps, MetricsSpec, ServiceMonitorProps } from "./metrics";
export type { RouteProps, RouteParentRefProps, RouteSpec } from "./route";
export type { BatchStageProps, ScheduleProps, BatchStageSpec, ScheduleSpec } from "./batch-stage";
export type { WorkflowProps, WorkflowStageProps, WorkflowEngine, StageName, WorkflowSpec, WorkflowStageSpec } from "./workflow";
export type { ArgoWorkflowsProps, ArgoWorkflowsSpec } from "./argo";
export type {
  LabProjectProps,
  LabServiceProps,
  LabScope,
  LabGrantProps,
  LabReadableResource,
  LabBindsProps,
  LabTokenProps,
  LabQuotaProps,
  LabLimitRangeProps,
  LabNetworkPolicyProps,
  LabStorageProps,
  LabDeployerProps,
  LabApiServerProps,
  LabPeerProps,
  LabProjectSpec,
  LabServiceSpec,
  LabRuleSpec,
} from "./lab";
export type { LabPlatformProps, LabPlatformSpec, LabPlatformGatewayProps } from "./lab/platform";
export type {
  LabIngressProps,
  LabIngressProvider,
  GatewayRefProps,
  IstioAuthProps,
  IstioAuthSpec,
  ExtAuthProps,
  IngressNginxProps,
  LabIngressSpec,
} from "./lab/ingress";
export type { KubeObject, ObjectMeta } from "../render/types";
export type { DefinitionDocument, Importer, ImportOptions } from "../definitions/document";
export type { BodyworkRunner } from "../importers/bodywork-runtime";
