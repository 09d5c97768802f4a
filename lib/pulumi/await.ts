import { podStartupBudgetSeconds, type ModelServiceSpec } from "../model/model-service";
import type { KubeObject } from "../render/types";

/** The annotation @pulumi/kubernetes reads as the await timeout of one object. */
export const TIMEOUT_ANNOTATION = "pulumi.com/timeoutSeconds";

/** Time allowed beyond the workload's own budget for scheduling and pulling the image. */
export const AWAIT_SLACK_SECONDS = 120;

/**
 * How long `pulumi up` may wait for a Deployment to become available: one startup budget per
 * rollout wave plus {@link AWAIT_SLACK_SECONDS}. A rolling update with `maxSurge` s starts
 * ceil(replicas / s) waves one after the other (maxUnavailable 0); `Recreate` starts one.
 * Read from the rendered object, so patches to replicas or strategy are taken into account.
 * An autoscaled Deployment has no `spec.replicas` (the HPA owns it): give the HPA's
 * `maxReplicas` as `autoscaledMaxReplicas`, the most pods a rollout may have to replace.
 */
export function deploymentAwaitSeconds(deployment: KubeObject, maxStartupSeconds: number, autoscaledMaxReplicas?: number): number {
  const spec = (deployment.spec ?? {}) as { replicas?: number; strategy?: { type?: string; rollingUpdate?: { maxSurge?: number | string } } };
  const replicas = Math.max(1, spec.replicas ?? autoscaledMaxReplicas ?? 1);
  let waves = 1;
  if (spec.strategy?.type !== "Recreate") {
    const surgeSetting = spec.strategy?.rollingUpdate?.maxSurge ?? "25%";
    const surge = typeof surgeSetting === "number" ? surgeSetting : Math.ceil((replicas * Number.parseInt(surgeSetting, 10)) / 100);
    waves = Math.ceil(replicas / Math.max(1, surge));
  }
  return maxStartupSeconds * waves + AWAIT_SLACK_SECONDS;
}

/**
 * The await timeout of a service's Deployment, or its canary's, in every component alike
 * (ModelService, a LabProject service, a Workflow service stage): {@link deploymentAwaitSeconds}
 * with the model's per-pod budget (`podStartupBudgetSeconds`: download + startup) and its
 * `maxPods` (the autoscaler's maximum). Undefined for any other object.
 */
export function serviceAwaitSeconds(object: KubeObject, service: ModelServiceSpec): number | undefined {
  if (object.kind !== "Deployment") return undefined;
  const own = object.metadata.name === service.name ? service : object.metadata.name === service.canary?.service.name ? service.canary.service : undefined;
  return own && deploymentAwaitSeconds(object, podStartupBudgetSeconds(own), own.maxPods);
}

/**
 * How long `pulumi up` may wait for a Job to complete: its `activeDeadlineSeconds` (the bound on
 * all attempts, after which Kubernetes fails it) plus {@link AWAIT_SLACK_SECONDS}; undefined
 * (Pulumi's default) for a Job without a deadline.
 */
export function jobAwaitSeconds(job: KubeObject): number | undefined {
  const deadline = (job.spec as { activeDeadlineSeconds?: number } | undefined)?.activeDeadlineSeconds;
  return deadline === undefined ? undefined : deadline + AWAIT_SLACK_SECONDS;
}

/** The annotation that makes Pulumi replace (re-run) an unready resource on the next update. */
export const REPLACE_UNREADY_ANNOTATION = "pulumi.com/replaceUnready";

/**
 * Marks Jobs `pulumi.com/replaceUnready: "true"`: a Job that failed or timed out is re-created
 * (the stage runs again) on the next `pulumi up`, instead of Pulumi waiting again on the failed
 * one. Other objects are returned unchanged.
 */
export function withJobReruns(objects: readonly KubeObject[]): KubeObject[] {
  return objects.map((object) =>
    object.kind === "Job"
      ? { ...object, metadata: { ...object.metadata, annotations: { ...object.metadata.annotations, [REPLACE_UNREADY_ANNOTATION]: "true" } } }
      : object,
  );
}

/**
 * Adds `pulumi.com/timeoutSeconds` to the objects `seconds` picks (undefined: leave the object
 * alone, so @pulumi/kubernetes' default of 10 minutes applies). Returns new objects; the input
 * is not changed.
 */
export function withAwaitTimeouts(objects: readonly KubeObject[], seconds: (object: KubeObject) => number | undefined): KubeObject[] {
  return objects.map((object) => {
    const timeout = seconds(object);
    if (timeout === undefined) return object;
    return { ...object, metadata: { ...object.metadata, annotations: { ...object.metadata.annotations, [TIMEOUT_ANNOTATION]: String(Math.ceil(timeout)) } } };
  });
}

/** The objects without any `pulumi.com/` annotation: what `kubectl apply` of cdk8s YAML sees. */
export function withoutPulumiAnnotations<T extends { metadata?: unknown }>(object: T): T {
  const metadata = object.metadata as { annotations?: Record<string, string> } | undefined;
  if (!metadata?.annotations) return object;
  const annotations = Object.fromEntries(Object.entries(metadata.annotations).filter(([key]) => !key.startsWith("pulumi.com/")));
  const { annotations: _dropped, ...rest } = metadata;
  return { ...object, metadata: Object.keys(annotations).length ? { ...rest, annotations } : rest };
}
