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

// render: pure functions to plain Kubernetes objects
export { renderModelService } from "./render/model-service";
export { applyPatches } from "./render/json-patch";
export type { KubeObject, ObjectMeta } from "./render/types";

// cdk8s adapter
export { ModelService } from "./cdk8s/model-service";
export { FromKplus } from "./cdk8s/kplus";
export { emitObjects } from "./cdk8s/emit";

// policy: checks over plain objects (vitest, the cdk8s validation plugin, `modelship check`)
export { checkObjects, formatViolation, policyChecks, violationTarget, type PolicyCheck, type PolicyOptions, type Violation, type Severity } from "./policy";
export { ModelshipPolicyValidation, type PolicyValidationProps } from "./cdk8s/validation-plugin";

// output: fast, streaming YAML for plain objects (the CLI's synth and the benchmark)
export { toYaml, toYamlDocuments } from "./output/yaml";
export { writeYamlFile } from "./output/write";
