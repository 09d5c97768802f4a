import { z } from "zod";
import { resolveBatchStage, resolveSchedule, scheduleSchema, type BatchStageProps, type BatchStageSpec, type ScheduleProps, type ScheduleSpec } from "./batch-stage";
import { buildGraph, Dag, graphToMermaid, type WorkflowGraph } from "./dag";
import { ModelshipValidationError, problem, type ValidationIssue } from "./errors";
import { int32 } from "./int32";
import { resolveModelService, type ModelServiceProps, type ModelServiceSpec } from "./model-service";
import { DNS1123_LABEL, toDnsLabel, type WorkloadLabels } from "./names";
import { objectPatchSchema, type ObjectPatch } from "./patch";
import { validateProps, type ConstructRef } from "./validate";
import { nameSchema, labelValueSchema } from "./workload";

/** One stage of a workflow: exactly one of `batch` (runs to completion) or `service` (stays up), as in Bodywork. */
export type WorkflowStageProps = { readonly batch: BatchStageProps; readonly service?: undefined } | { readonly service: ModelServiceProps; readonly batch?: undefined };

/**
 * What runs the DAG.
 * - `argo-workflows`: an Argo `Workflow` (or `CronWorkflow`) runs batch stages as container
 *   tasks and rolls services out with resource templates that wait until they are available.
 * - `argo-cd`: plain objects with sync waves by DAG level; batch stages are Sync hooks.
 * - `plain`: plain objects in DAG order in the YAML, for `kubectl apply` (which does not wait).
 */
export type WorkflowEngine = "argo-workflows" | "argo-cd" | "plain";

/** Settings of the Argo Workflows engine. @see https://argo-workflows.readthedocs.io/en/latest/ */
export interface ArgoWorkflowsProps {
  /**
   * ServiceAccount of the Argo executor (the wait containers and the resource templates that roll
   * out services). Stage containers never get its token.
   * @default - `<workflow>-executor`, created with a namespaced Role holding exactly the verbs needed
   */
  readonly executorServiceAccount?: string;
  /** Create the executor ServiceAccount, its token Secret, Role and RoleBinding. @default true */
  readonly createRbac?: boolean;
  /** Also emit a `Workflow` that runs the template once when applied (not when scheduled). @default true */
  readonly submit?: boolean;
  /** Delete a finished workflow and its pods after this many seconds. @default 86400 */
  readonly ttlSecondsAfterFinished?: number;
  /** Bound on the whole run. @default - none (each stage is bounded) */
  readonly activeDeadlineSeconds?: number;
  /** Most stage pods running at once. @default - no limit */
  readonly parallelism?: number;
  /**
   * Give Argo's own containers (`init`, `wait`, and the `argoexec` main container of resource
   * templates) a Pod Security "restricted" securityContext through each template's
   * `podSpecPatch`: no privilege escalation, ALL capabilities dropped, non-root, RuntimeDefault
   * seccomp. Without it their securityContext comes only from the controller's `executor` config,
   * and a namespace enforcing `restricted` rejects the workflow's pods.
   * @default true
   * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
   */
  readonly restrictExecutorContainers?: boolean;
}

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
  name: nameSchema.max(52, { error: problem("must be at most 52 characters", "shorten it (Argo and CronJob names are limited).") }).optional(),
  namespace: nameSchema.max(63).optional(),
  stages: z.record(z.string(), z.record(z.string(), z.unknown(), { error: problem("must be an object with 'batch' or 'service'", "write the stage as { batch: {...} } or { service: {...} }.") })),
  dag: dagSchema,
  onFailure: z.string().optional(),
  engine: z.enum(["argo-workflows", "argo-cd", "plain"]).optional(),
  schedule: scheduleSchema.optional(),
  argo: z
    .strictObject({
      executorServiceAccount: nameSchema.optional(),
      createRbac: z.boolean().optional(),
      submit: z.boolean().optional(),
      ttlSecondsAfterFinished: int32(z.number().int().min(0)).optional(),
      activeDeadlineSeconds: int32(z.number().int().min(1)).optional(),
      parallelism: int32(z.number().int().min(1)).optional(),
      restrictExecutorContainers: z.boolean().optional(),
    })
    .optional(),
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

