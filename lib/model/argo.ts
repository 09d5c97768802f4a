// Argo Workflows: the engine's settings, the template names it takes and the rules only it
// imposes on a workflow. The Argo render (lib/render/argo-workflow.ts) uses the same names.
import { z } from "zod";
import type { BatchStageProps } from "./batch-stage";
import type { ValidationIssue } from "./errors";
import { int32 } from "./int32";
import type { ModelServiceProps, ModelServiceSpec } from "./model-service";
import type { WorkflowStageProps, WorkflowStageSpec } from "./workflow";
import { subdomainNameSchema } from "./rules";

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

export const argoWorkflowsSchema = z.strictObject({
  executorServiceAccount: subdomainNameSchema.optional(),
  createRbac: z.boolean().optional(),
  submit: z.boolean().optional(),
  ttlSecondsAfterFinished: int32(z.number().int().min(0)).optional(),
  activeDeadlineSeconds: int32(z.number().int().min(1)).optional(),
  parallelism: int32(z.number().int().min(1)).optional(),
  restrictExecutorContainers: z.boolean().optional(),
});

type ParsedArgo = z.output<typeof argoWorkflowsSchema>;

/** The executor's ServiceAccount: `argo.executorServiceAccount`, else `<workflow>-executor`. */
export function argoExecutorServiceAccount(argo: ParsedArgo | undefined, workflow: string): string {
  return argo?.executorServiceAccount ?? `${workflow}-executor`;
}

/** Argo settings after defaults. */
export function resolveArgoWorkflows(argo: ParsedArgo | undefined, workflow: string): ArgoWorkflowsSpec {
  return {
    executorServiceAccount: argoExecutorServiceAccount(argo, workflow),
    createRbac: argo?.createRbac ?? true,
    submit: argo?.submit ?? true,
    restrictExecutorContainers: argo?.restrictExecutorContainers ?? true,
    ttlSecondsAfterFinished: argo?.ttlSecondsAfterFinished ?? 86400,
    activeDeadlineSeconds: argo?.activeDeadlineSeconds,
    parallelism: argo?.parallelism,
  };
}

/** Env var holding the failures for the on-failure stage, as Bodywork's `run_on_failure`. */
export const EXCEPTION_MESSAGE_ENV = "EXCEPTION_MESSAGE";

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
export function argoTemplateNameIssues(stages: readonly WorkflowStageSpec[], onFailure: WorkflowStageSpec | undefined): ValidationIssue[] {
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

/** Argo sets EXCEPTION_MESSAGE on the on-failure stage; a second definition would be ambiguous. */
export function argoOnFailureIssues(onFailure: string, batch: unknown): ValidationIssue[] {
  const env = batch !== null && typeof batch === "object" ? (batch as { env?: unknown }).env : undefined;
  if (env !== null && typeof env === "object" && Object.prototype.hasOwnProperty.call(env, EXCEPTION_MESSAGE_ENV)) {
    return [
      {
        field: `stages.${onFailure}.batch.env.${EXCEPTION_MESSAGE_ENV}`,
        problem: "is set by the engine on the on-failure stage (the workflow's failures)",
        fix: "remove it from the stage's env; read it in the stage instead.",
      },
    ];
  }
  return [];
}

/** A batch stage runs as a template of the WorkflowTemplate: there is no Job of its own to patch. */
export function argoBatchStageIssues(batch: BatchStageProps, field: string): ValidationIssue[] {
  if (batch.patches === undefined) return [];
  return [
    {
      field: `${field}.patches`,
      problem: "has no Job to patch: Argo Workflows runs the stage as a template of the WorkflowTemplate",
      fix: "put the patch on the workflow's 'patches' (kind WorkflowTemplate), or use engine 'plain' or 'argo-cd'.",
    },
  ];
}

/**
 * Argo rolls a service stage's Deployment and Service out as resource templates gated on the
 * stages before it; a canary would be another Deployment applied with the manifests, so its pods
 * would start (and take their share of the route) before the stages it depends on have run.
 */
export function argoServiceStageIssues(service: ModelServiceProps, field: string): ValidationIssue[] {
  const canary = service.canary;
  // Anything but an object is left to the props' own validation.
  if (canary === null || typeof canary !== "object" || Array.isArray(canary) || canary.promote) return [];
  return [
    {
      field: `${field}.canary`,
      problem: "would start before the stages the service depends on: Argo Workflows gates only the stable Deployment and Service on the DAG",
      value: canary,
      fix: "roll the canary out with a standalone ModelService after the workflow has run, promote it ('canary.promote: true'), or use engine 'plain' (with Pulumi) or 'argo-cd'.",
    },
  ];
}

/**
 * The executor's ServiceAccount holds a token and the rollout Role: a stage must never run as it
 * (a stage named `<workflow>-executor` would even render a second ServiceAccount of that name).
 */
export function argoExecutorIssues(
  stages: readonly WorkflowStageSpec[],
  executor: string,
  props: Readonly<Record<string, WorkflowStageProps>>,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const stage of stages) {
    if (stage.spec.workload.serviceAccount.name !== executor) continue;
    const given = props[stage.id][stage.type]?.serviceAccount?.name !== undefined;
    issues.push({
      field: given ? `stages.${stage.id}.${stage.type}.serviceAccount.name` : `stages.${stage.id}`,
      problem: `would run as the Argo executor's ServiceAccount '${executor}', which holds its token and rollout rights`,
      value: stage.id,
      fix: given ? "use another ServiceAccount for the stage." : "rename the stage, or give it a distinct 'name' (or set argo.executorServiceAccount).",
    });
  }
  return issues;
}

/**
 * Seconds the engine waits for a service stage to become available: Bodywork's
 * `max(60, maxStartup) + 90`, plus the model download when the service has one.
 * Deliberately not the Pulumi await timeout (`podStartupBudgetSeconds` per rollout wave over
 * `maxPods`): this bound fails the workflow run, and a Bodywork pipeline keeps Bodywork's
 * documented timing on this engine (a fixed budget per service, whatever its replica count).
 */
export function serviceRolloutTimeoutSeconds(spec: ModelServiceSpec): number {
  return Math.max(60, spec.health.maxStartupSeconds) + 90 + (spec.model?.download?.seconds ?? 0);
}
