import { describe, expect, it } from "vitest";
import { installMocks, type RecordedResource } from "../../lib/pulumi/mocks";
import { expectValidObjects } from "../support/schema-check";

// Mocks first: Pulumi's runtime is process-global (vitest runs each file in its own fork).
const run = installMocks();
const pulumi = await import("@pulumi/pulumi");
const k8s = await import("@pulumi/kubernetes");
const { ModelService } = await import("../../lib/pulumi");
const { resolveModelService } = await import("../../lib/model/model-service");
const { renderModelService } = await import("../../lib/render/model-service");
const { irisScoring } = await import("../../examples/iris-scoring/props");

const provider = new k8s.Provider("cluster", { namespace: "default" });
new ModelService("iris", irisScoring, { provider });
new ModelService("built", {
  name: "built",
  namespace: "ml",
  build: { context: "test/pulumi/fixtures/app", imageName: "registry.example.com/ml/built:1.2.3" },
  port: 8080,
});
const token = new k8s.core.v1.Secret("token", { metadata: { name: "model-token", namespace: "ml" }, stringData: { TOKEN: "t" } });
new ModelService("secret-user", {
  namespace: "ml",
  image: pulumi.output("registry.example.com/ml/secret-user:2.0.0"),
  env: { MODEL_TOKEN: { secretKeyRef: { name: token.metadata.name, key: "TOKEN" } }, MODE: "strict" },
  replicas: 1,
  awaitTimeoutSeconds: 900,
});
new ModelService("autoscaled", {
  namespace: "ml",
  image: "registry.example.com/ml/autoscaled:1.0.0",
  port: 8080,
  health: { maxStartupSeconds: 30 },
  autoscaling: { minReplicas: 2, maxReplicas: 8, cpuUtilization: 70 },
});
await run.settled();

const byType = (type: string) => run.resources.filter((r) => r.type === type);
const component = (name: string) => run.resources.find((r) => r.type === "modelship:index:ModelService" && r.name === name) as RecordedResource;
const childrenOf = (parent: RecordedResource) => run.resources.filter((r) => r.parent === parent.urn);
const child = (parent: RecordedResource, kind: string) => childrenOf(parent).find((r) => r.inputs.kind === kind) as RecordedResource;

