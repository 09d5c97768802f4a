import { describe, expect, it } from "vitest";
import { ModelshipValidationError, type ModelServiceProps } from "../../lib";
import { resolveModelService } from "../../lib/render";

const base = { image: "registry.example.com/ml/iris:1.0.0" };

function errorOf(props: Record<string, unknown>, name = "iris"): ModelshipValidationError {
  try {
    resolveModelService({ ...base, ...props } as unknown as ModelServiceProps, { name, path: `app/chart/${name}` });
  } catch (error) {
    expect(error).toBeInstanceOf(ModelshipValidationError);
    return error as ModelshipValidationError;
  }
  throw new Error("expected a validation error");
}

describe("ModelService validation: each message names the construct, field, value and fix", () => {
  it.each<[string, Record<string, unknown>, RegExp]>([
    [
      "negative replicas",
      { replicas: -1 },
      /^ModelService 'iris' \(at app\/chart\/iris\): 'replicas' must be an integer >= 0 \(got -1\)\. Fix: use 0 or more\.$/m,
    ],
    ["fractional replicas", { replicas: 1.5 }, /'replicas' must be an integer >= 0 \(got 1\.5\)/],
    ["replicas as text", { replicas: "two" }, /'replicas' must be an integer >= 0 \(got "two"\)/],
    [
      "':latest' image",
      { image: "bodyworkml/bodywork-core:latest" },
      /'image' uses the mutable ':latest' tag.*\(got "bodyworkml\/bodywork-core:latest"\)\. Fix: pin a version tag/,
    ],
    ["untagged image", { image: "python" }, /'image' has no tag, so it means ':latest'.*allowMutableImageTag: true/],
    ["malformed image", { image: "Not An Image" }, /'image' is not a valid image reference \(got "Not An Image"\)/],
    ["missing image", { image: undefined }, /'image' is required\. Fix: set 'image'/],
    ["misspelled field", { replica: 2 }, /'replica' is not a known field \(got 2\)\. Fix: did you mean 'replicas'\?/],
    ["misspelled nested field", { resources: { cpuLimt: 1 } }, /'resources\.cpuLimt' is not a known field.*did you mean 'cpuLimit'\?/],
    ["port and ports", { port: 5000, ports: [{ name: "http", port: 5000 }] }, /'port' conflicts with 'ports' \(got 5000\)/],
    [
      "duplicate port names",
      {
        ports: [
          { name: "http", port: 80 },
          { name: "http", port: 81 },
        ],
      },
      /'ports\[1\]\.name' is used by another port \(got "http"\)/,
    ],
    [
      "duplicate port numbers",
      {
        ports: [
          { name: "http", port: 80 },
          { name: "web", port: 80 },
        ],
      },
      /'ports\[1\]\.port' is used by another port \(got 80\)/,
    ],
    ["bad port name", { ports: [{ name: "HTTP_Port", port: 80 }] }, /'ports\[0\]\.name' is not a valid port name \(got "HTTP_Port"\)/],
    ["port out of range", { port: 70000 }, /'port' must be <= 65535 \(got 70000\)/],
    ["unknown primary port", { primaryPort: "grpc" }, /'primaryPort' is not the name of a port \(got "grpc"\)\. Fix: use one of 'http'/],
    [
      "probe on a missing port",
      { health: { readiness: { type: "http", path: "/ready", port: "admin" } } },
      /'health\.readiness\.port' is not one of the service's ports \(got "admin"\)\. Fix: use one of 'http' \(8080\)/,
    ],
    ["probe path without slash", { health: { probe: { type: "http", path: "healthz" } } }, /'health\.probe\.path' must start with '\/' \(got "healthz"\)/],
    [
      "startup budget below maxStartupSeconds",
      { health: { maxStartupSeconds: 120, startup: { type: "tcp", failureThreshold: 3 } } },
      /'health\.startup\.failureThreshold' gives a startup budget of 30s, less than maxStartupSeconds \(120s\)/,
    ],
    ["replicas with autoscaling", { replicas: 3, autoscaling: { maxReplicas: 5 } }, /'replicas' is set together with 'autoscaling'.*Fix: remove 'replicas'/],
    ["min above max replicas", { autoscaling: { minReplicas: 6, maxReplicas: 5 } }, /'autoscaling\.maxReplicas' is below minReplicas \(6\) \(got 5\)/],
    ["utilization over 100", { autoscaling: { maxReplicas: 5, cpuUtilization: 150 } }, /'autoscaling\.cpuUtilization' must be <= 100 \(got 150\)/],
    [
      "both PDB bounds",
      { replicas: 3, availability: { disruptionBudget: { minAvailable: 1, maxUnavailable: 1 } } },
      /'availability\.disruptionBudget' sets both maxUnavailable and minAvailable/,
    ],
    [
      "RWO claim with several replicas",
      { replicas: 2, persistence: true },
      /'persistence\.accessMode' is ReadWriteOnce \(the default\) but up to 2 pods would mount the claim.*Fix: use 'ReadWriteMany'/,
    ],
    [
      "model file without a volume",
      { modelFile: { path: "/data/model.pkl" } },
      /'modelFile\.claimName' is required when the service has no persistence volume/,
    ],
    [
      "model file outside the data volume",
      { persistence: true, modelFile: { path: "/models/model.pkl" } },
      /'modelFile\.path' is not under the persistence mount path '\/data' \(got "\/models\/model\.pkl"\)/,
    ],
    [
      "MODEL_FILE set twice",
      { persistence: true, modelFile: { path: "/data/m.pkl" }, env: { MODEL_FILE: "/x" } },
      /'env\.MODEL_FILE' is also set by 'modelFile'/,
    ],
    [
      "inline token",
      { env: { LAB_API_TOKEN: "eyJhbGciOi" } },
      /'env\.LAB_API_TOKEN' looks like a credential but is given inline.*\(got "<redacted>"\)\. Fix: use EnvValue\.fromSecret/,
    ],
    ["bad env name", { env: { "1BAD": "x" } }, /'env\.1BAD' is not a valid environment variable name \(got "1BAD"\)\. Fix: use letters/],
    ["secret ref without key", { env: { TOKEN: { secretKeyRef: { name: "s" } } } }, /'env\.TOKEN' has an unsupported form/],
    [
      "Bodywork's cpu_request",
      { resources: { cpu_request: 0.5 } },
      /^ModelService 'iris' \(at app\/chart\/iris\): 'resources\.cpu_request' is Bodywork's name for the CPU request, which modelship props call 'cpu' \(got 0\.5\)\. Fix: replace it with 'resources\.cpu: 0\.5' \(the same cores\); a bodywork\.yaml or bodywork\.ini keeps Bodywork's names, the Bodywork importers map them\.$/m,
    ],
    [
      "Bodywork's memory_request_mb",
      { resources: { memory_request_mb: 512 } },
      /'resources\.memory_request_mb' is Bodywork's name for the memory request in megabytes.*\(got 512\)\. Fix: replace it with 'resources\.memory: "512M"' \(the same 512 megabytes; "512Mi" would be mebibytes\)/,
    ],
    [
      "Bodywork's cpu_request of nothing",
      { resources: { cpu_request: 0 } },
      /'resources\.cpu_request' is Bodywork's name.*\(got 0\)\. Fix: replace it with 'resources\.cpu' in cores \(e\.g\. 0\.5\) or as a quantity/,
    ],
    ["memory twice", { resources: { memory: "1Gi", memoryMB: 100 } }, /'resources\.memoryMB' conflicts with 'resources\.memory' \(got 100\)/],
    [
      "memory limit below request",
      { resources: { memory: "1Gi", memoryLimit: "512Mi" } },
      /'resources\.memoryLimit' is below the memory request \(1Gi\) \(got "512Mi"\)/,
    ],
    ["cpu limit below request", { resources: { cpu: 2, cpuLimit: "500m" } }, /'resources\.cpuLimit' is below the CPU request \(got "500m"\)/],
    ["memory in millibytes", { resources: { memory: "100m" } }, /'resources\.memory' is in milli-bytes.*Fix: use 'M'/],
    [
      "zero memory (the kubelet's 'no limit')",
      { resources: { memory: "0M" } },
      /'resources\.memory' is zero, which Kubernetes reads as no memory limit at all \(got "0M"\)\. Fix: give the memory/,
    ],
    ["zero memory limit", { resources: { memoryLimit: "0" } }, /'resources\.memoryLimit' is zero, which Kubernetes reads as no memory limit at all/],
    ["negative cpu", { resources: { cpu: -1 } }, /'resources\.cpu' must be at least 0\.001 cores \(1m\) \(got -1\)\. Fix: use e\.g\. 0\.25 or '250m'\./],
    ["existing SA without name", { serviceAccount: { create: false } }, /'serviceAccount\.name' is required when serviceAccount\.create is false/],
    ["bad namespace", { namespace: "ML_Team" }, /'namespace' is not a DNS-1123 name \(got "ML_Team"\)/],
    ["cpu that rounds to zero", { resources: { cpu: 0.00001 } }, /'resources\.cpu' must be at least 0\.001 cores \(1m\) \(got 0\.00001\)/],
    ["absurd cpu", { resources: { cpu: 1e30 } }, /'resources\.cpu' must be at most 1000000 cores/],
    ["replicas over int32", { replicas: 1e10 }, /'replicas' must be at most 2147483647 \(got 10000000000\)/],
    ["probe period over int32", { health: { probe: { type: "tcp", periodSeconds: 1e12 } } }, /'health\.probe\.periodSeconds' must be at most 2147483647/],
    ["HPA max over int32", { autoscaling: { maxReplicas: 1e12 } }, /'autoscaling\.maxReplicas' must be at most 2147483647/],
    ["infinite port", { port: Infinity }, /'port' must be .*\(got Infinity\)/],
    [
      "selector label overridden",
      { labels: { "app.kubernetes.io/name": "other" } },
      /'labels\.app\.kubernetes\.io\/name' would replace the selector label.*\(got "other"\)\. Fix: remove it/,
    ],
    ["bad annotation key", { podAnnotations: { "bad key!": "x" } }, /'podAnnotations\.bad key!' is not a valid annotation key/],
    ["bad GPU node selector", { gpu: { count: 1, nodeSelector: { "k 8s": "a" } } }, /'gpu\.nodeSelector\.k 8s' is not a valid label key/],
    [
      "bad model env var",
      { persistence: true, modelFile: { path: "/data/m.pkl", envVar: "1x" } },
      /'modelFile\.envVar' is not a valid environment variable name \(got "1x"\)\. Fix:/,
    ],
    [
      "TCP probe on a UDP port",
      {
        ports: [
          { name: "http", port: 8080 },
          { name: "stats", port: 8125, protocol: "UDP" },
        ],
        health: { readiness: { type: "tcp", port: "stats" } },
      },
      /'health\.readiness\.port' targets 'stats', a UDP port, but tcp probes connect over TCP/,
    ],
    [
      "default probe on a UDP primary port",
      { ports: [{ name: "stats", port: 8125, protocol: "UDP" }] },
      /'health\.probe\.port' targets 'stats', a UDP port.*Fix: probe a TCP port, or use an exec probe/,
    ],
    [
      "two volumes at /tmp",
      { claimMounts: [{ claimName: "c", mountPath: "/tmp" }] },
      /'claimMounts\[0\]\.mountPath' mounts a volume at '\/tmp', which 'security\.tmpVolume' already uses/,
    ],
    [
      "model claim over the data volume",
      { persistence: true, modelFile: { path: "/data/m.pkl", claimName: "models" } },
      /'modelFile\.path' mounts a volume at '\/data', which 'persistence\.mountPath' already uses/,
    ],
    [
      "model claim over the root",
      { modelFile: { path: "/m.pkl", claimName: "x" } },
      /'modelFile\.path' would mount a volume over '\/', hiding the image's own files \(got "\/m\.pkl"\)\. Fix: put the model in a directory of its own/,
    ],
    [
      "bad JSON pointer in a patch",
      { patches: [{ kind: "Deployment", ops: [{ op: "add", path: "spec/x", value: 1 }] }] },
      /'patches\[0\]\.ops\[0\]\.path' is not a JSON pointer/,
    ],
  ])("%s", (_label, props, expected) => {
    expect(errorOf(props).message).toMatch(expected);
  });

  it("names the construct id when the name comes from it", () => {
    expect(errorOf({}, "Iris_Scoring").message).toMatch(
      /^ModelService 'Iris_Scoring' \(at app\/chart\/Iris_Scoring\): 'name' is not a valid Service name \(taken from the construct id\) \(got "Iris_Scoring"\)\. Fix: set 'name'/,
    );
  });

  it("reports every problem at once, one line each", () => {
    const error = errorOf({ replicas: -1, port: 0, image: "x:latest" });
    expect(error.issues.map((issue) => issue.field).sort()).toEqual(["port", "replicas"]);
    expect(error.message.split("\n")).toHaveLength(2);
  });

  it("allows a mutable tag only when explicitly asked", () => {
    expect(() => resolveModelService({ image: "python:latest", allowMutableImageTag: true }, { name: "x" })).not.toThrow();
  });

  it("allows a non-secret value whose name looks secret only when switched off", () => {
    expect(() => resolveModelService({ ...base, env: { TOKENIZER: "bert" }, security: { rejectInlineSecrets: false } }, { name: "x" })).not.toThrow();
  });
});

