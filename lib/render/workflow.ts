import type { ConstructRef } from "../model/validate";
import type { WorkflowSpec, WorkflowStageSpec } from "../model/workflow";
import { renderArgoWorkflow } from "./argo-workflow";
import { renderBatchStage } from "./batch-stage";
import { applyPatches } from "./json-patch";
import { renderModelService } from "./model-service";
import type { KubeObject } from "./types";

/** Argo CD annotations. @see https://argo-cd.readthedocs.io/en/stable/user-guide/sync-waves/ */
export const ARGOCD_SYNC_WAVE = "argocd.argoproj.io/sync-wave";
export const ARGOCD_HOOK = "argocd.argoproj.io/hook";
export const ARGOCD_HOOK_DELETE_POLICY = "argocd.argoproj.io/hook-delete-policy";

/**
 * A rendered workflow, split so that adapters can wire it: objects not tied to one stage
 * (`before`: RBAC; `after`: the Argo WorkflowTemplate and its Workflow/CronWorkflow), and each
 * stage's objects in DAG order. `objects` is everything in apply order, patches applied.
 */
export interface WorkflowRender {
  readonly before: readonly KubeObject[];
  /** Per stage, in topological order; the on-failure stage (if any) last. */
  readonly stages: ReadonlyArray<{ readonly id: string; readonly objects: readonly KubeObject[] }>;
  readonly after: readonly KubeObject[];
  readonly objects: readonly KubeObject[];
}

function stageObjects(stage: WorkflowStageSpec): KubeObject[] {
  return stage.type === "batch" ? renderBatchStage(stage.spec) : renderModelService(stage.spec);
}

function annotate(object: KubeObject, annotations: Record<string, string>): KubeObject {
  return { ...object, metadata: { ...object.metadata, annotations: { ...object.metadata.annotations, ...annotations } } };
}

/** Argo CD: every object of a stage in the sync wave of its DAG level; batch Jobs as Sync hooks. */
function argoCdStage(stage: WorkflowStageSpec, failure = false): KubeObject[] {
  return stageObjects(stage).map((object) => {
    const wave = { [ARGOCD_SYNC_WAVE]: String(failure ? 0 : stage.level) };
    if (object.kind !== "Job")
      return failure ? annotate(object, { ...wave, [ARGOCD_HOOK]: "SyncFail", [ARGOCD_HOOK_DELETE_POLICY]: "BeforeHookCreation" }) : annotate(object, wave);
    return annotate(object, { ...wave, [ARGOCD_HOOK]: failure ? "SyncFail" : "Sync", [ARGOCD_HOOK_DELETE_POLICY]: "BeforeHookCreation" });
  });
}

/**
 * Renders a resolved workflow for its engine. Pure: the same spec always gives the same objects.
 * - `argo-workflows`: executor RBAC, stage ServiceAccounts (and service PDB/HPA/PVC), then a
 *   WorkflowTemplate with the DAG and a Workflow (or CronWorkflow) running it.
 * - `argo-cd`: each stage's objects with `sync-wave` = DAG level; Jobs are `Sync` hooks
 *   (re-created on every sync); the on-failure stage is a `SyncFail` hook.
 * - `plain`: each stage's objects, stage after stage in DAG order.
 */
export function renderWorkflowParts(spec: WorkflowSpec, ref: ConstructRef = { name: spec.name }): WorkflowRender {
  let before: readonly KubeObject[] = [];
  let after: readonly KubeObject[] = [];
  let stages: ReadonlyArray<{ readonly id: string; readonly objects: readonly KubeObject[] }>;
  switch (spec.engine) {
    case "argo-workflows": {
      const argo = renderArgoWorkflow(spec);
      before = argo.rbac;
      stages = argo.stages;
      after = argo.engine;
      break;
    }
    case "argo-cd":
      stages = [
        ...spec.stages.map((stage) => ({ id: stage.id, objects: argoCdStage(stage) })),
        ...(spec.onFailure ? [{ id: spec.onFailure.id, objects: argoCdStage(spec.onFailure, true) }] : []),
      ];
      break;
    case "plain":
      stages = spec.stages.map((stage) => ({ id: stage.id, objects: stageObjects(stage) }));
      break;
  }
  const flat = [...before, ...stages.flatMap((stage) => stage.objects), ...after];
  const patched = applyPatches(flat, spec.patches, { kind: "Workflow", ...ref });
  // Re-split the patched objects (patches never add or remove objects).
  let index = 0;
  const take = (count: number) => patched.slice(index, (index += count));
  const parts = {
    before: take(before.length),
    stages: stages.map((stage) => ({ id: stage.id, objects: take(stage.objects.length) })),
    after: take(after.length),
  };
  return { ...parts, objects: patched };
}

/** Renders a resolved workflow into plain objects in apply order (see {@link renderWorkflowParts}). */
export function renderWorkflow(spec: WorkflowSpec, ref: ConstructRef = { name: spec.name }): KubeObject[] {
  return [...renderWorkflowParts(spec, ref).objects];
}
