import { Chart, Testing } from "cdk8s";
import { describe, expect, it } from "vitest";
import type * as Pulumi from "@pulumi/pulumi";
import { installMocks, type RecordedResource } from "../../lib/pulumi/mocks";
import { objectId, type KubeObject } from "../../lib/render/types";
import { checkObjects } from "../../lib/policy";
import { expectValidObjects } from "../support/schema-check";

// Every example through both backends: the Pulumi components must create exactly the objects
// `cdk8s synth` writes. Mocks first (process-global runtime).
const run = installMocks();
const pulumi = await import("@pulumi/pulumi");
const { examplePrograms } = await import("../../examples/pulumi");
const { exampleCharts } = await import("../../examples/charts");
const { withoutPulumiAnnotations } = await import("../../lib/pulumi/await");

class Example extends pulumi.ComponentResource {
  constructor(name: string, program: (opts: Pulumi.ComponentResourceOptions) => void) {
    super("modelship:examples:Example", name, {}, {});
    program({ parent: this });
    this.registerOutputs({});
  }
}
const roots = new Map(Object.entries(examplePrograms).map(([name, program]) => [name, new Example(name, program)]));

// Beyond the examples: every ModelService feature and the escape hatch, through both backends.
const { ModelService: PulumiModelService } = await import("../../lib/pulumi");
const { ModelService: Cdk8sModelService } = await import("../../lib");
const everything = {
  name: "everything",
  namespace: "parity",
  image: "registry.example.com/ml/everything@sha256:" + "b".repeat(64),
  ports: [
    { name: "http", port: 8080, appProtocol: "http" },
    { name: "grpc", port: 9000 },
  ],
  env: { MODE: "fast", TOKEN: { secretKeyRef: { name: "model-token", key: "TOKEN" } } },
  resources: { cpu: "2", memory: "4Gi", cpuLimit: 4, ephemeralStorage: "1Gi" },
  gpu: { count: 1, nodeSelector: { "nvidia.com/gpu.product": "NVIDIA-A10G" } },
  health: { probe: { type: "http" as const, path: "/healthz" }, maxStartupSeconds: 600 },
  persistence: { size: "20Gi", accessMode: "ReadWriteMany" as const },
  modelFile: { path: "/data/model.bin" },
  autoscaling: { minReplicas: 2, maxReplicas: 6, memoryUtilization: 80 },
  security: { runAsUser: 10001, fsGroup: 10001 },
  labels: { team: "ml" },
  patches: [{ kind: "Deployment", ops: [{ op: "add" as const, path: "/spec/template/spec/priorityClassName", value: "inference" }] }],
};
class Everything extends pulumi.ComponentResource {
  constructor() {
    super("modelship:examples:Example", "everything", {}, {});
    new PulumiModelService("everything", everything, { parent: this });
    this.registerOutputs({});
  }
}
new Everything();
await run.settled();

function descendants(rootName: string): RecordedResource[] {
  const root = run.resources.find((r) => r.type === "modelship:examples:Example" && r.name === rootName);
  if (!root) throw new Error(`example ${rootName} was not registered`);
  const inside = new Set([root.urn]);
  let grown = true;
  while (grown) {
    grown = false;
    for (const r of run.resources) {
      if (!inside.has(r.urn) && inside.has(r.parent)) {
        inside.add(r.urn);
        grown = true;
      }
    }
  }
  return run.resources.filter((r) => r.urn !== root.urn && inside.has(r.urn));
}

const byId = (objects: readonly Record<string, unknown>[]) => new Map(objects.map((o) => [objectId(o as unknown as KubeObject), o]));

it("a ModelService with every feature and a patch creates the same objects in both backends", () => {
  const chart = new Chart(Testing.app(), "everything");
  new Cdk8sModelService(chart, "everything", everything);
  const fromCdk8s = byId(Testing.synth(chart));
  const created = descendants("everything").filter((r) => r.type.startsWith("kubernetes:"));
  const fromPulumi = byId(created.map((r) => withoutPulumiAnnotations(r.inputs as { metadata?: unknown })));
  expect([...fromPulumi.keys()].sort()).toEqual([...fromCdk8s.keys()].sort());
  expect(fromPulumi.size).toBe(6);
  for (const [id, object] of fromCdk8s) expect({ id, object: fromPulumi.get(id) }).toEqual({ id, object });
  const deployment = fromPulumi.get("Deployment/parity/everything") as { spec: { template: { spec: { priorityClassName: string } } } };
  expect(deployment.spec.template.spec.priorityClassName).toBe("inference");
});

it("every cdk8s example has a Pulumi twin, and no more", () => {
  expect([...roots.keys()].sort()).toEqual(Object.keys(exampleCharts).sort());
});

describe.each(Object.entries(exampleCharts))("example %s", (name, build) => {
  const synthesized = Testing.synth(build(Testing.app()));
  const created = descendants(name).filter((r) => r.type.startsWith("kubernetes:"));

  it("creates the same objects as cdk8s synth (kinds, names, namespaces, content)", () => {
    const fromPulumi = byId(created.map((r) => withoutPulumiAnnotations(r.inputs as { metadata?: unknown })));
    const fromCdk8s = byId(synthesized);
    expect([...fromPulumi.keys()].sort()).toEqual([...fromCdk8s.keys()].sort());
    for (const [id, object] of fromCdk8s) expect({ id, object: fromPulumi.get(id) }).toEqual({ id, object });
  });

  it("differs from cdk8s only by pulumi.com/ annotations: await timeouts, and re-runs of failed Jobs", () => {
    const allowed: Record<string, string[]> = { Deployment: ["pulumi.com/timeoutSeconds"], Job: ["pulumi.com/timeoutSeconds", "pulumi.com/replaceUnready"] };
    for (const r of created) {
      const annotations = ((r.inputs.metadata ?? {}) as { annotations?: Record<string, string> }).annotations ?? {};
      const ours = Object.keys(annotations).filter((key) => key.startsWith("pulumi.com/"));
      for (const key of ours) expect(allowed[String(r.inputs.kind)] ?? []).toContain(key);
    }
    expectValidObjects(created.map((r) => r.inputs));
  });

  it("passes the policy checks exactly as the cdk8s objects do", () => {
    const findings = (objects: readonly unknown[]) =>
      checkObjects(objects)
        .map((v) => JSON.stringify(v))
        .sort();
    const fromPulumi = findings(created.map((r) => r.inputs));
    expect(fromPulumi).toEqual(findings(synthesized));
    expect(checkObjects(created.map((r) => r.inputs)).filter((v) => v.severity === "error")).toEqual([]);
  });
});
