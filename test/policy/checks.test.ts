import { describe, expect, it } from "vitest";
import { checkObjects, formatViolation, policyChecks, type KubeObject } from "../../lib";
import { expectValidObjects } from "../support/schema-check";
import { compliantObjects, copy, pick } from "./fixtures";

type Breaker = (objects: KubeObject[]) => void;

const deployment = (o: KubeObject[]) => pick(o, "Deployment");
const podSpec = (o: KubeObject[]) => deployment(o).spec.template.spec;
const container = (o: KubeObject[]) => podSpec(o).containers[0];
const argoContainer = (o: KubeObject[]) => pick(o, "Workflow").spec.templates[1].container;
const cronContainer = (o: KubeObject[]) => pick(o, "CronJob").spec.jobTemplate.spec.template.spec.containers[0];

/** One way to break each check, on the kind that check is most about. */
const breakers: Record<string, Breaker> = {
  "run-as-non-root": (o) => delete podSpec(o).securityContext.runAsNonRoot,
  "privilege-escalation-container": (o) => delete argoContainer(o).securityContext.allowPrivilegeEscalation,
  "privileged-container": (o) => (container(o).securityContext.privileged = true),
  "drop-all-capabilities": (o) => (cronContainer(o).securityContext.capabilities = { add: ["SYS_ADMIN"], drop: ["ALL"] }),
  "container-seccomp-profile": (o) => (pick(o, "Workflow").spec.securityContext.seccompProfile = { type: "Unconfined" }),
  "host-network": (o) => (podSpec(o).hostNetwork = true),
  "host-pid": (o) => (podSpec(o).hostPID = true),
  "host-ipc": (o) => (podSpec(o).hostIPC = true),
  hostPortSet: (o) => (container(o).ports[0].hostPort = 8080),
  "host-path-volume": (o) => (podSpec(o).volumes = [{ name: "docker", hostPath: { path: "/var/run/docker.sock" } }]),
  "no-read-only-root-fs": (o) => (container(o).securityContext.readOnlyRootFilesystem = false),
  automountServiceAccountToken: (o) => delete podSpec(o).automountServiceAccountToken && (pick(o, "ServiceAccount").automountServiceAccountToken = true),
  "latest-tag": (o) => (cronContainer(o).image = "registry.example.com/train:latest"),
  "unset-cpu-requirements": (o) => delete argoContainer(o).resources.requests.cpu,
  "unset-memory-requirements": (o) => delete container(o).resources.limits.memory,
  "no-readiness-probe": (o) => delete container(o).readinessProbe,
  "no-startup-probe": (o) => delete container(o).startupProbe,
  "startup-port": (o) => (container(o).startupProbe.tcpSocket.port = 9090),
  "readiness-port": (o) => (container(o).readinessProbe = { httpGet: { path: "/ready", port: "metrics" } }),
  "liveness-port": (o) => (container(o).livenessProbe = { grpc: { port: 9000 } }),
  "env-var-secret": (o) => container(o).env.push({ name: "DB_PASSWORD", value: "hunter2" }),
  "deployment-has-poddisruptionbudget": (o) => (pick(o, "PodDisruptionBudget").spec.selector.matchLabels = { "app.kubernetes.io/name": "other" }),
  topologySpreadConstraint: (o) => delete podSpec(o).topologySpreadConstraints,
  "deployment-targeted-by-hpa-does-not-have-replicas-configured": (o) =>
    o.push({
      apiVersion: "autoscaling/v2",
      kind: "HorizontalPodAutoscaler",
      metadata: { name: "iris", namespace: "ml" },
      spec: { scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "iris" }, minReplicas: 2, maxReplicas: 5 },
    }),
  "service-targets-pod": (o) => (pick(o, "Service").spec.selector = { "app.kubernetes.io/name": "iris", "app.kubernetes.io/instance": "iris-old" }),
  "httproute-targets-service": (o) => (pick(o, "HTTPRoute").spec.rules[0].backendRefs[0].port = 80),
  "ingress-targets-service": (o) =>
    o.push({
      apiVersion: "networking.k8s.io/v1",
      kind: "Ingress",
      metadata: { name: "iris", namespace: "ml" },
      spec: { rules: [{ http: { paths: [{ path: "/", pathType: "Prefix", backend: { service: { name: "iris", port: { name: "grpc" } } } }] } }] },
    }),
  "wildcard-in-rules": (o) => (pick(o, "Role").rules[0].verbs = ["*"]),
  "cluster-scoped-rbac": (o) => (pick(o, "RoleBinding").roleRef = { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "cluster-admin" }),
  "namespace-has-networkpolicy": (o) => o.push({ apiVersion: "v1", kind: "Namespace", metadata: { name: "ml-staging" } }),
  "cronjob-has-deadline": (o) => delete pick(o, "CronJob").spec.startingDeadlineSeconds,
  "cronjob-concurrency-policy": (o) => (pick(o, "CronJob").spec.concurrencyPolicy = "Allow"),
  "one-security-policy-per-route": (o) => {
    const route = pick(o, "HTTPRoute");
    for (const name of ["iris-auth", "iris-cors"]) {
      o.push({
        apiVersion: "gateway.envoyproxy.io/v1alpha1",
        kind: "SecurityPolicy",
        metadata: { name, namespace: route.metadata.namespace },
        spec: { targetRefs: [{ group: "gateway.networking.k8s.io", kind: "HTTPRoute", name: "iris" }], cors: { allowOrigins: ["https://lab.example.com"] } },
      } as never);
    }
  },
};

