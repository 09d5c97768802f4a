import { describe, expect, it } from "vitest";
import { labServiceSchema, planLabPorts } from "../../../lib/model/lab";

const plan = (service: Record<string, unknown>) => planLabPorts(labServiceSchema.parse({ image: "registry.example.com/app:1.0.0", ...service }));

describe("planLabPorts: one plan of a service's ports and exposure, for the checks and the resolve", () => {
  it("defaults to Orchest's port for the image, else 8080 named http; internal unless exposed", () => {
    expect(plan({ name: "board", image: "tensorflow/tensorboard:2.16.2" })).toMatchObject({
      ports: [{ name: "port-6006", port: 6006 }],
      given: false,
      exposed: false,
      exposedRefs: [],
      routed: [],
    });
    expect(plan({ name: "app" })).toMatchObject({ ports: [{ name: "http", port: 8080 }], given: false, primaryName: "http" });
    expect(plan({ name: "app", port: 5000 })).toMatchObject({ ports: [{ name: "http", port: 5000 }], given: true });
  });

  it("takes a runtime preset's ports, which the ModelService applies (vLLM serves on 8000, not Orchest's 8080)", () => {
    const vllm = planLabPorts(labServiceSchema.parse({ name: "llm", runtime: { preset: "vllm" }, exposed: true }));
    expect(vllm).toMatchObject({ ports: [{ name: "http", port: 8000 }], given: true, primaryName: "http" });
    const triton = planLabPorts(labServiceSchema.parse({ name: "triton", runtime: { preset: "triton" }, exposed: true, exposedPorts: ["http"] }));
    expect(triton.ports.map((p) => p.port)).toEqual([8000, 8001, 8002]);
    expect(triton.routed.map((p) => p.port)).toEqual([8000]);
  });

  it("exposes every port unless exposedPorts lists some; routes follow exposedPorts' order", () => {
    const ports = [
      { name: "api", port: 9000 },
      { name: "ui", port: 8080 },
      { name: "metrics", port: 9090 },
    ];
    const all = plan({ name: "app", ports, exposed: true });
    expect(all.exposedRefs).toEqual(["api", "ui", "metrics"]);
    const some = plan({ name: "app", ports, exposed: true, exposedPorts: [9090, "api"] });
    expect(some.exposedList.map((p) => p.name)).toEqual(["api", "metrics"]);
    expect(some.routed.map((p) => p.name)).toEqual(["metrics", "api"]);
  });

  it("takes 8080 as the primary port when the service has it, else the first, unless primaryPort says otherwise", () => {
    const ports = [
      { name: "api", port: 9000 },
      { name: "ui", port: 8080 },
    ];
    expect(plan({ name: "app", ports }).primary.name).toBe("ui");
    expect(plan({ name: "app", ports: [ports[0]] }).primary.name).toBe("api");
    expect(plan({ name: "app", ports, primaryPort: "api" })).toMatchObject({ primaryName: "api", primary: { port: 9000 } });
  });
});
