import { describe, expect, it } from "vitest";
import { installMocks, type RecordedResource } from "../../lib/pulumi/mocks";

// Mocks first: Pulumi's runtime is process-global.
const run = installMocks();
const k8s = await import("@pulumi/kubernetes");
const { LabProject } = await import("../../lib/pulumi");
const { expectValidObjects } = await import("../support/schema-check");

const token = new k8s.core.v1.Secret("token", { metadata: { name: "demo-lab-token", namespace: "demo" }, stringData: { token: "t" } });
const project = new LabProject("demo", {
  token: { secretName: token.metadata.name },
  ingress: { gateway: { name: "eg", namespace: "envoy-gateway-system", sectionName: "https" } },
  services: [
    {
      name: "scoring",
      build: { context: "test/pulumi/fixtures/app", imageName: "registry.example.com/lab/scoring:1.0.0" },
      port: 8080,
      exposed: true,
      health: { maxStartupSeconds: 90 },
    },
    { name: "cache", image: "registry.example.com/lab/redis:7.2.5", ports: [{ name: "redis", port: 6379 }], exposed: false },
  ],
});
const metricsOnly = new LabProject("metrics-only", {
  ingress: { gateway: { name: "eg", namespace: "envoy-gateway-system", sectionName: "https" } },
  services: [
    {
      name: "a",
      image: "registry.example.com/lab/a:1.0.0",
      ports: [
        { name: "http", port: 8080 },
        { name: "metrics", port: 9090 },
      ],
      exposed: true,
      exposedPorts: ["metrics"],
    },
  ],
});
await run.settled();

const component = run.resources.find((r) => r.type === "modelship:index:LabProject") as RecordedResource;
const children = run.resources.filter((r) => r.parent === component.urn);
const kube = children.filter((r) => r.type.startsWith("kubernetes:"));
const byKind = (kind: string) => kube.filter((r) => r.inputs.kind === kind);

describe("LabProject (Pulumi)", () => {
  it("creates the rendered objects as children, custom resources included", () => {
    expect(project.spec.namespace).toBe("demo");
    const types = new Set(kube.map((r) => r.type));
    expect(types).toContain("kubernetes:core/v1:Namespace");
    expect(types).toContain("kubernetes:rbac.authorization.k8s.io/v1:Role");
    expect(types).toContain("kubernetes:networking.k8s.io/v1:NetworkPolicy");
    expect(types).toContain("kubernetes:gateway.networking.k8s.io/v1:HTTPRoute");
    expect(types).toContain("kubernetes:gateway.envoyproxy.io/v1alpha1:SecurityPolicy");
    expect(
      byKind("Deployment")
        .map((r) => r.name)
        .sort(),
    ).toEqual(["demo/cache", "demo/scoring"]);
    expectValidObjects(kube.map((r) => r.inputs));
  });

  it("makes every object in the project namespace wait for the Namespace", () => {
    const namespace = byKind("Namespace")[0];
    const inside = kube.filter((r) => (r.inputs.metadata as { namespace?: string }).namespace === "demo");
    expect(inside.length).toBeGreaterThan(5);
    for (const r of inside) expect(r.dependencies).toContain(namespace.urn);
  });

  it("makes each route wait for the project's token checks, so it is never live without them", () => {
    const named = (kind: string, name: string) => byKind(kind).filter((r) => (r.inputs.metadata as { name?: string }).name === name);
    const [route] = named("HTTPRoute", "scoring");
    const [policy] = named("SecurityPolicy", "scoring-auth");
    expect(route.dependencies).toContain(policy.urn);
    expect(policy.dependencies).not.toContain(route.urn);
  });

  it("substitutes the token Secret name known only to Pulumi wherever the render uses it", () => {
    const text = JSON.stringify(kube.map((r) => r.inputs));
    expect(text).not.toContain("stand-in");
    expect(text).toContain("demo-lab-token");
    const secret = run.resources.find((r) => r.type === "kubernetes:core/v1:Secret" && r.name === "token") as RecordedResource;
    const users = kube.filter((r) => JSON.stringify(r.inputs).includes("demo-lab-token"));
    expect(users.length).toBeGreaterThan(0);
    for (const r of users) expect(r.dependencies).toContain(secret.urn);
  });

  it("builds a service image and pins the Deployment to its digest, with an await timeout", () => {
    const docker = children.find((r) => r.type === "docker:index/image:Image") as RecordedResource;
    expect(docker.name).toBe("demo-scoring-image");
    const deployment = byKind("Deployment").find((r) => r.name === "demo/scoring") as RecordedResource;
    expect(JSON.stringify(deployment.inputs)).toMatch(/registry\.example\.com\/lab\/scoring@sha256:[a-f0-9]{64}/);
    expect(deployment.dependencies).toContain(docker.urn);
    expect((deployment.inputs.metadata as { annotations: Record<string, string> }).annotations["pulumi.com/timeoutSeconds"]).toBe(String(90 + 120));
  });

  it("registers the namespace and each service's URL and route path", () => {
    expect(component.outputs?.namespace).toBe("demo");
    const services = component.outputs?.services as Record<string, { url: string; path?: string }>;
    expect(services.scoring).toMatchObject({ url: "http://scoring.demo.svc.cluster.local:8080", path: "/api/projects/demo/services/scoring/8080/" });
    expect(services.cache.path).toBeUndefined();
    // Only 9090 is routed: the path is 9090's (the model's base path, as LAB_SERVICE_PATH).
    const only = run.resources.find((r) => r.type === "modelship:index:LabProject" && r.name === "metrics-only") as RecordedResource;
    expect((only.outputs?.services as Record<string, { path?: string }>).a.path).toBe("/api/projects/metrics-only/services/a/9090/");
    expect(metricsOnly.spec.services[0].path).toBe("/api/projects/metrics-only/services/a/9090/");
  });
});