describe("policy checks", () => {
  it("the compliant fixture is schema-valid and passes every check", () => {
    const objects = compliantObjects();
    expectValidObjects(objects);
    expect(checkObjects(objects).map(formatViolation)).toEqual([]);
  });

  it("every check has a way to fail in this file", () => {
    expect(Object.keys(breakers).sort()).toEqual(policyChecks.map((c) => c.name).sort());
  });

  it("check names are unique and each has a summary and source", () => {
    const names = policyChecks.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    for (const check of policyChecks) {
      expect(check.summary.length).toBeGreaterThan(10);
      expect(check.source.length).toBeGreaterThan(3);
    }
  });

  it.each(Object.entries(breakers))("%s fires on its violation, with the object, a path and a fix", (name, breakIt) => {
    const objects = copy(compliantObjects());
    breakIt(objects);
    expectValidObjects(objects); // the broken set is still schema-valid: only policy catches it
    const violations = checkObjects(objects);
    expect(violations.map((v) => v.check)).toContain(name);
    const violation = violations.find((v) => v.check === name)!;
    expect(violation.object.name).toMatch(/\S/);
    expect(violation.path).toMatch(/\S/);
    expect(violation.fix).toMatch(/\S/);
    // the break is targeted: no unrelated check fires
    expect([...new Set(violations.map((v) => v.check))]).toEqual([name]);
  });
});

