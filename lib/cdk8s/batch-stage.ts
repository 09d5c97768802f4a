import { Construct } from "constructs";
import type { ApiObject } from "cdk8s";
import { resolveBatchStage, type BatchStageProps, type BatchStageSpec } from "../model/batch-stage";
import { renderBatchStage } from "../render/batch-stage";
import type { KubeObject } from "../render/types";
import { asWrittenInChart, emitObjects, withChartNamespace } from "./emit";
import { nameProp } from "../model/props";

/**
 * A batch stage as cdk8s objects: a ServiceAccount and a Job (a CronJob when `schedule` is set),
 * with the same container settings, resources and security defaults as ModelService.
 *
 * @example
 * new BatchStage(chart, "train", {
 *   image: "registry.example.com/ml/train:1.0.0",
 *   command: ["python", "train.py"],
 *   resources: { cpu_request: 0.5, memory_request_mb: 100 },
 *   retries: 2,
 *   maxCompletionSeconds: 60,
 * });
 */
export class BatchStage extends Construct {
  /** The validated spec with every default applied. */
  readonly spec: BatchStageSpec;
  /** The rendered objects, exactly as written to YAML. */
  readonly objects: readonly KubeObject[];
  /** The cdk8s objects, for `addDependency`. */
  readonly apiObjects: readonly ApiObject[];

  constructor(scope: Construct, id: string, props: BatchStageProps) {
    super(scope, id);
    // `props` may be anything when it comes from JS or YAML: validation reports it, not a TypeError.
    const ref = { name: nameProp(props) ?? id, path: this.node.path };
    this.spec = resolveBatchStage(withChartNamespace(this, props), ref);
    this.objects = renderBatchStage(this.spec, ref).map(asWrittenInChart(this));
    this.apiObjects = emitObjects(this, this.objects);
  }

  /** Name of the Job (or CronJob) and its ServiceAccount. */
  get jobName(): string {
    return this.spec.name;
  }
}
