import { describe, expect, it } from "vitest";
import { EnvValue, Probe, type KubeObject, type ModelServiceProps } from "../../lib";
import { resolveModelService, renderModelService } from "../../lib/render";
import { expectValidObjects } from "../support/schema-check";

const base: ModelServiceProps = { image: "registry.example.com/ml/iris:1.0.0" };

function render(props: Partial<ModelServiceProps> = {}, name = "iris"): KubeObject[] {
  const objects = renderModelService(resolveModelService({ ...base, ...props } as ModelServiceProps, { name }));
  expectValidObjects(objects);
  return objects;
}

function find(objects: KubeObject[], kind: string): any {
  const found = objects.filter((o) => o.kind === kind);
  expect(found, `exactly one ${kind}`).toHaveLength(1);
  return found[0];
}

const podSpec = (objects: KubeObject[]) => find(objects, "Deployment").spec.template.spec;
const container = (objects: KubeObject[]) => podSpec(objects).containers[0];

describe("renderModelService defaults", () => {
  const objects = render();

  it("renders ServiceAccount, Deployment and Service, in apply order, and nothing else", () => {
    expect(objects.map((o) => o.kind)).toEqual(["ServiceAccount", "Deployment", "Service"]);
    expect(objects.every((o) => o.metadata.name === "iris")).toBe(true);
  });

  it("listens on ML Lab's default port 8080, named http", () => {
    expect(container(objects).ports).toEqual([{ name: "http", containerPort: 8080, protocol: "TCP" }]);
    expect(find(objects, "Service").spec).toMatchObject({ type: "ClusterIP", ports: [{ name: "http", port: 8080, targetPort: "http" }] });
  });

  it("sets requests and limits memory to the request, without a CPU limit", () => {
    expect(container(objects).resources).toEqual({ requests: { cpu: "100m", memory: "256Mi" }, limits: { memory: "256Mi" } });
  });

  it("applies the restricted security defaults", () => {
    const pod = podSpec(objects);
    expect(pod.securityContext).toEqual({ runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } });
    expect(container(objects).securityContext).toEqual({ allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] }, readOnlyRootFilesystem: true });
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.serviceAccountName).toBe("iris");
    expect(find(objects, "ServiceAccount").automountServiceAccountToken).toBe(false);
  });

  it("gives the read-only root a size-limited /tmp", () => {
    expect(podSpec(objects).volumes).toEqual([{ name: "tmp", emptyDir: { sizeLimit: "256Mi" } }]);
    expect(container(objects).volumeMounts).toEqual([{ name: "tmp", mountPath: "/tmp" }]);
  });

  it("always has startup, readiness and liveness probes on the primary port", () => {
    const c = container(objects);
    expect(c.readinessProbe).toEqual({ tcpSocket: { port: "http" }, periodSeconds: 10, timeoutSeconds: 2, failureThreshold: 3 });
    // Liveness is lenient, so a server that is busy (slow to answer) is not restarted.
    expect(c.livenessProbe).toEqual({ tcpSocket: { port: "http" }, periodSeconds: 20, timeoutSeconds: 10, failureThreshold: 6 });
    expect(c.startupProbe).toEqual({ tcpSocket: { port: "http" }, periodSeconds: 10, failureThreshold: 6 });
  });

  it("selects pods by stable name/instance labels only", () => {
    const selector = { "app.kubernetes.io/name": "iris", "app.kubernetes.io/instance": "iris" };
    expect(find(objects, "Deployment").spec.selector.matchLabels).toEqual(selector);
    expect(find(objects, "Service").spec.selector).toEqual(selector);
    expect(find(objects, "Deployment").metadata.labels).toEqual({
      ...selector,
      "app.kubernetes.io/component": "model-service",
      "app.kubernetes.io/part-of": "iris",
      "app.kubernetes.io/managed-by": "modelship",
      // From the image tag; not in the selector, so a new version does not orphan the old pods.
      "app.kubernetes.io/version": "1.0.0",
    });
  });

  it("adds no PDB, spread or HPA for a single replica", () => {
    expect(find(objects, "Deployment").spec.replicas).toBe(1);
    expect(podSpec(objects).topologySpreadConstraints).toBeUndefined();
  });

  it("is pure: the same props give identical objects", () => {
    expect(render()).toEqual(objects);
  });
});

