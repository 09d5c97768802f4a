import type { ConstructRef } from "../model/validate";
import type { BatchStageSpec } from "../model/batch-stage";
import type { EnvValue } from "../model/env";
import { recommendedLabels } from "../model/names";
import { applyPatches } from "./json-patch";
import { renderPodTemplate, renderServiceAccount } from "./pod";
import { compact, type KubeObject } from "./types";

/** Labels of every object of a batch stage. */
export function batchStageLabels(spec: BatchStageSpec): Record<string, string> {
  return { ...recommendedLabels(spec.labels), ...spec.workload.labels };
}

/** The pod template of a batch stage: restartPolicy Never, so every retry is a fresh pod the Job counts. */
export function renderBatchPodTemplate(spec: BatchStageSpec, extraEnv: ReadonlyArray<readonly [string, EnvValue]> = []): Record<string, unknown> {
  return renderPodTemplate(spec.workload, { labels: batchStageLabels(spec), containerName: spec.name, restartPolicy: "Never", extraEnv });
}

/** The Job spec (`backoffLimit`, `activeDeadlineSeconds`, TTL), shared by the Job and the CronJob's jobTemplate. */
export function renderJobSpec(spec: BatchStageSpec, extraEnv: ReadonlyArray<readonly [string, EnvValue]> = []): Record<string, unknown> {
  return compact({
    completions: 1,
    parallelism: 1,
    backoffLimit: spec.retries,
    activeDeadlineSeconds: spec.activeDeadlineSeconds,
    ttlSecondsAfterFinished: spec.ttlSecondsAfterFinished,
    template: renderBatchPodTemplate(spec, extraEnv),
  });
}

/**
 * Renders a resolved BatchStage into plain objects, in apply order: ServiceAccount, then a Job
 * (or a CronJob when scheduled). Pure; escape-hatch patches are applied last.
 */
export function renderBatchStage(spec: BatchStageSpec, ref: ConstructRef = { name: spec.name }): KubeObject[] {
  const labels = batchStageLabels(spec);
  const metadata = compact({ name: spec.name, namespace: spec.namespace, labels });
  const objects: Record<string, unknown>[] = [];
  const serviceAccount = renderServiceAccount(spec.workload, { labels, namespace: spec.namespace });
  if (serviceAccount) objects.push(serviceAccount);
  const schedule = spec.schedule;
  if (schedule) {
    objects.push(
      compact({
        apiVersion: "batch/v1",
        kind: "CronJob",
        metadata,
        spec: {
          schedule: schedule.cron,
          timeZone: schedule.timeZone,
          concurrencyPolicy: schedule.concurrencyPolicy,
          startingDeadlineSeconds: schedule.startingDeadlineSeconds,
          successfulJobsHistoryLimit: schedule.successfulJobsHistoryLimit,
          failedJobsHistoryLimit: schedule.failedJobsHistoryLimit,
          suspend: schedule.suspend || undefined,
          jobTemplate: { metadata: { labels }, spec: renderJobSpec(spec) },
        },
      }),
    );
  } else {
    objects.push(compact({ apiVersion: "batch/v1", kind: "Job", metadata, spec: renderJobSpec(spec) }));
  }
  return applyPatches(objects as unknown as KubeObject[], spec.patches, { kind: "BatchStage", ...ref });
}