describe("resolveModelService defaults", () => {
  const spec = resolveModelService(base, { name: "iris" });

  it("resolves documented defaults", () => {
    expect(spec.ports).toEqual([{ name: "http", port: 8080, protocol: "TCP" }]);
    expect(spec.replicas).toBe(1);
    expect(spec.health.maxStartupSeconds).toBe(60);
    expect(spec.workload.security).toMatchObject({ runAsNonRoot: true, readOnlyRootFilesystem: true, tmpVolume: true, automountServiceAccountToken: false });
    expect(spec.workload.serviceAccount).toEqual({ name: "iris", create: true });
  });

  it("gives the in-cluster host and URL of the primary port: the FQDN in a namespace, the bare name without", () => {
    const ports = [
      { name: "metrics", port: 9090 },
      { name: "http", port: 5000 },
    ];
    expect(resolveModelService({ ...base, namespace: "ml", ports, primaryPort: "http" }, { name: "iris" })).toMatchObject({
      host: "iris.ml.svc.cluster.local",
      url: "http://iris.ml.svc.cluster.local:5000",
    });
    expect(resolveModelService({ ...base, port: 5000 }, { name: "iris" })).toMatchObject({ host: "iris", url: "http://iris:5000" });
  });

  it("prefers the name prop over the construct id", () => {
    expect(resolveModelService({ ...base, name: "scoring" }, { name: "Construct" }).name).toBe("scoring");
  });

  it("turns Bodywork's single port into a port named http", () => {
    expect(resolveModelService({ ...base, port: 5000 }, { name: "x" }).primaryPort).toEqual({ name: "http", port: 5000, protocol: "TCP" });
  });
});

