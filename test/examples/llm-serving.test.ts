import { isDeepStrictEqual } from "node:util";
import { Testing } from "cdk8s";
import { describe, expect, it } from "vitest";
import { llmServingChart } from "../../examples/llm-serving/cdk8s";
import { llmServing } from "../../examples/llm-serving/props";
import { inventory } from "../support/inventory";
import { ENVOY_PROXY_PEER } from "../support/lab-fixtures";

// What examples/llm-serving/README.md and props.ts promise, object by object (values as
// docs/model-service.md gives the vLLM preset's and docs/lab-project.md the project's); the
// inventory snapshot lists every object and policy finding, examples.test.ts checks schemas.

type Obj = Record<string, any>;

const service = llmServing.services![0] as Obj;
const STABLE_MODEL = service.model.reference as string;
const CANARY_MODEL = service.canary.model.reference as string;
const SERVED_MODEL = service.runtime.servedModelName as string;
/** vLLM's port (docs/model-service.md, "Runtime presets"), where it serves the API, /health and /metrics. */
const VLLM_PORT = 8000;
/** The deployer's verbs on what it manages (docs/lab-project.md, "RBAC"). */
const MANAGE = ["get", "list", "watch", "create", "update", "patch", "delete"];

describe("example llm-serving: vLLM on a GPU behind a LabProject route, with KEDA and a 10% canary", () => {
  const objects = Testing.synth(llmServingChart(Testing.app())) as Obj[];
  const all = (kind: string) => objects.filter((o) => o.kind === kind);
  const find = (kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name) as Obj;
  const deployment = (name: string) => find("Deployment", name);
  const pod = (name: string) => deployment(name).spec.template.spec;
  const container = (name: string) => pod(name).containers[0];
  const env = (name: string) => Object.fromEntries((container(name).env ?? []).map((e: Obj) => [e.name, e.value ?? e.valueFrom]));
  /** Whether a NetworkPolicy's podSelector picks the pods of a Deployment. */
  const selects = (policy: Obj, name: string) =>
    Object.entries(policy.spec.podSelector.matchLabels ?? {}).every(([k, v]) => deployment(name).spec.template.metadata.labels[k] === v);

  it("lists its objects and policy findings", async () => {
    await expect(inventory(objects)).toMatchFileSnapshot("__snapshots__/llm-serving.objects.txt");
    expect(objects.filter((o) => o.kind !== "Namespace").every((o) => o.metadata.namespace === "llm")).toBe(true);
  });

  it("project llm: a restricted namespace with the GPU and memory quota, no LimitRange, the token by reference only", () => {
    expect(find("Namespace", "llm").metadata.labels).toMatchObject({
      "pod-security.kubernetes.io/enforce": "restricted",
      "pod-security.kubernetes.io/warn": "restricted",
    });
    expect(find("ResourceQuota", "llm").spec.hard).toEqual({ "requests.nvidia.com/gpu": "5", "requests.memory": "192Gi", "limits.memory": "192Gi" });
    expect(all("LimitRange")).toEqual([]);
    // the Secret llm-token exists in the cluster (README); nothing renders it, and labEnv: false keeps it out of vLLM's env
    expect(all("Secret")).toEqual([]);
    expect(all("ExternalSecret")).toEqual([]);
    for (const name of ["llm", "llm-canary"]) expect(Object.keys(env(name)).some((k) => k.startsWith("LAB_"))).toBe(false);
  });

  it("runs `vllm serve /models --port=8000` as UID 1000 under the restricted security context, stable and canary serving the same model name", () => {
    for (const name of ["llm", "llm-canary"]) {
      const c = container(name);
      expect(c.image).toBe("vllm/vllm-openai:v0.11.0");
      expect([...c.command, ...c.args]).toEqual(["vllm", "serve", "/models", `--port=${VLLM_PORT}`, `--served-model-name=${SERVED_MODEL}`]);
      expect(c.ports).toEqual([{ name: "http", containerPort: VLLM_PORT, protocol: "TCP" }]);
      expect(env(name)).toMatchObject({ USER: "vllm", MODEL_DIR: "/models" });
      expect(pod(name).securityContext).toEqual({ runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, seccompProfile: { type: "RuntimeDefault" } });
      expect(c.securityContext).toEqual({ allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] }, readOnlyRootFilesystem: true });
      expect([pod(name).serviceAccountName, pod(name).automountServiceAccountToken]).toEqual(["llm", false]);
    }
  });

  it("asks for one GPU (request = limit) on an NVIDIA L4 node with runtimeClassName nvidia, tolerating the GPU taint", () => {
    for (const name of ["llm", "llm-canary"]) {
      expect(container(name).resources).toEqual({
        requests: { cpu: "4", memory: "32Gi", "nvidia.com/gpu": "1" },
        limits: { memory: "32Gi", "nvidia.com/gpu": "1" },
      });
      expect(pod(name).runtimeClassName).toBe("nvidia");
      expect(pod(name).nodeSelector).toEqual(service.gpu.nodeSelector);
      expect(pod(name).tolerations).toEqual([{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }]);
    }
  });

  it("mounts the weights as an OCI image volume pinned by digest, read-only at /models, and a 2Gi in-memory /dev/shm", () => {
    for (const [name, reference] of [
      ["llm", STABLE_MODEL],
      ["llm-canary", CANARY_MODEL],
    ]) {
      expect(reference).toMatch(/@sha256:[0-9a-f]{64}$/);
      const volumes = Object.fromEntries(pod(name).volumes.map((v: Obj) => [v.name, v]));
      const mounts = Object.fromEntries(container(name).volumeMounts.map((m: Obj) => [m.mountPath, m]));
      expect(volumes[mounts["/models"].name]).toEqual({ name: mounts["/models"].name, image: { reference } });
      expect(mounts["/models"].readOnly).toBe(true);
      expect(volumes[mounts["/dev/shm"].name].emptyDir).toEqual({ medium: "Memory", sizeLimit: "2Gi" });
      // no download: no init container fetches the model
      expect(pod(name).initContainers).toBeUndefined();
    }
  });

  it("probes vLLM's /health: 1200 s to start, readiness quick to drop a pod, liveness more lenient before a restart", () => {
    for (const name of ["llm", "llm-canary"]) {
      const { startupProbe, readinessProbe, livenessProbe } = container(name);
      for (const probe of [startupProbe, readinessProbe, livenessProbe]) expect(probe.httpGet).toEqual({ path: "/health", port: "http" });
      expect(startupProbe.periodSeconds * startupProbe.failureThreshold).toBe(1200);
      expect(readinessProbe).toMatchObject({ periodSeconds: 10, timeoutSeconds: 2, failureThreshold: 3 });
      expect(livenessProbe).toMatchObject({ periodSeconds: 20, timeoutSeconds: 10, failureThreshold: 6 });
      expect(livenessProbe.timeoutSeconds).toBeGreaterThan(readinessProbe.timeoutSeconds);
      expect(livenessProbe.periodSeconds * livenessProbe.failureThreshold).toBeGreaterThan(readinessProbe.periodSeconds * readinessProbe.failureThreshold);
    }
  });

  it("drains for 10 s before stopping, with a 130 s grace period, and rolls out one pod at a time without a surge pod", () => {
    for (const name of ["llm", "llm-canary"]) {
      expect(container(name).lifecycle).toEqual({ preStop: { sleep: { seconds: 10 } } });
      expect(pod(name).terminationGracePeriodSeconds).toBe(130);
      expect(deployment(name).spec.strategy).toEqual({ type: "RollingUpdate", rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } });
    }
  });

  it("scales the stable Deployment with KEDA between 1 and 4 replicas on the waiting-requests query, with no HPA; PDB and spread for the 4", () => {
    const keda = service.keda;
    const scaled = all("ScaledObject");
    expect(scaled.map((s) => s.metadata.name)).toEqual(["llm"]);
    expect(scaled[0].spec).toEqual({
      scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "llm" },
      minReplicaCount: keda.minReplicaCount,
      maxReplicaCount: keda.maxReplicaCount,
      // KEDA's trigger metadata is a map of strings
      triggers: keda.prometheus.map((p: Obj) => ({
        type: "prometheus",
        metadata: { serverAddress: p.serverAddress, query: p.query, threshold: String(p.threshold) },
      })),
    });
    expect([keda.minReplicaCount, keda.maxReplicaCount, keda.prometheus[0].threshold]).toEqual([1, 4, 5]);
    // the query counts stable pods (llm-<hash>-<id>) and not the canary's (llm-canary-<hash>-<id>); PromQL anchors =~
    const podPattern = new RegExp(`^${/pod=~"([^"]+)"/.exec(keda.prometheus[0].query)![1]}$`);
    expect(["llm-5d8f7c9b4-x2k9p", "llm-canary-6c9d8b7f5-q4m2z"].map((p) => podPattern.test(p))).toEqual([true, false]);
    expect(keda.prometheus[0].query).toContain("vllm:num_requests_waiting");
    expect(all("HorizontalPodAutoscaler")).toEqual([]);
    // KEDA owns the replica count; the canary keeps its own single replica
    expect(deployment("llm").spec.replicas).toBeUndefined();
    expect(deployment("llm-canary").spec.replicas).toBe(1);
    expect(all("PodDisruptionBudget").map((p) => [p.metadata.name, p.spec.maxUnavailable, p.spec.selector])).toEqual([
      ["llm", 1, deployment("llm").spec.selector],
    ]);
    expect(pod("llm").topologySpreadConstraints.map((t: Obj) => t.topologyKey)).toEqual(["kubernetes.io/hostname", "topology.kubernetes.io/zone"]);
    expect(pod("llm-canary").topologySpreadConstraints).toBeUndefined();
  });

  it("serves https://llm.example.com/api/projects/llm/services/llm/8000/ rewritten to /, 90% stable and 10% canary, behind one token check", () => {
    const routes = all("HTTPRoute");
    expect(routes.map((r) => r.metadata.name)).toEqual(["llm"]);
    const route = routes[0];
    expect(route.spec.parentRefs).toEqual([{ group: "gateway.networking.k8s.io", kind: "Gateway", ...llmServing.ingress!.gateway }]);
    expect(route.spec.hostnames).toEqual(llmServing.ingress!.hostnames);
    expect(route.spec.rules).toHaveLength(1);
    const [rule] = route.spec.rules;
    expect(rule.matches).toEqual([{ path: { type: "PathPrefix", value: `/api/projects/llm/services/llm/${VLLM_PORT}` } }]);
    expect(rule.filters).toEqual([{ type: "URLRewrite", urlRewrite: { path: { type: "ReplacePrefixMatch", replacePrefixMatch: "/" } } }]);
    const weight = service.canary.weight;
    expect(rule.backendRefs).toEqual([
      { group: "", kind: "Service", name: "llm", port: VLLM_PORT, weight: 100 - weight },
      { group: "", kind: "Service", name: "llm-canary", port: VLLM_PORT, weight },
    ]);
    expect(weight).toBe(10);
    // the SecurityPolicy covers the route, so both backends: apiKeyAuth against llm-token, token removed before vLLM
    expect(all("SecurityPolicy").map((p) => p.metadata.name)).toEqual(["llm-auth"]);
    expect(find("SecurityPolicy", "llm-auth").spec).toEqual({
      targetRefs: [{ group: "gateway.networking.k8s.io", kind: "HTTPRoute", name: "llm" }],
      apiKeyAuth: {
        credentialRefs: [{ group: "", kind: "Secret", name: "llm-token" }],
        extractFrom: [{ params: ["lab_token"] }, { headers: ["authorization"] }, { cookies: ["lab_access_token"] }],
        sanitize: true,
      },
    });
    // the check is applied before the route (Argo CD sync waves)
    const wave = (o: Obj) => o.metadata.annotations["argocd.argoproj.io/sync-wave"];
    expect([wave(find("SecurityPolicy", "llm-auth")), wave(route)]).toEqual(["1", "2"]);
  });

  it("gives the canary its own Deployment and Service on the fine-tuned model; the stable Service reaches stable pods only", () => {
    for (const name of ["llm", "llm-canary"]) {
      const svc = find("Service", name);
      expect(svc.spec.selector).toEqual(deployment(name).spec.selector.matchLabels);
      expect(svc.spec.ports).toEqual([{ name: "http", port: VLLM_PORT, targetPort: "http", protocol: "TCP", appProtocol: "http" }]);
    }
    const stableSelector = find("Service", "llm").spec.selector as Obj;
    expect(Object.entries(stableSelector).every(([k, v]) => deployment("llm-canary").spec.template.metadata.labels[k] === v)).toBe(false);
    expect(pod("llm-canary").volumes.find((v: Obj) => v.image).image.reference).toBe(CANARY_MODEL);
    expect(CANARY_MODEL).not.toBe(STABLE_MODEL);
  });

  it("admits the gateway's proxies and the Prometheus pods in monitoring on port 8000 to stable and canary pods, over default deny", () => {
    expect(find("NetworkPolicy", "default-deny").spec).toEqual({ podSelector: {}, policyTypes: ["Ingress", "Egress"] });
    const proxy = ENVOY_PROXY_PEER;
    const scraper = (llmServing.networkPolicy as Obj).metricsScraper;
    const prometheus = {
      namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": scraper.namespace } },
      podSelector: { matchLabels: scraper.podLabels },
    };
    const admitting = (name: string, peer: Obj) =>
      all("NetworkPolicy")
        .filter((p) => selects(p, name) && p.spec.ingress?.some((i: Obj) => i.from.some((f: Obj) => isDeepStrictEqual(f, peer))))
        .map((p) => [p.metadata.name, p.spec.ingress]);
    for (const name of ["llm", "llm-canary"]) {
      expect(admitting(name, proxy)).toEqual([[`allow-proxy-${name}`, [{ from: [proxy], ports: [{ protocol: "TCP", port: VLLM_PORT }] }]]]);
      expect(admitting(name, prometheus)).toEqual([[`allow-metrics-${name}`, [{ from: [prometheus], ports: [{ protocol: "TCP", port: VLLM_PORT }] }]]]);
    }
  });

  it("has Prometheus scrape /metrics every 15 s through ServiceMonitors labelled for kube-prometheus-stack, not pod annotations", () => {
    expect(all("ServiceMonitor").map((m) => m.metadata.name)).toEqual(["llm", "llm-canary"]);
    for (const name of ["llm", "llm-canary"]) {
      const monitor = find("ServiceMonitor", name);
      expect(monitor.metadata.labels.release).toBe("kube-prometheus-stack");
      expect(monitor.spec).toEqual({
        selector: { matchLabels: find("Service", name).spec.selector },
        endpoints: [{ port: "http", path: "/metrics", interval: "15s" }],
      });
      expect(Object.entries(find("Service", name).metadata.labels)).toEqual(expect.arrayContaining(Object.entries(monitor.spec.selector.matchLabels)));
      expect(deployment(name).spec.template.metadata.annotations).toBeUndefined();
    }
  });

  it("gives the deployer exactly the kinds the project renders in its namespace, and read access to follow a rollout", () => {
    // what the deployer must not change (docs/lab-project.md, "RBAC")
    const guardRails = new Set(["Namespace", "ResourceQuota", "LimitRange", "NetworkPolicy", "Role", "RoleBinding", "ExternalSecret", "Secret"]);
    const PLURAL: Record<string, string> = {
      ServiceAccount: "serviceaccounts",
      Service: "services",
      Deployment: "deployments",
      PodDisruptionBudget: "poddisruptionbudgets",
      ScaledObject: "scaledobjects",
      ServiceMonitor: "servicemonitors",
      SecurityPolicy: "securitypolicies",
      HTTPRoute: "httproutes",
    };
    const rendered = new Set(
      objects
        .filter((o) => !guardRails.has(o.kind))
        .map((o) => {
          expect(PLURAL[o.kind], o.kind).toBeDefined();
          return `${o.apiVersion.includes("/") ? o.apiVersion.split("/")[0] : ""}/${PLURAL[o.kind]}`;
        }),
    );
    const rules = find("Role", "deployer").rules as Obj[];
    const granted = (verbs: string[]) =>
      rules
        .filter((r) => isDeepStrictEqual(r.verbs, verbs))
        .flatMap((r) => r.apiGroups.flatMap((g: string) => r.resources.map((res: string) => `${g}/${res}`)));
    expect(new Set(granted(MANAGE))).toEqual(rendered);
    expect([...rendered].sort()).toEqual([
      "/serviceaccounts",
      "/services",
      "apps/deployments",
      "gateway.envoyproxy.io/securitypolicies",
      "gateway.networking.k8s.io/httproutes",
      "keda.sh/scaledobjects",
      "monitoring.coreos.com/servicemonitors",
      "policy/poddisruptionbudgets",
    ]);
    expect(granted(["get", "list", "watch"]).sort()).toEqual(["/events", "/pods", "/pods/log", "apps/replicasets"]);
    expect(granted(MANAGE).length + granted(["get", "list", "watch"]).length).toBe(rules.flatMap((r) => r.resources).length);
    expect(all("ClusterRole")).toEqual([]);
    expect(find("RoleBinding", "deployer")).toMatchObject({
      roleRef: { kind: "Role", name: "deployer" },
      subjects: [{ kind: "ServiceAccount", name: "deployer", namespace: "llm" }],
    });
    expect(find("ServiceAccount", "deployer").automountServiceAccountToken).toBe(false);
  });
});
