import { Chart, Testing } from "cdk8s";
import { Construct } from "constructs";
import { describe, expect, it } from "vitest";
import { emitObjects, ModelService, type ModelServiceProps } from "../../lib";
import type { KubeObject } from "../../lib/render/types";

const props: ModelServiceProps = { image: "registry.example.com/ml/iris:1.0.0", namespace: "ml", port: 5000, replicas: 2 };

const job = (name: string): KubeObject => ({
  apiVersion: "batch/v1",
  kind: "Job",
  metadata: { name, namespace: "ml" },
  spec: { template: { spec: { restartPolicy: "Never", containers: [] } } },
});

describe("emitObjects ids", () => {
  it("gives every construct of one shape the same child ids, whatever the service is called", () => {
    // Ids that embed the service name give each construct's children object its own V8 hidden
    // classes; at 10,000 services that made cdk8s' synth ~4x slower (bench/README.md).
    const chart = new Chart(Testing.app(), "test");
    const ids = ["iris", "wine"].map((id) => new ModelService(chart, id, props).node.children.map((c) => c.node.id));
    expect(ids[0]).toEqual(ids[1]);
    expect(ids[0]).toContain("Deployment");
    expect(new Set(ids[0]).size).toBe(ids[0].length);
  });

  it("names a further object of a kind Kind-name, also across calls on the same scope, and keeps metadata.name", () => {
    const chart = new Chart(Testing.app(), "test");
    const scope = new Construct(chart, "wf");
    const first = emitObjects(scope, [job("a"), job("b")]);
    const second = emitObjects(scope, [job("c")]);
    expect([...first, ...second].map((o) => o.node.id)).toEqual(["Job", "Job-b", "Job-c"]);
    expect(Testing.synth(chart).map((o) => o.metadata.name)).toEqual(["a", "b", "c"]);
  });

  it("keeps dependencies between constructs ordering their objects", () => {
    const chart = new Chart(Testing.app(), "test");
    const late = new Construct(chart, "late");
    const early = new Construct(chart, "early");
    emitObjects(late, [job("late")]);
    emitObjects(early, [job("early")]);
    late.node.addDependency(early);
    expect(Testing.synth(chart).map((o) => o.metadata.name)).toEqual(["early", "late"]);
  });
});
