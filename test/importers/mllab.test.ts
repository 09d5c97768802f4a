import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadMlLabService, mlLabImporter } from "../../lib/importers/mllab";
import { serviceNameFrom } from "../../lib/importers/mllab-service-input";
import { ModelshipValidationError } from "../../lib/model/errors";
import { kindHandlers } from "../../lib/definitions/kinds";
import { expectValidObjects } from "../support/schema-check";

const fixture = path.join(__dirname, "fixtures", "deploy-service.mllab.json");

function errorOf(text: string): ModelshipValidationError {
  try {
    loadMlLabService("body.json", text);
  } catch (error) {
    if (error instanceof ModelshipValidationError) return error;
    throw error;
  }
  throw new Error("expected an error");
}

describe("ML Lab importer", () => {
  const text = fs.readFileSync(fixture, "utf8");
  const [document] = mlLabImporter.load("deploy-service.mllab.json", text);
  const objects = kindHandlers[document.kind].resolveAndRender(document.props, { name: String(document.props.name) });
  const deployment = objects.find((o) => o.kind === "Deployment") as any;
  const env = Object.fromEntries(deployment.spec.template.spec.containers[0].env.map((e: any) => [e.name, e.value ?? e.valueFrom]));

  it("turns a deploy-service body into a valid ModelService", () => {
    expect(mlLabImporter.detect("deploy-service.mllab.json", text)).toBe(true);
    expect(document.kind).toBe("ModelService");
    expect(document.props.name).toBe("fraud-scoring");
    expectValidObjects(objects);
  });

  it("passes parameters as env and the ML Lab variables, the token by secretKeyRef", () => {
    expect(env).toEqual({
      MODEL_KEY: "models/fraud-v3.joblib",
      WORKERS: "4",
      LAB_PROJECT: "fraud",
      LAB_API_TOKEN: { secretKeyRef: { name: "fraud-token", key: "token" } },
      LAB_SERVICE_PATH: "/api/projects/fraud/services/fraud-scoring/8080/",
    });
  });

  it("persists /data and listens on ML Lab's default port 8080", () => {
    expect(deployment.spec.template.spec.containers[0].volumeMounts).toContainEqual({ name: "data", mountPath: "/data" });
    expect(deployment.spec.template.spec.containers[0].ports).toEqual([{ name: "http", containerPort: 8080, protocol: "TCP" }]);
    expect(objects.some((o) => o.kind === "PersistentVolumeClaim")).toBe(true);
  });

  it("reports problems by body key: missing image, credentials inline, unknown keys", () => {
    expect(errorOf("{}").issues.map((i) => i.field)).toEqual(["image"]);
    const secret = errorOf(JSON.stringify({ image: "registry.example.com/a:1.0", parameters: { API_TOKEN: "abc" } }));
    expect(secret.message).toContain("ML Lab service 'body.json': 'parameters.API_TOKEN' looks like a credential");
    expect(errorOf(JSON.stringify({ image: "registry.example.com/a:1.0", replicas: 2 })).issues[0].field).toBe("replicas");
    expect(errorOf(JSON.stringify({ image: "a" })).issues[0]).toMatchObject({ field: "image" });
  });

  it("accepts an unpinned image only when asked", () => {
    expect(() => loadMlLabService("b.json", JSON.stringify({ image: "registry.example.com/a" }))).toThrow("'image' has no tag");
    const [document] = loadMlLabService("b.json", JSON.stringify({ image: "registry.example.com/a" }), { allowMutableImageTag: true });
    expect(document.props).toMatchObject({ image: "registry.example.com/a", allowMutableImageTag: true });
  });

  it("connects to 8080 when the service has it, else to the first port (ML Lab's and LabProject's rule)", () => {
    const [both] = loadMlLabService("b.json", JSON.stringify({ project: "demo", name: "svc", image: "registry.example.com/a:1.0", ports: [5000, 8080] }));
    expect((both.props.env as Record<string, unknown>).LAB_SERVICE_PATH).toBe("/api/projects/demo/services/svc/8080/");
    expect(both.props.ports).toEqual([
      { name: "port-5000", port: 5000 },
      { name: "http", port: 8080 },
    ]);
    expect(both.props.primaryPort).toBe("http");
    const rendered = kindHandlers.ModelService.resolveAndRender(both.props, { name: "svc" }) as any[];
    expectValidObjects(rendered);
    const container = rendered.find((o) => o.kind === "Deployment").spec.template.spec.containers[0];
    expect(container.readinessProbe?.httpGet?.port ?? container.readinessProbe?.tcpSocket?.port).toBe("http");
    const [other] = loadMlLabService("b.json", JSON.stringify({ project: "demo", name: "svc", image: "registry.example.com/a:1.0", ports: [5000, 7000] }));
    expect((other.props.env as Record<string, unknown>).LAB_SERVICE_PATH).toBe("/api/projects/demo/services/svc/5000/");
    expect(other.props.primaryPort).toBe("port-5000");
  });

  it("detects bodies by name or content, not other JSON", () => {
    expect(mlLabImporter.detect("svc.json", JSON.stringify({ image: "a:1", parameters: {} }))).toBe(true);
    expect(mlLabImporter.detect("svc.json", JSON.stringify({ kind: "ModelService", image: "a:1", parameters: {} }))).toBe(false);
    expect(mlLabImporter.detect("pipeline.orchest", "{}")).toBe(false);
  });
});

