import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadMlLabService, mlLabImporter } from "../../lib/importers/mllab";
import { ModelshipValidationError } from "../../lib/model/errors";
import { kindHandlers } from "../../lib/spec/kinds";
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
  const objects = kindHandlers[document.kind].render(document.props, { name: String(document.props.name) });
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
    expect(both.props.ports).toEqual([{ name: "port-5000", port: 5000 }, { name: "http", port: 8080 }]);
    expect(both.props.primaryPort).toBe("http");
    const rendered = kindHandlers.ModelService.render(both.props, { name: "svc" }) as any[];
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
