import { describe, expect, it } from "vitest";
import { installMocks, type RecordedResource } from "../../lib/pulumi/mocks";

// Mocks first: Pulumi's runtime is process-global.
const run = installMocks();
const { BatchStage, ModelService, Workflow } = await import("../../lib/pulumi");
const { expectValidObjects } = await import("../support/schema-check");

const image = "registry.example.com/ml/pipeline:1.0.0";
const batch = (maxCompletionSeconds: number) => ({ batch: { image, command: ["python", "run.py"], retries: 1, maxCompletionSeconds } });
const pipeline = new Workflow("pipeline", {
  namespace: "ml",
  engine: "plain",
  stages: {
    prepare: batch(300),
    train: {
      batch: {
        command: ["python", "train.py"],
        maxCompletionSeconds: 900,
        build: { context: "test/pulumi/fixtures/app", imageName: "registry.example.com/ml/train:2.0.0" },
      },
    },
    features: batch(60),
    serve: { service: { image, port: 8000, replicas: 2, health: { maxStartupSeconds: 45 } } },
    report: batch(120),
  },
  dag: "prepare >> train, features >> serve, report",
});
new Workflow("argo", { namespace: "argo-ml", stages: { a: batch(60), b: batch(60) }, dag: "a >> b" });
const train = new BatchStage("solo-train", { namespace: "solo", image, maxCompletionSeconds: 600, awaitTimeoutSeconds: false });
const nightly = new BatchStage("nightly", { namespace: "solo", image, schedule: { cron: "0 2 * * *" } });
new ModelService("solo-serve", { namespace: "solo", image, port: 8080 }, { dependsOn: [train] });
const k8s = await import("@pulumi/kubernetes");
const cluster = new k8s.Provider("cluster", { namespace: "default" });
new Workflow("provided", { namespace: "p", engine: "plain", stages: { a: batch(60), b: batch(60) }, dag: "a >> b" }, { provider: cluster });
await run.settled();

const find = (type: string, name: string) => run.resources.find((r) => r.type === type && r.name === name) as RecordedResource;
const kube = (parent: RecordedResource) => run.resources.filter((r) => r.parent === parent.urn && r.type.startsWith("kubernetes:"));
const stage = (id: string) => find("modelship:index:WorkflowStage", `pipeline-${id}`);
const annotations = (r: RecordedResource) => (r.inputs.metadata as { annotations?: Record<string, string> }).annotations ?? {};

