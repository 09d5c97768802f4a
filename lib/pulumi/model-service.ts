import * as pulumi from "@pulumi/pulumi";
import { imageVersion, resolveModelService, type ModelServiceProps, type ModelServiceSpec } from "../model/model-service";
import { renderModelService } from "../render/model-service";
import { objectId } from "../render/types";
import { serviceAwaitSeconds, withAwaitTimeouts } from "./await";
import { dependsOnOf, emitObjects } from "./emit";
import { buildImage } from "./image-build";
import { componentInputs, namespaceOf, RenderedComponent, serviceUrlIn } from "./base";
import { plainWorkload, type WorkloadArgs } from "./workload-args";

/** ModelService props for Pulumi: the cdk8s props, where the image and Secret names may be inputs. */
export interface ModelServiceArgs extends Omit<ModelServiceProps, "image" | "env" | "imagePullSecrets">, WorkloadArgs {
  /**
   * `pulumi.com/timeoutSeconds` on the Deployment: how long `pulumi up` waits for it to become
   * available before failing. `false` leaves @pulumi/kubernetes' default (10 minutes).
   * @default - (maxStartupSeconds + model.downloadSeconds) per rollout wave + 120 s (see `serviceAwaitSeconds`)
   */
  readonly awaitTimeoutSeconds?: number | false;
}

/**
 * A model server as Pulumi resources: the same objects as the cdk8s `ModelService` (validated
 * and rendered by the same functions), each a typed @pulumi/kubernetes child of this component.
 *
 * @example
 * const scoring = new ModelService("iris-scoring", {
 *   build: { context: ".", imageName: "registry.example.com/ml/iris-scoring:1.0.0" },
 *   port: 5000,
 *   replicas: 2,
 * });
 * export const url = scoring.url;
 */
export class ModelService extends RenderedComponent<ModelServiceSpec> {
  /** The Kubernetes resources, by `Kind/namespace/name`. */
  readonly resources: ReadonlyMap<string, pulumi.CustomResource>;
  /** Namespace of the objects (the provider's when none is given). */
  readonly namespace: pulumi.Output<string | undefined>;
  /** Name of the Deployment, Service and ServiceAccount. */
  readonly serviceName: pulumi.Output<string>;
  /** In-cluster URL of the primary port (`http://name.namespace.svc.cluster.local:port`). */
  readonly url: pulumi.Output<string>;
  /** The image the Deployment runs (the pushed digest when built). */
  readonly image: pulumi.Output<string>;

  constructor(name: string, args: ModelServiceArgs, opts: pulumi.ComponentResourceOptions = {}) {
    // Validate and render before anything is registered: a bad prop creates nothing.
    const { ref, args: given, deferred } = componentInputs("ModelService", name, args, resolveModelService);
    const { awaitTimeoutSeconds, ...workloadArgs } = given;
    const plain = plainWorkload<typeof workloadArgs, ModelServiceProps>("ModelService", ref.name, workloadArgs, deferred);
    // A built image runs by digest; its version is the tag it was built as, by the model's rule.
    const builtVersion = typeof args.build?.imageName === "string" ? imageVersion(args.build.imageName) : undefined;
    const props = builtVersion !== undefined && args.version === undefined ? { ...plain.props, version: builtVersion } : plain.props;
    const spec = resolveModelService(props, ref);
    const objects = renderModelService(spec, ref);

    super("ModelService", name, { spec, objects }, opts);

    if (args.build && plain.buildStandIn) {
      const built = buildImage(`${name}-image`, args.build, this);
      deferred.provide(plain.buildStandIn, built.repoDigest);
    }
    const timed = withAwaitTimeouts(objects, (object) =>
      object.kind === "Deployment" && awaitTimeoutSeconds !== false ? (awaitTimeoutSeconds ?? serviceAwaitSeconds(object, spec)) : undefined,
    );
    // A dependsOn given to the component is passed to its objects, so they wait too.
    this.resources = emitObjects(this, deferred.substitute(timed), { dependsOn: dependsOnOf(opts) });

    const service = this.resources.get(objectId({ apiVersion: "v1", kind: "Service", metadata: { name: spec.name, namespace: spec.namespace } }));
    this.serviceName = pulumi.output(spec.name);
    // Without a namespace prop, the provider's namespace: read back from the created Service.
    this.namespace = namespaceOf(spec.namespace, service);
    this.url = serviceUrlIn(spec, this.namespace);
    this.image = deferred.substituteValue(spec.workload.image);
    this.registerOutputs({ namespace: this.namespace, serviceName: this.serviceName, url: this.url, image: this.image });
  }
}