describe("ModelService label values", () => {
  it.each<[string, Record<string, unknown>, RegExp]>([
    ["partOf with spaces", { partOf: "Bad Value!" }, /'partOf' is not a valid label value \(got "Bad Value!"\)/],
    ["extra label value ending in '-'", { labels: { team: "vision-" } }, /'labels\.team' is not a valid label value \(got "vision-"\)/],
  ])("%s", (_label, props, expected) => {
    expect(errorOf(props).message).toMatch(expected);
  });
});

describe("availability with autoscaling", () => {
  it("adds the PDB and spread when the HPA may scale out, even from one replica", () => {
    const spec = resolveModelService({ ...base, autoscaling: { minReplicas: 1, maxReplicas: 4 } }, { name: "iris" });
    expect(spec.disruptionBudget).toEqual({ maxUnavailable: 1, unhealthyPodEvictionPolicy: "AlwaysAllow" });
    expect(spec.topologySpread).toBe(true);
    const single = resolveModelService({ ...base, autoscaling: { minReplicas: 1, maxReplicas: 1 } }, { name: "iris" });
    expect(single.disruptionBudget).toBeUndefined();
    expect(single.topologySpread).toBe(false);
  });
});

describe("messages for odd values", () => {
  it("names the props themselves when they are not an object", () => {
    expect(() => resolveModelService(null as never, { name: "x" })).toThrow(
      "ModelService 'x': props must be an object (got null). Fix: set the props to an object.",
    );
  });
});
