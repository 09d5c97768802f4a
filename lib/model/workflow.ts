import { z } from "zod";
import {
  argoBatchStageIssues,
  argoServiceStageIssues,
  argoExecutorIssues,
  argoExecutorServiceAccount,
  argoOnFailureIssues,
  argoTemplateNameIssues,
  argoWorkflowsSchema,
  resolveArgoWorkflows,
  type ArgoWorkflowsProps,
  type ArgoWorkflowsSpec,
} from "./argo";
import {
  resolveBatchStage,
  resolveSchedule,
  scheduleSchema,
  type BatchStageProps,
  type BatchStageSpec,
  type ScheduleProps,
  type ScheduleSpec,
} from "./batch-stage";
import { buildGraph, Dag, graphToMermaid, type WorkflowGraph } from "./dag";
import { ModelshipValidationError, problem, type ValidationIssue } from "./errors";
import { resolveModelService, type ModelServiceProps, type ModelServiceSpec } from "./model-service";
import { DNS1123_LABEL, toDnsLabel, type WorkloadLabels } from "./names";
import { objectPatchSchema, type ObjectPatch } from "./patch";
import { validateProps, type ConstructRef } from "./validate";
import { labelNameSchema, labelValueSchema } from "./rules";

/** One stage of a workflow: exactly one of `batch` (runs to completion) or `service` (stays up), as in Bodywork. */
export type WorkflowStageProps =
  { readonly batch: BatchStageProps; readonly service?: undefined } | { readonly service: ModelServiceProps; readonly batch?: undefined };

/**
 * What runs the DAG.
 * - `argo-workflows`: an Argo `Workflow` (or `CronWorkflow`) runs batch stages as container
 *   tasks and rolls services out with resource templates that wait until they are available.
 * - `argo-cd`: plain objects with sync waves by DAG level; batch stages are Sync hooks.
 * - `plain`: plain objects in DAG order in the YAML, for `kubectl apply` (which does not wait).
 */
export type WorkflowEngine = "argo-workflows" | "argo-cd" | "plain";

/**
 * A stage name that TypeScript checks against `stages` without inferring from it: the stage keys
 * come from `stages` only, so a typo in `dag` is an error. `[S][S extends unknown ? 0 : never]` is the
 * form older than the built-in `NoInfer` (TypeScript 5.4); public types support TypeScript 5.0.
 */
export type StageName<S extends string> = [S][S extends unknown ? 0 : never];

/**
 * A DAG of batch stages and model services, run by a real engine (see {@link WorkflowEngine}).
 * Stage keys are the stage names used in the DAG; the objects of a stage are named after it
 * (made DNS-safe: `stage_1_train` -> `stage-1-train`) unless the stage gives `name`.
 */
export interface WorkflowProps<S extends string = string> {
  /** Name of the engine objects (Argo WorkflowTemplate, RBAC). @default - the construct's id */
  readonly name?: string;
  /** Namespace of every object; stages may not set their own. @default - the chart's or provider's namespace */
  readonly namespace?: string;
  /** The stages, by name. */
  readonly stages: Readonly<Record<S, WorkflowStageProps>>;
  /** The order: Bodywork's string (`"train >> score, report"`), a list of steps, or `Dag.start(...).then(...)`. */
  readonly dag: string | ReadonlyArray<readonly StageName<S>[]> | Dag<StageName<S>>;
  /**
   * A batch stage run when any stage fails (Bodywork's `run_on_failure`), declared in `stages`
   * and not in the DAG. On Argo Workflows it gets `EXCEPTION_MESSAGE` (the failures, JSON).
   * @default - none
   */
  readonly onFailure?: StageName<S>;
  /** @default "argo-workflows" */
  readonly engine?: WorkflowEngine;
  /** Run the whole workflow on a schedule (Argo `CronWorkflow`; Argo Workflows engine only). @default - run once */
  readonly schedule?: ScheduleProps;
  /** Argo Workflows settings. @default - see ArgoWorkflowsProps */
  readonly argo?: ArgoWorkflowsProps;
  /** `app.kubernetes.io/part-of` of every object. @default - the name */
  readonly partOf?: string;
  /** JSON patches on the final objects. @default - none */
  readonly patches?: readonly ObjectPatch[];
}

