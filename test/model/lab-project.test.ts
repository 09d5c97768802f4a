import { describe, expect, it } from "vitest";
import { ModelshipValidationError } from "../../lib/model/errors";
import { defaultLabPort, LabGrant, labServicePath, resolveLabProject, type LabProjectProps } from "../../lib/model/lab";
import { LabTemplates } from "../../lib/model/lab";
import { renderLabProject } from "../../lib/render/lab-project";
import { demoProject, ingressFor } from "../support/lab-fixtures";

function errorOf(props: LabProjectProps): ModelshipValidationError {
  try {
    resolveLabProject(props, { name: "demo" });
  } catch (error) {
    if (error instanceof ModelshipValidationError) return error;
    throw error;
  }
  throw new Error("expected a validation error");
}
const api = { name: "api", image: "registry.example.com/api:1.0.0", port: 8080, exposed: true };

describe("resolveLabProject defaults", () => {
  it("names the namespace and token Secret after the project", () => {
    const spec = resolveLabProject({ services: [] }, { name: "churn" });
    expect(spec).toMatchObject({
      name: "churn",
      namespace: "churn",
      environment: "interactive",
      token: { secretName: "churn-token", key: "token" },
      podSecurity: "restricted",
      createNamespace: true,
    });
    expect(spec.deployer).toEqual({ name: "deployer", subjects: [] });
    expect(spec.ingress).toBeUndefined();
  });

  it("exposes services with ports, with auth and path stripping by default", () => {
    const spec = resolveLabProject(demoProject(), { name: "demo" });
    const scoring = spec.services.find((s) => s.name === "scoring")!;
    expect(scoring.exposedPorts.map((p) => p.port)).toEqual([8080, 9090]);
    expect(scoring.requiresAuthentication).toBe(true);
    expect(scoring.preserveBasePath).toBe(false);
    expect(scoring.paths).toEqual({ 8080: "/api/projects/demo/services/scoring/8080/", 9090: "/api/projects/demo/services/scoring/9090/" });
    expect(spec.services.find((s) => s.name === "redis")!.exposedPorts).toEqual([]);
    expect(spec.ingress).toMatchObject({ provider: "gateway-api", proxyNamespace: "envoy-gateway-system" });
  });

  it("keeps services with ports internal unless they say exposed: true (Orchest's default)", () => {
    const spec = resolveLabProject(
      { name: "demo", services: [{ name: "api", image: "registry.example.com/api:1.0.0", ports: [{ name: "http", port: 8080 }] }] },
      { name: "demo" },
    );
    expect(spec.services[0].exposedPorts).toEqual([]);
    expect(spec.ingress).toBeUndefined();
    const exposed = resolveLabProject(
      { name: "demo", ingress: ingressFor("gateway-api"), services: [{ name: "api", image: "registry.example.com/api:1.0.0", port: 8080, exposed: true }] },
      { name: "demo" },
    );
    expect(exposed.services[0].exposedPorts.map((p) => p.port)).toEqual([8080]);
    expect(LabTemplates.tensorboard().exposed).toBe(true);
    expect(LabTemplates.codeRunner("/x").exposed).toBe(true);
  });

  it("connects to 8080 when the service has it (ML Lab), else to the first port", () => {
    const spec = resolveLabProject(
      {
        name: "demo",
        ingress: ingressFor("gateway-api"),
        services: [
          {
            name: "a",
            image: "registry.example.com/a:1.0",
            ports: [
              { name: "metrics", port: 9090 },
              { name: "web", port: 8080 },
            ],
            exposed: true,
          },
          {
            name: "b",
            image: "registry.example.com/b:1.0",
            ports: [
              { name: "x", port: 7000 },
              { name: "y", port: 7001 },
            ],
          },
        ],
      },
      { name: "demo" },
    );
    expect(spec.services[0].service.primaryPort.port).toBe(8080);
    expect(spec.services[0].service.workload.env).toContainEqual(["LAB_SERVICE_PATH", "/api/projects/demo/services/a/8080/"]);
    expect(spec.services[1].service.primaryPort.port).toBe(7000);
  });

  it("gives a service the base path of a port that is routed, or none (LAB_SERVICE_PATH, basePathEnv, path)", () => {
    const a = {
      name: "a",
      image: "registry.example.com/a:1.0",
      ports: [
        { name: "http", port: 8080 },
        { name: "metrics", port: 9090 },
      ],
      basePathEnv: "BASE_PATH",
    };
    const spec = resolveLabProject(
      {
        name: "demo",
        ingress: ingressFor("gateway-api"),
        services: [
          { ...a, exposed: true, exposedPorts: ["metrics"] },
          { ...a, name: "b", exposed: true },
          { ...a, name: "c", exposed: false },
        ],
      },
      { name: "demo" },
    );
    const env = (i: number) => Object.fromEntries(spec.services[i].service.workload.env.map(([k, v]) => [k, v]));
    // Only 9090 is routed: the base path is 9090's, although the primary port is 8080.
    expect(spec.services[0].service.primaryPort.port).toBe(8080);
    expect(spec.services[0].path).toBe("/api/projects/demo/services/a/9090/");
    expect(env(0)).toMatchObject({ LAB_SERVICE_PATH: "/api/projects/demo/services/a/9090/", BASE_PATH: "/api/projects/demo/services/a/9090/" });
    const route = renderLabProject(spec, { name: "demo" }).find((o) => o.kind === "HTTPRoute" && o.metadata.name === "a") as any;
    expect(route.spec.rules.map((r: any) => r.matches[0].path.value)).toEqual(["/api/projects/demo/services/a/9090"]);
    // Both routed: the primary port's.
    expect(spec.services[1].path).toBe("/api/projects/demo/services/b/8080/");
    expect(env(1).LAB_SERVICE_PATH).toBe("/api/projects/demo/services/b/8080/");
    // Not routed: no path, no LAB_SERVICE_PATH, no basePathEnv; the other LAB_* stay.
    expect(spec.services[2].path).toBeUndefined();
    expect(env(2)).not.toHaveProperty("LAB_SERVICE_PATH");
    expect(env(2)).not.toHaveProperty("BASE_PATH");
    expect(env(2)).toHaveProperty("LAB_PROJECT", "demo");
  });

  it("has Orchest's default ports table", () => {
    expect(defaultLabPort("redis:7.4.2")).toBe(6379);
    expect(defaultLabPort("bitnami/postgresql:16.4.0")).toBe(5432);
    expect(defaultLabPort("ghcr.io/mlflow/mlflow:v2.16.2")).toBe(5000);
    expect(defaultLabPort("registry.example.com/voila:1.0")).toBe(8866);
    expect(defaultLabPort("registry.example.com/app:1.0", "tensorboard")).toBe(6006);
    expect(defaultLabPort("registry.example.com/app:1.0")).toBe(8080);
    expect(labServicePath("p", "s", 8080)).toBe("/api/projects/p/services/s/8080/");
  });

  it("templates are one-liners with Orchest's ports and binds", () => {
    expect(LabTemplates.tensorboard()).toMatchObject({ name: "tensorboard", ports: [{ port: 6006 }], binds: { "/data": "/data" } });
    expect(LabTemplates.streamlit("registry.example.com/st:1.0")).toMatchObject({
      ports: [{ port: 8501 }],
      preserveBasePath: true,
      basePathEnv: "STREAMLIT_SERVER_BASE_URL_PATH",
      binds: { "/project-dir": "/project-dir" },
    });
    expect(LabTemplates.vscode()).toMatchObject({ ports: [{ port: 8080 }], binds: { "/project-dir": "/home/coder/code-server" } });
    expect(LabTemplates.redis()).toMatchObject({ ports: [{ port: 6379 }], exposed: false });
    expect(LabTemplates.codeRunner("/workspace/ml-service")).toMatchObject({
      ports: [{ port: 8091 }],
      env: { EXECUTE_CODE: "/workspace/ml-service" },
      persistence: true,
    });
    expect(LabTemplates.tensorboard({ name: "tb", resources: { memory: "2Gi" } })).toMatchObject({
      name: "tb",
      resources: { memory: "2Gi" },
      ports: [{ port: 6006 }],
    });
    expect(LabGrant.readConfigMaps("a")).toEqual({ resources: ["configmaps"], verbs: ["get"], resourceNames: ["a"] });
  });
});

