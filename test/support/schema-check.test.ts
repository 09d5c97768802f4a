import { describe, expect, it } from "vitest";
import { expectValidObjects, knownKinds, validateObject } from "./schema-check";

// ---------------------------------------------------------------------------------------------
// Fixtures (fresh copies on every call so tests can mutate them)
// ---------------------------------------------------------------------------------------------

const labels = { "app.kubernetes.io/name": "iris", "app.kubernetes.io/instance": "iris" };

function deployment(): any {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "iris", namespace: "ml", labels, annotations: { "modelship.dev/version": "1" } },
    spec: {
      replicas: 2,
      revisionHistoryLimit: 3,
      selector: { matchLabels: labels },
      strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: "25%", maxUnavailable: 0 } },
      template: {
        metadata: { labels },
        spec: {
          serviceAccountName: "iris",
          automountServiceAccountToken: false,
          securityContext: { runAsNonRoot: true, runAsUser: 1000, fsGroup: 1000, seccompProfile: { type: "RuntimeDefault" } },
          containers: [
            {
              name: "server",
              image: "ghcr.io/example/iris:1.0.0",
              imagePullPolicy: "IfNotPresent",
              args: ["--port", "8080"],
              ports: [{ name: "http", containerPort: 8080, protocol: "TCP" }],
              env: [
                { name: "MODEL_PATH", value: "/models/iris" },
                { name: "TOKEN", valueFrom: { secretKeyRef: { name: "iris-token", key: "token", optional: false } } },
              ],
              resources: {
                requests: { cpu: "250m", memory: "256Mi" },
                limits: { cpu: 0.5, memory: "1Gi", "nvidia.com/gpu": 1 },
              },
              readinessProbe: { httpGet: { path: "/healthz", port: "http" }, periodSeconds: 5 },
              livenessProbe: { tcpSocket: { port: 8080 }, initialDelaySeconds: 10 },
              volumeMounts: [{ name: "models", mountPath: "/models", readOnly: true }],
              securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } },
            },
          ],
          volumes: [{ name: "models", persistentVolumeClaim: { claimName: "iris-models" } }],
          tolerations: [{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }],
          nodeSelector: { "kubernetes.io/os": "linux" },
        },
      },
    },
  };
}

const service = () => ({
  apiVersion: "v1",
  kind: "Service",
  metadata: { name: "iris", namespace: "ml", labels },
  spec: { type: "ClusterIP", selector: labels, ports: [{ name: "http", port: 80, targetPort: "http", protocol: "TCP" }] },
});

const hpa = () => ({
  apiVersion: "autoscaling/v2",
  kind: "HorizontalPodAutoscaler",
  metadata: { name: "iris", namespace: "ml" },
  spec: {
    scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "iris" },
    minReplicas: 1,
    maxReplicas: 5,
    metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } } }],
    behavior: { scaleDown: { stabilizationWindowSeconds: 300, policies: [{ type: "Pods", value: 1, periodSeconds: 60 }] } },
  },
});

const pdb = () => ({
  apiVersion: "policy/v1",
  kind: "PodDisruptionBudget",
  metadata: { name: "iris", namespace: "ml" },
  spec: { minAvailable: 1, selector: { matchLabels: labels } },
});

const networkPolicy = () => ({
  apiVersion: "networking.k8s.io/v1",
  kind: "NetworkPolicy",
  metadata: { name: "iris", namespace: "ml" },
  spec: {
    podSelector: { matchLabels: labels },
    policyTypes: ["Ingress", "Egress"],
    ingress: [{ from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "gateway" } } }], ports: [{ protocol: "TCP", port: "http" }] }],
    egress: [{ to: [{ ipBlock: { cidr: "10.0.0.0/8" } }], ports: [{ protocol: "UDP", port: 53 }] }],
  },
});

const role = () => ({
  apiVersion: "rbac.authorization.k8s.io/v1",
  kind: "Role",
  metadata: { name: "iris", namespace: "ml" },
  rules: [{ apiGroups: [""], resources: ["configmaps"], verbs: ["get", "list", "watch"] }],
});

const podTemplate = () => ({
  spec: {
    restartPolicy: "Never",
    containers: [{ name: "train", image: "ghcr.io/example/train:1", command: ["python", "train.py"], resources: { requests: { cpu: 2, memory: "4Gi" } } }],
  },
});

