import { describe, expect, it } from "vitest";
import { resolveLabProject, type LabProjectProps } from "../../lib/model/lab";
import { resolveModelService, type ModelServiceProps } from "../../lib/model/model-service";
import { loadBodywork } from "../../lib/importers/bodywork";
import { loadMlLabService } from "../../lib/importers/mllab";
import { resolveLabPlatform } from "../../lib/model/lab/platform";
import {
  hostnameSchema,
  httpUrlSchema,
  isLabelValue,
  labelNameSchema,
  labelValueSchema,
  QUALIFIED_NAME,
  relativePathSchema,
  secretKeySchema,
  serviceNameSchema,
  subdomainNameSchema,
} from "../../lib/model/rules";
import { ENV_VAR_NAME } from "../../lib/model/names";

const image = "registry.example.com/ml/iris:1.0.0";
const service = (props: Record<string, unknown>) => () => resolveModelService({ image, ...props } as ModelServiceProps, { name: "iris" });
const lab = (props: Record<string, unknown>) => () =>
  resolveLabProject({ name: "demo", services: [{ name: "api", image, port: 8080 }], ...props } as LabProjectProps, { name: "demo" });
const labService = (props: Record<string, unknown>) => lab({ env: { MY_TOKEN_URL: "https://x" }, services: [{ name: "api", image, port: 8080, ...props }] });

describe("label and annotation keys: one rule (the API server's qualified name) for every construct", () => {
  it.each(["team", "example.com/team", "a.b-c.example/x_y.z", `${"a".repeat(253)}/k`, `${"k".repeat(63)}`])("accepts %s", (key) => {
    expect(QUALIFIED_NAME.test(key)).toBe(true);
    expect(service({ labels: { [key]: "v" }, podAnnotations: { [key]: "v" } })).not.toThrow();
    expect(lab({ labels: { [key]: "v" } })).not.toThrow();
  });

  // ModelService labels used to accept a prefix of any dots and dashes ('-bad-/team'), and
  // annotations one with empty labels ('a..b/x'); the API server refuses both.
  it.each(["-bad-/team", "a..b/team", "Example.com/team", "/team", `${"a".repeat(254)}/k`, "k".repeat(64), "bad key!"])(
    "refuses %s in ModelService and LabProject alike",
    (key) => {
      expect(QUALIFIED_NAME.test(key)).toBe(false);
      expect(service({ labels: { [key]: "v" } })).toThrow("is not a valid label key");
      expect(service({ gpu: { count: 1, nodeSelector: { [key]: "v" } } })).toThrow("is not a valid label key");
      expect(service({ podAnnotations: { [key]: "v" } })).toThrow("is not a valid annotation key");
      expect(lab({ labels: { [key]: "v" } })).toThrow("is not a valid label key");
    },
  );
});

describe("environment variable names: one rule (IsEnvVarName) wherever a variable is named", () => {
  // modelFile.envVar and the lab's envInherit/basePathEnv used to allow only C identifiers, while
  // env accepted 'MY.VAR-1' as the API server does.
  it.each(["MODEL_FILE", "MY.VAR-1", "_x", "-dash", "my.env-name"])("accepts %s in env, modelFile.envVar and a lab service's basePathEnv", (name) => {
    expect(ENV_VAR_NAME.test(name)).toBe(true);
    expect(service({ env: { [name]: "x" } })).not.toThrow();
    expect(service({ persistence: true, modelFile: { path: "/data/m.pkl", envVar: name } })).not.toThrow();
    expect(labService({ basePathEnv: name })).not.toThrow();
  });

  it("a lab service inherits a project variable with a dotted name", () => {
    const spec = lab({ env: { "MY.VAR-1": "x" }, services: [{ name: "api", image, port: 8080, envInherit: ["MY.VAR-1"] }] })();
    expect(spec.services[0].service.workload.env).toContainEqual(["MY.VAR-1", "x"]);
  });

  // The API server also refuses '.' and names starting with '..' (hasChDirPrefix): env used to accept them.
  it.each(["1BAD", ".", "..", "..x", "a=b", "has space", ""])("refuses %j everywhere", (name) => {
    expect(ENV_VAR_NAME.test(name)).toBe(false);
    expect(service({ env: { [name]: "x" } })).toThrow("is not a valid environment variable name");
    expect(service({ persistence: true, modelFile: { path: "/data/m.pkl", envVar: name } })).toThrow("is not a valid environment variable name");
    expect(labService({ basePathEnv: name })).toThrow("is not a valid environment variable name");
  });
});