describe("renderModelService options", () => {
  it("derives the startup budget from maxStartupSeconds as Bodywork does (period 10, ceil(t/10))", () => {
    expect(container(render({ health: { maxStartupSeconds: 30 } })).startupProbe).toMatchObject({ periodSeconds: 10, failureThreshold: 3 });
    expect(container(render({ health: { maxStartupSeconds: 95 } })).startupProbe).toMatchObject({ periodSeconds: 10, failureThreshold: 10 });
    expect(container(render({ health: { maxStartupSeconds: 95, startup: Probe.tcp({ periodSeconds: 5 }) } })).startupProbe).toMatchObject({
      periodSeconds: 5,
      failureThreshold: 19,
    });
  });

  it("puts the startup budget into the readiness delay when the startup probe is off", () => {
    const c = container(render({ health: { startup: false, maxStartupSeconds: 45 } }));
    expect(c.startupProbe).toBeUndefined();
    expect(c.readinessProbe.initialDelaySeconds).toBe(45);
  });

  it("uses an HTTP health path on a named port, and separate liveness", () => {
    const c = container(
      render({
        ports: [
          { name: "http", port: 8080 },
          { name: "metrics", port: 9090 },
        ],
        health: { probe: Probe.http("/healthz"), liveness: Probe.http("/livez", { port: "metrics" }) },
      }),
    );
    expect(c.readinessProbe.httpGet).toEqual({ path: "/healthz", port: "http" });
    expect(c.livenessProbe.httpGet).toEqual({ path: "/livez", port: "metrics" });
    expect(c.ports.map((p: any) => p.containerPort)).toEqual([8080, 9090]);
  });

  it("turns a Dockerfile HEALTHCHECK into exec probes", () => {
    const probe = Probe.fromDockerHealthcheck({
      test: "CMD curl -f http://localhost:8080/health || exit 1",
      intervalSeconds: 15,
      timeoutSeconds: 5,
      retries: 4,
    });
    const c = container(render({ health: { probe } }));
    expect(c.readinessProbe).toEqual({
      exec: { command: ["/bin/sh", "-c", "curl -f http://localhost:8080/health || exit 1"] },
      periodSeconds: 15,
      timeoutSeconds: 5,
      failureThreshold: 4,
    });
    expect(Probe.fromDockerHealthcheck({ test: ["CMD", "python", "health.py"] }).command).toEqual(["python", "health.py"]);
  });

  it("takes cores and megabytes (Bodywork's units) as well as quantities", () => {
    expect(container(render({ resources: { cpu: 0.25, memoryMB: 100 } })).resources).toEqual({
      requests: { cpu: "250m", memory: "100M" },
      limits: { memory: "100M" },
    });
    expect(container(render({ resources: { cpu: 2, memoryMiB: 512, cpuLimit: "4", memoryLimit: "1Gi" } })).resources).toEqual({
      requests: { cpu: "2", memory: "512Mi" },
      limits: { cpu: "4", memory: "1Gi" },
    });
  });

  it("can drop the memory limit when asked", () => {
    expect(container(render({ resources: { memory: "1Gi", memoryLimit: false } })).resources).toEqual({ requests: { cpu: "100m", memory: "1Gi" } });
  });

  it("requests GPUs in requests and limits and tolerates the GPU taint", () => {
    const objects = render({ gpu: { count: 2, nodeSelector: { "nvidia.com/gpu.product": "NVIDIA-A10G" } } });
    const c = container(objects);
    expect(c.resources.requests["nvidia.com/gpu"]).toBe("2");
    expect(c.resources.limits["nvidia.com/gpu"]).toBe("2");
    expect(podSpec(objects).tolerations).toEqual([{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }]);
    expect(podSpec(objects).nodeSelector).toEqual({ "nvidia.com/gpu.product": "NVIDIA-A10G" });
    expect(podSpec(render({ gpu: { count: 1, tolerateTaint: false } })).tolerations).toBeUndefined();
  });

  it("renders env literals, secretKeyRef, configMapKeyRef and fieldRef, never a secret inline", () => {
    const env = container(
      render({
        env: {
          LOG_LEVEL: "INFO",
          THRESHOLD: EnvValue.fromValue("0.5"),
          API_TOKEN: EnvValue.fromSecret("iris-token", "token"),
          MODEL_VERSION: EnvValue.fromConfigMap("iris-config", "version", { optional: true }),
          POD_NAMESPACE: EnvValue.fromField("metadata.namespace"),
        },
      }),
    ).env;
    expect(env).toEqual([
      { name: "LOG_LEVEL", value: "INFO" },
      { name: "THRESHOLD", value: "0.5" },
      { name: "API_TOKEN", valueFrom: { secretKeyRef: { name: "iris-token", key: "token" } } },
      { name: "MODEL_VERSION", valueFrom: { configMapKeyRef: { name: "iris-config", key: "version", optional: true } } },
      { name: "POD_NAMESPACE", valueFrom: { fieldRef: { fieldPath: "metadata.namespace" } } },
    ]);
  });

  it("mounts /data from a new PVC and points MODEL_FILE into it", () => {
    const objects = render({ persistence: { size: "5Gi", storageClassName: "fast" }, modelFile: { path: "/data/models/model.pkl" } });
    expect(find(objects, "PersistentVolumeClaim")).toMatchObject({
      metadata: { name: "iris-data" },
      spec: { accessModes: ["ReadWriteOnce"], storageClassName: "fast", resources: { requests: { storage: "5Gi" } } },
    });
    const c = container(objects);
    expect(c.env).toContainEqual({ name: "MODEL_FILE", value: "/data/models/model.pkl" });
    expect(c.volumeMounts).toContainEqual({ name: "data", mountPath: "/data" });
    expect(podSpec(objects).volumes).toContainEqual({ name: "data", persistentVolumeClaim: { claimName: "iris-data" } });
    // A ReadWriteOnce claim cannot follow a surge pod to another node.
    expect(find(objects, "Deployment").spec.strategy).toEqual({ type: "Recreate" });
  });

  it("mounts a model from its own claim read-only", () => {
    const objects = render({ modelFile: { path: "/models/iris/model.joblib", claimName: "iris-models", envVar: "MODEL_PATH" } });
    const c = container(objects);
    expect(c.env).toContainEqual({ name: "MODEL_PATH", value: "/models/iris/model.joblib" });
    expect(c.volumeMounts).toContainEqual({ name: "model", mountPath: "/models/iris", readOnly: true });
    expect(objects.some((o) => o.kind === "PersistentVolumeClaim")).toBe(false);
  });

  it("uses an existing claim without creating one", () => {
    const objects = render({ persistence: { existingClaim: "shared-data", accessMode: "ReadWriteMany" }, replicas: 3 });
    expect(objects.some((o) => o.kind === "PersistentVolumeClaim")).toBe(false);
    expect(podSpec(objects).volumes).toContainEqual({ name: "data", persistentVolumeClaim: { claimName: "shared-data" } });
    expect(find(objects, "Deployment").spec.strategy.type).toBe("RollingUpdate");
  });

  it("adds a PDB and topology spread when replicas > 1", () => {
    const objects = render({ replicas: 3 });
    expect(find(objects, "PodDisruptionBudget").spec).toEqual({
      maxUnavailable: 1,
      unhealthyPodEvictionPolicy: "AlwaysAllow",
      selector: { matchLabels: { "app.kubernetes.io/name": "iris", "app.kubernetes.io/instance": "iris" } },
    });
    expect(podSpec(objects).topologySpreadConstraints.map((c: any) => c.topologyKey)).toEqual(["kubernetes.io/hostname", "topology.kubernetes.io/zone"]);
    const off = render({ replicas: 3, availability: { disruptionBudget: false, topologySpread: false } });
    expect(off.some((o) => o.kind === "PodDisruptionBudget")).toBe(false);
    expect(podSpec(off).topologySpreadConstraints).toBeUndefined();
    expect(find(render({ replicas: 4, availability: { disruptionBudget: { minAvailable: "50%" } } }), "PodDisruptionBudget").spec.minAvailable).toBe("50%");
  });

  it("lets an HPA own the replica count", () => {
    const objects = render({ autoscaling: { minReplicas: 2, maxReplicas: 10, memoryUtilization: 80, cpuUtilization: 60 } });
    expect(find(objects, "Deployment").spec.replicas).toBeUndefined();
    expect(find(objects, "HorizontalPodAutoscaler").spec).toEqual({
      scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "iris" },
      minReplicas: 2,
      maxReplicas: 10,
      metrics: [
        { type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 60 } } },
        { type: "Resource", resource: { name: "memory", target: { type: "Utilization", averageUtilization: 80 } } },
      ],
    });
    expect(objects.some((o) => o.kind === "PodDisruptionBudget")).toBe(true);
    expect(find(render({ autoscaling: { maxReplicas: 5 } }), "HorizontalPodAutoscaler").spec.metrics[0].resource).toEqual({
      name: "cpu",
      target: { type: "Utilization", averageUtilization: 70 },
    });
  });

  it("switches each security default off on request", () => {
    const objects = render({
      security: {
        runAsNonRoot: false,
        allowPrivilegeEscalation: true,
        dropAllCapabilities: false,
        seccompProfile: false,
        readOnlyRootFilesystem: false,
        automountServiceAccountToken: true,
      },
    });
    const pod = podSpec(objects);
    expect(pod.securityContext).toBeUndefined();
    expect(container(objects).securityContext).toEqual({ allowPrivilegeEscalation: true, readOnlyRootFilesystem: false });
    expect(pod.volumes).toBeUndefined();
    expect(pod.automountServiceAccountToken).toBe(true);
  });

  it("runs as an existing ServiceAccount without creating one", () => {
    const objects = render({ serviceAccount: { name: "shared-runner" } });
    expect(objects.some((o) => o.kind === "ServiceAccount")).toBe(false);
    expect(podSpec(objects).serviceAccountName).toBe("shared-runner");
  });

  it("passes command, args, workingDir, pull policy and pull secrets through", () => {
    const objects = render({ command: ["python"], args: ["-m", "serve"], workingDir: "/app", imagePullPolicy: "Always", imagePullSecrets: ["regcred"] });
    expect(container(objects)).toMatchObject({ command: ["python"], args: ["-m", "serve"], workingDir: "/app", imagePullPolicy: "Always" });
    expect(podSpec(objects).imagePullSecrets).toEqual([{ name: "regcred" }]);
  });

  it("accepts images pinned by digest", () => {
    const image = `registry.example.com/ml/iris@sha256:${"a".repeat(64)}`;
    expect(container(render({ image })).image).toBe(image);
  });

  it("sets the namespace on every object and extra labels everywhere", () => {
    const objects = render({ namespace: "ml", labels: { team: "vision" } });
    for (const object of objects) {
      expect(object.metadata.namespace).toBe("ml");
      expect(object.metadata.labels?.team).toBe("vision");
    }
  });
});

