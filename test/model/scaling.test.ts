import { describe, expect, it } from "vitest";
import { type ModelServiceProps } from "../../lib";
import { resolveModelService } from "../../lib/render";

const base = { image: "registry.example.com/ml/iris:1.0.0" };
const prometheus = { serverAddress: "http://prometheus.monitoring.svc:9090", query: "sum(vllm:num_requests_waiting)", threshold: 5 };
const resolve = (props: Partial<ModelServiceProps>) => resolveModelService({ ...base, ...props } as ModelServiceProps, { name: "iris" });

describe("KEDA owns the replica count as the HPA does", () => {
  it("leaves spec.replicas unset and decides PDB and spread on maxReplicaCount", () => {
    const spec = resolve({ keda: { minReplicaCount: 0, maxReplicaCount: 4, prometheus: [prometheus] } });
    expect(spec.replicas).toBeUndefined();
    expect(spec.keda).toMatchObject({ minReplicaCount: 0, maxReplicaCount: 4, cpuUtilization: undefined });
    expect(spec.disruptionBudget).toEqual({ maxUnavailable: 1, unhealthyPodEvictionPolicy: "AlwaysAllow" });
    expect(spec.topologySpread).toBe(true);
    expect(resolve({ keda: { maxReplicaCount: 1 } }).disruptionBudget).toBeUndefined();
  });

  it("defaults to a CPU trigger when no other is given", () => {
    expect(resolve({ keda: { maxReplicaCount: 3 } }).keda).toMatchObject({ minReplicaCount: 1, cpuUtilization: 70, prometheus: [] });
  });

  it.each<[string, Partial<ModelServiceProps>, RegExp]>([
    [
      "HPA and KEDA together",
      { autoscaling: { maxReplicas: 3 }, keda: { maxReplicaCount: 3 } } as never,
      /'keda' is set together with 'autoscaling'.*Fix: keep one of/,
    ],
    [
      "replicas with KEDA",
      { replicas: 2, keda: { maxReplicaCount: 3 } } as never,
      /'replicas' is set together with 'keda', whose ScaledObject owns the replica count.*keda\.minReplicaCount/,
    ],
    ["scale to zero on CPU", { keda: { minReplicaCount: 0, maxReplicaCount: 3 } }, /'keda\.minReplicaCount' is 0 but only a CPU trigger is given/],
    ["min above max", { keda: { minReplicaCount: 5, maxReplicaCount: 3 } }, /'keda\.maxReplicaCount' is below minReplicaCount \(5\)/],
    [
      "bad Prometheus URL",
      { keda: { maxReplicaCount: 3, prometheus: [{ ...prometheus, serverAddress: "prometheus:9090" }] } },
      /'keda\.prometheus\[0\]\.serverAddress' is not an http\(s\) URL/,
    ],
  ])("refuses %s", (_label, props, expected) => {
    expect(() => resolve(props)).toThrow(expected);
  });

  it("a RWO data claim with KEDA scaling out is refused as with the HPA", () => {
    expect(() => resolve({ persistence: true, keda: { maxReplicaCount: 3 } })).toThrow(
      /'persistence\.accessMode' is ReadWriteOnce \(the default\) but up to 3 pods/,
    );
  });
});

describe("serving defaults", () => {
  it("GPU services roll out one pod at a time without a surge pod (a full GPU pool cannot place it)", () => {
    expect(resolve({ gpu: { count: 1 } }).rollout).toEqual({ type: "RollingUpdate", maxSurge: 0, maxUnavailable: 1 });
    expect(resolve({}).rollout).toEqual({ type: "RollingUpdate", maxSurge: "25%", maxUnavailable: 0 });
    expect(resolve({ gpu: { count: 1 }, rollout: { maxSurge: 1, maxUnavailable: 0 } }).rollout).toEqual({
      type: "RollingUpdate",
      maxSurge: 1,
      maxUnavailable: 0,
    });
    expect(() => resolve({ rollout: { maxSurge: 0, maxUnavailable: 0 } })).toThrow(/'rollout\.maxUnavailable' is 0 together with maxSurge 0/);
  });

  it("preStop sleep and a grace period covering it, both switchable", () => {
    expect(resolve({}).shutdown).toEqual({ preStopSleepSeconds: 10, terminationGracePeriodSeconds: 40 });
    expect(resolve({ shutdown: { preStopSleepSeconds: false } }).shutdown).toEqual({ preStopSleepSeconds: undefined, terminationGracePeriodSeconds: 30 });
    expect(() => resolve({ shutdown: { preStopSleepSeconds: 60, terminationGracePeriodSeconds: 30 } })).toThrow(
      /'shutdown\.preStopSleepSeconds' is longer than terminationGracePeriodSeconds \(30\)/,
    );
  });

  it("liveness is more lenient than readiness unless switched off or set on the probe", () => {
    const spec = resolve({});
    expect(spec.health.readiness).toMatchObject({ timeoutSeconds: 2, failureThreshold: 3 });
    expect(spec.health.liveness).toMatchObject({ periodSeconds: 20, timeoutSeconds: 10, failureThreshold: 6 });
    const plain = resolve({ health: { distinctLiveness: false } });
    expect(plain.health.liveness).toEqual({ type: "tcp", port: "http" });
    const own = resolve({ health: { liveness: { type: "tcp", timeoutSeconds: 3 } } });
    expect(own.health.liveness).toMatchObject({ timeoutSeconds: 3, failureThreshold: 6 });
  });

  it("version from the image tag, switchable; none for a digest", () => {
    expect(resolve({}).version).toBe("1.0.0");
    expect(resolve({ version: false }).version).toBeUndefined();
    expect(resolve({ version: "2024-06" }).version).toBe("2024-06");
    expect(resolve({ image: "registry.example.com/ml/iris@sha256:" + "d".repeat(64) }).version).toBeUndefined();
  });
});