describe("ML Lab importer: the current client's ServiceInput (contaxy)", () => {
  const body = {
    container_image: "registry.example.com/ml/iris:1.0.0",
    display_name: "Iris Scoring",
    parameters: { MODEL_KEY: "iris-v2" },
    endpoints: ["8080", "9001/webapp/ui"],
    compute: { min_cpus: 0.5, max_cpus: 2, min_memory: 500, max_memory: 2000, volume_path: "/data", max_volume_size: 5000, max_replicas: 1 },
    health_endpoint: "/healthz",
  };
  const load = (value: unknown, options = {}) => loadMlLabService("service.json", JSON.stringify(value), options);

  it("maps it as contaxy's Kubernetes manager does: endpoints to ports, compute to requests and limits, volume_path to a PVC", () => {
    expect(mlLabImporter.detect("service.json", JSON.stringify(body))).toBe(true);
    const [document] = load(body, { project: "demo" });
    const objects = kindHandlers.ModelService.resolveAndRender(document.props, { name: String(document.props.name) });
    expectValidObjects(objects);
    const deployment = objects.find((o) => o.kind === "Deployment") as any;
    const container = deployment.spec.template.spec.containers[0];
    expect(deployment.metadata.name).toBe("iris-scoring");
    expect(deployment.spec.replicas).toBe(1);
    expect(container.ports.map((p: any) => p.containerPort)).toEqual([8080, 9001]);
    expect(container.resources).toEqual({ requests: { cpu: "500m", memory: "500M" }, limits: { cpu: "2", memory: "2000M" } });
    expect(container.volumeMounts).toContainEqual({ name: "data", mountPath: "/data" });
    expect((objects.find((o) => o.kind === "PersistentVolumeClaim") as any).spec.resources.requests.storage).toBe("5000M");
    expect(container.readinessProbe.httpGet).toEqual({ path: "/healthz", port: "port-8080" });
    const env = Object.fromEntries(container.env.map((e: any) => [e.name, e.value ?? e.valueFrom]));
    expect(env).toEqual({
      CONTAXY_DEPLOYMENT_NAME: "iris-scoring",
      MODEL_KEY: "iris-v2",
      CONTAXY_API_TOKEN: { secretKeyRef: { name: "demo-token", key: "token" } },
    });
  });

  it("uses contaxy's defaults (1 core and 100 MB limits, one replica) and refuses a body without a port", () => {
    const [document] = load({ container_image: "registry.example.com/ml/x:1.0.0", endpoints: ["8080b"] });
    expect(document.props).toMatchObject({
      name: "x",
      replicas: 1,
      ports: [{ name: "port-8080", port: 8080 }],
      resources: { cpuLimit: 1, memory: "100M", memoryLimit: "100M" },
    });
    let message = "";
    try {
      load({ container_image: "hello-world:latest", display_name: "Service1" });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain("'endpoints' is missing, so no port of the service is known");
    expect(message).toContain('Fix: list the port the service listens on, e.g. ["8080"].');
  });
});

describe("service names from ML Lab names (deploy-service body and contaxy ServiceInput alike)", () => {
  it.each([
    ["My Service", "my-service"],
    ["iris", "iris"],
    ["2048-game", "svc-2048-game"],
    ["_x", "x"],
  ])("%j is %j", (given, expected) => {
    expect(serviceNameFrom(given)).toBe(expected);
  });
  it("the deploy-service body uses it for its name", () => {
    const [document] = loadMlLabService("b.json", JSON.stringify({ image: "registry.example.com/ml/2048:1.0.0" }));
    expect(document.props.name).toBe("svc-2048");
  });
});
