import { describe, expect, it } from "vitest";
import { resolveWorkflow, type WorkflowProps } from "../../lib/model/workflow";
import { renderWorkflow } from "../../lib/render/workflow";
import { argoTemplates } from "../support/argo";
import { expectValidObjects } from "../support/schema-check";

const image = (name: string) => `registry.example.com/ml/${name}:1.0.0`;
const prometheus = [{ serverAddress: "http://prometheus.monitoring.svc:9090", query: "sum(rate(requests_total[1m]))", threshold: 10 }];

function serviceTemplate(service: Record<string, unknown>): Record<string, any> {
  const props: WorkflowProps = {
    namespace: "ml",
    stages: { train: { batch: { image: image("train") } }, score: { service: { image: image("score"), ...service } } },
    dag: "train >> score",
  };
  const objects = renderWorkflow(resolveWorkflow(props, { name: "pipe" }));
  expectValidObjects(objects);
  return argoTemplates(objects).find((t) => t.name === "score") as Record<string, any>;
}

describe("service stages with the serving props", () => {
  it("a KEDA service that may sit at zero is not waited for; at one it is", () => {
    expect(serviceTemplate({ keda: { minReplicaCount: 0, maxReplicaCount: 3, prometheus } }).resource.successCondition).toBeUndefined();
    expect(serviceTemplate({ keda: { maxReplicaCount: 3 } }).resource.successCondition).toBe(
      "status.updatedReplicas > 0, status.availableReplicas > 0, status.replicas < 2",
    );
  });

  it("a model download extends the rollout deadline by its budget", () => {
    expect(serviceTemplate({ model: { type: "uri", uri: "s3://models/score", downloadSeconds: 300 } }).activeDeadlineSeconds).toBe(60 + 90 + 300);
  });
});