const dagSchema = z.union([z.string(), z.array(z.array(z.string())), z.custom<Dag>((value) => value instanceof Dag)], {
  error: problem("must be a DAG", "give a string like 'train >> score, report', a list of steps, or Dag.start(...).then(...)."),
});

export const workflowSchema = z.strictObject({
  name: labelNameSchema.max(52, { error: problem("must be at most 52 characters", "shorten it (Argo and CronJob names are limited).") }).optional(),
  namespace: labelNameSchema.optional(),
  stages: z.record(
    z.string(),
    z.record(z.string(), z.unknown(), {
      error: problem("must be an object with 'batch' or 'service'", "write the stage as { batch: {...} } or { service: {...} }."),
    }),
  ),
  dag: dagSchema,
  onFailure: z.string().optional(),
  engine: z.enum(["argo-workflows", "argo-cd", "plain"]).optional(),
  schedule: scheduleSchema.optional(),
  argo: argoWorkflowsSchema.optional(),
  partOf: labelValueSchema.optional(),
  patches: z.array(objectPatchSchema).optional(),
});

type ParsedWorkflow = z.output<typeof workflowSchema>;

/** A resolved stage, with its place in the DAG. */
export type WorkflowStageSpec = {
  /** Stage name as used in the DAG (the key in `stages`). */
  readonly id: string;
  /** Level (step index) in the DAG; -1 for the on-failure stage. */
  readonly level: number;
  /** Stages it starts after. */
  readonly dependsOn: readonly string[];
} & ({ readonly type: "batch"; readonly spec: BatchStageSpec } | { readonly type: "service"; readonly spec: ModelServiceSpec });

/** Workflow after validation and defaults: the input of `renderWorkflow`. */
export interface WorkflowSpec {
  readonly name: string;
  readonly namespace?: string;
  readonly labels: WorkloadLabels;
  readonly engine: WorkflowEngine;
  /** The validated DAG. */
  readonly graph: WorkflowGraph;
  /** Stages of the DAG, in topological order. */
  readonly stages: readonly WorkflowStageSpec[];
  /** The on-failure stage, if any (always a batch stage). */
  readonly onFailure?: WorkflowStageSpec & { readonly type: "batch" };
  readonly schedule?: ScheduleSpec;
  readonly argo: ArgoWorkflowsSpec;
  readonly patches: readonly ObjectPatch[];
}

/** Steps of a DAG prop, whatever form it was given in. */
export function dagSteps(dag: string | ReadonlyArray<readonly string[]> | Dag): ReadonlyArray<readonly string[]> {
  if (typeof dag === "string") return Dag.parse(dag).steps;
  if (dag instanceof Dag) return dag.steps;
  return dag.map((step) => step.map((name) => name.trim()));
}

function stageIssues(parsed: ParsedWorkflow): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const [key, stage] of Object.entries(parsed.stages)) {
    const kinds = Object.keys(stage);
    const known = kinds.filter((k) => k === "batch" || k === "service");
    if (known.length !== 1 || kinds.length !== 1) {
      const extra = kinds.filter((k) => k !== "batch" && k !== "service");
      issues.push({
        field: `stages.${key}`,
        problem:
          known.length === 2
            ? "has both 'batch' and 'service'"
            : extra.length
              ? `has unknown field${extra.length > 1 ? "s" : ""} ${extra.map((k) => `'${k}'`).join(", ")}`
              : "has neither 'batch' nor 'service'",
        value: kinds,
        fix: "give exactly one of { batch: {...} } (runs to completion) or { service: {...} } (stays up).",
      });
    }
    for (const type of known) {
      const value = stage[type];
      if (value === null || typeof value !== "object" || Array.isArray(value)) {
        issues.push({
          field: `stages.${key}.${type}`,
          problem: `must be an object of ${type === "batch" ? "BatchStage" : "ModelService"} props`,
          value,
          fix: `write the stage as { ${type}: { image: "registry.example.com/app:1.0.0", ... } }.`,
        });
      }
    }
  }
  return issues;
}