describe("absolute paths", () => {
  it("one rule for the working directory, claim mounts, the model file and lab binds", () => {
    expect(service({ workingDir: "app" })).toThrow("'workingDir' must be an absolute path");
    expect(service({ claimMounts: [{ claimName: "c", mountPath: "data" }] })).toThrow("'claimMounts[0].mountPath' must be an absolute path");
    expect(service({ persistence: true, modelFile: { path: "m.pkl" } })).toThrow("'modelFile.path' must be an absolute path");
    expect(labService({ binds: { "/data": "data" } })).toThrow("must be an absolute path");
  });
});

// Edge cases of k8s.io/apimachinery v0.34.0 pkg/util/validation (validation_test.go) for each rule.
const accepts = (schema: { safeParse(value: unknown): { success: boolean } }, value: string) => schema.safeParse(value).success;
const gateway = { name: "public", namespace: "gateway-system", sectionName: "https" };
const route = (parentRef: Record<string, unknown>) => service({ port: 8080, route: { parentRef } });
const labGateway = (gw: Record<string, unknown>) => lab({ services: [{ name: "api", image, port: 8080, exposed: true }], ingress: { gateway: gw } });
const secretEnv = (ref: Record<string, unknown>) => service({ env: { A: { secretKeyRef: { name: "creds", key: "token", ...ref } } } });

describe("object names that are DNS-1123 subdomains (IsDNS1123Subdomain): Secrets, ConfigMaps, ServiceAccounts, claims, RuntimeClasses, Gateways", () => {
  const long = `${"a".repeat(63)}.${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(61)}`;
  it.each(["a", "0", "regcred", "regcred.v2", "a-1.b-2", "11.22.33", long, "a".repeat(100)])("accepts %s", (name) => {
    expect(accepts(subdomainNameSchema, name)).toBe(true);
  });
  it.each(["", "A", "a..b", ".a", "a.", "-a", "a-", "a_b", "a b", "a/b", `${long}e`])("refuses %j", (name) => {
    expect(accepts(subdomainNameSchema, name)).toBe(false);
  });

  // These fields used the label rule: a Secret or ServiceAccount named with a dot was refused.
  it("accepts dotted names where the API server does", () => {
    expect(service({ imagePullSecrets: ["regcred.v2"] })).not.toThrow();
    expect(service({ serviceAccount: { name: "ci.bot" } })).not.toThrow();
    expect(service({ runtimeClassName: "nvidia.v2" })).not.toThrow();
    expect(service({ claimMounts: [{ claimName: "files.v2", mountPath: "/files" }] })).not.toThrow();
    expect(lab({ token: { secretName: "demo.token" } })).not.toThrow();
  });

  // secretKeyRef names used a looser rule of their own: 'a..b' passed and was refused by the API server.
  it.each(["a..b", ".a", "A"])("refuses %j as a secretKeyRef or configMapKeyRef name", (name) => {
    expect(secretEnv({ name })).toThrow("'env.A.secretKeyRef.name' is not a valid object name (a DNS-1123 subdomain)");
    expect(service({ env: { A: { configMapKeyRef: { name, key: "k" } } } })).toThrow("is not a valid object name");
    expect(service({ imagePullSecrets: [name] })).toThrow("'imagePullSecrets[0]' is not a valid object name");
  });

  it("refuses a name over 253 characters", () => {
    expect(service({ imagePullSecrets: [`${long}e`] })).toThrow("'imagePullSecrets[0]' must be at most 253 characters");
  });

  it("Bodywork secrets follow the same rule", () => {
    const bodywork = (secret: string) => () =>
      loadBodywork(
        "bodywork.yaml",
        `version: "1.1"\npipeline:\n  name: demo\n  docker_image: registry.example.com/ml/demo:1.0.0\n  DAG: train\nstages:\n  train:\n    executable_module_path: train.py\n    cpu_request: 0.5\n    memory_request_mb: 100\n    batch:\n      max_completion_time_seconds: 30\n      retries: 1\n    secrets:\n      USERNAME: ${secret}\n`,
      );
    expect(bodywork("creds.v2")).not.toThrow();
    expect(bodywork("a..b")).toThrow("expected a Secret name");
  });
});

describe("names that are DNS-1123 labels (IsDNS1123Label): Namespaces", () => {
  it.each(["a", "0", "ml-team", "k".repeat(63)])("accepts %s", (name) => {
    expect(accepts(labelNameSchema, name)).toBe(true);
    expect(service({ namespace: name })).not.toThrow();
    expect(lab({ namespace: name })).not.toThrow();
  });
  it.each(["", "a.b", "-a", "a-", "ML", "k".repeat(64)])("refuses %j", (name) => {
    expect(accepts(labelNameSchema, name)).toBe(false);
    expect(service({ namespace: name })).toThrow("'namespace'");
    expect(lab({ namespace: name })).toThrow("'namespace'");
  });
});

