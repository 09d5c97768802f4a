import { describe, expect, it } from "vitest";
import { deploymentAwaitSeconds, withAwaitTimeouts, withoutPulumiAnnotations } from "../../lib/pulumi/await";
import { installMocks } from "../../lib/pulumi/mocks";
import type { KubeObject } from "../../lib/render/types";

// Mocks first: Pulumi's runtime is process-global (vitest runs each file in its own fork).
const run = installMocks();
const { LabProject, ModelService, Workflow } = await import("../../lib/pulumi");

const deployment = (spec: Record<string, unknown>): KubeObject => ({ apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "d" }, spec });

describe("deploymentAwaitSeconds", () => {
  it("allows one startup budget per rollout wave plus slack", () => {
    expect(deploymentAwaitSeconds(deployment({ replicas: 1, strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: "25%" } } }), 60)).toBe(60 + 120);
    expect(deploymentAwaitSeconds(deployment({ replicas: 2, strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: "25%" } } }), 30)).toBe(2 * 30 + 120);
    expect(deploymentAwaitSeconds(deployment({ replicas: 8, strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: "25%" } } }), 30)).toBe(4 * 30 + 120);
    expect(deploymentAwaitSeconds(deployment({ replicas: 8, strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 8 } } }), 30)).toBe(30 + 120);
    expect(deploymentAwaitSeconds(deployment({ replicas: 8, strategy: { type: "Recreate" } }), 30)).toBe(30 + 120);
    expect(deploymentAwaitSeconds(deployment({}), 45)).toBe(45 + 120);
    // Autoscaled: no spec.replicas; the HPA's maxReplicas counts (8 pods, 25% surge -> 4 waves).
    expect(deploymentAwaitSeconds(deployment({ strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: "25%" } } }), 30, 8)).toBe(4 * 30 + 120);
    expect(deploymentAwaitSeconds(deployment({ replicas: 2 }), 30, 8)).toBe(2 * 30 + 120);
  });
});

describe("withAwaitTimeouts / withoutPulumiAnnotations", () => {
  it("adds the annotation without touching the input, and strips it again", () => {
    const original = { ...deployment({}), metadata: { name: "d", annotations: { keep: "me" } } };
    const [timed] = withAwaitTimeouts([original], () => 90.2);
    expect(timed.metadata.annotations).toEqual({ keep: "me", "pulumi.com/timeoutSeconds": "91" });
    expect(original.metadata.annotations).toEqual({ keep: "me" });
    expect(withoutPulumiAnnotations(timed)).toEqual(original);
    const [bare] = withAwaitTimeouts([deployment({})], () => 10);
    expect(withoutPulumiAnnotations(bare)).toEqual(deployment({}));
    expect(withAwaitTimeouts([original], () => undefined)[0]).toBe(original);
  });
});

describe("await timeout of a service in every component", () => {
  // A 1800 s download and KEDA's maxReplicaCount 4: 4 waves (25% surge) of 60 s startup + 1800 s.
  const model = { type: "uri", uri: "s3://bucket/llm", downloadSeconds: 1800 } as const;
  const trigger = { serverAddress: "http://prometheus.monitoring.svc:9090", query: "sum(queue_length)", threshold: 10 };
  const service = { image: "registry.example.com/ml/llm:1.0.0", port: 8000, model, keda: { minReplicaCount: 1, maxReplicaCount: 4, prometheus: [trigger] } };
  const timeoutOf = (component: string, deployment: string) =>
    (
      run.resources.find((r) => r.type === "kubernetes:apps/v1:Deployment" && r.name.endsWith(`/${deployment}`) && r.parent?.includes(component))?.inputs
        .metadata as { annotations?: Record<string, string> } | undefined
    )?.annotations?.["pulumi.com/timeoutSeconds"];

  it("is the same for a ModelService, a LabProject service and a Workflow service stage", async () => {
    new ModelService("alone", { ...service, name: "llm", namespace: "ns" });
    new LabProject("lab", { services: [{ name: "llm", ...service }] });
    new Workflow("wf", { namespace: "wf", engine: "plain", stages: { llm: { service } }, dag: "llm" });
    await run.settled();
    const expected = String((60 + 1800) * 4 + 120);
    expect([timeoutOf("alone", "llm"), timeoutOf("lab", "llm"), timeoutOf("wf", "llm")]).toEqual([expected, expected, expected]);
  });

  it("gives a canary's Deployment the canary's own budget, in a ModelService and a Workflow alike", async () => {
    // The canary downloads its own model (600 s) and runs one pod: one wave.
    const canary = { weight: 10, image: "registry.example.com/ml/llm:1.1.0", model: { ...model, downloadSeconds: 600 } };
    const route = { parentRef: { name: "public", namespace: "gateways", sectionName: "https" } };
    new ModelService("alone-canary", { ...service, name: "served", namespace: "ns", route, canary });
    new Workflow("wf-canary", { namespace: "wf", engine: "plain", stages: { served: { service: { ...service, route, canary } } }, dag: "served" });
    await run.settled();
    const expected = String(60 + 600 + 120);
    expect([timeoutOf("alone-canary", "served-canary"), timeoutOf("wf-canary", "served-canary")]).toEqual([expected, expected]);
    expect(timeoutOf("alone-canary", "served")).toBe(String((60 + 1800) * 4 + 120));
  });
});
