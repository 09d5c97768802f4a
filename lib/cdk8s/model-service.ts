import type { ApiObject } from "cdk8s";
import type { Construct } from "constructs";
import { resolveModelService, type ModelServiceProps, type ModelServiceSpec } from "../model/model-service";
import { renderModelService } from "../render/model-service";
import { RenderedConstruct } from "./base";

/**
 * A model server as cdk8s objects: ServiceAccount, optional PVC, Deployment, ClusterIP Service,
 * and when more than one replica runs, a PodDisruptionBudget (plus an HPA or a KEDA ScaledObject
 * when autoscaling); with `route`, an HTTPRoute; with `canary`, the canary's Deployment and Service.
 *
 * Props are validated when constructed; a bad prop throws before any object is added.
 *
 * @example
 * new ModelService(chart, "llm", { runtime: Runtime.vllm(), model: ModelSource.image("registry.example.com/models/llama@sha256:..."), gpu: { count: 1 } });
 *
 * @example
 * new ModelService(chart, "iris-scoring", {
 *   image: "registry.example.com/ml/iris-scoring:1.0.0",
 *   port: 5000,
 *   replicas: 2,
 *   resources: { cpu: 0.25, memoryMB: 100 },
 *   health: { maxStartupSeconds: 30 },
 * });
 */
export class ModelService extends RenderedConstruct<ModelServiceProps, ModelServiceSpec> {
  constructor(scope: Construct, id: string, props: ModelServiceProps) {
    super(scope, id, props, { resolve: resolveModelService, render: renderModelService, mainKinds: ["Deployment"] });
  }

  /** The Deployment (also the default child: `ApiObject.of(service)`). */
  get deployment(): ApiObject {
    return this.apiObjectOfKind("Deployment");
  }

  /** The ClusterIP Service of the stable Deployment. */
  get service(): ApiObject {
    return this.apiObjectOfKind("Service");
  }

  /** Name of the Deployment, Service and ServiceAccount. */
  get serviceName(): string {
    return this.spec.name;
  }

  /** Primary port number. */
  get port(): number {
    return this.spec.primaryPort.port;
  }

  /** In-cluster URL of the primary port (`http://name.namespace.svc.cluster.local:port`). */
  get url(): string {
    return this.spec.url;
  }
}