/** Argo settings after defaults. */
export interface ArgoWorkflowsSpec {
  readonly executorServiceAccount: string;
  readonly createRbac: boolean;
  readonly submit: boolean;
  readonly ttlSecondsAfterFinished: number;
  readonly activeDeadlineSeconds?: number;
  readonly parallelism?: number;
  readonly restrictExecutorContainers: boolean;
}

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
        problem: known.length === 2 ? "has both 'batch' and 'service'" : extra.length ? `has unknown field${extra.length > 1 ? "s" : ""} ${extra.map((k) => `'${k}'`).join(", ")}` : "has neither 'batch' nor 'service'",
        value: kinds,
        fix: "give exactly one of { batch: {...} } (runs to completion) or { service: {...} } (stays up).",
      });
    }
    for (const type of known) {
      const value = stage[type];
      if (value === null || typeof value !== "object" || Array.isArray(value)) {
        issues.push({ field: `stages.${key}.${type}`, problem: `must be an object of ${type === "batch" ? "BatchStage" : "ModelService"} props`, value, fix: `write the stage as { ${type}: { image: "registry.example.com/app:1.0.0", ... } }.` });
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
export function resolveWorkflow(props: WorkflowProps, ref: Omit<ConstructRef, "kind">): WorkflowSpec {
  const where = { kind: "Workflow", ...ref };
  const parsed = validateProps(where, workflowSchema, props, stageIssues);
  const name = parsed.name ?? ref.name;
  const issues: ValidationIssue[] = [];
  if (!DNS1123_LABEL.test(name) || name.length > 52) {
    issues.push({ field: "name", problem: "is not a valid object name (taken from the construct id)", value: name, fix: "set 'name' to at most 52 lowercase letters, digits and '-'." });
  }
  const engine = parsed.engine ?? "argo-workflows";
  const declared = Object.keys(parsed.stages);
  const onFailure = parsed.onFailure;
  if (onFailure !== undefined) {
    const stage = (parsed.stages as Record<string, Record<string, unknown>>)[onFailure];
    if (!stage) {
      issues.push({ field: "onFailure", problem: `names stage '${onFailure}', which is not declared in 'stages'`, value: onFailure, fix: `declare it as a batch stage${declared.length ? `, or use one of ${declared.map((d) => `'${d}'`).join(", ")}` : ""}.` });
    } else if (!("batch" in stage)) {
      issues.push({ field: "onFailure", problem: `names '${onFailure}', which is not a batch stage`, value: onFailure, fix: "the on-failure stage runs once and ends: make it { batch: {...} }." });
    } else if (engine === "argo-workflows") {
      // Argo sets EXCEPTION_MESSAGE on the on-failure stage; a second definition would be ambiguous.
      const batch = stage.batch;
      const env = batch !== null && typeof batch === "object" ? (batch as { env?: unknown }).env : undefined;
      if (env !== null && typeof env === "object" && Object.prototype.hasOwnProperty.call(env, "EXCEPTION_MESSAGE")) {
        issues.push({ field: `stages.${onFailure}.batch.env.EXCEPTION_MESSAGE`, problem: "is set by the engine on the on-failure stage (the workflow's failures)", fix: "remove it from the stage's env; read it in the stage instead." });
      }
    }
    if (engine === "plain") {
      issues.push({ field: "onFailure", problem: "needs an engine that watches for failure, and 'plain' applies objects without running anything", value: onFailure, fix: "use engine 'argo-workflows' (or 'argo-cd', where it becomes a SyncFail hook)." });
    }
  }
  if (parsed.schedule && engine !== "argo-workflows") {
    issues.push({ field: "schedule", problem: `needs engine 'argo-workflows' (got '${engine}')`, value: parsed.schedule, fix: "use engine 'argo-workflows' (a CronWorkflow), or schedule a single BatchStage (a CronJob)." });
  }
  const steps = dagSteps(parsed.dag as string | string[][] | Dag);
  const { graph, issues: dagIssues } = buildGraph(steps, declared, { exempt: onFailure !== undefined ? [onFailure] : [] });
  if (onFailure !== undefined && graph.levels[onFailure] !== undefined) {
    dagIssues.push({ field: "onFailure", problem: `names '${onFailure}', which is also in the DAG`, value: onFailure, fix: `remove '${onFailure}' from the DAG: the on-failure stage runs only when the workflow fails.` });
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
        issues.push({ field: `${field}.namespace`, problem: "differs from the workflow's namespace", value: stage.batch.namespace, fix: "remove it: every stage runs in the workflow's namespace." });
      }
      if (engine === "argo-workflows" && stage.batch.patches !== undefined) {
        issues.push({ field: `${field}.patches`, problem: "has no Job to patch: Argo Workflows runs the stage as a template of the WorkflowTemplate", fix: "put the patch on the workflow's 'patches' (kind WorkflowTemplate), or use engine 'plain' or 'argo-cd'." });
      }
      if (stage.batch.schedule !== undefined) {
        issues.push({ field: `${field}.schedule`, problem: "is not allowed on a workflow stage (the workflow decides when stages run)", value: stage.batch.schedule, fix: "set 'schedule' on the workflow instead." });
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
        issues.push({ field: `${field}.namespace`, problem: "differs from the workflow's namespace", value: stage.service.namespace, fix: "remove it: every stage runs in the workflow's namespace." });
      }
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
      issues.push({ field: `stages.${id}`, problem: `gets the same object name '${objectName}' as stage '${other}'`, value: id, fix: "rename one stage, or give it a distinct 'name'." });
    }
    seen.set(objectName, id);
  }
  if (engine === "argo-workflows") {
    issues.push(...argoTemplateNameIssues(stages, onFailureSpec));
    // The executor's ServiceAccount holds a token and the rollout Role: a stage must never run as it
    // (a stage named `<workflow>-executor` would even render a second ServiceAccount of that name).
    const executor = parsed.argo?.executorServiceAccount ?? `${name}-executor`;
    for (const stage of [...stages, ...(onFailureSpec ? [onFailureSpec] : [])]) {
      if (stage.spec.workload.serviceAccount.name !== executor) continue;
      const given = (props.stages as Record<string, WorkflowStageProps>)[stage.id][stage.type]?.serviceAccount?.name !== undefined;
      issues.push({
        field: given ? `stages.${stage.id}.${stage.type}.serviceAccount.name` : `stages.${stage.id}`,
        problem: `would run as the Argo executor's ServiceAccount '${executor}', which holds its token and rollout rights`,
        value: stage.id,
        fix: given ? "use another ServiceAccount for the stage." : "rename the stage, or give it a distinct 'name' (or set argo.executorServiceAccount).",
      });
    }
  }
  // named by the construct (ref), as validateProps names it, whichever check failed
  if (issues.length > 0) throw new ModelshipValidationError("Workflow", ref.name, issues, ref.path);

  const argo = parsed.argo ?? {};
  return {
    name,
    namespace: parsed.namespace,
    labels: { name, instance: name, component: "workflow", partOf },
    engine,
    graph,
    stages,
    onFailure: onFailureSpec,
    schedule: parsed.schedule ? resolveSchedule(parsed.schedule) : undefined,
    argo: {
      executorServiceAccount: argo.executorServiceAccount ?? `${name}-executor`,
      createRbac: argo.createRbac ?? true,
      submit: argo.submit ?? true,
      restrictExecutorContainers: argo.restrictExecutorContainers ?? true,
      ttlSecondsAfterFinished: argo.ttlSecondsAfterFinished ?? 86400,
      activeDeadlineSeconds: argo.activeDeadlineSeconds,
      parallelism: argo.parallelism,
    },
    patches: parsed.patches ?? [],
  };
}