const job = () => ({
  apiVersion: "batch/v1",
  kind: "Job",
  metadata: { name: "train", namespace: "ml" },
  spec: { backoffLimit: 2, ttlSecondsAfterFinished: 3600, completions: 1, template: podTemplate() },
});

const cronJob = () => ({
  apiVersion: "batch/v1",
  kind: "CronJob",
  metadata: { name: "retrain", namespace: "ml" },
  spec: {
    schedule: "0 3 * * *",
    concurrencyPolicy: "Forbid",
    successfulJobsHistoryLimit: 1,
    jobTemplate: { spec: { backoffLimit: 1, template: podTemplate() } },
  },
});

function httpRoute(): any {
  return {
    apiVersion: "gateway.networking.k8s.io/v1",
    kind: "HTTPRoute",
    metadata: { name: "iris", namespace: "ml", labels },
    spec: {
      parentRefs: [{ name: "public", namespace: "gateway", sectionName: "https" }],
      hostnames: ["iris.example.com"],
      rules: [
        {
          matches: [{ path: { type: "PathPrefix", value: "/models/iris" } }],
          filters: [{ type: "URLRewrite", urlRewrite: { path: { type: "ReplacePrefixMatch", replacePrefixMatch: "/" } } }],
          backendRefs: [{ name: "iris", port: 80, weight: 100 }],
          timeouts: { request: "30s" },
        },
      ],
    },
  };
}

function securityPolicy(): any {
  return {
    apiVersion: "gateway.envoyproxy.io/v1alpha1",
    kind: "SecurityPolicy",
    metadata: { name: "iris-apikey", namespace: "ml" },
    spec: {
      targetRefs: [{ group: "gateway.networking.k8s.io", kind: "HTTPRoute", name: "iris" }],
      apiKeyAuth: {
        credentialRefs: [{ group: "", kind: "Secret", name: "iris-api-keys" }],
        extractFrom: [{ headers: ["x-api-key"] }, { cookies: ["api_key"] }, { params: ["api_key"] }],
        forwardClientIDHeader: "x-client-id",
        sanitize: true,
      },
    },
  };
}

const requestAuthentication = () => ({
  apiVersion: "security.istio.io/v1",
  kind: "RequestAuthentication",
  metadata: { name: "iris", namespace: "ml" },
  spec: {
    selector: { matchLabels: labels },
    jwtRules: [
      {
        issuer: "https://issuer.example.com",
        jwksUri: "https://issuer.example.com/.well-known/jwks.json",
        audiences: ["iris"],
        forwardOriginalToken: true,
        fromHeaders: [{ name: "Authorization", prefix: "Bearer " }],
      },
    ],
  },
});

const authorizationPolicy = () => ({
  apiVersion: "security.istio.io/v1",
  kind: "AuthorizationPolicy",
  metadata: { name: "iris", namespace: "ml" },
  spec: {
    selector: { matchLabels: labels },
    action: "ALLOW",
    rules: [
      {
        from: [{ source: { requestPrincipals: ["https://issuer.example.com/*"] } }],
        to: [{ operation: { methods: ["POST"], paths: ["/v1/models/*"], ports: ["8080"] } }],
        when: [{ key: "request.auth.claims[aud]", values: ["iris"] }],
      },
    ],
  },
});