describe("resolveLabProject errors", () => {
  it("refuses a service that would run as the deployer's ServiceAccount, also with the default deployer", () => {
    const ingress = ingressFor("gateway-api");
    const named = { ...api, name: "deployer" };
    for (const deployer of [undefined, {}]) {
      expect(errorOf({ name: "demo", ingress, deployer, services: [named] }).message).toContain(
        "'services[0].name' is the name of the deployer's ServiceAccount (deployer.name defaults to 'deployer')",
      );
    }
    for (const deployer of [undefined, {}, { name: "deployer" }]) {
      expect(errorOf({ name: "demo", ingress, deployer, services: [{ ...api, serviceAccount: { name: "deployer" } }] }).message).toContain(
        "'services[0].serviceAccount.name' is the deployer's ServiceAccount",
      );
    }
    for (const name of ["deployer", "ci"])
      expect(errorOf({ name: "demo", ingress, deployer: { name }, services: [{ ...named, name }] }).message).toContain(
        "'deployer.name' is also the name of a service",
      );
    // Without a deployer, or with another name, a service may be called 'deployer'.
    for (const deployer of [false as const, { name: "ci" }])
      expect(resolveLabProject({ name: "demo", ingress, deployer, services: [named] }, { name: "demo" }).services[0].name).toBe("deployer");
  });

  it("refuses a limitRange the API server refuses: defaultRequest <= default <= max per resource, default = max when only max is given", () => {
    const bad: Array<[Record<string, unknown>, string]> = [
      [
        { defaultMemoryRequest: "1Gi", defaultMemoryLimit: "512Mi" },
        "'limitRange.defaultMemoryRequest' (1Gi) is greater than the default memory limit (512Mi)",
      ],
      [{ maxMemory: "128Mi" }, "'limitRange.maxMemory' (128Mi) is less than the default memory limit (256Mi)"],
      [{ defaultMemoryLimit: "2Gi", maxMemory: "1Gi" }, "'limitRange.maxMemory' (1Gi) is less than the default memory limit (2Gi)"],
      [{ defaultCpuRequest: "2", maxCpu: "1" }, "'limitRange.maxCpu' (1) is less than the default CPU request (2)"],
      [{ maxCpu: 0.05 }, "'limitRange.maxCpu' (0.05) is less than the default CPU request (100m)"],
    ];
    for (const [limitRange, message] of bad) expect(errorOf({ name: "demo", limitRange }).message, JSON.stringify(limitRange)).toContain(message);
    for (const limitRange of [
      true,
      { maxMemory: "256Mi", maxCpu: "100m" },
      { defaultMemoryRequest: "1G", defaultMemoryLimit: "1Gi", maxMemory: "1Gi" },
      { defaultCpuRequest: 0.5, maxCpu: "500m" },
    ]) {
      expect(resolveLabProject({ name: "demo", limitRange }, { name: "demo" }).limitRange, JSON.stringify(limitRange)).toBeDefined();
    }
  });

  it("requires a gateway when something is exposed", () => {
    const error = errorOf({ name: "demo", services: [api] });
    expect(error.message).toContain("LabProject 'demo': 'ingress.gateway' is required by the 'gateway-api' provider");
  });

  it("rejects settings of another provider and missing provider settings", () => {
    expect(
      errorOf({ name: "demo", services: [api], ingress: { ...ingressFor("gateway-api"), istio: { issuer: "x", jwksUri: "https://x/jwks" } } }).message,
    ).toContain("'ingress.istio' is set but the provider is 'gateway-api'");
    expect(errorOf({ name: "demo", services: [api], ingress: { provider: "istio", gateway: { name: "g", namespace: "n" } } }).message).toContain(
      "'ingress.istio' is required by the 'istio' provider",
    );
    expect(
      errorOf({ name: "demo", services: [api], ingress: { provider: "istio", gateway: { name: "g", namespace: "n" }, istio: { issuer: "x" } } }).message,
    ).toContain("'ingress.istio.jwksUri' must be given, or 'jwks'");
    expect(errorOf({ name: "demo", services: [api], ingress: { provider: "ext-auth", gateway: { name: "g", namespace: "n" } } }).message).toContain(
      "'ingress.extAuth' is required",
    );
    expect(errorOf({ name: "demo", services: [api], ingress: { provider: "ingress-nginx" } }).message).toContain("'ingress.ingressNginx' is required");
  });

  it("rejects exposing a port the service does not have", () => {
    const error = errorOf({ name: "demo", ingress: ingressFor("gateway-api"), services: [{ ...api, exposedPorts: [9999, "metrics"] }] });
    expect(error.issues.map((i) => i.field)).toEqual(["services[0].exposedPorts[0]", "services[0].exposedPorts[1]"]);
    expect(error.message).toContain("'services[0].exposedPorts[0]' is not a port of the service (got 9999). Fix: use one of 'http' (8080)");
  });

  it("rejects exposing UDP ports through HTTP routes", () => {
    const dns = {
      name: "dns",
      image: "registry.example.com/dns:1.0.0",
      exposed: true,
      ports: [
        { name: "http", port: 8080 },
        { name: "dns", port: 53, protocol: "UDP" as const },
      ],
    };
    expect(errorOf({ name: "demo", ingress: ingressFor("gateway-api"), services: [dns] }).issues.map((i) => i.field)).toEqual(["services[0].exposedPorts"]);
    expect(errorOf({ name: "demo", ingress: ingressFor("gateway-api"), services: [{ ...dns, exposedPorts: ["dns"] }] }).message).toContain(
      "'services[0].exposedPorts[0]' is not a TCP port",
    );
    expect(
      resolveLabProject(
        { name: "demo", ingress: ingressFor("gateway-api"), services: [{ ...dns, exposedPorts: ["http"] }] },
        { name: "demo" },
      ).services[0].exposedPorts.map((p) => p.port),
    ).toEqual([8080]);
  });

  it("rejects preserveBasePath and exposedPorts on internal services", () => {
    const error = errorOf({ name: "demo", services: [{ ...api, exposed: false, preserveBasePath: true, exposedPorts: ["http"] }] });
    expect(error.issues.map((i) => i.field).sort()).toEqual(["services[0].exposedPorts", "services[0].preserveBasePath"]);
  });

  it("refuses grants that read Secrets, wildcards and write verbs", () => {
    const error = errorOf({
      name: "demo",
      networkPolicy: { apiServer: { cidrs: ["172.18.0.2/32"] } },
      services: [{ ...api, exposed: false, grants: [{ resources: ["secrets", "*", "nodes"] as never, verbs: ["create"] as never }] }],
    });
    expect(error.issues.map((i) => i.field)).toEqual([
      "services[0].grants[0].resources[0]",
      "services[0].grants[0].resources[1]",
      "services[0].grants[0].resources[2]",
      "services[0].grants[0].verbs[0]",
    ]);
    expect(error.message).toContain("grants reading Secrets");
    expect(error.message).toContain("is a wildcard");
  });

  it("rejects LAB_* set by hand, unknown inherited env and duplicate names", () => {
    const error = errorOf({
      name: "demo",
      env: { A: "1" },
      services: [
        { ...api, exposed: false, env: { LAB_PROJECT: "x" }, envInherit: ["B"] },
        { ...api, exposed: false },
      ],
    });
    expect(error.issues.map((i) => i.field)).toEqual(["services[0].env.LAB_PROJECT", "services[0].envInherit[0]", "services[1].name"]);
    expect(error.message).toContain("'services[0].envInherit[0]' is not a project-level env var (got \"B\"). Fix: add it to the project's env (has: A).");
  });

  it("reports ModelService problems of a service under its path in the project", () => {
    const error = errorOf({ name: "demo", services: [{ ...api, exposed: false, image: "registry.example.com/api:latest", replicas: -1 }] });
    expect(error.message).toContain("LabProject 'demo': 'services[0].replicas' must be an integer >= 0 (got -1)");
    const latest = errorOf({ name: "demo", services: [{ ...api, exposed: false, image: "registry.example.com/api:latest" }] });
    expect(latest.issues[0].field).toBe("services[0].image");
    expect(latest.message).toContain("LabProject 'demo'");
  });

  it("rejects a shared ReadWriteOnce files volume mounted by several services", () => {
    const error = errorOf({
      name: "demo",
      storage: { accessMode: "ReadWriteOnce" },
      services: [LabTemplates.tensorboard({ exposed: false }), LabTemplates.vscode({ exposed: false })],
    });
    expect(error.message).toContain("'storage.accessMode' is ReadWriteOnce but 2 services mount the project files");
  });

  it("rejects unknown fields with a suggestion, and bad project names", () => {
    expect(errorOf({ name: "demo", services: [{ ...api, exposd: true } as never] }).message).toContain("'services[0].exposd' is not a known field");
    expect(errorOf({ name: "Demo_1" }).issues[0].field).toBe("name");
    expect(errorOf({ name: "demo", labels: { "bad key!": "x" } }).issues[0].field).toBe("labels.bad key!");
    expect(() => resolveLabProject({}, { name: "9lives" })).toThrow(/'name' is not a valid project name/);
  });
});

