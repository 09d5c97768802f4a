import { stringify } from "yaml";
import type { BatchStageSpec } from "../model/batch-stage";
import type { EnvValue } from "../model/env";
import type { ModelServiceSpec } from "../model/model-service";
import { partOfLabels, recommendedLabels } from "../model/names";
import { ARGO_ENTRYPOINT, ARGO_EXIT_HANDLER, argoServiceTemplateName, EXCEPTION_MESSAGE_ENV, serviceRolloutTimeoutSeconds } from "../model/argo";
import type { WorkflowSpec, WorkflowStageSpec } from "../model/workflow";
import { renderBatchPodTemplate } from "./batch-stage";
import { renderModelService } from "./model-service";
import { renderServiceAccount, serviceAccountObject } from "./pod";
import { compact, type KubeObject } from "./types";

/** Argo's API group and version for Workflow, WorkflowTemplate and CronWorkflow. */
export const ARGO_API_VERSION = "argoproj.io/v1alpha1";

type Obj = Record<string, unknown>;

/**
 * Pod Security "restricted" container settings for Argo's own containers, which the controller
 * builds from its `executor` config (no securityContext unless configured).
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
 */
export const EXECUTOR_SECURITY_CONTEXT = {
  allowPrivilegeEscalation: false,
  capabilities: { drop: ["ALL"] },
  runAsNonRoot: true,
  seccompProfile: { type: "RuntimeDefault" },
} as const;

/**
 * A template's `podSpecPatch` (JSON, strategic merge by container name) giving Argo's own
 * containers {@link EXECUTOR_SECURITY_CONTEXT}. It names only containers Argo always creates for
 * that template type, since a strategic merge would add any other as a new, image-less container:
 * - container templates: `init` and `wait` (the stage's own `main` container keeps its settings);
 * - resource templates: `init` and `main` (the argoexec container running `kubectl apply`), the
 *   latter also with a read-only root filesystem, as Argo >= 3.5 does by default.
 * `init` and `wait` keep a writable root filesystem: Argo writes there (argo-workflows#10787).
 */
export function executorPodSpecPatch(type: "container" | "resource"): string {
  const init = [{ name: "init", securityContext: EXECUTOR_SECURITY_CONTEXT }];
  const containers =
    type === "container"
      ? [{ name: "wait", securityContext: EXECUTOR_SECURITY_CONTEXT }]
      : [{ name: "main", securityContext: { ...EXECUTOR_SECURITY_CONTEXT, readOnlyRootFilesystem: true } }];
  return JSON.stringify({ initContainers: init, containers });
}

/**
 * An Argo container template from the same pod template a Job would run: the container with its
 * probes-free settings, the pod security context, the stage's own ServiceAccount without a token
 * (the executor's token is mounted only into Argo's containers), retries and deadline.
 */
function containerTemplate(stage: BatchStageSpec, templateName: string, restrict: boolean, extraEnv: ReadonlyArray<readonly [string, EnvValue]> = []): Obj {
  const pod = renderBatchPodTemplate(stage, extraEnv) as { metadata: Obj; spec: Obj & { containers: Obj[] } };
  const { name: _name, ...container } = pod.spec.containers[0];
  return compact({
    name: templateName,
    metadata: pod.metadata,
    serviceAccountName: pod.spec.serviceAccountName,
    automountServiceAccountToken: false,
    securityContext: pod.spec.securityContext,
    nodeSelector: pod.spec.nodeSelector,
    tolerations: pod.spec.tolerations,
    volumes: pod.spec.volumes,
    activeDeadlineSeconds: stage.activeDeadlineSeconds,
    retryStrategy: stage.retries > 0 ? { limit: stage.retries, retryPolicy: "OnFailure" } : undefined,
    podSpecPatch: restrict ? executorPodSpecPatch("container") : undefined,
    container: { name: "main", ...container },
  });
}

/** Replicas the rollout must reach before dependents start (the autoscaler's minimum when autoscaled). */
function targetReplicas(service: ModelServiceSpec): number {
  // KEDA may hold a service at zero until its trigger fires: then there is nothing to wait for.
  return service.autoscaling ? service.autoscaling.minReplicas : service.keda ? service.keda.minReplicaCount : (service.replicas ?? 1);
}

/**
 * Argo resource-template condition (label-selector syntax over the object's JSON) that holds once a
 * rollout is complete: every replica updated and available, and no old pod left over.
 */
export function deploymentAvailableCondition(replicas: number): string | undefined {
  if (replicas === 0) return undefined;
  return `status.updatedReplicas > ${replicas - 1}, status.availableReplicas > ${replicas - 1}, status.replicas < ${replicas + 1}`;
}

