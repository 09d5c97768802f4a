// Engine API (`modelship/render`): validate props into specs, render specs into plain Kubernetes
// objects, write them as YAML. The constructs of `modelship` and `modelship/pulumi` are thin
// emitters over these functions; use them directly to render without cdk8s or Pulumi.
// api/modelship-render.api.md records this surface.

// Props, value-object and spec types (the same as `modelship`'s)
export * from "../model/public-types";
export type { ConstructRef, KindRef } from "../model/validate";
export type { Dag } from "../model/dag";
export type { EnvValue } from "../model/env";

// Resolve: props -> validated specs
export { resolveModelService, type ResolveModelServiceOptions } from "../model/model-service";
export { resolveBatchStage } from "../model/batch-stage";
export { resolveWorkflow, workflowToMermaid, dagSteps } from "../model/workflow";
export { serviceRolloutTimeoutSeconds } from "../model/argo";
export { resolveLabProject, defaultLabPort, labServicePath, DEFAULT_LAB_PORTS, resolveLabPlatform } from "../model/lab";
export { buildGraph, dependenciesOf, dependentsOf, graphToMermaid } from "../model/dag";
export { objectName, toDnsLabel } from "../model/names";

// Render: specs -> plain objects
export { renderModelService } from "./model-service";
export { renderRoute, type RouteTarget } from "./route";
export { renderBatchStage, renderJobSpec, renderBatchPodTemplate } from "./batch-stage";
export { renderWorkflow, renderWorkflowParts, type WorkflowRender } from "./workflow";
export { renderArgoWorkflow, renderExecutorRbac, deploymentAvailableCondition, type ArgoWorkflowRender } from "./argo-workflow";
export { renderLabProject, deployerRules } from "./lab-project";
export { renderLabPlatform } from "./lab-platform";
export { labRouteProviders, type LabRouteProvider, type LabRouteContext } from "./ingress";
export { applyPatches } from "./json-patch";

// Output: fast, streaming YAML for plain objects (the CLI's synth and the benchmark)
export { toYaml, toYamlDocuments } from "../output/yaml";
export { writeYamlFile } from "../output/write";
