import type { KubeObject } from "../render/types";
import type { ConstructRef } from "../model/validate";
import { resolveBatchStage, type BatchStageProps } from "../model/batch-stage";
import { resolveWorkflow, type WorkflowProps } from "../model/workflow";
import { renderBatchStage } from "../render/batch-stage";
import { renderWorkflow } from "../render/workflow";
import { resolveLabPlatform, resolveLabProject, type LabPlatformProps, type LabProjectProps } from "../model/lab";
import { renderLabPlatform } from "../render/lab-platform";
import { renderLabProject } from "../render/lab-project";
import { modelServiceKind } from "./model-service-kind";

/**
 * How one construct kind goes from props to objects: validate + render, the same pure path the
 * cdk8s and Pulumi adapters take. The registry lets tools that read definition files (the CLI, the
 * benchmark, the fuzzers) handle every kind without knowing each one.
 */
export interface KindHandler {
  readonly kind: string;
  /** Resolves `props` (validation and defaults; throws `ModelshipValidationError`), then renders the spec. */
  resolveAndRender(props: unknown, ref: ConstructRef): KubeObject[];
}

// batch jobs and DAG workflows
const batchStage: KindHandler = {
  kind: "BatchStage",
  resolveAndRender(props, ref) {
    return renderBatchStage(resolveBatchStage(props as BatchStageProps, ref), ref);
  },
};

const workflow: KindHandler = {
  kind: "Workflow",
  resolveAndRender(props, ref) {
    return renderWorkflow(resolveWorkflow(props as WorkflowProps, ref), ref);
  },
};

// lab projects (their warnings are reported as process warnings)
const labProject: KindHandler = {
  kind: "LabProject",
  resolveAndRender(props, ref) {
    const spec = resolveLabProject(props as LabProjectProps, ref);
    for (const warning of spec.warnings) process.emitWarning(`LabProject '${spec.name}': ${warning}`, "ModelshipWarning");
    return renderLabProject(spec, ref);
  },
};

// the cluster-wide admission policies every lab project shares
const labPlatform: KindHandler = {
  kind: "LabPlatform",
  resolveAndRender(props, ref) {
    return renderLabPlatform(resolveLabPlatform(props as LabPlatformProps, ref));
  },
};

/** Every kind a definition document may name. Later kinds register here and in `KIND_NAMES` (kind-names.ts). */
export const kindHandlers: Readonly<Record<string, KindHandler>> = {
  ModelService: modelServiceKind,
  BatchStage: batchStage,
  Workflow: workflow,
  LabProject: labProject,
  LabPlatform: labPlatform,
};
