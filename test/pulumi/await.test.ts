import { describe, expect, it } from "vitest";
import { deploymentAwaitSeconds, withAwaitTimeouts, withoutPulumiAnnotations } from "../../lib/pulumi/await";
import type { KubeObject } from "../../lib/render/types";

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
