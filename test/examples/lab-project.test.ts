import { Testing } from "cdk8s";
import { describe, expect, it } from "vitest";
import { labProjectChart } from "../../examples/lab-project/cdk8s";
import { labProject } from "../../examples/lab-project/props";
import { inventory } from "../support/inventory";

// What examples/lab-project/README.md promises, object by object; the inventory snapshot lists
// every object and policy finding, and examples.test.ts checks every object against its schema.

type Obj = Record<string, any>;

describe("example lab-project: an ML Lab project with Orchest-style services", () => {
  const objects = Testing.synth(labProjectChart(Testing.app())) as Obj[];
  const find = (kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name) as Obj;
  const pod = (name: string) => find("Deployment", name).spec.template.spec;
  const env = (name: string) => Object.fromEntries((pod(name).containers[0].env ?? []).map((e: Obj) => [e.name, e.value ?? e.valueFrom]));
  const base = (service: string, port: number) => `/api/projects/fraud-lab/services/${service}/${port}`;

  it("lists its objects and policy findings", async () => {
    await expect(inventory(objects)).toMatchFileSnapshot("__snapshots__/lab-project.objects.txt");
    // the project's objects live in its namespace; the cluster's LabPlatform policies are cluster-scoped
    const platform = ["ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding"];
    expect(objects.filter((o) => platform.includes(o.kind)).every((o) => o.metadata.namespace === undefined)).toBe(true);
    expect(objects.filter((o) => o.kind !== "Namespace" && !platform.includes(o.kind)).every((o) => o.metadata.namespace === "fraud-lab")).toBe(true);
  });

  it("routes every exposed port through the Gateway 'eg' at /api/projects/fraud-lab/services/<service>/<port>/, with the project token", () => {
    const routes = objects.filter((o) => o.kind === "HTTPRoute");
    expect(routes.map((r) => r.metadata.name)).toEqual(["scoring", "tensorboard", "code-runner"]);
    const served = routes.flatMap((r) =>
      r.spec.rules.map((rule: Obj) => [
        rule.matches[0].path.value,
        rule.backendRefs[0].name,
        rule.backendRefs[0].port,
        rule.filters[0].urlRewrite.path.replacePrefixMatch,
      ]),
    );
    expect(served).toEqual([
      [base("scoring", 8080), "scoring", 8080, "/"],
      [base("scoring", 9090), "scoring", 9090, "/"],
      [base("tensorboard", 6006), "tensorboard", 6006, "/"],
      [base("code-runner", 8091), "code-runner", 8091, "/"],
    ]);
    for (const route of routes) {
      expect(route.spec.parentRefs).toEqual([
        { group: "gateway.networking.k8s.io", kind: "Gateway", name: "eg", namespace: "envoy-gateway-system", sectionName: "https" },
      ]);
      expect(route.spec.hostnames).toEqual(["lab.example.com"]);
      // the token as ML Lab takes it: query parameter, Authorization header or cookie
      expect(find("SecurityPolicy", `${route.metadata.name}-auth`).spec).toEqual({
        targetRefs: [{ group: "gateway.networking.k8s.io", kind: "HTTPRoute", name: route.metadata.name }],
        apiKeyAuth: {
          credentialRefs: [{ group: "", kind: "Secret", name: "fraud-lab-token" }],
          extractFrom: [{ params: ["lab_token"] }, { headers: ["authorization"] }, { cookies: ["lab_access_token"] }],
          sanitize: true,
        },
      });
    }
    expect(objects.filter((o) => o.kind === "SecurityPolicy")).toHaveLength(routes.length);
  });

  it("syncs the project token from Vault; pods get it by reference only", () => {
    const token = labProject.token as { externalSecret: Obj };
    expect(find("ExternalSecret", "fraud-lab-token").spec).toMatchObject({
      secretStoreRef: { kind: "ClusterSecretStore", name: token.externalSecret.store },
      data: [{ secretKey: "token", remoteRef: { key: "ml-lab/projects/fraud-lab", property: "token" } }],
      target: { name: "fraud-lab-token", creationPolicy: "Owner" },
    });
    expect(objects.some((o) => o.kind === "Secret")).toBe(false);
    expect(env("scoring").LAB_API_TOKEN).toEqual({ secretKeyRef: { name: "fraud-lab-token", key: "token" } });
  });

  it("scoring: two ports, 2 replicas, HTTP health on /healthz, its base path, read access to one ConfigMap and egress to the API server", () => {
    const deployment = find("Deployment", "scoring");
    expect(deployment.spec.replicas).toBe(2);
    const container = pod("scoring").containers[0];
    expect(container.ports.map((p: Obj) => [p.name, p.containerPort])).toEqual([
      ["http", 8080],
      ["metrics", 9090],
    ]);
    for (const probe of ["startupProbe", "readinessProbe", "livenessProbe"]) expect(container[probe].httpGet).toEqual({ path: "/healthz", port: "http" });
    expect(container.resources).toEqual({ requests: { cpu: "500m", memory: "1Gi" }, limits: { memory: "1Gi" } });
    expect(env("scoring")).toMatchObject({ LAB_ENDPOINT: "https://lab.example.com", LAB_PROJECT: "fraud-lab", LAB_SERVICE_PATH: `${base("scoring", 8080)}/` });
    expect(find("PodDisruptionBudget", "scoring")).toBeDefined();
    // the grant: get on the one ConfigMap, bound to the service's own ServiceAccount, whose token is then mounted
    expect(find("Role", "scoring-api-reader").rules).toEqual([
      { apiGroups: [""], resources: ["configmaps"], resourceNames: ["fraud-thresholds"], verbs: ["get"] },
    ]);
    expect(find("RoleBinding", "scoring-api-reader").subjects).toEqual([{ kind: "ServiceAccount", name: "scoring", namespace: "fraud-lab" }]);
    expect([pod("scoring").serviceAccountName, pod("scoring").automountServiceAccountToken]).toEqual(["scoring", true]);
    expect(find("NetworkPolicy", "allow-api-server-scoring").spec).toEqual({
      podSelector: { matchLabels: deployment.spec.selector.matchLabels },
      policyTypes: ["Egress"],
      egress: [
        {
          to: ["10.0.0.10/32", "10.0.0.11/32", "10.0.0.12/32"].map((cidr) => ({ ipBlock: { cidr } })),
          ports: [443, 6443].map((port) => ({ port, protocol: "TCP" })),
        },
      ],
    });
  });

  it("tensorboard reads the project's /data from the shared files volume; redis is internal only", () => {
    const tensorboard = pod("tensorboard");
    expect(tensorboard.containers[0].volumeMounts).toContainEqual({ name: "claim-0", mountPath: "/data", subPath: "data" });
    expect(tensorboard.volumes).toContainEqual({ name: "claim-0", persistentVolumeClaim: { claimName: "fraud-lab-files" } });
    expect(find("PersistentVolumeClaim", "fraud-lab-files").spec.accessModes).toEqual(["ReadWriteMany"]);
    expect(objects.filter((o) => o.metadata.name.startsWith("redis")).map((o) => o.kind)).toEqual(["ServiceAccount", "Deployment", "Service"]);
    expect(find("NetworkPolicy", "allow-proxy-redis")).toBeUndefined();
    expect(env("redis")).toEqual({});
  });

  it("code-runner runs EXECUTE_CODE from git on port 8091, with HTTPS egress to public addresses for the clone", () => {
    const container = pod("code-runner").containers[0];
    expect(env("code-runner").EXECUTE_CODE).toBe("git+https://github.com/ml-tooling/ml-workspace.git#subdirectory=docker-res/tests/ml-service");
    expect(container.ports.map((p: Obj) => p.containerPort)).toEqual([8091]);
    expect(env("code-runner").LAB_SERVICE_PATH).toBe(`${base("code-runner", 8091)}/`);
    expect(find("NetworkPolicy", "allow-egress").spec).toEqual({
      podSelector: {},
      policyTypes: ["Egress"],
      egress: [{ to: [{ ipBlock: { cidr: "0.0.0.0/0", except: ["10.0.0.0/8", "169.254.169.254/32"] } }], ports: [{ port: 443, protocol: "TCP" }] }],
    });
  });

  it("admits the Gateway's proxies only to the exposed ports, over default-deny, DNS and in-project traffic", () => {
    expect(find("NetworkPolicy", "default-deny").spec).toEqual({ podSelector: {}, policyTypes: ["Ingress", "Egress"] });
    expect(find("NetworkPolicy", "allow-within-project").spec).toEqual({
      podSelector: {},
      policyTypes: ["Ingress", "Egress"],
      ingress: [{ from: [{ podSelector: {} }] }],
      egress: [{ to: [{ podSelector: {} }] }],
    });
    expect(find("NetworkPolicy", "allow-dns").spec.egress[0].ports).toEqual([
      { port: 53, protocol: "UDP" },
      { port: 53, protocol: "TCP" },
    ]);
    const proxyPorts = (name: string) => find("NetworkPolicy", `allow-proxy-${name}`).spec.ingress[0].ports.map((p: Obj) => p.port);
    expect([proxyPorts("scoring"), proxyPorts("tensorboard"), proxyPorts("code-runner")]).toEqual([[8080, 9090], [6006], [8091]]);
    expect(find("NetworkPolicy", "allow-proxy-scoring").spec.ingress[0].from).toEqual([
      {
        namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "envoy-gateway-system" } },
        podSelector: {
          matchLabels: {
            "app.kubernetes.io/component": "proxy",
            "app.kubernetes.io/name": "envoy",
            "gateway.envoyproxy.io/owning-gateway-name": "eg",
            "gateway.envoyproxy.io/owning-gateway-namespace": "envoy-gateway-system",
          },
        },
      },
    ]);
  });

  it("namespace: Pod Security restricted, the quota, default limits, and a deployer for CI with namespaced rights only", () => {
    expect(find("Namespace", "fraud-lab").metadata.labels).toMatchObject({
      "pod-security.kubernetes.io/enforce": "restricted",
      "pod-security.kubernetes.io/warn": "restricted",
    });
    expect(find("ResourceQuota", "fraud-lab").spec.hard).toEqual({
      "requests.cpu": "8",
      "requests.memory": "16Gi",
      "limits.memory": "16Gi",
      pods: "30",
      persistentvolumeclaims: "5",
      "requests.storage": "100Gi",
    });
    expect(find("LimitRange", "fraud-lab").spec.limits).toEqual([
      { type: "Container", default: { memory: "256Mi" }, defaultRequest: { cpu: "100m", memory: "256Mi" } },
    ]);
    const rules = find("Role", "deployer").rules as Obj[];
    // exactly the kinds the project's services render (no HPA, CronJob or ConfigMap here), and what
    // a rollout is watched by; nothing cluster-wide, no Secrets, no RBAC
    expect(rules.flatMap((r) => r.resources).sort()).toEqual(
      [
        "deployments",
        "events",
        "httproutes",
        "persistentvolumeclaims",
        "pods",
        "pods/log",
        "poddisruptionbudgets",
        "replicasets",
        "securitypolicies",
        "serviceaccounts",
        "services",
      ].sort(),
    );
    for (const rule of rules.filter((r) => ["events", "replicasets"].includes(r.resources[0]))) expect(rule.verbs).toEqual(["get", "list", "watch"]);
    expect(find("RoleBinding", "deployer")).toMatchObject({
      roleRef: { kind: "Role", name: "deployer" },
      subjects: [{ kind: "ServiceAccount", name: "deployer", namespace: "fraud-lab" }],
    });
  });
});