describe("resolveLabProject: reserved names, label values, int32 bounds", () => {
  it("refuses basePathEnv naming a LAB_* variable, with or without labEnv", () => {
    const project = errorOf({ name: "demo", services: [{ ...api, exposed: false, basePathEnv: "LAB_PROJECT" }] });
    expect(project.issues.map((i) => i.field)).toEqual(["services[0].basePathEnv"]);
    expect(project.message).toContain("'services[0].basePathEnv' is a LAB_* name, which the LabProject reserves");
    expect(errorOf({ name: "demo", services: [{ ...api, exposed: false, basePathEnv: "LAB_API_TOKEN" }] }).issues.map((i) => i.field)).toEqual([
      "services[0].basePathEnv",
    ]);
    expect(errorOf({ name: "demo", services: [{ ...api, exposed: false, labEnv: false, basePathEnv: "LAB_BASE" }] }).issues.map((i) => i.field)).toEqual([
      "services[0].basePathEnv",
    ]);
  });

  it("refuses basePathEnv colliding with the service's own or inherited env", () => {
    expect(errorOf({ name: "demo", services: [{ ...api, exposed: false, basePathEnv: "BASE", env: { BASE: "/x" } }] }).issues.map((i) => i.field)).toEqual([
      "services[0].env.BASE",
    ]);
    expect(
      errorOf({ name: "demo", env: { BASE: "/x" }, services: [{ ...api, exposed: false, basePathEnv: "BASE", envInherit: ["BASE"] }] }).issues.map(
        (i) => i.field,
      ),
    ).toEqual(["services[0].envInherit[0]"]);
  });

  it("validates label values (project labels and DNS pod labels) as Kubernetes does", () => {
    const error = errorOf({ name: "demo", labels: { team: "a b", tier: "-x", ok: "fraud.v1" } });
    expect(error.issues.map((i) => i.field)).toEqual(["labels.team", "labels.tier"]);
    expect(error.message).toContain("'labels.team' is not a valid label value");
    const dns = errorOf({ name: "demo", networkPolicy: { dns: { namespace: "kube-system", podLabels: { "k8s-app": "kube dns" } } } });
    expect(dns.issues.map((i) => i.field)).toEqual(["networkPolicy.dns.podLabels.k8s-app"]);
    expect(dns.message).toContain("is not a valid label value");
    // Inside the object branch of the `false | {...}` union, the bad key is named exactly.
    const badKey = errorOf({ name: "demo", networkPolicy: { dns: { namespace: "kube-system", podLabels: { "bad key!": "x" } } } });
    expect(badKey.issues.map((i) => i.field)).toEqual(["networkPolicy.dns.podLabels.bad key!"]);
    expect(badKey.message).toContain('is not a valid label key (got "bad key!")');
    expect(resolveLabProject({ name: "demo", labels: { team: "fraud", empty: "" } }, { name: "demo" }).labels).toMatchObject({ team: "fraud", empty: "" });
  });

  it("rejects numbers beyond int32 where Kubernetes stores an int32", () => {
    const big = 2147483648;
    const error = errorOf({ name: "demo", quota: { pods: big, persistentVolumeClaims: big, gpus: big }, storage: { fsGroup: big } });
    expect(error.issues.map((i) => i.field).sort()).toEqual(["quota.gpus", "quota.persistentVolumeClaims", "quota.pods", "storage.fsGroup"]);
    expect(error.message).toContain("'quota.pods' must be at most 2147483647");
    const max = 2147483647;
    expect(resolveLabProject({ name: "demo", quota: { pods: max } }, { name: "demo" }).quota).toEqual({ pods: "2147483647" });
  });

  it("refuses a zero container memory default (no limit to the kubelet), but takes a quota of zero memory or storage", () => {
    expect(errorOf({ name: "demo", limitRange: { defaultMemoryLimit: "0" } }).message).toMatch(
      /'limitRange\.defaultMemoryLimit' is zero, which Kubernetes reads as no memory limit/,
    );
    expect(resolveLabProject({ name: "demo", quota: { memory: "0", storage: "0Gi" } }, { name: "demo" }).quota).toMatchObject({
      "requests.memory": "0",
      "requests.storage": "0Gi",
    });
  });

  it("validates the CIDRs of egress exceptions", () => {
    expect(errorOf({ name: "demo", networkPolicy: { egress: [{ cidr: "0.0.0.0/0", except: ["10.0.0.0"] }] } }).issues.map((i) => i.field)).toEqual([
      "networkPolicy.egress[0].except[0]",
    ]);
  });
});