function resourceTemplate(name: string, object: KubeObject, restrict: boolean, extra: { resource?: Obj; activeDeadlineSeconds?: number } = {}): Obj {
  return compact({
    name,
    resource: { action: "apply", manifest: stringify(object), ...extra.resource },
    activeDeadlineSeconds: extra.activeDeadlineSeconds,
    podSpecPatch: restrict ? executorPodSpecPatch("resource") : undefined,
  });
}

/** Task and template names of one stage, and the objects applied outside Argo. */
interface StagePlan {
  readonly tasks: Obj[];
  readonly templates: Obj[];
  /** Task names dependents wait for. */
  readonly done: string[];
  /**
   * Objects applied with the manifests (ServiceAccounts, PVC, PDB, HPA or ScaledObject, HTTPRoute):
   * they start no pod, and the route's backend is the Service the gated template creates. A canary
   * Deployment would start pods, so the model refuses it on this engine (`argoServiceStageIssues`).
   */
  readonly objects: KubeObject[];
}

function planStage(stage: WorkflowStageSpec, dependencies: string[], restrict: boolean): StagePlan {
  if (stage.type === "batch") {
    const name = stage.spec.name;
    return {
      tasks: [compact({ name, template: name, dependencies: dependencies.length ? dependencies : undefined })],
      templates: [containerTemplate(stage.spec, name, restrict)],
      done: [name],
      objects: renderServiceAccountOnly(stage.spec),
    };
  }
  const service = stage.spec;
  const all = renderModelService(service);
  const deployment = all.find((o) => o.kind === "Deployment");
  const svc = all.find((o) => o.kind === "Service");
  if (!deployment || !svc) throw new Error(`internal: ModelService '${service.name}' rendered no Deployment or Service`);
  const rest = all.filter((o) => o !== deployment && o !== svc);
  const serviceTask = argoServiceTemplateName(service.name);
  const condition = deploymentAvailableCondition(targetReplicas(service));
  const deps = dependencies.length ? dependencies : undefined;
  return {
    tasks: [
      compact({ name: serviceTask, template: serviceTask, dependencies: deps }),
      compact({ name: service.name, template: service.name, dependencies: deps }),
    ],
    templates: [
      resourceTemplate(serviceTask, svc, restrict),
      resourceTemplate(service.name, deployment, restrict, {
        resource: compact({ successCondition: condition }),
        activeDeadlineSeconds: serviceRolloutTimeoutSeconds(service),
      }),
    ],
    done: [serviceTask, service.name],
    objects: rest,
  };
}

function renderServiceAccountOnly(stage: BatchStageSpec): KubeObject[] {
  if (!stage.workload.serviceAccount.create) return [];
  const labels = { ...recommendedLabels(stage.labels), ...stage.workload.labels };
  const account = renderServiceAccount(stage.workload, { labels, namespace: stage.namespace });
  return account ? [account] : [];
}

/** The namespaced RBAC of the executor: exactly the verbs the Argo executor and the resource templates use. */
export function renderExecutorRbac(spec: WorkflowSpec, labels: Record<string, string>): KubeObject[] {
  const sa = spec.argo.executorServiceAccount;
  const metadata = (name: string) => compact({ name, namespace: spec.namespace, labels });
  const services = spec.stages.filter((s): s is WorkflowStageSpec & { type: "service" } => s.type === "service").map((s) => s.spec.name);
  const rules: Obj[] = [
    // The executor's wait container reports each step's outputs and exit code.
    { apiGroups: ["argoproj.io"], resources: ["workflowtaskresults"], verbs: ["create", "patch"] },
  ];
  if (services.length > 0) {
    // `kubectl apply` in the resource templates: get + patch on our objects only; create cannot be
    // narrowed by name in RBAC.
    rules.push(
      { apiGroups: ["apps"], resources: ["deployments"], resourceNames: services, verbs: ["get", "patch"] },
      { apiGroups: ["apps"], resources: ["deployments"], verbs: ["create"] },
      { apiGroups: [""], resources: ["services"], resourceNames: services, verbs: ["get", "patch"] },
      { apiGroups: [""], resources: ["services"], verbs: ["create"] },
    );
  }
  return [
    serviceAccountObject(metadata(sa), false),
    // Argo mounts the executor's token from this Secret (Kubernetes >= 1.24 creates none itself).
    compact({
      apiVersion: "v1",
      kind: "Secret",
      metadata: { ...metadata(`${sa}.service-account-token`), annotations: { "kubernetes.io/service-account.name": sa } },
      type: "kubernetes.io/service-account-token",
    }),
    compact({ apiVersion: "rbac.authorization.k8s.io/v1", kind: "Role", metadata: metadata(sa), rules }),
    compact({
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "RoleBinding",
      metadata: metadata(sa),
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: sa },
      subjects: [compact({ kind: "ServiceAccount", name: sa, namespace: spec.namespace })],
    }),
  ] as KubeObject[];
}