function prefixed(error: unknown, prefix: string): ValidationIssue[] {
  if (!(error instanceof ModelshipValidationError)) throw error;
  return error.issues.map((issue) => ({ ...issue, field: issue.field === "" ? prefix : `${prefix}.${issue.field}` }));
}

/**
 * Validates Workflow props (the DAG, every stage through the BatchStage and ModelService
 * validation, the engine options) and applies defaults. Throws one `ModelshipValidationError`
 * listing every problem, with fields such as `stages.train.batch.retries` and `dag`.
 */
export function resolveWorkflow(props: WorkflowProps, ref: ConstructRef): WorkflowSpec {
  const where = { kind: "Workflow", ...ref };
  const parsed = validateProps(where, workflowSchema, props, stageIssues);
  const name = parsed.name ?? ref.name;
  const issues: ValidationIssue[] = [];
  if (!DNS1123_LABEL.test(name) || name.length > 52) {
    issues.push({
      field: "name",
      problem: "is not a valid object name (taken from the construct id)",
      value: name,
      fix: "set 'name' to at most 52 lowercase letters, digits and '-'.",
    });
  }
  const engine = parsed.engine ?? "argo-workflows";
  const declared = Object.keys(parsed.stages);
  const onFailure = parsed.onFailure;
  if (onFailure !== undefined) {
    const stage = (parsed.stages as Record<string, Record<string, unknown>>)[onFailure];
    if (!stage) {
      issues.push({
        field: "onFailure",
        problem: `names stage '${onFailure}', which is not declared in 'stages'`,
        value: onFailure,
        fix: `declare it as a batch stage${declared.length ? `, or use one of ${declared.map((d) => `'${d}'`).join(", ")}` : ""}.`,
      });
    } else if (!("batch" in stage)) {
      issues.push({
        field: "onFailure",
        problem: `names '${onFailure}', which is not a batch stage`,
        value: onFailure,
        fix: "the on-failure stage runs once and ends: make it { batch: {...} }.",
      });
    } else if (engine === "argo-workflows") {
      issues.push(...argoOnFailureIssues(onFailure, stage.batch));
    }
    if (engine === "plain") {
      issues.push({
        field: "onFailure",
        problem: "needs an engine that watches for failure, and 'plain' applies objects without running anything",
        value: onFailure,
        fix: "use engine 'argo-workflows' (or 'argo-cd', where it becomes a SyncFail hook).",
      });
    }
  }
  if (parsed.schedule && engine !== "argo-workflows") {
    issues.push({
      field: "schedule",
      problem: `needs engine 'argo-workflows' (got '${engine}')`,
      value: parsed.schedule,
      fix: "use engine 'argo-workflows' (a CronWorkflow), or schedule a single BatchStage (a CronJob).",
    });
  }
  const steps = dagSteps(parsed.dag as string | string[][] | Dag);
  const { graph, issues: dagIssues } = buildGraph(steps, declared, { exempt: onFailure !== undefined ? [onFailure] : [] });
  if (onFailure !== undefined && graph.levels[onFailure] !== undefined) {
    dagIssues.push({
      field: "onFailure",
      problem: `names '${onFailure}', which is also in the DAG`,
      value: onFailure,
      fix: `remove '${onFailure}' from the DAG: the on-failure stage runs only when the workflow fails.`,
    });
  }
  issues.push(...dagIssues);

  const partOf = parsed.partOf ?? name;
  const stages: WorkflowStageSpec[] = [];
  let onFailureSpec: (WorkflowStageSpec & { type: "batch" }) | undefined;
  const objectNames = new Map<string, string>();
  for (const id of [...graph.order, ...(onFailure !== undefined && parsed.stages[onFailure] ? [onFailure] : [])]) {
    const stage = (props.stages as Record<string, WorkflowStageProps>)[id];
    const level = graph.levels[id] ?? -1;
    const dependsOn = graph.edges.filter((edge) => edge.to === id).map((edge) => edge.from);
    const stageRef = { name: toDnsLabel(id), path: ref.path ? `${ref.path}/${id}` : undefined };
    if (stage.batch !== undefined) {
      const field = `stages.${id}.batch`;
      if (stage.batch.namespace !== undefined && stage.batch.namespace !== parsed.namespace) {
        issues.push({
          field: `${field}.namespace`,
          problem: "differs from the workflow's namespace",
          value: stage.batch.namespace,
          fix: "remove it: every stage runs in the workflow's namespace.",
        });
      }
      if (engine === "argo-workflows") issues.push(...argoBatchStageIssues(stage.batch, field));
      if (stage.batch.schedule !== undefined) {
        issues.push({
          field: `${field}.schedule`,
          problem: "is not allowed on a workflow stage (the workflow decides when stages run)",
          value: stage.batch.schedule,
          fix: "set 'schedule' on the workflow instead.",
        });
      }
      try {
        const spec = resolveBatchStage({ partOf, ...stage.batch, namespace: parsed.namespace }, stageRef);
        const entry = { id, level, dependsOn, type: "batch" as const, spec };
        if (id === onFailure) onFailureSpec = entry;
        else stages.push(entry);
        objectNames.set(id, spec.name);
      } catch (error) {
        issues.push(...prefixed(error, field));
      }
    } else if (stage.service !== undefined) {
      const field = `stages.${id}.service`;
      if (stage.service.namespace !== undefined && stage.service.namespace !== parsed.namespace) {
        issues.push({
          field: `${field}.namespace`,
          problem: "differs from the workflow's namespace",
          value: stage.service.namespace,
          fix: "remove it: every stage runs in the workflow's namespace.",
        });
      }
      if (engine === "argo-workflows") issues.push(...argoServiceStageIssues(stage.service, field));
      try {
        const spec = resolveModelService({ partOf, ...stage.service, namespace: parsed.namespace }, stageRef);
        stages.push({ id, level, dependsOn, type: "service", spec });
        objectNames.set(id, spec.name);
      } catch (error) {
        issues.push(...prefixed(error, field));
      }
    }
  }
  const seen = new Map<string, string>();
  for (const [id, objectName] of objectNames) {
    const other = seen.get(objectName);
    if (other !== undefined) {
      issues.push({
        field: `stages.${id}`,
        problem: `gets the same object name '${objectName}' as stage '${other}'`,
        value: id,
        fix: "rename one stage, or give it a distinct 'name'.",
      });
    }
    seen.set(objectName, id);
  }
  if (engine === "argo-workflows") {
    issues.push(...argoTemplateNameIssues(stages, onFailureSpec));
    issues.push(
      ...argoExecutorIssues(
        [...stages, ...(onFailureSpec ? [onFailureSpec] : [])],
        argoExecutorServiceAccount(parsed.argo, name),
        props.stages as Record<string, WorkflowStageProps>,
      ),
    );
  }
  // named by the construct (ref), as validateProps names it, whichever check failed
  if (issues.length > 0) throw new ModelshipValidationError("Workflow", ref.name, issues, ref.path);

  return {
    name,
    namespace: parsed.namespace,
    labels: { name, instance: name, component: "workflow", partOf },
    engine,
    graph,
    stages,
    onFailure: onFailureSpec,
    schedule: parsed.schedule ? resolveSchedule(parsed.schedule) : undefined,
    argo: resolveArgoWorkflows(parsed.argo, name),
    patches: parsed.patches ?? [],
  };
}

/** The resolved workflow's DAG as a Mermaid flowchart. */
export function workflowToMermaid(spec: WorkflowSpec): string {
  const types: Record<string, "batch" | "service"> = {};
  for (const stage of spec.stages) types[stage.id] = stage.type;
  return graphToMermaid(spec.graph, types, spec.onFailure?.id);
}