describe("escape hatch", () => {
  it("applies JSON patches to the final objects, unknown-to-us fields included", () => {
    const objects = render({
      patches: [
        { kind: "Deployment", ops: [{ op: "add", path: "/spec/template/spec/priorityClassName", value: "ml-serving" }] },
        { kind: "Service", name: "iris", ops: [{ op: "replace", path: "/spec/type", value: "NodePort" }] },
      ],
    });
    expect(podSpec(objects).priorityClassName).toBe("ml-serving");
    expect(find(objects, "Service").spec.type).toBe("NodePort");
  });

  it("refuses patches that match nothing or cannot apply, naming the patch", () => {
    expect(() => render({ patches: [{ kind: "Ingress", ops: [{ op: "remove", path: "/spec" }] }] })).toThrow(
      /'patches\[0\]' matches no rendered object \(Ingress\).*Deployment\/iris/,
    );
    expect(() => render({ patches: [{ kind: "Deployment", ops: [{ op: "replace", path: "/spec/nope/deeper", value: 1 }] }] })).toThrow(
      /'patches\[0\]\.ops\[0\]' cannot apply to Deployment\/iris: path '\/spec\/nope\/deeper' does not exist/,
    );
    expect(() => render({ patches: [{ kind: "Deployment", ops: [{ op: "test", path: "/spec/replicas", value: 5 }] }] })).toThrow(
      /test failed at '\/spec\/replicas': found 1/,
    );
  });

  it("tests values as RFC 6902 does: objects by their members, whatever the key order; arrays by position", () => {
    const selector = find(render({}), "Deployment").spec.selector.matchLabels as Record<string, string>;
    const reversed = Object.fromEntries(Object.entries(selector).reverse());
    expect(Object.keys(reversed)).not.toEqual(Object.keys(selector));
    const guarded = (value: unknown) =>
      render({
        patches: [
          {
            kind: "Deployment",
            ops: [
              { op: "test", path: "/spec/selector/matchLabels", value },
              { op: "replace", path: "/spec/replicas", value: 3 },
            ],
          },
        ],
      });
    expect(find(guarded(reversed), "Deployment").spec.replicas).toBe(3);
    expect(() => guarded({ ...selector, extra: "x" })).toThrow(/test failed/);
    expect(() => guarded(Object.values(selector))).toThrow(/test failed/);
    const args = (value: unknown) =>
      render({
        patches: [
          {
            kind: "Deployment",
            ops: [
              { op: "add", path: "/spec/template/spec/containers/0/args", value: ["a", "b"] },
              { op: "test", path: "/spec/template/spec/containers/0/args", value },
            ],
          },
        ],
      });
    expect(() => args(["a", "b"])).not.toThrow();
    expect(() => args(["b", "a"])).toThrow(/test failed/);
  });
});