describe("resolveLabProject: grants need the API server through the NetworkPolicies", () => {
  const reader = { name: "reader", image: "registry.example.com/reader:1.0.0", port: 8080, grants: [LabGrant.readPods()] };

  it("refuses grants while the policies restrict egress and no apiServer is given", () => {
    const error = errorOf({ name: "demo", services: [reader] });
    expect(error.issues.map((i) => i.field)).toEqual(["services[0].grants"]);
    expect(error.message).toContain("'services[0].grants' need the Kubernetes API server, but the project's NetworkPolicies allow no egress to it");
    expect(error.message).toContain("networkPolicy.apiServer");
    // an egress rule of its own does not count: the API server's address is the cluster's
    expect(
      errorOf({ name: "demo", networkPolicy: { egress: [{ cidr: "0.0.0.0/0", except: ["10.0.0.0/8"], ports: [443] }] }, services: [reader] }).issues.map(
        (i) => i.field,
      ),
    ).toEqual(["services[0].grants"]);
    // only DNS left on still restricts egress (the DNS policy selects every pod)
    expect(errorOf({ name: "demo", networkPolicy: { defaultDeny: false, allowWithinProject: false }, services: [reader] }).issues.map((i) => i.field)).toEqual([
      "services[0].grants",
    ]);
    // also for a service the environment leaves out
    expect(errorOf({ name: "demo", services: [{ ...reader, scope: ["noninteractive"] }] }).issues.map((i) => i.field)).toEqual(["services[0].grants"]);
  });

  it("accepts grants with apiServer (ports 443 and 6443 by default), or without NetworkPolicies", () => {
    const spec = resolveLabProject({ name: "demo", networkPolicy: { apiServer: { cidrs: ["172.18.0.2/32"] } }, services: [reader] }, { name: "demo" });
    expect(spec.networkPolicy?.apiServer).toEqual({ cidrs: ["172.18.0.2/32"], ports: [443, 6443] });
    expect(
      resolveLabProject({ name: "demo", networkPolicy: { apiServer: { cidrs: ["172.18.0.2/32"], ports: [8443] } }, services: [reader] }, { name: "demo" })
        .networkPolicy?.apiServer?.ports,
    ).toEqual([8443]);
    expect(resolveLabProject({ name: "demo", networkPolicy: false, services: [reader] }, { name: "demo" }).services[0].grants).toHaveLength(1);
    expect(errorOf({ name: "demo", networkPolicy: { apiServer: { cidrs: ["kubernetes.default"] } } }).issues[0].field).toMatch(/^networkPolicy/);
  });
});

