import { describe, expect, it } from "vitest";
import { installMocks, type RecordedResource } from "../../lib/pulumi/mocks";
import { expectValidObjects } from "../support/schema-check";

// Mocks first: Pulumi's runtime is process-global (vitest runs each file in its own fork).
const run = installMocks();
const { ModelService } = await import("../../lib/pulumi");

const service = new ModelService("iris", {
  namespace: "ml",
  image: "registry.example.com/ml/iris:1.0.0",
  port: 5000,
  route: { parentRef: { name: "public", namespace: "gateway-system", sectionName: "https" }, pathPrefix: "/ml/iris" },
});
await run.settled();

describe("ModelService route (Pulumi)", () => {
  it("emits the rendered HTTPRoute as a custom resource child of the component", () => {
    const parent = run.resources.find((r) => r.type === "modelship:index:ModelService" && r.name === "iris") as RecordedResource;
    const route = run.resources.find((r) => r.parent === parent.urn && r.inputs.kind === "HTTPRoute") as RecordedResource;
    expect(route.type).toBe("kubernetes:gateway.networking.k8s.io/v1:HTTPRoute");
    const rendered = service.objects.find((o) => o.kind === "HTTPRoute")!;
    expect(route.inputs).toMatchObject({ apiVersion: "gateway.networking.k8s.io/v1", kind: "HTTPRoute", spec: rendered.spec });
    expectValidObjects([rendered]);
  });
});