/** What the Argo Workflows engine renders, split so adapters can see which objects belong to which stage. */
export interface ArgoWorkflowRender {
  /** Executor ServiceAccount, token Secret, Role, RoleBinding. */
  readonly rbac: readonly KubeObject[];
  /** Per stage (topological order, then the on-failure stage): objects applied directly. */
  readonly stages: ReadonlyArray<{ readonly id: string; readonly objects: readonly KubeObject[] }>;
  /** The WorkflowTemplate, then the Workflow or CronWorkflow that runs it. */
  readonly engine: readonly KubeObject[];
}

/**
 * Renders a workflow for Argo Workflows: a WorkflowTemplate whose `main` DAG runs batch stages as
 * container tasks and rolls services out through resource templates that wait for availability,
 * a Workflow that runs it once (or a CronWorkflow when scheduled), and the executor's RBAC.
 */
export function renderArgoWorkflow(spec: WorkflowSpec): ArgoWorkflowRender {
  const labels = recommendedLabels(spec.labels);
  const metadata = compact({ name: spec.name, namespace: spec.namespace, labels });
  const done = new Map<string, string[]>();
  const tasks: Obj[] = [];
  const templates: Obj[] = [];
  const stages: { id: string; objects: KubeObject[] }[] = [];
  const pullSecrets = new Set<string>();
  for (const stage of spec.stages) {
    const dependencies = stage.dependsOn.flatMap((id) => done.get(id) ?? []);
    const plan = planStage(stage, dependencies, spec.argo.restrictExecutorContainers);
    done.set(stage.id, plan.done);
    tasks.push(...plan.tasks);
    templates.push(...plan.templates);
    stages.push({ id: stage.id, objects: plan.objects });
    stage.spec.workload.imagePullSecrets.forEach((s) => pullSecrets.add(s));
  }
  const failure = spec.onFailure;
  if (failure) {
    const name = failure.spec.name;
    templates.push(containerTemplate(failure.spec, name, spec.argo.restrictExecutorContainers, [[EXCEPTION_MESSAGE_ENV, "{{workflow.failures}}"]]));
    templates.push({ name: ARGO_EXIT_HANDLER, steps: [[{ name, template: name, when: "{{workflow.status}} != Succeeded" }]] });
    stages.push({ id: failure.id, objects: renderServiceAccountOnly(failure.spec) });
    failure.spec.workload.imagePullSecrets.forEach((s) => pullSecrets.add(s));
  }
  const executor = spec.argo.executorServiceAccount;
  const workflowSpec = compact({
    entrypoint: ARGO_ENTRYPOINT,
    serviceAccountName: executor,
    automountServiceAccountToken: false,
    executor: { serviceAccountName: executor },
    securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
    imagePullSecrets: pullSecrets.size ? [...pullSecrets].map((name) => ({ name })) : undefined,
    activeDeadlineSeconds: spec.argo.activeDeadlineSeconds,
    parallelism: spec.argo.parallelism,
    ttlStrategy: { secondsAfterCompletion: spec.argo.ttlSecondsAfterFinished },
    podGC: { strategy: "OnPodSuccess" },
    podMetadata: { labels: partOfLabels(spec.labels) },
    onExit: failure ? ARGO_EXIT_HANDLER : undefined,
    templates: [{ name: ARGO_ENTRYPOINT, dag: { tasks } }, ...templates],
  });
  const engine: KubeObject[] = [compact({ apiVersion: ARGO_API_VERSION, kind: "WorkflowTemplate", metadata, spec: workflowSpec }) as KubeObject];
  const run = { workflowTemplateRef: { name: spec.name } };
  const schedule = spec.schedule;
  if (schedule) {
    engine.push(
      compact({
        apiVersion: ARGO_API_VERSION,
        kind: "CronWorkflow",
        metadata,
        spec: {
          schedules: [schedule.cron],
          timezone: schedule.timeZone,
          concurrencyPolicy: schedule.concurrencyPolicy,
          startingDeadlineSeconds: schedule.startingDeadlineSeconds,
          successfulJobsHistoryLimit: schedule.successfulJobsHistoryLimit,
          failedJobsHistoryLimit: schedule.failedJobsHistoryLimit,
          suspend: schedule.suspend || undefined,
          workflowSpec: run,
        },
      }) as KubeObject,
    );
  } else if (spec.argo.submit) {
    engine.push(compact({ apiVersion: ARGO_API_VERSION, kind: "Workflow", metadata, spec: run }) as KubeObject);
  }
  return { rbac: spec.argo.createRbac ? renderExecutorRbac(spec, labels) : [], stages, engine };
}