describe("Service names (ValidateServiceName: DNS-1035 labels)", () => {
  it.each(["a", "iris-scoring", "k".repeat(63)])("accepts %s", (name) => expect(accepts(serviceNameSchema, name)).toBe(true));
  it.each(["", "1svc", "-a", "a-", "a.b", "k".repeat(64)])("refuses %j", (name) => expect(accepts(serviceNameSchema, name)).toBe(false));

  // The ext-auth service was checked as a DNS-1123 label, so '1auth' passed.
  it("the ext-auth service of a LabProject is a Service name", () => {
    const extAuth = (svc: string) =>
      lab({ services: [{ name: "api", image, port: 8080, exposed: true }], ingress: { provider: "ext-auth", gateway, extAuth: { service: svc, port: 8080 } } });
    expect(extAuth("auth")).not.toThrow();
    expect(extAuth("1auth")).toThrow("'ingress.extAuth.service' is not a valid Service name");
  });
});

describe("label values (IsValidLabelValue)", () => {
  it.each(["", "a", "v1.0", "a_b-c.d", "A1", "k".repeat(63)])("accepts %j", (value) => {
    expect(accepts(labelValueSchema, value)).toBe(true);
    expect(isLabelValue(value)).toBe(true);
    expect(service({ labels: { team: value } })).not.toThrow();
  });
  it.each(["-a", "a-", "_a", "a b", "a/b", "k".repeat(64)])("refuses %j in ModelService labels and LabProject proxy pod labels alike", (value) => {
    expect(accepts(labelValueSchema, value)).toBe(false);
    expect(isLabelValue(value)).toBe(false);
    expect(service({ labels: { team: value } })).toThrow("'labels.team'");
    expect(lab({ ingress: { gateway, proxyPodLabels: { app: value } } })).toThrow("'ingress.proxyPodLabels.app'");
  });

  it("an image tag becomes the version label only when it is a label value", () => {
    expect(resolveModelService({ image: "registry.example.com/ml/iris:1.0.0" } as ModelServiceProps, { name: "iris" }).version).toBe("1.0.0");
    expect(resolveModelService({ image: "registry.example.com/ml/iris:1.0_" } as ModelServiceProps, { name: "iris" }).version).toBeUndefined();
  });

  // The proxy pod label keys had a rule of their own, without the 253-character bound of the prefix.
  it("proxy pod label keys follow the label key rule", () => {
    expect(lab({ ingress: { gateway, proxyPodLabels: { [`${"a".repeat(253)}/k`]: "v" } } })).not.toThrow();
    expect(lab({ ingress: { gateway, proxyPodLabels: { [`${"a".repeat(254)}/k`]: "v" } } })).toThrow("is not a valid label key");
  });
});

describe("host names (Gateway API Hostname)", () => {
  const long = `${"a".repeat(63)}.${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(61)}`;
  it.each(["models.example.com", "*.example.com", "localhost", long])("accepts %s", (host) => {
    expect(accepts(hostnameSchema, host)).toBe(true);
  });
  it.each(["", "*", "a.*.com", "models.example.com:443", "Models.example.com", "a..b", "https://x", `${long}e`])(
    "refuses %j in a route, a LabPlatform and a LabProject alike",
    (host) => {
      expect(accepts(hostnameSchema, host)).toBe(false);
      expect(service({ port: 8080, route: { parentRef: gateway, hostnames: [host] } })).toThrow("'route.hostnames[0]'");
      expect(() => resolveLabPlatform({ hostnames: [host] }, { name: "platform" })).toThrow("'hostnames[0]'");
      expect(lab({ ingress: { gateway, hostnames: [host] } })).toThrow("'ingress.hostnames[0]'");
    },
  );
});

describe("http(s) URLs", () => {
  const url = httpUrlSchema("https://example.com");
  it.each(["https://lab.example.com", "http://prometheus.monitoring.svc:9090/x?y=1"])("accepts %s", (value) => {
    expect(accepts(url, value)).toBe(true);
    expect(lab({ endpoint: value })).not.toThrow();
  });
  it.each(["", "ftp://x", "https://", "lab.example.com", "https://a b"])(
    "refuses %j in a project endpoint, a KEDA server address and an auth URL alike",
    (value) => {
      expect(accepts(url, value)).toBe(false);
      expect(lab({ endpoint: value })).toThrow("'endpoint' is not an http(s) URL");
      expect(service({ keda: { maxReplicaCount: 3, prometheus: [{ serverAddress: value, query: "q", threshold: 1 }] } })).toThrow("is not an http(s) URL");
      expect(lab({ ingress: { provider: "ingress-nginx", ingressNginx: { authUrl: value } } })).toThrow("'ingress.ingressNginx.authUrl' is not an http(s) URL");
    },
  );
});