describe("resolveLabProject: warns where default deny blocks what a service needs", () => {
  const runner = LabTemplates.codeRunner("git+https://github.com/org/repo.git#subdirectory=service");

  it("warns about LAB_ENDPOINT and git clones without any egress rule", () => {
    const spec = resolveLabProject(
      { name: "demo", endpoint: "https://lab.example.com", ingress: ingressFor("gateway-api"), services: [runner] },
      { name: "demo" },
    );
    expect(spec.warnings.join("\n")).toMatch(/'endpoint' gives services LAB_ENDPOINT \(https:\/\/lab.example.com\), but the NetworkPolicies allow no egress/);
    expect(spec.warnings.join("\n")).toMatch(/services 'code-runner' clone their code from git/);
  });

  it("stays quiet with an egress rule, without NetworkPolicies, or when nothing goes out", () => {
    const egress = { egress: [{ cidr: "0.0.0.0/0", except: ["10.0.0.0/8"], ports: [443] }] };
    expect(
      resolveLabProject(
        { name: "demo", endpoint: "https://lab.example.com", networkPolicy: egress, ingress: ingressFor("gateway-api"), services: [runner] },
        { name: "demo" },
      ).warnings,
    ).toEqual([]);
    expect(
      resolveLabProject(
        { name: "demo", endpoint: "https://lab.example.com", networkPolicy: false, ingress: ingressFor("gateway-api"), services: [runner] },
        { name: "demo" },
      ).warnings,
    ).toEqual([]);
    expect(
      resolveLabProject(
        { name: "demo", endpoint: "https://lab.example.com", services: [{ name: "api", image: "registry.example.com/api:1.0.0", port: 8080, labEnv: false }] },
        { name: "demo" },
      ).warnings,
    ).toEqual([]);
    expect(
      resolveLabProject({ name: "demo", ingress: ingressFor("gateway-api"), services: [LabTemplates.codeRunner("/workspace/service")] }, { name: "demo" })
        .warnings,
    ).toEqual([]);
  });
});