describe("check details", () => {
  it("env-var-secret spots token-looking values whatever the name, and never prints the value", () => {
    const objects = copy(compliantObjects());
    container(objects).env.push({ name: "HUB", value: "hf_abcdefghijklmnopqrstuvwxyzABCDEFGH" });
    const [violation] = checkObjects(objects).filter((v) => v.check === "env-var-secret");
    expect(violation.message).toContain("Hugging Face token");
    expect(formatViolation(violation)).not.toContain("hf_abcdefghij");
    expect(violation.path).toBe("spec.template.spec.containers[0].env[2].value");
  });

  it("unset-memory-requirements reads a zero memory limit as none, as the kubelet does", () => {
    for (const zero of ["0", "0Mi", "0.0", 0]) {
      const objects = copy(compliantObjects());
      container(objects).resources.limits.memory = zero;
      const found = checkObjects(objects).filter((v) => v.check === "unset-memory-requirements");
      expect(found.map((v) => v.message)).toEqual(["container 'iris' has a zero memory limit, which the kubelet reads as no limit, so it can starve its node"]);
    }
  });

  it("run-as-non-root flags an explicit UID 0 even with runAsNonRoot set", () => {
    const objects = copy(compliantObjects());
    container(objects).securityContext.runAsUser = 0;
    expect(checkObjects(objects).filter((v) => v.check === "run-as-non-root")[0].path).toBe("spec.template.spec.containers[0].securityContext.runAsUser");
  });

  it("a container-level seccomp profile overrides the pod's", () => {
    const objects = copy(compliantObjects());
    container(objects).securityContext.seccompProfile = { type: "Unconfined" };
    expect(checkObjects(objects).map((v) => v.check)).toEqual(["container-seccomp-profile"]);
  });

  it("PDB is required from the HPA's maximum, not the absent replicas: scaling out must not need a new PDB", () => {
    const objects = copy(compliantObjects());
    delete deployment(objects).spec.replicas;
    objects.push({
      apiVersion: "autoscaling/v2",
      kind: "HorizontalPodAutoscaler",
      metadata: { name: "iris", namespace: "ml" },
      spec: { scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "iris" }, minReplicas: 1, maxReplicas: 6 },
    });
    expect(checkObjects(objects)).toEqual([]);
    objects.splice(
      objects.findIndex((o) => o.kind === "PodDisruptionBudget"),
      1,
    );
    expect(checkObjects(objects).map((v) => v.message)).toEqual([expect.stringContaining("6 replicas (at most)")]);
  });

  it("single-replica workloads need neither PDB nor spread", () => {
    const objects = copy(compliantObjects()).filter((o) => o.kind !== "PodDisruptionBudget");
    deployment(objects).spec.replicas = 1;
    delete podSpec(objects).topologySpreadConstraints;
    expect(checkObjects(objects)).toEqual([]);
  });

  it("a route to a Service that is not in the set is reported with the service name", () => {
    const objects = copy(compliantObjects());
    pick(objects, "HTTPRoute").spec.rules[0].backendRefs[0].name = "iris-v2";
    expect(checkObjects(objects).map((v) => v.message)).toEqual(["routes to Service 'ml/iris-v2', which is not among the objects"]);
  });

  it("a Service's named targetPort must be declared by the selected pods", () => {
    const objects = copy(compliantObjects());
    pick(objects, "Service").spec.ports[0].targetPort = "web";
    expect(checkObjects(objects).map((v) => `${v.check} ${v.path}`)).toEqual(["service-targets-pod spec.ports[0].targetPort"]);
  });

  it("ClusterRole and ClusterRoleBinding objects are reported", () => {
    const objects = copy(compliantObjects());
    objects.push({
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRole",
      metadata: { name: "reader" },
      rules: [{ apiGroups: [""], resources: ["pods"], verbs: ["get"] }],
    });
    expect(checkObjects(objects).map(formatViolation)).toEqual([
      "error [cluster-scoped-rbac] ClusterRole/reader kind: a ClusterRole grants permissions in every namespace. Fix: use a namespaced Role.",
    ]);
  });

  it("Argo CronWorkflows need a deadline and a concurrency policy too", () => {
    const workflow = pick(compliantObjects(), "Workflow");
    const cron = {
      apiVersion: "argoproj.io/v1alpha1",
      kind: "CronWorkflow",
      metadata: { name: "nightly", namespace: "ml" },
      spec: { schedules: ["0 1 * * *"], workflowSpec: workflow.spec },
    };
    expectValidObjects([cron]);
    expect(
      checkObjects([cron])
        .map((v) => v.check)
        .sort(),
    ).toEqual(["cronjob-concurrency-policy", "cronjob-has-deadline"]);
  });

  it("skip turns checks off and rejects unknown names", () => {
    const objects = copy(compliantObjects());
    delete container(objects).startupProbe;
    expect(checkObjects(objects, { skip: ["no-startup-probe"] })).toEqual([]);
    expect(() => checkObjects(objects, { skip: ["no-such-check"] })).toThrow(/unknown policy check 'no-such-check'/);
  });

  it("errors come before warnings and warnings can be left out", () => {
    const objects = copy(compliantObjects());
    delete podSpec(objects).topologySpreadConstraints;
    container(objects).image = "iris";
    expect(checkObjects(objects).map((v) => v.severity)).toEqual(["error", "warning"]);
    expect(checkObjects(objects, { warnings: false }).map((v) => v.check)).toEqual(["latest-tag"]);
  });

  it("an object's policy.modelship.io/skip annotation exempts it from the named checks only", () => {
    const objects = copy(compliantObjects());
    container(objects).securityContext.readOnlyRootFilesystem = false;
    delete container(objects).startupProbe;
    deployment(objects).metadata.annotations = { "policy.modelship.io/skip": "no-read-only-root-fs , latest-tag" };
    expect(checkObjects(objects).map((v) => v.check)).toEqual(["no-startup-probe"]);
  });

  it("a skip annotation naming an unknown check is an error", () => {
    const objects = copy(compliantObjects());
    deployment(objects).metadata.annotations = { "policy.modelship.io/skip": "no-readonly-root-fs" };
    expect(checkObjects(objects).map(formatViolation)).toEqual([
      `error [policy.modelship.io/skip] Deployment/ml/iris metadata.annotations["policy.modelship.io/skip"]: names unknown check 'no-readonly-root-fs'. Fix: use check names from 'modelship check --list' (docs/quality-gates.md).`,
    ]);
  });

  it("ignores things that are not Kubernetes objects", () => {
    expect(checkObjects([null, 3, "x", { kind: "Deployment" }, {}])).toEqual([]);
  });
});