describe("relative paths inside a volume", () => {
  const path = relativePathSchema("use e.g. 'data'.");
  it.each(["model.pkl", "a/b", "..a", "a/..b", "./a"])("accepts %s", (value) => expect(accepts(path, value)).toBe(true));
  it.each(["", "/abs", "..", "../x", "a/../b", "a/.."])("refuses %j in a claim mount and a model file alike", (value) => {
    expect(accepts(path, value)).toBe(false);
    expect(service({ claimMounts: [{ claimName: "c", mountPath: "/c", subPath: value }] })).toThrow("'claimMounts[0].subPath'");
    expect(service({ model: { type: "pvc", claimName: "models", file: value } })).toThrow("'model.file'");
  });
});

describe("Secret and ConfigMap keys (IsConfigMapKey)", () => {
  it.each(["token", "a-b_c.d", ".dotfile", "A", "k".repeat(253)])("accepts %s", (key) => {
    expect(accepts(secretKeySchema, key)).toBe(true);
    expect(secretEnv({ key })).not.toThrow();
    expect(lab({ token: { key } })).not.toThrow();
  });
  // '.', '..' and a leading '..' (hasChDirPrefix) were accepted in env and in the lab token key.
  it.each(["", ".", "..", "..x", "a/b", "a b", "k".repeat(254)])("refuses %j in env and the lab token key alike", (key) => {
    expect(accepts(secretKeySchema, key)).toBe(false);
    expect(secretEnv({ key })).toThrow("'env.A.secretKeyRef.key'");
    expect(lab({ token: { key } })).toThrow("'token.key'");
  });
});

describe("int32 fields: one bound and one message", () => {
  const TOO_BIG = 2 ** 31;
  it.each([
    ["replicas", { replicas: TOO_BIG }],
    ["gpu.count", { gpu: { count: TOO_BIG } }],
    ["resources.memoryMB", { resources: { memoryMB: TOO_BIG } }],
    ["autoscaling.maxReplicas", { autoscaling: { maxReplicas: TOO_BIG } }],
    ["shutdown.terminationGracePeriodSeconds", { shutdown: { terminationGracePeriodSeconds: TOO_BIG } }],
  ])("%s", (field, props) => {
    expect(service(props)).toThrow(
      `'${field}' must be at most 2147483647 (got ${TOO_BIG}). Fix: use a smaller number: Kubernetes stores it as a 32-bit integer.`,
    );
  });
  it("LabProject quota", () => {
    expect(lab({ quota: { pods: TOO_BIG } })).toThrow(
      `'quota.pods' must be at most 2147483647 (got ${TOO_BIG}). Fix: use a smaller number: Kubernetes stores it as a 32-bit integer.`,
    );
  });
});

describe("a Gateway listener reference: one rule for a ModelService route and a LabProject gateway", () => {
  // The LabProject gateway used to check name and sectionName as DNS-1123 labels: dotted names were refused.
  it("accepts dotted Gateway and listener names in both", () => {
    const dotted = { name: "public.gw", namespace: "gateway-system", sectionName: "https.lab" };
    expect(route(dotted)).not.toThrow();
    expect(labGateway(dotted)).not.toThrow();
  });
  it.each([
    ["name", { ...gateway, name: "Public_GW" }, "is not a valid object name"],
    ["namespace", { ...gateway, namespace: "gateway.system" }, "is not a DNS-1123 name"],
    ["sectionName", { ...gateway, sectionName: "HTTPS" }, "is not a valid object name"],
  ])("refuses a bad %s in both with the same message", (field, ref, message) => {
    expect(route(ref)).toThrow(`'route.parentRef.${field}' ${message}`);
    expect(labGateway(ref)).toThrow(`'ingress.gateway.${field}' ${message}`);
  });
  it("the LabProject gateway requires its namespace and keeps the name a label value for the proxy pod selector", () => {
    expect(labGateway({ name: "public", sectionName: "https" })).toThrow("'ingress.gateway.namespace'");
    expect(labGateway({ ...gateway, name: "g".repeat(64) })).toThrow("'ingress.gateway.name' must be at most 63 characters");
    expect(route({ ...gateway, name: "g".repeat(64) })).not.toThrow();
  });
});

describe("ML Lab project names: the LabProject rule", () => {
  const body = (project: string) => () => loadMlLabService("body.json", JSON.stringify({ project, image }));
  it("accepts a project name LabProject accepts", () => {
    expect(body("demo")).not.toThrow();
    expect(body("p")).not.toThrow();
  });
  // The importer had its own pattern, which let 'p-' through although LabProject refuses it.
  it.each(["p-", "9lives", "Demo", "p".repeat(41)])("refuses %j", (project) => {
    expect(body(project)).toThrow("'project' is not a valid project name");
    expect(lab({ name: project })).toThrow("'name'");
  });
});
