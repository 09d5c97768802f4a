import { describe, expect, it } from "vitest";
import { z } from "zod";
import { resolveBatchStage, type BatchStageProps } from "../../lib/model/batch-stage";
import { ModelshipValidationError } from "../../lib/model/errors";
import { INT32_MAX, int32 } from "../../lib/model/int32";
import { resolveWorkflow, type WorkflowProps } from "../../lib/model/workflow";
import { renderBatchStage } from "../../lib/render/batch-stage";
import { renderWorkflow } from "../../lib/render/workflow";
import { expectValidObjects } from "../support/schema-check";

const stage: BatchStageProps = { image: "registry.example.com/ml/train:1.0.0", command: ["python", "train.py"] };
const workflow = (props: Partial<WorkflowProps>): WorkflowProps => ({ stages: { train: { batch: stage } }, dag: "train", ...props }) as WorkflowProps;

function errorOf(run: () => unknown): ModelshipValidationError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ModelshipValidationError);
    return error as ModelshipValidationError;
  }
  throw new Error("expected a validation error");
}

const TOO_BIG = INT32_MAX + 1;

describe("int32 bounds (the API server rejects larger values in int32 fields)", () => {
  it("int32() caps a number schema at 2147483647", () => {
    const schema = int32(z.number().int());
    expect(schema.safeParse(INT32_MAX).success).toBe(true);
    expect(schema.safeParse(TOO_BIG).success).toBe(false);
  });

  const batchFields: Array<[string, Partial<BatchStageProps>]> = [
    ["maxCompletionSeconds", { maxCompletionSeconds: TOO_BIG }],
    ["ttlSecondsAfterFinished", { ttlSecondsAfterFinished: TOO_BIG }],
    ["schedule.startingDeadlineSeconds", { schedule: { cron: "@daily", startingDeadlineSeconds: TOO_BIG } }],
    ["schedule.successfulJobsHistoryLimit", { schedule: { cron: "@daily", successfulJobsHistoryLimit: TOO_BIG } }],
    ["schedule.failedJobsHistoryLimit", { schedule: { cron: "@daily", failedJobsHistoryLimit: TOO_BIG } }],
  ];
  it.each(batchFields)("BatchStage rejects %s above int32", (field, props) => {
    const error = errorOf(() => resolveBatchStage({ ...stage, ...props }, { name: "train" }));
    expect(error.message).toContain(`BatchStage 'train': '${field}' must be at most 2147483647 (got ${TOO_BIG})`);
  });

  it("BatchStage accepts exactly 2147483647 and renders valid objects", () => {
    const props = {
      ...stage,
      maxCompletionSeconds: INT32_MAX,
      ttlSecondsAfterFinished: INT32_MAX,
      schedule: { cron: "@daily", startingDeadlineSeconds: INT32_MAX, successfulJobsHistoryLimit: INT32_MAX, failedJobsHistoryLimit: INT32_MAX },
    };
    expectValidObjects(renderBatchStage(resolveBatchStage(props, { name: "train" })));
  });

  const workflowFields: Array<[string, Partial<WorkflowProps>]> = [
    ["argo.ttlSecondsAfterFinished", { argo: { ttlSecondsAfterFinished: TOO_BIG } }],
    ["argo.activeDeadlineSeconds", { argo: { activeDeadlineSeconds: TOO_BIG } }],
    ["argo.parallelism", { argo: { parallelism: TOO_BIG } }],
    ["schedule.startingDeadlineSeconds", { schedule: { cron: "@daily", startingDeadlineSeconds: TOO_BIG } }],
    ["schedule.successfulJobsHistoryLimit", { schedule: { cron: "@daily", successfulJobsHistoryLimit: TOO_BIG } }],
  ];
  it.each(workflowFields)("Workflow rejects %s above int32", (field, props) => {
    const error = errorOf(() => resolveWorkflow(workflow(props), { name: "ml" }));
    expect(error.message).toContain(`Workflow 'ml': '${field}' must be at most 2147483647 (got ${TOO_BIG})`);
  });

  it("Workflow stages are bounded too (stages.<id>.batch.maxCompletionSeconds)", () => {
    const error = errorOf(() => resolveWorkflow(workflow({ stages: { train: { batch: { ...stage, maxCompletionSeconds: TOO_BIG } } } }), { name: "ml" }));
    expect(error.message).toMatch(/maxCompletionSeconds' must be at most 2147483647/);
  });

  it("Workflow accepts exactly 2147483647 and renders schema-valid Argo objects", () => {
    const spec = resolveWorkflow(
      workflow({
        argo: { ttlSecondsAfterFinished: INT32_MAX, activeDeadlineSeconds: INT32_MAX, parallelism: INT32_MAX },
        schedule: { cron: "@daily", startingDeadlineSeconds: INT32_MAX, successfulJobsHistoryLimit: INT32_MAX, failedJobsHistoryLimit: INT32_MAX },
      }),
      { name: "ml" },
    );
    expectValidObjects(renderWorkflow(spec));
  });
});