function workflow(): any {
  return {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "Workflow",
    metadata: { generateName: "iris-pipeline-", namespace: "ml" },
    spec: {
      entrypoint: "main",
      serviceAccountName: "argo",
      arguments: { parameters: [{ name: "epochs", value: "10" }] },
      templates: [
        {
          name: "main",
          dag: {
            tasks: [
              { name: "prepare", template: "step", arguments: { parameters: [{ name: "cmd", value: "prepare" }] } },
              { name: "train", template: "step", depends: "prepare", arguments: { parameters: [{ name: "cmd", value: "train" }] } },
              { name: "fanout", template: "step", dependencies: ["train"], withItems: [1, "two", { three: 3 }] },
            ],
          },
        },
        {
          name: "step",
          inputs: { parameters: [{ name: "cmd" }] },
          container: {
            image: "ghcr.io/example/pipeline:1",
            command: ["python", "-m", "pipeline"],
            args: ["{{inputs.parameters.cmd}}"],
            resources: { requests: { cpu: "500m", memory: "1Gi" } },
          },
          retryStrategy: { limit: 2, retryPolicy: "OnFailure" },
        },
      ],
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

describe("core kinds", () => {
  it("accepts valid Deployment/Service/HPA/PDB/NetworkPolicy/Role/Job/CronJob", () => {
    const objs = [deployment(), service(), hpa(), pdb(), networkPolicy(), role(), job(), cronJob()];
    for (const o of objs) expect(validateObject(o), o.kind).toEqual([]);
    expect(() => expectValidObjects(objs)).not.toThrow();
  });

  it("accepts the other core kinds the package emits", () => {
    const objs = [
      { apiVersion: "v1", kind: "Namespace", metadata: { name: "ml", labels: { "pod-security.kubernetes.io/enforce": "restricted" } } },
      { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "iris", namespace: "ml" }, automountServiceAccountToken: false },
      { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "iris" }, data: { "config.yaml": "a: 1\n" } },
      { apiVersion: "v1", kind: "Secret", metadata: { name: "iris" }, type: "Opaque", stringData: { token: "x" }, data: { b: "eA==" } },
      {
        apiVersion: "v1",
        kind: "PersistentVolumeClaim",
        metadata: { name: "iris-models" },
        spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "10Gi" } }, storageClassName: "standard" },
      },
      {
        apiVersion: "apps/v1",
        kind: "StatefulSet",
        metadata: { name: "lab" },
        spec: {
          serviceName: "lab",
          selector: { matchLabels: labels },
          template: { metadata: { labels }, spec: { containers: [{ name: "lab", image: "jupyter:1" }] } },
          volumeClaimTemplates: [{ metadata: { name: "home" }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } } }],
        },
      },
      {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "RoleBinding",
        metadata: { name: "iris" },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "iris" },
        subjects: [{ kind: "ServiceAccount", name: "iris", namespace: "ml" }],
      },
      {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "ClusterRole",
        metadata: { name: "iris" },
        rules: [{ nonResourceURLs: ["/metrics"], verbs: ["get"] }],
      },
      {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "ClusterRoleBinding",
        metadata: { name: "iris" },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "iris" },
        subjects: [{ kind: "Group", name: "ops", apiGroup: "rbac.authorization.k8s.io" }],
      },
      { apiVersion: "v1", kind: "ResourceQuota", metadata: { name: "ml" }, spec: { hard: { "requests.cpu": "10", "limits.memory": "20Gi", pods: 50 } } },
      {
        apiVersion: "v1",
        kind: "LimitRange",
        metadata: { name: "ml" },
        spec: { limits: [{ type: "Container", default: { cpu: "500m" }, defaultRequest: { cpu: 0.25 } }] },
      },
      {
        apiVersion: "networking.k8s.io/v1",
        kind: "Ingress",
        metadata: { name: "iris" },
        spec: {
          ingressClassName: "nginx",
          tls: [{ hosts: ["iris.example.com"], secretName: "iris-tls" }],
          rules: [
            { host: "iris.example.com", http: { paths: [{ path: "/", pathType: "Prefix", backend: { service: { name: "iris", port: { name: "http" } } } }] } },
          ],
        },
      },
    ];
    expect(() => expectValidObjects(objs)).not.toThrow();
  });

  it("reports an unknown field deep inside a pod spec with its path", () => {
    const d = deployment();
    d.spec.template.spec.containers[0].imagePullPolcy = "Always";
    d.spec.template.spec.containers[0].resources.requests.cpu = "250m";
    d.spec.template.spec.volumes[0].persistentVolumeClaim.readonlyy = true;
    expect(validateObject(d)).toEqual([
      "Deployment/iris: spec.template.spec.containers[0].imagePullPolcy: unknown field",
      "Deployment/iris: spec.template.spec.volumes[0].persistentVolumeClaim.readonlyy: unknown field",
    ]);
  });

  it("reports unknown fields at the top level and in metadata", () => {
    const s: any = service();
    s.metadata.label = { a: "b" };
    s.specs = {};
    const errs = validateObject(s);
    expect(errs).toContain("Service/iris: metadata.label: unknown field");
    expect(errs).toContain("Service/iris: specs: unknown field");
  });

  it("reports a wrong type", () => {
    const d = deployment();
    d.spec.replicas = "2";
    d.spec.template.spec.containers[0].ports[0].containerPort = "8080";
    const errs = validateObject(d);
    expect(errs).toContain("Deployment/iris: spec.replicas: must be integer, got string");
    expect(errs).toContain("Deployment/iris: spec.template.spec.containers[0].ports[0].containerPort: must be integer, got string");
  });

  it("reports a bad enum value", () => {
    const d = deployment();
    d.spec.template.spec.containers[0].imagePullPolicy = "Sometimes";
    expect(validateObject(d).join("\n")).toMatch(/containers\[0\]\.imagePullPolicy: must be one of .*IfNotPresent/);
  });

  it("reports missing required fields", () => {
    const d = deployment();
    delete d.spec.template.spec.containers[0].name;
    expect(validateObject(d)).toContain("Deployment/iris: spec.template.spec.containers[0].name: missing required field");
    const s: any = service();
    delete s.spec.ports[0].port;
    expect(validateObject(s)).toEqual(["Service/iris: spec.ports[0].port: missing required field"]);
  });

  it("accepts Quantity and IntOrString in all valid forms, rejects invalid ones", () => {
    const d = deployment();
    const c = d.spec.template.spec.containers[0];
    c.resources.requests = { cpu: 0.25, memory: 268435456 };
    c.resources.limits = { cpu: "1.5", memory: "1e9", "ephemeral-storage": "2G" };
    c.readinessProbe.httpGet.port = 8080;
    d.spec.strategy.rollingUpdate = { maxSurge: 1, maxUnavailable: "10%" };
    expect(validateObject(d)).toEqual([]);
    c.resources.requests.cpu = "250 millicores";
    c.readinessProbe.httpGet.port = true;
    const errs = validateObject(d);
    expect(errs.some((e) => e.includes("resources.requests.cpu"))).toBe(true);
    expect(errs.some((e) => e.includes("readinessProbe.httpGet.port"))).toBe(true);
  });

  it("fails objects of unknown kinds, unknown versions and non-objects", () => {
    expect(validateObject({ apiVersion: "v1", kind: "Deploymnet", metadata: { name: "x" } })).toEqual([
      "Deploymnet/x: unknown kind Deploymnet in apiVersion v1: no schema for it (see knownKinds())",
    ]);
    expect(validateObject({ apiVersion: "apps/v1beta1", kind: "Deployment", metadata: { name: "x" } })).toHaveLength(1);
    expect(validateObject({ apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "x" } })).toHaveLength(1);
    expect(validateObject({ kind: "Service", metadata: { name: "x" } })).toHaveLength(1);
    expect(validateObject("nope")).toHaveLength(1);
    expect(() => expectValidObjects([service(), { apiVersion: "v1", kind: "Nope" }])).toThrow(/unknown kind Nope/);
  });

  it("expectValidObjects lists every error of every object", () => {
    const d = deployment();
    d.spec.template.spec.containers[0].imagePullPolcy = "Always";
    const s: any = service();
    delete s.spec.ports[0].port;
    let message = "";
    try {
      expectValidObjects([d, s, hpa()]);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain("2 schema error(s) in 3 object(s)");
    expect(message).toContain("Deployment/iris: spec.template.spec.containers[0].imagePullPolcy: unknown field");
    expect(message).toContain("Service/iris: spec.ports[0].port: missing required field");
  });

  it("knows every core kind the package emits and all vendored CRDs", () => {
    const kinds = knownKinds();
    for (const k of [
      "v1/Namespace",
      "v1/ServiceAccount",
      "v1/Service",
      "apps/v1/Deployment",
      "apps/v1/StatefulSet",
      "batch/v1/Job",
      "batch/v1/CronJob",
      "v1/ConfigMap",
      "v1/Secret",
      "v1/PersistentVolumeClaim",
      "policy/v1/PodDisruptionBudget",
      "autoscaling/v2/HorizontalPodAutoscaler",
      "networking.k8s.io/v1/NetworkPolicy",
      "rbac.authorization.k8s.io/v1/Role",
      "rbac.authorization.k8s.io/v1/RoleBinding",
      "rbac.authorization.k8s.io/v1/ClusterRole",
      "rbac.authorization.k8s.io/v1/ClusterRoleBinding",
      "v1/ResourceQuota",
      "v1/LimitRange",
      "networking.k8s.io/v1/Ingress",
      "gateway.networking.k8s.io/v1/HTTPRoute",
      "gateway.networking.k8s.io/v1/GRPCRoute",
      "gateway.networking.k8s.io/v1/Gateway",
      "gateway.networking.k8s.io/v1/GatewayClass",
      "gateway.networking.k8s.io/v1/ReferenceGrant",
      "gateway.networking.k8s.io/v1beta1/ReferenceGrant",
      "gateway.envoyproxy.io/v1alpha1/SecurityPolicy",
      "gateway.envoyproxy.io/v1alpha1/BackendTrafficPolicy",
      "gateway.envoyproxy.io/v1alpha1/ClientTrafficPolicy",
      "security.istio.io/v1/AuthorizationPolicy",
      "security.istio.io/v1/RequestAuthentication",
      "argoproj.io/v1alpha1/Workflow",
      "argoproj.io/v1alpha1/CronWorkflow",
      "argoproj.io/v1alpha1/WorkflowTemplate",
      "keda.sh/v1alpha1/ScaledObject",
      "external-secrets.io/v1/ExternalSecret",
    ]) {
      expect(kinds, k).toContain(k);
    }
    // not-served CRD versions are not known
    expect(kinds).not.toContain("external-secrets.io/v1beta1/ExternalSecret");
  });

  it("validates many objects in one call, reporting each invalid one by name", () => {
    const objs = Array.from({ length: 200 }, (_, i) => {
      const d = deployment();
      d.metadata.name = `iris-${i}`;
      d.spec.replicas = i % 5;
      return d;
    });
    expect(() => expectValidObjects(objs)).not.toThrow();
    (objs[17] as any).spec.replicaz = 1;
    (objs[150] as any).spec.template.spec.containers[0].imagePullPolcy = "Always";
    const message = (() => {
      try {
        expectValidObjects(objs);
      } catch (error) {
        return (error as Error).message;
      }
      return "";
    })();
    expect(message).toMatch(/Deployment\/iris-17: spec\.replicaz: unknown field/);
    expect(message).toMatch(/Deployment\/iris-150: spec\.template\.spec\.containers\[0\]\.imagePullPolcy: unknown field/);
  });
});

