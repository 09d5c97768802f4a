import { describe, expect, it } from "vitest";
import { ModelSource, ModelshipValidationError, Probe, Runtime, type ModelServiceProps } from "../../lib";
import { resolveModelService } from "../../lib/render";
import { RUNTIME_IMAGES } from "../../lib/model/runtime";

const DIGEST = "sha256:" + "c".repeat(64);
const model = ModelSource.image(`registry.example.com/models/llama@${DIGEST}`);
const resolve = (props: ModelServiceProps, name = "llm") => resolveModelService(props, { name });

describe("Runtime presets", () => {
  it("vLLM: pinned image, `vllm serve <dir>` on 8000, /health, /dev/shm, metrics, non-root", () => {
    const spec = resolve({ runtime: Runtime.vllm(), model });
    expect(spec.workload.image).toBe(RUNTIME_IMAGES.vllm);
    expect(spec.workload.image).toMatch(/:v\d+\.\d+\.\d+$/);
    expect(spec.workload.command).toEqual(["vllm", "serve"]);
    expect(spec.workload.args).toEqual(["/models", "--port=8000", "--served-model-name=llm"]);
    expect(spec.ports).toEqual([{ name: "http", port: 8000, protocol: "TCP", appProtocol: "http" }]);
    expect(spec.health.readiness).toMatchObject({ type: "http", path: "/health", port: "http" });
    expect(spec.health.liveness).toMatchObject({ type: "http", path: "/health", timeoutSeconds: 10, failureThreshold: 6 });
    expect(spec.scratch).toEqual({ home: { mountPath: "/home/modelship", sizeLimit: "1Gi" }, shm: { sizeLimit: "2Gi" } });
    expect(spec.metrics).toEqual({ port: 8000, portName: "http", path: "/metrics", scrapeAnnotations: true });
    expect(spec.workload.security.runAsUser).toBe(1000);
    expect(spec.shutdown.terminationGracePeriodSeconds).toBe(130);
  });

  it("Triton: HTTP 8000, gRPC 8001, metrics 8002; ready for readiness and startup, live for liveness", () => {
    const spec = resolve({ runtime: Runtime.triton(), model: ModelSource.s3("models", "triton") });
    expect(spec.ports.map((p) => [p.name, p.port])).toEqual([
      ["http", 8000],
      ["grpc", 8001],
      ["metrics", 8002],
    ]);
    expect(spec.workload.args).toEqual(["--model-repository=/models", "--http-port=8000", "--grpc-port=8001", "--metrics-port=8002"]);
    expect(spec.health.readiness).toMatchObject({ path: "/v2/health/ready" });
    expect(spec.health.startup).toMatchObject({ path: "/v2/health/ready" });
    expect(spec.health.liveness).toMatchObject({ path: "/v2/health/live" });
    expect(spec.metrics?.port).toBe(8002);
  });

  it.each([
    ["mlserver", Runtime.mlserver(), 8080, "/v2/health/ready"],
    ["torchserve", Runtime.torchserve(), 8080, "/ping"],
  ] as const)("%s has its ports and health path", (_name, runtime, port, path) => {
    const spec = resolve({ runtime, model });
    expect(spec.primaryPort.port).toBe(port);
    expect(spec.health.readiness).toMatchObject({ path });
    expect(spec.metrics?.port).toBe(8082);
  });

  it("BentoML, Flask and FastAPI need the app's own image", () => {
    expect(() => resolve({ runtime: Runtime.bentoml() })).toThrow(/'image' is required.*or choose a 'runtime' that has one/);
    const bento = resolve({ runtime: Runtime.bentoml(), image: "registry.example.com/bentos/iris:1.2.0" });
    expect(bento.primaryPort.port).toBe(3000);
    expect(bento.health.readiness).toMatchObject({ path: "/readyz" });
    const flask = resolve({ runtime: Runtime.flask(), image: "registry.example.com/ml/iris:1.0.0" });
    // The seeds' Flask app listens on 5000 and has no health route: TCP probes.
    expect(flask.primaryPort.port).toBe(5000);
    expect(flask.health.readiness.type).toBe("tcp");
    expect(resolve({ runtime: Runtime.fastapi({ healthPath: "/healthz" }), image: "registry.example.com/ml/api:2.0.0" }).health.readiness).toMatchObject({
      type: "http",
      path: "/healthz",
    });
  });

  it("every preset prop can be overridden one by one; objects merge key by key", () => {
    const spec = resolve({
      runtime: Runtime.vllm({ servedModelName: "llama" }),
      model,
      image: `registry.example.com/mirror/vllm@${DIGEST}`,
      health: { readiness: Probe.http("/v1/models") },
      security: { runAsUser: 2000 },
      shm: { sizeLimit: "8Gi" },
      metrics: { scrapeAnnotations: false },
    });
    expect(spec.workload.image).toBe(`registry.example.com/mirror/vllm@${DIGEST}`);
    expect(spec.workload.args).toContain("--served-model-name=llama");
    expect(spec.health.readiness).toMatchObject({ path: "/v1/models" });
    // The preset's other probes and budget stay.
    expect(spec.health.liveness).toMatchObject({ path: "/health" });
    expect(spec.health.maxStartupSeconds).toBe(1200);
    expect(spec.workload.security.runAsUser).toBe(2000);
    expect(spec.workload.security.runAsGroup).toBe(1000);
    expect(spec.scratch.shm).toEqual({ sizeLimit: "8Gi" });
    expect(spec.metrics?.scrapeAnnotations).toBe(false);
    // Own command: the preset's args belong to the preset's command and are dropped.
    expect(resolve({ runtime: Runtime.vllm(), model, command: ["python", "serve.py"] }).workload.args).toBeUndefined();
  });

  it("a runtime that loads a model refuses to run without one", () => {
    expect(() => resolve({ runtime: Runtime.triton() })).toThrow(ModelshipValidationError);
    expect(() => resolve({ runtime: Runtime.triton() })).toThrow(/'model' is required by the triton runtime/);
  });
});
