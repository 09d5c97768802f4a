import { describe, expect, it } from "vitest";
import { Runtime, ModelSource, type KubeObject, type ModelServiceProps } from "../../lib";
import { renderCheckedService } from "../support/checked";

const base = { image: "registry.example.com/ml/iris:1.0.0" };
const find = (objects: KubeObject[], kind: string): any => objects.find((o) => o.kind === kind);

const render = (props: Partial<ModelServiceProps>): KubeObject[] => renderCheckedService({ ...base, ...props } as ModelServiceProps);

describe("KEDA ScaledObject", () => {
  const objects = render({
    keda: {
      minReplicaCount: 0,
      maxReplicaCount: 4,
      cooldownPeriod: 600,
      prometheus: [{ serverAddress: "http://prometheus.monitoring.svc:9090", query: "sum(vllm:num_requests_waiting)", threshold: 5, activationThreshold: 1 }],
    },
  });

  it("targets the Deployment, which has no replicas of its own, with string trigger metadata (the CRD's map of strings)", () => {
    expect(find(objects, "Deployment").spec.replicas).toBeUndefined();
    expect(find(objects, "ScaledObject")).toMatchObject({
      apiVersion: "keda.sh/v1alpha1",
      spec: {
        scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "iris" },
        minReplicaCount: 0,
        maxReplicaCount: 4,
        cooldownPeriod: 600,
        triggers: [
          {
            type: "prometheus",
            metadata: {
              serverAddress: "http://prometheus.monitoring.svc:9090",
              query: "sum(vllm:num_requests_waiting)",
              threshold: "5",
              activationThreshold: "1",
            },
          },
        ],
      },
    });
    expect(find(objects, "HorizontalPodAutoscaler")).toBeUndefined();
  });

  it("adds the PDB (AlwaysAllow) and the spread for the maximum", () => {
    expect(find(objects, "PodDisruptionBudget").spec).toMatchObject({ maxUnavailable: 1, unhealthyPodEvictionPolicy: "AlwaysAllow" });
    expect(find(objects, "Deployment").spec.template.spec.topologySpreadConstraints[0]).toMatchObject({ matchLabelKeys: ["pod-template-hash"] });
  });

  it("a CPU trigger by default", () => {
    expect(find(render({ keda: { maxReplicaCount: 3 } }), "ScaledObject").spec.triggers).toEqual([
      { type: "cpu", metricType: "Utilization", metadata: { value: "70" } },
    ]);
  });
});

describe("serving defaults on the Deployment", () => {
  it("GPU: no surge pod, /dev/shm in memory, runtimeClassName, scrape annotations, preStop", () => {
    const objects = render({
      runtime: Runtime.vllm(),
      model: ModelSource.image("registry.example.com/models/llm@sha256:" + "1".repeat(64)),
      gpu: { count: 1 },
      resources: { cpu: 4, memory: "24Gi" },
      runtimeClassName: "nvidia",
    });
    const deployment = find(objects, "Deployment");
    expect(deployment.spec.strategy).toEqual({ type: "RollingUpdate", rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } });
    const pod = deployment.spec.template;
    expect(pod.spec.runtimeClassName).toBe("nvidia");
    expect(pod.spec.volumes).toContainEqual({ name: "dshm", emptyDir: { medium: "Memory", sizeLimit: "2Gi" } });
    expect(pod.spec.containers[0].volumeMounts).toContainEqual({ name: "dshm", mountPath: "/dev/shm" });
    expect(pod.metadata.annotations).toEqual({ "prometheus.io/scrape": "true", "prometheus.io/port": "8000", "prometheus.io/path": "/metrics" });
    expect(pod.spec.containers[0].lifecycle).toEqual({ preStop: { sleep: { seconds: 10 } } });
    expect(pod.spec.terminationGracePeriodSeconds).toBe(130);
    expect(pod.spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 });
  });
});
