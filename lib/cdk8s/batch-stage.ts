import type { ApiObject } from "cdk8s";
import type { Construct } from "constructs";
import { resolveBatchStage, type BatchStageProps, type BatchStageSpec } from "../model/batch-stage";
import { renderBatchStage } from "../render/batch-stage";
import { RenderedConstruct } from "./base";

/**
 * A batch stage as cdk8s objects: a ServiceAccount and a Job (a CronJob when `schedule` is set),
 * with the same container settings, resources and security defaults as ModelService.
 *
 * @example
 * new BatchStage(chart, "train", {
 *   image: "registry.example.com/ml/train:1.0.0",
 *   command: ["python", "train.py"],
 *   resources: { cpu: 0.5, memoryMB: 100 },
 *   retries: 2,
 *   maxCompletionSeconds: 60,
 * });
 */
export class BatchStage extends RenderedConstruct<BatchStageProps, BatchStageSpec> {
  constructor(scope: Construct, id: string, props: BatchStageProps) {
    super(scope, id, props, { resolve: resolveBatchStage, render: renderBatchStage, mainKinds: ["Job", "CronJob"] });
  }

  /** The Job, or the CronJob when scheduled (also the default child: `ApiObject.of(stage)`). */
  get job(): ApiObject {
    return this.apiObjectOfKind("Job", "CronJob");
  }

  /** Name of the Job (or CronJob) and its ServiceAccount. */
  get jobName(): string {
    return this.spec.name;
  }
}
