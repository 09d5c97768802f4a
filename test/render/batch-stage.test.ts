import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { resolveBatchStage, type BatchStageProps } from "../../lib/model/batch-stage";
import { renderBatchStage } from "../../lib/render/batch-stage";
import { expectValidObjects } from "../support/schema-check";

const base: BatchStageProps = { image: "registry.example.com/ml/train:1.0.0", command: ["python", "train.py"] };
const render = (props: Partial<BatchStageProps> = {}) => renderBatchStage(resolveBatchStage({ ...base, ...props }, { name: "train" })) as Record<string, any>[];

describe("renderBatchStage", () => {
  it("renders a ServiceAccount and a Job with secure, bounded defaults", () => {
    const objects = render();
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(["ServiceAccount/train", "Job/train"]);
    const job = objects[1];
    expect(job.spec).toMatchObject({ completions: 1, backoffLimit: 0, activeDeadlineSeconds: 3600, ttlSecondsAfterFinished: 86400 });
    const pod = job.spec.template.spec;
    expect(pod.restartPolicy).toBe("Never");
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.securityContext).toEqual({ runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } });
    expect(pod.containers[0].securityContext).toEqual({ allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] }, readOnlyRootFilesystem: true });
    expect(pod.containers[0].resources).toEqual({ requests: { cpu: "100m", memory: "256Mi" }, limits: { memory: "256Mi" } });
    expectValidObjects(objects);
  });

  it("maps retries to backoffLimit and maxCompletionSeconds to activeDeadlineSeconds, with cores and megabytes", () => {
    const job = render({ retries: 2, maxCompletionSeconds: 60, resources: { cpu: 0.5, memoryMB: 100 } })[1];
    expect(job.spec.backoffLimit).toBe(2);
    expect(job.spec.activeDeadlineSeconds).toBe(60);
    expect(job.spec.template.spec.containers[0].resources).toEqual({ requests: { cpu: "500m", memory: "100M" }, limits: { memory: "100M" } });
  });

  it("switches the deadline and TTL off with false", () => {
    const job = render({ maxCompletionSeconds: false, ttlSecondsAfterFinished: false })[1];
    expect(job.spec.activeDeadlineSeconds).toBeUndefined();
    expect(job.spec.ttlSecondsAfterFinished).toBeUndefined();
  });

  it("reads secrets through secretKeyRef and asks for GPUs like ModelService", () => {
    const job = render({ env: { AWS_SECRET_ACCESS_KEY: { secretKeyRef: { name: "aws", key: "AWS_SECRET_ACCESS_KEY" } } }, gpu: { count: 1 } })[1];
    const pod = job.spec.template.spec;
    expect(pod.containers[0].env).toEqual([{ name: "AWS_SECRET_ACCESS_KEY", valueFrom: { secretKeyRef: { name: "aws", key: "AWS_SECRET_ACCESS_KEY" } } }]);
    expect(pod.containers[0].resources.limits["nvidia.com/gpu"]).toBe("1");
    expect(pod.tolerations).toEqual([{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }]);
  });

  it("renders a CronJob with Forbid, a starting deadline and history limits when scheduled", () => {
    const objects = render({ schedule: { cron: "0 3 * * *", timeZone: "Europe/London" }, retries: 1 });
    const cron = objects[1];
    expect(cron.kind).toBe("CronJob");
    expect(cron.spec).toMatchObject({
      schedule: "0 3 * * *",
      timeZone: "Europe/London",
      concurrencyPolicy: "Forbid",
      startingDeadlineSeconds: 300,
      successfulJobsHistoryLimit: 1,
      failedJobsHistoryLimit: 1,
    });
    expect(cron.spec.jobTemplate.spec).toMatchObject({ backoffLimit: 1, activeDeadlineSeconds: 3600 });
    expect(cron.spec.jobTemplate.spec.template.spec.restartPolicy).toBe("Never");
    expectValidObjects(objects);
  });

  it("matches its snapshot with everything set", async () => {
    const objects = render({
      namespace: "ml",
      retries: 3,
      maxCompletionSeconds: 600,
      ttlSecondsAfterFinished: 60,
      args: ["--epochs", "3"],
      resources: { cpu: "2", memory: "4Gi", cpuLimit: 4 },
      gpu: { count: 1, nodeSelector: { "nvidia.com/gpu.product": "NVIDIA-A10G" } },
      schedule: {
        cron: "@daily",
        concurrencyPolicy: "Replace",
        startingDeadlineSeconds: 60,
        successfulJobsHistoryLimit: 3,
        failedJobsHistoryLimit: 2,
        suspend: true,
      },
      serviceAccount: { name: "trainer" },
      patches: [{ kind: "CronJob", ops: [{ op: "add", path: "/spec/jobTemplate/spec/template/spec/priorityClassName", value: "batch-low" }] }],
    });
    expectValidObjects(objects);
    expect(objects.map((o) => o.kind)).toEqual(["CronJob"]);
    expect(objects[0].spec.jobTemplate.spec.template.spec.priorityClassName).toBe("batch-low");
    await expect(objects.map((o) => stringify(o)).join("---\n")).toMatchFileSnapshot("__snapshots__/batch-stage-everything.k8s.yaml");
  });
});

describe("resolveBatchStage errors", () => {
  const message = (props: Partial<BatchStageProps>) => {
    try {
      resolveBatchStage({ ...base, ...props } as BatchStageProps, { name: "train" });
    } catch (error) {
      return (error as Error).message;
    }
    throw new Error("expected an error");
  };

  it("names the field, the value and the fix", () => {
    expect(message({ retries: -1 })).toContain("BatchStage 'train': 'retries' must be an integer >= 0 (got -1).");
    expect(message({ retries: "two" as unknown as number })).toContain("'retries' must be an integer >= 0 (got \"two\"). Fix: use 0 (no retry) or more.");
    expect(message({ maxCompletionSeconds: 0 })).toContain("'maxCompletionSeconds'");
    expect(message({ schedule: { cron: "every day" } })).toContain("'schedule.cron' must have exactly 5 fields, found 2 (got \"every day\")");
    expect(message({ image: "bodyworkml/bodywork-core:latest" })).toContain("'image' uses the mutable ':latest' tag");
  });
});
