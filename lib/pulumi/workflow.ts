import * as pulumi from "@pulumi/pulumi";
import type { BatchStageProps } from "../model/batch-stage";
import type { ModelServiceProps } from "../model/model-service";
import { resolveWorkflow, type WorkflowProps, type WorkflowSpec, type WorkflowStageSpec } from "../model/workflow";
import { renderWorkflowParts } from "../render/workflow";
import type { KubeObject } from "../render/types";
import { jobAwaitSeconds, serviceAwaitSeconds, withAwaitTimeouts, withJobReruns } from "./await";
import { dependsOnOf, emitObjects, mergeDependsOn } from "./emit";
import { buildImage, type ImageBuildProps } from "./image-build";
import { componentInputs, namespaceOf, RenderedComponent, serviceUrlIn } from "./base";
import { isPropsObject } from "../model/props";
import { plainWorkload, type WorkloadArgs } from "./workload-args";

/** A batch stage of a workflow, where the image and Secret names may be Pulumi inputs. */
export type WorkflowBatchArgs = Omit<BatchStageProps, "image" | "env" | "imagePullSecrets"> & WorkloadArgs;
/** A service stage of a workflow, where the image and Secret names may be Pulumi inputs. */
export type WorkflowServiceArgs = Omit<ModelServiceProps, "image" | "env" | "imagePullSecrets"> & WorkloadArgs;
/** One stage: exactly one of `batch` or `service`, as in cdk8s. */
export type WorkflowStageArgs =
  { readonly batch: WorkflowBatchArgs; readonly service?: undefined } | { readonly service: WorkflowServiceArgs; readonly batch?: undefined };

/** Workflow props for Pulumi: the cdk8s props, where stages may take inputs and `build`. */
export interface WorkflowArgs<S extends string = string> extends Omit<WorkflowProps<S>, "stages"> {
  readonly stages: Readonly<Record<S, WorkflowStageArgs>>;
  /**
   * Add `pulumi.com/timeoutSeconds` to each stage's Job (maxCompletionSeconds + 120 s) and
   * Deployment, as on a ModelService ((maxStartupSeconds + model.downloadSeconds) per rollout
   * wave + 120 s, see `serviceAwaitSeconds`). `false` leaves Pulumi's defaults.
   * @default true
   */
  readonly awaitTimeouts?: boolean;
}

/** One stage's objects, under their own component so the preview and the graph show the DAG. */
export class WorkflowStage extends pulumi.ComponentResource {
  /** The stage's Kubernetes resources, by `Kind/namespace/name`. */
  readonly resources: ReadonlyMap<string, pulumi.CustomResource>;

  constructor(name: string, objects: readonly KubeObject[], dependsOn: pulumi.ResourceOptions["dependsOn"], opts: pulumi.ComponentResourceOptions) {
    super("modelship:index:WorkflowStage", name, {}, opts);
    this.resources = emitObjects(this, objects, { dependsOn });
    this.registerOutputs({});
  }
}

/**
 * A DAG of batch stages and model services as Pulumi resources: the same objects as the cdk8s
 * `Workflow` for the chosen engine, and every DAG edge as `dependsOn`. Each stage's objects are
 * children of a `WorkflowStage` component; the objects of a stage depend on the stages before it.
 * With the `plain` engine this makes `pulumi up` the engine: Pulumi waits until a batch stage's
 * Job has completed (and fails if it fails) before it creates or updates the stages after it,
 * and waits until each Deployment is available.
 *
 * @example
 * new Workflow("ml-pipeline", {
 *   engine: "plain",
 *   stages: { train: { batch: trainProps }, serve: { service: serveProps } },
 *   dag: "train >> serve",
 * });
 */
export class Workflow<S extends string = string> extends RenderedComponent<WorkflowSpec> {
  /** Stage components, by stage name. */
  readonly stages: ReadonlyMap<string, WorkflowStage>;
  /** Namespace of the objects (undefined: the provider's). */
  readonly namespace: pulumi.Output<string | undefined>;
  /** Stage names in topological order. */
  readonly order: pulumi.Output<string[]>;
  /** In-cluster URL of each service stage's primary port, by stage name. */
  readonly urls: pulumi.Output<Record<string, string>>;