describe("custom resources", () => {
  it("accepts an HTTPRoute with a URLRewrite ReplacePrefixMatch filter", () => {
    expect(validateObject(httpRoute())).toEqual([]);
  });

  it("rejects an HTTPRoute with a misspelled field", () => {
    const r = httpRoute();
    r.spec.rules[0].filters[0].urlRewrite.path.replacePrefix = "/";
    expect(validateObject(r)).toContain("HTTPRoute/iris: spec.rules[0].filters[0].urlRewrite.path.replacePrefix: unknown field");
    const r2 = httpRoute();
    r2.spec.rules[0].backendRefs[0].prot = 80;
    expect(validateObject(r2)).toEqual(["HTTPRoute/iris: spec.rules[0].backendRefs[0].prot: unknown field"]);
  });

  it("rejects bad types, enums and missing required fields in an HTTPRoute", () => {
    const r = httpRoute();
    r.spec.rules[0].matches[0].path.type = "Prefix";
    r.spec.rules[0].backendRefs[0].port = "80";
    delete r.spec.parentRefs[0].name;
    const errs = validateObject(r).join("\n");
    expect(errs).toMatch(/spec\.rules\[0\]\.matches\[0\]\.path\.type: must be one of/);
    expect(errs).toContain("spec.rules[0].backendRefs[0].port: must be integer, got string");
    expect(errs).toContain("spec.parentRefs[0].name: missing required field");
  });

  it("checks custom resource metadata strictly as ObjectMeta", () => {
    const r = httpRoute();
    r.metadata.lables = { a: "b" };
    r.metadata.annotations = { a: 1 };
    const errs = validateObject(r);
    expect(errs).toContain("HTTPRoute/iris: metadata.lables: unknown field");
    expect(errs).toContain("HTTPRoute/iris: metadata.annotations.a: must be string, got integer");
  });

  it("accepts an Envoy Gateway SecurityPolicy with apiKeyAuth", () => {
    expect(validateObject(securityPolicy())).toEqual([]);
  });

  it("rejects a SecurityPolicy apiKeyAuth with a wrong or unknown field", () => {
    const p = securityPolicy();
    p.spec.apiKeyAuth.extractFrom[0].header = ["x-api-key"];
    p.spec.apiKeyAuth.sanitize = "yes";
    delete p.spec.apiKeyAuth.credentialRefs;
    const errs = validateObject(p);
    expect(errs).toContain("SecurityPolicy/iris-apikey: spec.apiKeyAuth.extractFrom[0].header: unknown field");
    expect(errs).toContain("SecurityPolicy/iris-apikey: spec.apiKeyAuth.sanitize: must be boolean, got string");
    expect(errs).toContain("SecurityPolicy/iris-apikey: spec.apiKeyAuth.credentialRefs: missing required field");
  });

  it("accepts an Istio RequestAuthentication and AuthorizationPolicy", () => {
    expect(validateObject(requestAuthentication())).toEqual([]);
    expect(validateObject(authorizationPolicy())).toEqual([]);
    const a: any = authorizationPolicy();
    a.spec.rules[0].to[0].operation.method = ["GET"];
    expect(validateObject(a)).toEqual(["AuthorizationPolicy/iris: spec.rules[0].to[0].operation.method: unknown field"]);
  });

  it("accepts an Argo Workflow with a dag template and rejects an unknown field", () => {
    expect(validateObject(workflow())).toEqual([]);
    const w = workflow();
    w.spec.templates[0].dag.tasks[1].dependson = "prepare";
    w.spec.templates[1].container.imagePullPolcy = "Always";
    expect(validateObject(w)).toEqual([
      "Workflow/iris-pipeline-*: spec.templates[0].dag.tasks[1].dependson: unknown field",
      "Workflow/iris-pipeline-*: spec.templates[1].container.imagePullPolcy: unknown field",
    ]);
  });

  it("accepts extra fields under x-kubernetes-preserve-unknown-fields subtrees only", () => {
    const w = workflow();
    // dag.tasks[].inline is `type: object, x-kubernetes-preserve-unknown-fields: true`
    w.spec.templates[0].dag.tasks[0].inline = { container: { image: "x" }, anythingGoes: { deeply: [1, 2, 3] } };
    expect(validateObject(w)).toEqual([]);
    // ... but the same kind of extra field right next to it is still rejected
    w.spec.templates[0].dag.tasks[0].anythingGoes = true;
    expect(validateObject(w)).toEqual(["Workflow/iris-pipeline-*: spec.templates[0].dag.tasks[0].anythingGoes: unknown field"]);
  });

  it("accepts x-kubernetes-int-or-string as integer or string, nothing else", () => {
    const so = {
      apiVersion: "keda.sh/v1alpha1",
      kind: "ScaledObject",
      metadata: { name: "iris" },
      spec: {
        scaleTargetRef: { name: "iris" },
        minReplicaCount: 0,
        maxReplicaCount: 5,
        triggers: [{ type: "prometheus", metadata: { serverAddress: "http://prom:9090", query: "sum(rate(x[1m]))", threshold: "10" } }],
      },
    };
    expect(validateObject(so)).toEqual([]);
    const w = workflow();
    w.spec.parallelism = 2;
    w.spec.templates[1].retryStrategy.limit = "3";
    expect(validateObject(w)).toEqual([]);
    w.spec.templates[1].retryStrategy.limit = true;
    expect(validateObject(w).join("\n")).toContain("spec.templates[1].retryStrategy.limit");
  });

  it("fails a not-served CRD version", () => {
    const es = {
      apiVersion: "external-secrets.io/v1beta1",
      kind: "ExternalSecret",
      metadata: { name: "x" },
      spec: { secretStoreRef: { name: "vault", kind: "ClusterSecretStore" }, data: [] },
    };
    expect(validateObject(es)).toHaveLength(1);
    expect(validateObject({ ...es, apiVersion: "external-secrets.io/v1" })).toEqual([]);
  });
});