describe("Workflow (Pulumi)", () => {
  it("puts each stage's objects under a WorkflowStage component of the Workflow", () => {
    const workflow = find("modelship:index:Workflow", "pipeline");
    for (const id of ["prepare", "train", "features", "serve", "report"]) {
      expect(stage(id).parent).toBe(workflow.urn);
      expect(kube(stage(id)).length).toBeGreaterThan(0);
    }
    expect(
      kube(stage("serve"))
        .map((r) => r.inputs.kind)
        .sort(),
    ).toEqual(["Deployment", "PodDisruptionBudget", "Service", "ServiceAccount"]);
    expectValidObjects(run.resources.filter((r) => r.type.startsWith("kubernetes:")).map((r) => r.inputs));
  });

  it("turns every DAG edge into dependsOn: each object of a stage waits for every object of the stages before it", () => {
    const edges = pipeline.spec.graph.edges;
    expect(edges.length).toBe(6);
    for (const { from, to } of edges) {
      const before = kube(stage(from)).map((r) => r.urn);
      for (const r of kube(stage(to))) expect(r.dependencies).toEqual(expect.arrayContaining(before));
    }
  });

  it("adds no order inside a step or between unrelated stages", () => {
    const urnsOf = (id: string) => kube(stage(id)).map((r) => r.urn);
    for (const r of kube(stage("train"))) for (const urn of urnsOf("features")) expect(r.dependencies).not.toContain(urn);
    for (const r of kube(stage("prepare"))) expect(r.dependencies).toEqual([]);
    for (const r of kube(stage("serve"))) for (const urn of urnsOf("report")) expect(r.dependencies).not.toContain(urn);
  });

  it("gives Jobs and Deployments await timeouts from their own budgets, and Jobs re-runs after a failure", () => {
    const job = (id: string) => kube(stage(id)).find((r) => r.inputs.kind === "Job") as RecordedResource;
    expect(annotations(job("prepare"))).toEqual({ "pulumi.com/timeoutSeconds": "420", "pulumi.com/replaceUnready": "true" });
    expect(annotations(job("train"))["pulumi.com/timeoutSeconds"]).toBe("1020");
    const deployment = kube(stage("serve")).find((r) => r.inputs.kind === "Deployment") as RecordedResource;
    expect(annotations(deployment)).toEqual({ "pulumi.com/timeoutSeconds": String(2 * 45 + 120) });
    for (const r of kube(stage("serve")).filter((o) => o.inputs.kind !== "Deployment")) expect(annotations(r)).toEqual({});
  });

  it("builds a stage's image and runs the Job pinned by digest, after the build", () => {
    const docker = find("docker:index/image:Image", "pipeline-train-image");
    expect(docker.parent).toBe(find("modelship:index:Workflow", "pipeline").urn);
    const job = kube(stage("train")).find((r) => r.inputs.kind === "Job") as RecordedResource;
    const container = (job.inputs.spec as { template: { spec: { containers: Array<{ image: string }> } } }).template.spec.containers[0];
    expect(container.image).toMatch(/^registry\.example\.com\/ml\/train@sha256:[a-f0-9]{64}$/);
    expect(job.dependencies).toContain(docker.urn);
  });

  it("registers namespace, order and service URLs", () => {
    expect(find("modelship:index:Workflow", "pipeline").outputs).toEqual({
      namespace: "ml",
      engine: "plain",
      order: ["prepare", "train", "features", "serve", "report"],
      urls: { serve: "http://serve.ml.svc.cluster.local:8000" },
    });
  });

  it("gives a service stage the same in-cluster URL as a ModelService, in the provider's namespace when none is given", async () => {
    const team = new k8s.Provider("team", { namespace: "team" });
    const service = { image, port: 8000 };
    new Workflow("unnamespaced", { engine: "plain", stages: { serve: { service } }, dag: "serve" }, { provider: team });
    new Workflow("unnamespaced-argo", { stages: { serve: { service } }, dag: "serve" }, { provider: team });
    new ModelService("serve", service, { provider: team });
    await run.settled();
    const url = "http://serve.team.svc.cluster.local:8000";
    expect(find("modelship:index:ModelService", "serve").outputs?.url).toBe(url);
    expect(find("modelship:index:Workflow", "unnamespaced").outputs?.urls).toEqual({ serve: url });
    expect(find("modelship:index:Workflow", "unnamespaced-argo").outputs?.urls).toEqual({ serve: url });
  });

  it("with Argo Workflows, creates the engine objects after the executor RBAC", () => {
    const workflow = find("modelship:index:Workflow", "argo");
    const direct = kube(workflow);
    const rbac = direct.filter((r) => ["ServiceAccount", "Role", "RoleBinding", "Secret"].includes(String(r.inputs.kind)));
    const engine = direct.filter((r) => r.type.startsWith("kubernetes:argoproj.io"));
    expect(rbac.length).toBeGreaterThan(0);
    expect(engine.map((r) => r.inputs.kind).sort()).toEqual(["Workflow", "WorkflowTemplate"]);
    for (const r of engine) expect(r.dependencies).toEqual(expect.arrayContaining(rbac.map((o) => o.urn)));
  });

  it("passes the component's provider on to the objects of every stage", () => {
    const workflow = find("modelship:index:Workflow", "provided");
    const stages = run.resources.filter((r) => r.parent === workflow.urn);
    const objects = stages.flatMap((s) => kube(s));
    expect(objects.length).toBe(4);
    for (const r of objects) expect(r.provider).toMatch(/::pulumi:providers:kubernetes::cluster::/);
  });

  it("throws before registering anything on a bad DAG, naming the stages", () => {
    const before = run.resources.length;
    expect(() => new Workflow("bad", { stages: { a: batch(60), b: batch(60) }, dag: "a >> c" })).toThrow(/Workflow 'bad'.*'c'/s);
    expect(run.resources.length).toBe(before);
  });
});

describe("BatchStage (Pulumi)", () => {
  it("creates the ServiceAccount and Job; awaitTimeoutSeconds false leaves Pulumi's default", () => {
    const parent = find("modelship:index:BatchStage", "solo-train");
    const children = kube(parent);
    expect(children.map((r) => [r.type, r.name]).sort()).toEqual([
      ["kubernetes:batch/v1:Job", "solo/solo-train"],
      ["kubernetes:core/v1:ServiceAccount", "solo/solo-train"],
    ]);
    expect(annotations(children.find((r) => r.inputs.kind === "Job")!)).toEqual({ "pulumi.com/replaceUnready": "true" });
    expect(parent.outputs).toMatchObject({ namespace: "solo", jobName: "solo-train", image });
  });

  it("does not await a CronJob", () => {
    const cron = kube(find("modelship:index:BatchStage", "nightly")).find((r) => r.inputs.kind === "CronJob")!;
    expect(annotations(cron)).toEqual({});
    expect(nightly.spec.schedule?.cron).toBe("0 2 * * *");
  });

  it("passes a component's dependsOn on to its objects", () => {
    const job = kube(find("modelship:index:BatchStage", "solo-train")).find((r) => r.inputs.kind === "Job")!;
    for (const r of kube(find("modelship:index:ModelService", "solo-serve"))) expect(r.dependencies).toContain(job.urn);
  });
});

describe("Pulumi-only props in a workflow", () => {
  it("name the stage in errors", () => {
    expect(
      () => new Workflow("both", { stages: { a: { batch: { image, build: { context: ".", imageName: "registry.example.com/ml/a:1.0.0" } } } }, dag: "a" }),
    ).toThrow("Workflow 'both': 'stages.a.batch.build' is given together with 'image'");
  });
});