  constructor(name: string, args: WorkflowArgs<S>, opts: pulumi.ComponentResourceOptions = {}) {
    const { ref, args: workflowArgs, deferred } = componentInputs("Workflow", name, args, resolveWorkflow);
    const { awaitTimeouts = true, ...rest } = workflowArgs;
    const builds: Array<{ readonly stage: string; readonly build: ImageBuildProps; readonly standIn: string }> = [];
    const stagesGiven: unknown = args.stages;
    const stages: Record<string, unknown> = {};
    for (const [id, stage] of Object.entries(isPropsObject(stagesGiven) ? (stagesGiven as Record<string, WorkflowStageArgs>) : {})) {
      if (!isPropsObject(stage)) {
        stages[id] = stage; // left to the core's validation, which names the stage
        continue;
      }
      const which = stage.batch !== undefined ? "batch" : "service";
      const given = (stage.batch ?? stage.service) as WorkloadArgs | undefined;
      if (given === undefined || given === null || typeof given !== "object" || Array.isArray(given)) {
        stages[id] = stage; // left to the core's validation, which names the stage
        continue;
      }
      const plain = plainWorkload<WorkloadArgs, BatchStageProps>("Workflow", ref.name, given, deferred, `stages.${id}.${which}.`);
      if (given.build && plain.buildStandIn) builds.push({ stage: id, build: given.build, standIn: plain.buildStandIn });
      stages[id] = { ...stage, [which]: plain.props };
    }
    const spec = resolveWorkflow({ ...rest, stages: isPropsObject(stagesGiven) ? stages : stagesGiven } as WorkflowProps, ref);
    const parts = renderWorkflowParts(spec, ref);

    super("Workflow", name, { spec, objects: parts.objects }, opts);
    for (const { stage, build, standIn } of builds) deferred.provide(standIn, buildImage(`${name}-${stage}-image`, build, this).repoDigest);

    const specs = new Map<string, WorkflowStageSpec>([...spec.stages, ...(spec.onFailure ? [spec.onFailure] : [])].map((s) => [s.id, s]));
    const prepare = (objects: readonly KubeObject[], stage?: WorkflowStageSpec) =>
      deferred.substitute(
        withJobReruns(
          withAwaitTimeouts(objects, (object) => {
            if (!awaitTimeouts) return undefined;
            if (object.kind === "Job") return jobAwaitSeconds(object);
            return stage?.type === "service" ? serviceAwaitSeconds(object, stage.spec) : undefined;
          }),
        ),
      );

    const given = dependsOnOf(opts);
    const before = emitObjects(this, prepare(parts.before), { dependsOn: given });
    const components = new Map<string, WorkflowStage>();
    for (const part of parts.stages) {
      // Every DAG edge `from -> to`: the objects of `to` depend on the stage component `from`,
      // which Pulumi expands to all of its objects.
      const after = spec.graph.edges
        .filter((edge) => edge.to === part.id)
        .map((edge) => components.get(edge.from))
        .filter((c): c is WorkflowStage => c !== undefined);
      const stageSpec = specs.get(part.id);
      components.set(
        part.id,
        new WorkflowStage(`${name}-${part.id}`, prepare(part.objects, stageSpec), after.length ? mergeDependsOn(given, ...after) : given, { parent: this }),
      );
    }
    // The engine objects (Argo WorkflowTemplate / Workflow) need the executor RBAC first.
    emitObjects(this, prepare(parts.after), { dependsOn: before.size ? mergeDependsOn(given, ...before.values()) : given });
    this.stages = components;

    this.namespace = pulumi.output(spec.namespace);
    this.order = pulumi.output([...spec.graph.order]);
    // Without a namespace prop, the URLs are in the provider's namespace, read back from an object.
    const created = [...components.values()].flatMap((component) => [...component.resources.values()])[0] ?? [...before.values()][0];
    const namespace = namespaceOf(spec.namespace, created);
    const urls: Record<string, pulumi.Output<string>> = {};
    for (const stage of spec.stages) if (stage.type === "service") urls[stage.id] = serviceUrlIn(stage.spec, namespace);
    this.urls = pulumi.output(urls);
    this.registerOutputs({ namespace: this.namespace, engine: spec.engine, order: this.order, urls: this.urls });
  }
}
