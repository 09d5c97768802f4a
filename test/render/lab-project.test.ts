import { readFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { describe, expect, it } from "vitest";
import { LabGrant, resolveLabProject, type LabProjectProps } from "../../lib/model/lab";
import { DEPLOYER_VERBS, renderLabProject } from "../../lib/render/lab-project";
import type { KubeObject } from "../../lib/render/types";
import { expectValidObjects } from "../support/schema-check";
import { ENVOY_PROXY_PEER, demoProject, ingressFor, PROVIDERS, scoringService } from "../support/lab-fixtures";

function render(props: LabProjectProps): KubeObject[] {
  return renderLabProject(resolveLabProject(props, { name: "demo" }));
}
const find = (objects: readonly KubeObject[], kind: string, name?: string) =>
  objects.filter((o) => o.kind === kind && (name === undefined || o.metadata.name === name));
const one = (objects: readonly KubeObject[], kind: string, name?: string): any => {
  const found = find(objects, kind, name);
  expect(found, `${kind}/${name ?? "*"}`).toHaveLength(1);
  return found[0];
};
const container = (objects: readonly KubeObject[], name: string): any => one(objects, "Deployment", name).spec.template.spec.containers[0];
const envOf = (objects: readonly KubeObject[], name: string): Record<string, any> =>
  Object.fromEntries(container(objects, name).env.map((e: any) => [e.name, e.value ?? e.valueFrom]));

/** Resources that are not namespaced: a namespaced Role naming them grants nothing, and means a mistake. */
const CLUSTER_SCOPED = new Set([
  "namespaces",
  "nodes",
  "persistentvolumes",
  "clusterroles",
  "clusterrolebindings",
  "customresourcedefinitions",
  "storageclasses",
  "priorityclasses",
  "validatingwebhookconfigurations",
  "mutatingwebhookconfigurations",
  "certificatesigningrequests",
  "apiservices",
  "gatewayclasses",
  "ingressclasses",
  "runtimeclasses",
  "csidrivers",
  "csinodes",
  "volumeattachments",
  "clustersecretstores",
  "tokenreviews",
  "subjectaccessreviews",
  "selfsubjectaccessreviews",
  "clusterissuers",
]);
/** Every resource the deployer may manage: all namespaced. */
const NAMESPACED = new Set([
  "configmaps",
  "persistentvolumeclaims",
  "serviceaccounts",
  "services",
  "deployments",
  "replicasets",
  "cronjobs",
  "jobs",
  "poddisruptionbudgets",
  "horizontalpodautoscalers",
  "httproutes",
  "securitypolicies",
  "requestauthentications",
  "authorizationpolicies",
  "ingresses",
  "events",
  "pods",
  "pods/log",
]);

describe("renderLabProject", () => {
  it("renders a namespace labelled for Pod Security restricted (enforce + warn)", () => {
    const ns = one(render(demoProject()), "Namespace", "demo");
    expect(ns.metadata.labels).toMatchObject({
      "pod-security.kubernetes.io/enforce": "restricted",
      "pod-security.kubernetes.io/warn": "restricted",
      "lab.modelship.io/project": "demo",
    });
    expect(ns.metadata.namespace).toBeUndefined();
  });

  it("switches: no namespace object, baseline, or no Pod Security labels", () => {
    expect(find(render(demoProject({ createNamespace: false })), "Namespace")).toHaveLength(0);
    expect(one(render(demoProject({ podSecurity: "baseline" })), "Namespace").metadata.labels["pod-security.kubernetes.io/enforce"]).toBe("baseline");
    expect(Object.keys(one(render(demoProject({ podSecurity: false })), "Namespace").metadata.labels).some((k) => k.startsWith("pod-security"))).toBe(false);
  });

  it("puts every other object in the project namespace", () => {
    const objects = render(demoProject({ namespace: "team-demo" }));
    for (const object of objects.filter((o) => o.kind !== "Namespace"))
      expect(object.metadata.namespace, `${object.kind}/${object.metadata.name}`).toBe("team-demo");
    expect(one(objects, "Namespace").metadata.name).toBe("team-demo");
  });

  it("renders ResourceQuota and LimitRange only when asked", () => {
    expect(find(render(demoProject()), "ResourceQuota")).toHaveLength(0);
    expect(find(render(demoProject()), "LimitRange")).toHaveLength(0);
    const objects = render(
      demoProject({ quota: { cpu: 4, memory: "8Gi", pods: 20, gpus: 1 }, limitRange: { defaultMemoryRequest: "512Mi", maxMemory: "4Gi" } }),
    );
    expect(one(objects, "ResourceQuota").spec.hard).toEqual({ "requests.cpu": "4", "requests.memory": "8Gi", pods: "20", "requests.nvidia.com/gpu": "1" });
    expect(one(objects, "LimitRange").spec.limits[0]).toEqual({
      type: "Container",
      defaultRequest: { cpu: "100m", memory: "512Mi" },
      default: { memory: "512Mi" },
      max: { memory: "4Gi" },
    });
  });

  describe("RBAC", () => {
    for (const provider of PROVIDERS) {
      it(`deployer Role (${provider}): namespaced, no wildcard, no secrets, no cluster scope`, () => {
        const objects = render(demoProject({ ingress: ingressFor(provider) }));
        expect(find(objects, "ClusterRole")).toHaveLength(0);
        expect(find(objects, "ClusterRoleBinding")).toHaveLength(0);
        const roles = find(objects, "Role") as any[];
        expect(roles.length).toBeGreaterThan(0);
        for (const role of roles) {
          expect(role.metadata.namespace).toBe("demo");
          for (const rule of role.rules) {
            expect(rule.verbs).not.toContain("*");
            expect(rule.resources).not.toContain("*");
            expect(rule.apiGroups).not.toContain("*");
            expect(rule.resources).not.toContain("secrets");
            for (const verb of rule.verbs) expect(["escalate", "bind", "impersonate", "deletecollection"]).not.toContain(verb);
            for (const resource of rule.resources) {
              expect(CLUSTER_SCOPED.has(resource), resource).toBe(false);
              expect(NAMESPACED.has(resource), `${resource} is namespaced`).toBe(true);
            }
          }
        }
        for (const binding of find(objects, "RoleBinding") as any[]) expect(binding.roleRef.kind).toBe("Role");
      });
    }

    /** docs/lab-project.md "RBAC": what the deployer must not change (test/e2e/40-rbac checks the same set against a cluster). */
    const GUARD_RAILS = new Set(["ResourceQuota", "LimitRange", "NetworkPolicy", "Role", "RoleBinding", "ExternalSecret", "Secret", "Namespace"]);
    /** Resource names of the kinds a project renders: the core API's, and each CRD's declared plural. */
    const CORE_RESOURCES: Record<string, string> = {
      ConfigMap: "configmaps",
      PersistentVolumeClaim: "persistentvolumeclaims",
      ServiceAccount: "serviceaccounts",
      Service: "services",
      Deployment: "deployments",
      Job: "jobs",
      CronJob: "cronjobs",
      PodDisruptionBudget: "poddisruptionbudgets",
      HorizontalPodAutoscaler: "horizontalpodautoscalers",
      Ingress: "ingresses",
      Namespace: "namespaces",
      ResourceQuota: "resourcequotas",
      LimitRange: "limitranges",
      NetworkPolicy: "networkpolicies",
      Role: "roles",
      RoleBinding: "rolebindings",
      Secret: "secrets",
    };
    // Each vendored CRD keeps the name of its upstream file, `<group>_<plural>.yaml` (controller-gen's convention).
    const crdPlurals = new Map<string, string>(
      (
        JSON.parse(readFileSync(join(__dirname, "..", "..", "schemas", "crds", "index.json"), "utf8")) as { kind: string; apiVersion: string; source: string }[]
      ).map((entry) => {
        const group = entry.apiVersion.split("/")[0];
        return [`${group}/${entry.kind}`, entry.source.slice(group.length + 1).replace(/\.yaml$/, "")];
      }),
    );
    const resourceOf = (o: KubeObject) => {
      const group = o.apiVersion.includes("/") ? o.apiVersion.split("/")[0] : "";
      const resource = crdPlurals.get(`${group}/${o.kind}`) ?? CORE_RESOURCES[o.kind];
      expect(resource, `resource name of ${o.apiVersion} ${o.kind}`).toBeDefined();
      return `${group}/${resource}`;
    };
    const everyFeature = (provider: (typeof PROVIDERS)[number]) =>
      demoProject({
        ingress: ingressFor(provider),
        quota: { pods: 10 },
        limitRange: true,
        token: { externalSecret: { store: "vault", remoteKey: "k" } },
        networkPolicy: { apiServer: { cidrs: ["172.18.0.2/32"] } },
        services: [
          { ...scoringService, keda: { maxReplicaCount: 3 }, persistence: { accessMode: "ReadWriteMany" }, grants: [{ resources: ["configmaps"] }] },
          { name: "batch", image: "registry.example.com/batch:1.0.0", port: 8080, autoscaling: { maxReplicas: 3 }, binds: { "/data": "/data" } },
        ],
      });

    for (const [label, props] of [
      ["the demo project", demoProject()],
      ...PROVIDERS.map((provider) => [`every feature, ${provider}`, everyFeature(provider)] as const),
      ["nothing exposed", demoProject({ services: [{ name: "worker", image: "registry.example.com/worker:1.0.0", port: 8080 }] })],
    ] as const) {
      it(`lets the deployer manage exactly the kinds the project renders in its namespace, but the guard rails (${label})`, () => {
        const objects = render(props);
        const rules = one(objects, "Role", "deployer").rules as any[];
        for (const rule of rules) if (rule.verbs.includes("create")) expect(rule.verbs).toEqual(DEPLOYER_VERBS);
        const managed = new Set(
          rules.filter((r) => r.verbs.includes("create")).flatMap((r) => r.resources.map((resource: string) => `${r.apiGroups[0]}/${resource}`)),
        );
        const rendered = new Set(objects.filter((o) => o.metadata.namespace === "demo" && !GUARD_RAILS.has(o.kind)).map(resourceOf));
        expect([...managed].sort()).toEqual([...rendered].sort());
        for (const guard of objects.filter((o) => GUARD_RAILS.has(o.kind))) expect(managed.has(resourceOf(guard)), guard.kind).toBe(false);
        expect(one(objects, "ServiceAccount", "deployer").automountServiceAccountToken).toBe(false);
      });
    }

    it("covers a service's KEDA ScaledObject, and no kind nothing renders", () => {
      const objects = render(everyFeature("gateway-api"));
      const rules = one(objects, "Role", "deployer").rules as any[];
      expect(rules).toContainEqual({ apiGroups: ["keda.sh"], resources: ["scaledobjects"], verbs: [...DEPLOYER_VERBS] });
      const plain = one(render(demoProject({ services: [{ name: "worker", image: "registry.example.com/worker:1.0.0", port: 8080 }] })), "Role", "deployer")
        .rules as any[];
      const resources = plain.filter((r) => r.verbs.includes("create")).flatMap((r) => r.resources);
      for (const unused of ["scaledobjects", "cronjobs", "jobs", "horizontalpodautoscalers", "httproutes", "securitypolicies"])
        expect(resources).not.toContain(unused);
    });

    it("binds extra subjects to the deployer Role, and can be switched off", () => {
      const binding = one(render(demoProject({ deployer: { subjects: [{ kind: "Group", name: "fraud-team" }] } })), "RoleBinding", "deployer");
      expect(binding.subjects).toEqual([
        { kind: "ServiceAccount", name: "deployer", namespace: "demo" },
        { kind: "Group", name: "fraud-team", apiGroup: "rbac.authorization.k8s.io" },
      ]);
      expect(find(render(demoProject({ deployer: false })), "Role")).toHaveLength(0);
    });

    it("gives services no API access unless granted, then a read-only Role of their own", () => {
      const plain = render(demoProject());
      expect(container(plain, "scoring")).toBeDefined();
      expect(one(plain, "Deployment", "scoring").spec.template.spec.automountServiceAccountToken).toBe(false);
      expect(find(plain, "Role", "scoring-api-reader")).toHaveLength(0);

      const props = demoProject();
      const granted = render({
        ...props,
        networkPolicy: { apiServer: { cidrs: ["172.18.0.2/32"] } },
        services: [
          {
            ...props.services![0],
            grants: [{ resources: ["configmaps"], verbs: ["get"], resourceNames: ["thresholds"] }, { resources: ["pods", "deployments"] }],
          },
        ],
      });
      const role = one(granted, "Role", "scoring-api-reader");
      expect(role.rules).toEqual([
        { apiGroups: [""], resources: ["configmaps"], verbs: ["get"], resourceNames: ["thresholds"] },
        { apiGroups: ["", "apps"], resources: ["pods", "deployments"], verbs: ["get", "list", "watch"] },
      ]);
      expect(one(granted, "RoleBinding", "scoring-api-reader").subjects).toEqual([{ kind: "ServiceAccount", name: "scoring", namespace: "demo" }]);
      expect(one(granted, "Deployment", "scoring").spec.template.spec.automountServiceAccountToken).toBe(true);
      expectValidObjects(granted);
    });
  });

  describe("network policies", () => {
    it("lets only the services with grants reach the API server, at the given addresses and ports", () => {
      const props = demoProject();
      const services = [{ ...props.services![0], grants: [LabGrant.readPods()] }, ...props.services!.slice(1)];
      const objects = render({ ...props, networkPolicy: { apiServer: { cidrs: ["172.18.0.2/32", "172.18.0.3/32"] } }, services });
      expect(one(objects, "NetworkPolicy", "allow-api-server-scoring").spec).toEqual({
        podSelector: { matchLabels: { "app.kubernetes.io/name": "scoring", "app.kubernetes.io/instance": "scoring" } },
        policyTypes: ["Egress"],
        egress: [
          {
            to: [{ ipBlock: { cidr: "172.18.0.2/32" } }, { ipBlock: { cidr: "172.18.0.3/32" } }],
            ports: [
              { protocol: "TCP", port: 443 },
              { protocol: "TCP", port: 6443 },
            ],
          },
        ],
      });
      expect(find(objects, "NetworkPolicy").filter((o) => o.metadata.name.startsWith("allow-api-server"))).toHaveLength(1);
      expectValidObjects(objects);
      // no grants: no API server egress, even when its address is given
      expect(find(render({ ...props, networkPolicy: { apiServer: { cidrs: ["172.18.0.2/32"] } } }), "NetworkPolicy").map((o) => o.metadata.name)).not.toContain(
        "allow-api-server-scoring",
      );
    });

    it("denies by default, allows DNS, traffic within the project, and the gateway to exposed ports only", () => {
      const objects = render(demoProject());
      expect(one(objects, "NetworkPolicy", "default-deny").spec).toEqual({ podSelector: {}, policyTypes: ["Ingress", "Egress"] });
      const dns = one(objects, "NetworkPolicy", "allow-dns").spec.egress[0];
      expect(dns.ports).toEqual([
        { protocol: "UDP", port: 53 },
        { protocol: "TCP", port: 53 },
      ]);
      expect(dns.to[0].namespaceSelector.matchLabels).toEqual({ "kubernetes.io/metadata.name": "kube-system" });
      expect(one(objects, "NetworkPolicy", "allow-within-project").spec.ingress).toEqual([{ from: [{ podSelector: {} }] }]);
      const scoring = one(objects, "NetworkPolicy", "allow-proxy-scoring").spec;
      expect(scoring.podSelector.matchLabels).toEqual({ "app.kubernetes.io/name": "scoring", "app.kubernetes.io/instance": "scoring" });
      expect(scoring.ingress).toEqual([
        {
          from: [ENVOY_PROXY_PEER],
          ports: [
            { protocol: "TCP", port: 8080 },
            { protocol: "TCP", port: 9090 },
          ],
        },
      ]);
      // Redis is internal only: nothing lets the gateway reach it.
      expect(find(objects, "NetworkPolicy", "allow-proxy-redis")).toHaveLength(0);
      expect(find(objects, "NetworkPolicy", "allow-egress")).toHaveLength(0);
    });

    it("has documented switches", () => {
      const objects = render(
        demoProject({
          networkPolicy: {
            allowDns: false,
            allowWithinProject: false,
            allowFromProxy: false,
            egress: [{ cidr: "0.0.0.0/0", except: ["10.0.0.0/8"], ports: [443] }],
            dns: undefined,
          },
        }),
      );
      expect(find(objects, "NetworkPolicy").map((o) => o.metadata.name)).toEqual(["default-deny", "allow-egress"]);
      expect(one(objects, "NetworkPolicy", "allow-egress").spec.egress).toEqual([
        { to: [{ ipBlock: { cidr: "0.0.0.0/0", except: ["10.0.0.0/8"] } }], ports: [{ protocol: "TCP", port: 443 }] },
      ]);
      expect(find(render(demoProject({ networkPolicy: false })), "NetworkPolicy")).toHaveLength(0);
    });

    it("uses the proxy namespace of each provider; Istio needs no egress to istiod (no sidecars)", () => {
      expect(
        one(render(demoProject({ ingress: ingressFor("ingress-nginx") })), "NetworkPolicy", "allow-proxy-scoring").spec.ingress[0].from[0].namespaceSelector
          .matchLabels["kubernetes.io/metadata.name"],
      ).toBe("ingress-nginx");
      const istio = render(demoProject({ ingress: ingressFor("istio") }));
      expect(one(istio, "NetworkPolicy", "allow-proxy-scoring").spec.ingress[0].from[0].namespaceSelector.matchLabels["kubernetes.io/metadata.name"]).toBe(
        "istio-ingress",
      );
      expect(find(istio, "NetworkPolicy", "allow-egress")).toHaveLength(0);
    });
  });

  describe("project token and ML Lab env", () => {
    it("injects LAB_ENDPOINT, LAB_PROJECT, LAB_API_TOKEN (secretKeyRef) and LAB_SERVICE_PATH with the port", () => {
      const objects = render(demoProject());
      expect(envOf(objects, "scoring")).toEqual({
        LAB_ENDPOINT: "https://lab.example.com",
        LAB_PROJECT: "demo",
        LAB_API_TOKEN: { secretKeyRef: { name: "demo-token", key: "token" } },
        LAB_SERVICE_PATH: "/api/projects/demo/services/scoring/8080/",
      });
      expect(envOf(objects, "code-runner").LAB_SERVICE_PATH).toBe("/api/projects/demo/services/code-runner/8091/");
      expect(envOf(objects, "streamlit").STREAMLIT_SERVER_BASE_URL_PATH).toBe("/api/projects/demo/services/streamlit/8501/");
      // Never a token value in any manifest.
      expect(find(objects, "Secret")).toHaveLength(0);
      expect(JSON.stringify(objects)).not.toMatch(/"LAB_API_TOKEN","value"/);
    });

    it("reads the token from an existing Secret, or syncs it with an ExternalSecret writing the token only", () => {
      const existing = render(demoProject({ token: { secretName: "lab-project-token", key: "api-token" } }));
      expect(envOf(existing, "scoring").LAB_API_TOKEN).toEqual({ secretKeyRef: { name: "lab-project-token", key: "api-token" } });
      expect(find(existing, "ExternalSecret")).toHaveLength(0);
      const synced = render(
        demoProject({ token: { externalSecret: { store: "vault", storeKind: "ClusterSecretStore", remoteKey: "lab/demo", remoteProperty: "token" } } }),
      );
      const external = one(synced, "ExternalSecret", "demo-token");
      expect(external.spec.secretStoreRef).toEqual({ name: "vault", kind: "ClusterSecretStore" });
      expect(external.spec.data).toEqual([{ secretKey: "token", remoteRef: { key: "lab/demo", property: "token" } }]);
      expect(external.spec.target.template.data).toEqual({ token: "{{ .token }}" });
      expectValidObjects(synced);
    });

    it("lets a service opt out of the LAB_* variables", () => {
      const props = demoProject();
      const objects = render({ ...props, services: [{ ...props.services![0], labEnv: false, env: { LAB_PROJECT: "mine" } }] });
      expect(envOf(objects, "scoring")).toEqual({ LAB_PROJECT: "mine" });
    });
  });

  describe("Orchest semantics", () => {
    it("mounts binds from one project PVC by subPath, with fsGroup for shared file permissions", () => {
      const objects = render(demoProject());
      const pvc = one(objects, "PersistentVolumeClaim", "demo-files");
      expect(pvc.spec.accessModes).toEqual(["ReadWriteMany"]);
      const tensorboard = one(objects, "Deployment", "tensorboard").spec.template.spec;
      expect(tensorboard.securityContext.fsGroup).toBe(1000);
      expect(tensorboard.containers[0].volumeMounts).toContainEqual({ name: "claim-0", mountPath: "/data", subPath: "data" });
      expect(tensorboard.volumes).toContainEqual({ name: "claim-0", persistentVolumeClaim: { claimName: "demo-files" } });
      const streamlit = container(objects, "streamlit");
      expect(streamlit.volumeMounts).toContainEqual({ name: "claim-0", mountPath: "/project-dir", subPath: "project-dir" });
    });

    it("mounts both directories from a single volume", () => {
      const objects = render({
        name: "demo",
        services: [{ name: "ide", image: "registry.example.com/ide:1.0.0", binds: { "/data": "/data", "/project-dir": "/work" } }],
      });
      const spec = one(objects, "Deployment", "ide").spec.template.spec;
      expect(spec.volumes.filter((v: any) => v.persistentVolumeClaim)).toEqual([{ name: "claim-0", persistentVolumeClaim: { claimName: "demo-files" } }]);
      expect(spec.containers[0].volumeMounts.filter((m: any) => m.name === "claim-0").map((m: any) => m.subPath)).toEqual(["data", "project-dir"]);
      expectValidObjects(objects);
    });

    it("runs only the services whose scope includes the target environment", () => {
      const props = demoProject();
      const services = [{ ...props.services![0], scope: ["noninteractive" as const] }, props.services![2]];
      expect(find(render({ ...props, services }), "Deployment").map((d) => d.metadata.name)).toEqual(["redis"]);
      expect(find(render({ ...props, services, environment: "noninteractive" }), "Deployment").map((d) => d.metadata.name)).toEqual(["scoring", "redis"]);
      expect(resolveLabProject({ ...props, services }, { name: "demo" }).skippedServices).toEqual(["scoring"]);
    });

    it("inherits project env, which wins over the service's own on collision", () => {
      const objects = render({
        name: "demo",
        env: { WAREHOUSE_URL: "postgres://warehouse:5432/sales", DB_PASSWORD: { secretKeyRef: { name: "demo-env", key: "DB_PASSWORD" } } },
        services: [
          {
            name: "etl",
            image: "registry.example.com/etl:1.0.0",
            env: { WAREHOUSE_URL: "sqlite://", LOG_LEVEL: "info" },
            envInherit: ["WAREHOUSE_URL", "DB_PASSWORD"],
          },
        ],
      });
      const env = envOf(objects, "etl");
      expect(env.WAREHOUSE_URL).toBe("postgres://warehouse:5432/sales");
      expect(env.DB_PASSWORD).toEqual({ secretKeyRef: { name: "demo-env", key: "DB_PASSWORD" } });
      expect(env.LOG_LEVEL).toBe("info");
    });

    it("gives services without ports Orchest's default port, internal only", () => {
      const objects = render({
        name: "demo",
        services: [
          { name: "db", image: "postgres:16.4" },
          { name: "cache", image: "redis:7.4.2" },
          { name: "app", image: "registry.example.com/app:1.0.0" },
        ],
      });
      expect(one(objects, "Service", "db").spec.ports).toEqual([{ name: "port-5432", port: 5432, targetPort: "port-5432", protocol: "TCP" }]);
      expect(one(objects, "Service", "cache").spec.ports[0].port).toBe(6379);
      expect(one(objects, "Service", "app").spec.ports[0].port).toBe(8080);
      expect(find(objects, "HTTPRoute")).toHaveLength(0);
      expectValidObjects(objects);
    });

    it("exposes the internal hostname as an attribute", () => {
      const spec = resolveLabProject(demoProject(), { name: "demo" });
      expect(spec.services.find((s) => s.name === "redis")!.internalHostname).toBe("redis.demo.svc.cluster.local");
    });
  });

  it("applies escape-hatch patches to the final objects", () => {
    const objects = render(
      demoProject({ patches: [{ kind: "Namespace", ops: [{ op: "add", path: "/metadata/annotations", value: { owner: "fraud-team" } }] }] }),
    );
    expect(one(objects, "Namespace").metadata.annotations).toEqual({ owner: "fraud-team" });
  });

  for (const provider of PROVIDERS) {
    it(`emits only schema-valid objects (${provider})`, () => {
      expectValidObjects(
        render(
          demoProject({ ingress: ingressFor(provider), quota: { cpu: 4 }, limitRange: true, token: { externalSecret: { store: "vault", remoteKey: "k" } } }),
        ),
      );
    });
  }

  it("with everything set: the default rendering plus the project-level objects those settings add or change", async () => {
    const common = { namespace: "demo-lab", labels: { team: "fraud" } };
    const full = render(
      demoProject({
        ...common,
        quota: { cpu: 8, memory: "16Gi", memoryLimit: "16Gi", pods: 30, persistentVolumeClaims: 5, storage: "100Gi", gpus: 2 },
        limitRange: { defaultCpuRequest: "200m", defaultMemoryRequest: "512Mi", defaultMemoryLimit: "1Gi", maxMemory: "8Gi", maxCpu: 4 },
        token: { externalSecret: { store: "vault", storeKind: "ClusterSecretStore", remoteKey: "lab/demo", remoteProperty: "token", refreshInterval: "15m" } },
        deployer: { name: "ci", subjects: [{ kind: "Group", name: "fraud-team" }] },
        networkPolicy: { egress: [{ cidr: "0.0.0.0/0", except: ["10.0.0.0/8"], ports: [443] }] },
        storage: { size: "50Gi", storageClassName: "efs", fsGroup: 2000 },
      }),
    );
    expectValidObjects(full);
    expect(full.every((o) => o.metadata.labels?.team === "fraud" && (o.kind === "Namespace" || o.metadata.namespace === "demo-lab"))).toBe(true);
    // Objects only these settings create: small enough to review in full.
    const added = ["ResourceQuota/demo", "LimitRange/demo", "ExternalSecret/demo-token", "NetworkPolicy/allow-egress"];
    const key = (o: KubeObject) => `${o.kind}/${o.metadata.name}`;
    const addedObjects = full.filter((o) => added.includes(key(o)));
    expect(addedObjects.map(key)).toEqual(added);
    await expect(addedObjects.map((o) => stringify(o)).join("---\n")).toMatchFileSnapshot("__snapshots__/lab-project.full.k8s.yaml");
    // Everything else is the default rendering (itself covered by the tests above), with the
    // deployer renamed and given the extra subject, and the project storage's size, class and fsGroup.
    const expected = structuredClone(render(demoProject(common))) as any[];
    for (const o of expected) {
      if (["ServiceAccount", "Role", "RoleBinding"].includes(o.kind) && o.metadata.name === "deployer") o.metadata.name = "ci";
      if (o.kind === "RoleBinding" && o.roleRef.name === "deployer") {
        o.roleRef.name = "ci";
        o.subjects = [
          { ...o.subjects[0], name: "ci" },
          { kind: "Group", name: "fraud-team", apiGroup: "rbac.authorization.k8s.io" },
        ];
      }
      if (o.kind === "PersistentVolumeClaim" && o.metadata.name === "demo-files")
        o.spec = { ...o.spec, storageClassName: "efs", resources: { requests: { storage: "50Gi" } } };
      // the services that mount the project storage (Tensorboard, Streamlit) run with its fsGroup
      if (o.kind === "Deployment" && ["tensorboard", "streamlit"].includes(o.metadata.name)) o.spec.template.spec.securityContext.fsGroup = 2000;
    }
    const rest = full.filter((o) => !added.includes(key(o)));
    expect(rest.map(key)).toEqual(expected.map(key));
    expect(rest).toEqual(expected);
    // where the added objects go: project-level ones after the Namespace, egress after the other policies
    expect(full.map(key).slice(0, 4)).toEqual(["Namespace/demo-lab", ...added.slice(0, 3)]);
    expect(full.map(key).indexOf("NetworkPolicy/allow-egress")).toBe(full.map(key).indexOf("NetworkPolicy/allow-proxy-streamlit") + 1);
  });
});

describe("metrics scraping and KEDA inside a project", () => {
  const scored = {
    name: "llm",
    runtime: { preset: "vllm" as const },
    model: { type: "image" as const, reference: "registry.example.com/m@sha256:" + "a".repeat(64) },
    exposed: true,
  };

  it("networkPolicy.metricsScraper admits the Prometheus pods on each service's metrics port only, and nothing without it", () => {
    const objects = render({
      name: "demo",
      ingress: ingressFor("gateway-api"),
      services: [scored, { name: "plain", image: "registry.example.com/app:1.0.0", exposed: true }],
      networkPolicy: { metricsScraper: { namespace: "monitoring", podLabels: { "app.kubernetes.io/name": "prometheus" } } },
    });
    expectValidObjects(objects);
    const policy = one(objects, "NetworkPolicy", "allow-metrics-llm");
    expect(policy.spec).toEqual({
      podSelector: { matchLabels: { "app.kubernetes.io/name": "llm", "app.kubernetes.io/instance": "llm" } },
      policyTypes: ["Ingress"],
      ingress: [
        {
          from: [
            {
              namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "monitoring" } },
              podSelector: { matchLabels: { "app.kubernetes.io/name": "prometheus" } },
            },
          ],
          ports: [{ protocol: "TCP", port: 8000 }],
        },
      ],
    });
    expect(find(objects, "NetworkPolicy", "allow-metrics-plain")).toEqual([]);
    expect(find(render({ name: "demo", ingress: ingressFor("gateway-api"), services: [scored] }), "NetworkPolicy", "allow-metrics-llm")).toEqual([]);
  });

  it("the deployer may manage ScaledObjects only where a service is scaled by KEDA", () => {
    const keda = {
      minReplicaCount: 1,
      maxReplicaCount: 2,
      prometheus: [{ serverAddress: "http://prometheus.monitoring.svc:9090", query: "sum(x)", threshold: 5 }],
    };
    const rules = (objects: KubeObject[]) => (one(objects, "Role", "deployer").rules as any[]).filter((r) => r.apiGroups.includes("keda.sh"));
    expect(rules(render({ name: "demo", ingress: ingressFor("gateway-api"), services: [{ ...scored, keda }] }))).toEqual([
      { apiGroups: ["keda.sh"], resources: ["scaledobjects"], verbs: [...DEPLOYER_VERBS] },
    ]);
    expect(rules(render({ name: "demo", ingress: ingressFor("gateway-api"), services: [scored] }))).toEqual([]);
  });
});