describe("ModelService (Pulumi)", () => {
  it("creates one typed child per rendered object, with explicit names", () => {
    const parent = component("iris");
    const children = childrenOf(parent);
    // Registration order is up to the runtime; the set is what the render gives.
    expect(children.map((r) => r.type).sort()).toEqual([
      "kubernetes:apps/v1:Deployment",
      "kubernetes:core/v1:Service",
      "kubernetes:core/v1:ServiceAccount",
      "kubernetes:policy/v1:PodDisruptionBudget",
    ]);
    expect(children.map((r) => r.name)).toEqual(children.map(() => "scoring-service/iris-scoring"));
    for (const r of children) expect((r.inputs.metadata as { name: string }).name).toBe("iris-scoring");
  });

  it("counts the rollout waves of an autoscaled Deployment from autoscaling.maxReplicas", () => {
    const deployment = child(component("autoscaled"), "Deployment").inputs as {
      spec: { replicas?: number };
      metadata: { annotations: Record<string, string> };
    };
    expect(deployment.spec.replicas).toBeUndefined();
    // up to 8 pods, maxSurge 25% -> 2 per wave -> 4 waves of 30 s, + 120 s slack.
    expect(deployment.metadata.annotations).toEqual({ "pulumi.com/timeoutSeconds": String(4 * 30 + 120) });
  });

  it("passes the rendered objects through unchanged except the await timeout", () => {
    const spec = resolveModelService(irisScoring, { name: "iris-scoring" });
    const rendered = renderModelService(spec);
    const created = childrenOf(component("iris"))
      .map((r) => r.inputs)
      .sort((a, b) => rendered.findIndex((o) => o.kind === a.kind) - rendered.findIndex((o) => o.kind === b.kind));
    const deployment = created.find((o) => o.kind === "Deployment") as { metadata: { annotations: Record<string, string> } };
    // 2 replicas, maxSurge 25% -> 1 pod per wave -> 2 waves of 30 s, + 120 s slack.
    expect(deployment.metadata.annotations).toEqual({ "pulumi.com/timeoutSeconds": "180" });
    const withoutTimeout = created.map((o) => (o.kind === "Deployment" ? { ...o, metadata: { ...(o.metadata as object), annotations: undefined } } : o));
    expect(JSON.parse(JSON.stringify(withoutTimeout))).toEqual(rendered);
    expectValidObjects(created);
  });

  it("passes the provider on to every child", () => {
    for (const r of childrenOf(component("iris"))) expect(r.provider).toMatch(/^urn:pulumi:stack::project::pulumi:providers:kubernetes::cluster::/);
    for (const r of childrenOf(component("built")).filter((c) => c.type.startsWith("kubernetes:"))) expect(r.provider).toBe("");
  });

  it("registers namespace, service name and in-cluster URL as outputs", () => {
    expect(component("iris").outputs).toEqual({
      namespace: "scoring-service",
      serviceName: "iris-scoring",
      url: "http://iris-scoring.scoring-service.svc.cluster.local:5000",
      image: "registry.example.com/ml/iris-scoring:1.0.0",
    });
  });

  it("builds the image and deploys it pinned by the pushed digest", () => {
    const parent = component("built");
    const docker = childrenOf(parent).find((r) => r.type === "docker:index/image:Image") as RecordedResource;
    expect(docker.name).toBe("built-image");
    expect(docker.inputs).toMatchObject({ imageName: "registry.example.com/ml/built:1.2.3", build: { context: "test/pulumi/fixtures/app" } });
    const deployment = child(parent, "Deployment");
    const container = (deployment.inputs as { spec: { template: { spec: { containers: Array<{ image: string }> } } } }).spec.template.spec.containers[0];
    expect(container.image).toMatch(/^registry\.example\.com\/ml\/built@sha256:[a-f0-9]{64}$/);
    expect(deployment.dependencies).toContain(docker.urn);
    expect(parent.outputs?.image).toBe(container.image);
  });

  it("labels a built image's version by the model's rule, as cdk8s labels the same image", async () => {
    // '1.0_' is a valid Docker tag but no label value; '1.2.3' is both.
    for (const [id, tag, version] of [
      ["odd-tag", "1.0_", undefined],
      ["good-tag", "1.2.3", "1.2.3"],
    ] as const) {
      const imageName = `registry.example.com/ml/${id}:${tag}`;
      new ModelService(id, { namespace: "ml", build: { context: "test/pulumi/fixtures/app", imageName }, port: 8080 });
      await run.settled();
      const labels = (child(component(id), "Deployment").inputs.metadata as { labels: Record<string, string> }).labels;
      expect(labels["app.kubernetes.io/version"]).toBe(version);
      expect(resolveModelService({ namespace: "ml", image: imageName, port: 8080 }, { name: id }).version).toBe(version);
    }
  });

  it("substitutes a Secret name known only to Pulumi, and depends on the Secret", () => {
    const parent = component("secret-user");
    const deployment = child(parent, "Deployment");
    const container = (deployment.inputs as { spec: { template: { spec: { containers: Array<{ image: string; env: unknown[] }> } } } }).spec.template.spec
      .containers[0];
    expect(container.image).toBe("registry.example.com/ml/secret-user:2.0.0");
    expect(container.env).toEqual([
      { name: "MODEL_TOKEN", valueFrom: { secretKeyRef: { name: "model-token", key: "TOKEN" } } },
      { name: "MODE", value: "strict" },
    ]);
    const secret = byType("kubernetes:core/v1:Secret")[0];
    expect(deployment.dependencies).toContain(secret.urn);
    expect((deployment.inputs.metadata as { annotations: Record<string, string> }).annotations).toEqual({ "pulumi.com/timeoutSeconds": "900" });
    expect(JSON.stringify(run.resources)).not.toContain("stand-in");
  });

  it("throws before registering anything when props are invalid", () => {
    const before = run.resources.length;
    expect(() => new ModelService("bad", { image: "registry.example.com/ml/bad:1.0.0", replicas: -1 })).toThrow(
      "ModelService 'bad': 'replicas' must be an integer >= 0 (got -1). Fix: use 0 or more.",
    );
    expect(
      () => new ModelService("both", { image: "registry.example.com/ml/x:1.0.0", build: { context: ".", imageName: "registry.example.com/ml/x:1.0.0" } }),
    ).toThrow(/'build' is given together with 'image'/);
    expect(() => new ModelService("none", { port: 80 })).toThrow(/'image' is required/);
    expect(run.resources.length).toBe(before);
  });
});

describe("ModelService without a namespace", () => {
  it("leaves the namespace to the provider and builds the URL from the Service it created", async () => {
    const bare = new ModelService("bare", { image: "registry.example.com/ml/bare:1.0.0", port: 9000 });
    await run.settled();
    const parent = component("bare");
    expect(
      childrenOf(parent)
        .map((r) => r.name)
        .sort(),
    ).toEqual(["bare", "bare", "bare"]);
    expect(parent.outputs).toMatchObject({ serviceName: "bare", url: "http://bare:9000" });
    expect(bare.spec.namespace).toBeUndefined();
  });
});
