import { describe, expect, it } from "vitest";
import { type KubeObject, type ModelServiceProps } from "../../lib";
import { resolveModelService } from "../../lib/render";
import { renderCheckedService } from "../support/checked";

const base: ModelServiceProps = {
  image: "registry.example.com/ml/iris:1.0.0",
  replicas: 2,
  route: { parentRef: { name: "public", namespace: "gateway-system", sectionName: "https" }, pathPrefix: "/iris" },
};

const render = (props: Partial<ModelServiceProps>): KubeObject[] => renderCheckedService({ ...base, ...props } as ModelServiceProps);
const route = (objects: KubeObject[]): any => objects.find((o) => o.kind === "HTTPRoute");
const named = (objects: KubeObject[], kind: string, name: string): any => objects.find((o) => o.kind === kind && o.metadata.name === name);

describe("canary", () => {
  const objects = render({ canary: { weight: 10, image: "registry.example.com/ml/iris:1.1.0" } });

  it("runs a second Deployment and Service with the canary image, selected apart from the stable pods", () => {
    const canary = named(objects, "Deployment", "iris-canary");
    expect(canary.spec.replicas).toBe(1);
    expect(canary.spec.template.spec.containers[0].image).toBe("registry.example.com/ml/iris:1.1.0");
    expect(canary.spec.template.spec.serviceAccountName).toBe("iris");
    expect(canary.metadata.labels["app.kubernetes.io/version"]).toBe("1.1.0");
    const stableSelector = named(objects, "Service", "iris").spec.selector;
    const canaryLabels = canary.spec.template.metadata.labels;
    expect(Object.entries(stableSelector).every(([k, v]) => canaryLabels[k] === v)).toBe(false);
    expect(named(objects, "Service", "iris-canary").spec.selector).toEqual(canary.spec.selector.matchLabels);
    // One ServiceAccount, one PDB (the stable one): the canary has no autoscaler, PDB or route of its own.
    expect(objects.filter((o) => o.kind === "ServiceAccount")).toHaveLength(1);
    expect(objects.filter((o) => o.kind === "PodDisruptionBudget").map((o) => o.metadata.name)).toEqual(["iris"]);
    expect(objects.filter((o) => o.kind === "HTTPRoute")).toHaveLength(1);
  });

  it("splits the route 90/10 with weighted backendRefs", () => {
    expect(route(objects).spec.rules[0].backendRefs).toEqual([
      { group: "", kind: "Service", name: "iris", port: 8080, weight: 90 },
      { group: "", kind: "Service", name: "iris-canary", port: 8080, weight: 10 },
    ]);
  });

  it("mirror mode keeps every request on the stable backend and mirrors a share (shadow)", () => {
    const shadow = route(render({ canary: { weight: 25, mode: "mirror", image: "registry.example.com/ml/iris:1.1.0" } })).spec.rules[0];
    expect(shadow.backendRefs).toEqual([{ group: "", kind: "Service", name: "iris", port: 8080 }]);
    expect(shadow.filters).toContainEqual({
      type: "RequestMirror",
      requestMirror: { backendRef: { group: "", kind: "Service", name: "iris-canary", port: 8080 }, percent: 25 },
    });
  });

  it("promote is one prop change: the stable Deployment runs the canary, the canary objects go", () => {
    const promoted = render({ canary: { weight: 10, image: "registry.example.com/ml/iris:1.1.0", promote: true } });
    expect(named(promoted, "Deployment", "iris").spec.template.spec.containers[0].image).toBe("registry.example.com/ml/iris:1.1.0");
    expect(promoted.some((o) => o.metadata.name === "iris-canary")).toBe(false);
    expect(route(promoted).spec.rules[0].backendRefs).toEqual([{ group: "", kind: "Service", name: "iris", port: 8080 }]);
  });

  it("is refused without a route, or when it changes nothing", () => {
    const { route: _route, ...noRoute } = base;
    expect(() => resolveModelService({ ...noRoute, canary: { weight: 10, image: "registry.example.com/ml/iris:1.1.0" } }, { name: "iris" })).toThrow(
      /'canary' needs 'route'/,
    );
    expect(() => resolveModelService({ ...base, canary: { weight: 10 } }, { name: "iris" })).toThrow(/'canary' changes nothing/);
    expect(() => resolveModelService({ ...base, canary: { weight: 110, image: "registry.example.com/ml/iris:1.1.0" } }, { name: "iris" })).toThrow(
      /'canary\.weight' must be <= 100/,
    );
  });

  it("a runtime's command follows the canary's own model directory", () => {
    const objects = render({
      image: undefined,
      runtime: { preset: "triton" },
      model: { type: "pvc", claimName: "models" },
      canary: { weight: 5, model: { type: "pvc", claimName: "models-next", mountPath: "/next" } },
    });
    expect(named(objects, "Deployment", "iris").spec.template.spec.containers[0].args[0]).toBe("--model-repository=/models");
    expect(named(objects, "Deployment", "iris-canary").spec.template.spec.containers[0].args[0]).toBe("--model-repository=/next");
  });

  // Clients address the service by name (vLLM's `model` field is the served model name): the
  // canary must answer the same requests as the stable version, so only what it changes differs.
  it.each<[string, Partial<ModelServiceProps>]>([
    ["vllm", { runtime: { preset: "vllm" }, model: { type: "pvc", claimName: "models" } }],
    ["vllm with a served model name", { runtime: { preset: "vllm", servedModelName: "llama" }, model: { type: "pvc", claimName: "models" } }],
    ["triton", { runtime: { preset: "triton" }, model: { type: "pvc", claimName: "models" } }],
    ["mlserver", { runtime: { preset: "mlserver" }, model: { type: "pvc", claimName: "models" } }],
    ["torchserve", { runtime: { preset: "torchserve" }, model: { type: "pvc", claimName: "models" } }],
    ["bentoml", { image: "registry.example.com/ml/bento:1.0.0", runtime: { preset: "bentoml" } }],
    ["fastapi", { image: "registry.example.com/ml/api:1.0.0", runtime: { preset: "fastapi", healthPath: "/health" } }],
  ])("a %s canary runs the stable container but for its image", (_label, props) => {
    const objects = render({ image: undefined, ...props, canary: { weight: 10, image: "registry.example.com/ml/next:2.0.0" } });
    const { image: stableImage, name: _s, ...stable } = named(objects, "Deployment", "iris").spec.template.spec.containers[0];
    const { image: canaryImage, name: _c, ...canary } = named(objects, "Deployment", "iris-canary").spec.template.spec.containers[0];
    expect(canaryImage).toBe("registry.example.com/ml/next:2.0.0");
    expect(canaryImage).not.toBe(stableImage);
    expect(canary).toEqual(stable);
  });
});