/** The Argo template that runs the DAG. */
export const ARGO_ENTRYPOINT = "main";
/** The Argo template that runs the on-failure stage. */
export const ARGO_EXIT_HANDLER = "exit-handler";
/** Argo template names the engine uses itself. */
export const ARGO_RESERVED_TEMPLATES = [ARGO_ENTRYPOINT, ARGO_EXIT_HANDLER] as const;

/** The Argo template (and task) that applies a service stage's Service; its Deployment's is the stage name. */
export function argoServiceTemplateName(serviceName: string): string {
  return `${serviceName}-service`;
}

/** Every Argo template name a stage takes. */
export function argoTemplateNames(stage: WorkflowStageSpec): string[] {
  return stage.type === "service" ? [stage.spec.name, argoServiceTemplateName(stage.spec.name)] : [stage.spec.name];
}

/** Argo template names must be unique: a stage named `main`, or `x-service` next to a service `x`, would clash. */
function argoTemplateNameIssues(stages: readonly WorkflowStageSpec[], onFailure: WorkflowStageSpec | undefined): ValidationIssue[] {
  const owners = new Map<string, string>(ARGO_RESERVED_TEMPLATES.map((reserved) => [reserved, "(the engine)"]));
  const issues: ValidationIssue[] = [];
  for (const stage of [...stages, ...(onFailure ? [onFailure] : [])]) {
    for (const templateName of argoTemplateNames(stage)) {
      const owner = owners.get(templateName);
      if (owner !== undefined) {
        issues.push({
          field: `stages.${stage.id}`,
          problem: `needs the Argo template name '${templateName}', already used by ${owner === "(the engine)" ? "the engine" : `stage '${owner}'`}`,
          value: stage.id,
          fix: `give the stage another 'name' (${ARGO_RESERVED_TEMPLATES.map((r) => `'${r}'`).join(" and ")} are reserved; a service 'x' also uses 'x-service').`,
        });
      }
      owners.set(templateName, stage.id);
    }
  }
  return issues;
}

/** The resolved workflow's DAG as a Mermaid flowchart. */
export function workflowToMermaid(spec: WorkflowSpec): string {
  const types: Record<string, "batch" | "service"> = {};
  for (const stage of spec.stages) types[stage.id] = stage.type;
  return graphToMermaid(spec.graph, types, spec.onFailure?.id);
}

/**
 * Seconds the engine waits for a service stage to become available: Bodywork's
 * `max(60, maxStartup) + 90`, plus the model download when the service has one.
 */
export function serviceRolloutTimeoutSeconds(spec: ModelServiceSpec): number {
  return Math.max(60, spec.health.maxStartupSeconds) + 90 + (spec.model?.download?.seconds ?? 0);
}
