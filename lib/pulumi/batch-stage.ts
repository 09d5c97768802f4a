import * as pulumi from "@pulumi/pulumi";
import { resolveBatchStage, type BatchStageProps, type BatchStageSpec } from "../model/batch-stage";
import { renderBatchStage } from "../render/batch-stage";
import { jobAwaitSeconds, withAwaitTimeouts, withJobReruns } from "./await";
import { dependsOnOf, emitObjects } from "./emit";
import { buildImage } from "./image-build";
import { componentInputs, RenderedComponent } from "./base";
import { plainWorkload, type WorkloadArgs } from "./workload-args";

/** BatchStage props for Pulumi: the cdk8s props, where the image and Secret names may be inputs. */
export interface BatchStageArgs extends Omit<BatchStageProps, "image" | "env" | "imagePullSecrets">, WorkloadArgs {
  /**
   * `pulumi.com/timeoutSeconds` on the Job: how long `pulumi up` waits for it to complete.
   * `false` leaves @pulumi/kubernetes' default (10 minutes). CronJobs are not awaited.
   * @default - maxCompletionSeconds + 120 s; Pulumi's default when maxCompletionSeconds is false
   */
  readonly awaitTimeoutSeconds?: number | false;
}

/**
 * A batch stage as Pulumi resources: the same ServiceAccount and Job (or CronJob) as the cdk8s
 * `BatchStage`. `pulumi up` waits until the Job completes and fails when it fails, so resources
 * that depend on this component are only created or updated after a successful run.
 *
 * @example
 * const train = new BatchStage("train", { image: "registry.example.com/ml/train:1.0.0", retries: 2, maxCompletionSeconds: 600 });
 * new ModelService("scoring", { ... }, { dependsOn: [train] });
 */
export class BatchStage extends RenderedComponent<BatchStageSpec> {
  /** The Kubernetes resources, by `Kind/namespace/name`. */
  readonly resources: ReadonlyMap<string, pulumi.CustomResource>;
  /** Namespace of the objects (undefined: the provider's). */
  readonly namespace: pulumi.Output<string | undefined>;
  /** Name of the Job (or CronJob) and its ServiceAccount. */
  readonly jobName: pulumi.Output<string>;
  /** The image the Job runs (the pushed digest when built). */
  readonly image: pulumi.Output<string>;

  constructor(name: string, args: BatchStageArgs, opts: pulumi.ComponentResourceOptions = {}) {
    const { ref, args: given, deferred } = componentInputs("BatchStage", name, args, resolveBatchStage);
    const { awaitTimeoutSeconds, ...workloadArgs } = given;
    const plain = plainWorkload<typeof workloadArgs, BatchStageProps>("BatchStage", ref.name, workloadArgs, deferred);
    const spec = resolveBatchStage(plain.props, ref);
    const objects = renderBatchStage(spec, ref);

    super("BatchStage", name, { spec, objects }, opts);
    if (args.build && plain.buildStandIn) deferred.provide(plain.buildStandIn, buildImage(`${name}-image`, args.build, this).repoDigest);
    const timed = withJobReruns(
      withAwaitTimeouts(objects, (object) =>
        object.kind === "Job" && awaitTimeoutSeconds !== false ? (awaitTimeoutSeconds ?? jobAwaitSeconds(object)) : undefined,
      ),
    );
    // A dependsOn given to the component is passed to its objects, so they wait too.
    this.resources = emitObjects(this, deferred.substitute(timed), { dependsOn: dependsOnOf(opts) });
    this.namespace = pulumi.output(spec.namespace);
    this.jobName = pulumi.output(spec.name);
    this.image = deferred.substituteValue(spec.workload.image);
    this.registerOutputs({ namespace: this.namespace, jobName: this.jobName, image: this.image });
  }
}
