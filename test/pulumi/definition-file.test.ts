import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { installMocks, type RecordedResource } from "../../lib/pulumi/mocks";
import { ingressFor } from "../support/lab-fixtures";

// Mocks first: Pulumi's runtime is process-global.
const run = installMocks();
const { DefinitionFile, readDefinitionFile } = await import("../../lib/pulumi");
const { withoutPulumiAnnotations } = await import("../../lib/pulumi/testing");
const { kindHandlers } = await import("../../lib/definitions/kinds");

const bodywork = "examples/bodywork/ml-pipeline/bodywork.yaml";
// `ingress: true` in the file: the route attaches to this Gateway listener.
const importOptions = { engine: "plain", gateway: "gateway-system/public:https" };
new DefinitionFile("bodywork", { file: bodywork, importOptions });
const definitionFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "modelship-spec-")), "services.yaml");
fs.writeFileSync(
  definitionFile,
  "kind: ModelService\nname: api\nnamespace: apps\nimage: registry.example.com/ml/api:1.0.0\nport: 8080\n---\nkind: BatchStage\nname: nightly\nnamespace: apps\nimage: registry.example.com/ml/job:1.0.0\nschedule:\n  cron: '0 3 * * *'\n",
);
new DefinitionFile("specs", { file: definitionFile });
// A ModelService in namespace `demo` listed before the LabProject that creates `demo`.
const project = {
  kind: "LabProject",
  props: {
    name: "demo",
    endpoint: "https://lab.example.com",
    ingress: ingressFor("gateway-api"),
    services: [{ name: "lab", image: "registry.example.com/ml/lab:1.0.0", port: 8080 }],
  },
};
new DefinitionFile("in-project", {
  documents: [{ kind: "ModelService", props: { name: "extra", namespace: "demo", image: "registry.example.com/ml/extra:1.0.0", port: 8080 } }, project],
});
// A LabProject listed before the LabPlatform whose policies check its routes.
const platform = {
  kind: "LabPlatform",
  props: { name: "lab-policies", hostnames: ["lab.example.com"], gateways: [{ name: "eg", namespace: "envoy-gateway-system", sectionName: "https" }] },
};
new DefinitionFile("lab", { documents: [{ ...project, props: { ...project.props, name: "other" } }, platform] });
await run.settled();

const find = (type: string, name: string) => run.resources.find((r) => r.type === type && r.name === name) as RecordedResource;
const descendants = (root: RecordedResource) => {
  const inside = new Set([root.urn]);
  for (let grown = true; grown;) {
    grown = false;
    for (const r of run.resources)
      if (!inside.has(r.urn) && inside.has(r.parent)) {
        inside.add(r.urn);
        grown = true;
      }
  }
  return run.resources.filter((r) => r.urn !== root.urn && inside.has(r.urn));
};

describe("DefinitionFile", () => {
  it("deploys an imported bodywork.yaml as a Workflow whose DAG edge is dependsOn", () => {
    const root = find("modelship:index:DefinitionFile", "bodywork");
    const workflow = run.resources.find((r) => r.type === "modelship:index:Workflow" && r.parent === root.urn) as RecordedResource;
    expect(workflow).toBeDefined();
    const objects = descendants(root).filter((r) => r.type.startsWith("kubernetes:"));
    const job = objects.find((r) => r.inputs.kind === "Job") as RecordedResource;
    const deployment = objects.find((r) => r.inputs.kind === "Deployment") as RecordedResource;
    expect(deployment.dependencies).toContain(job.urn);
  });

  it("creates what `modelship synth` renders for the same file (plus await annotations)", () => {
    const [document] = readDefinitionFile(bodywork, importOptions);
    const expected = kindHandlers[document.kind].resolveAndRender(document.props, { name: String(document.props.name) });
    const created = descendants(find("modelship:index:DefinitionFile", "bodywork"))
      .filter((r) => r.type.startsWith("kubernetes:"))
      .map((r) => withoutPulumiAnnotations(r.inputs as { metadata?: unknown }));
    const id = (o: any) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`;
    expect(created.map(id).sort()).toEqual(expected.map(id).sort());
    for (const object of expected) expect(created.find((o) => id(o) === id(object))).toEqual(JSON.parse(JSON.stringify(object)));
  });

  it("turns each document of a definition file into its component", () => {
    const root = find("modelship:index:DefinitionFile", "specs");
    const children = run.resources.filter((r) => r.parent === root.urn).map((r) => [r.type, r.name]);
    expect(children).toEqual(
      expect.arrayContaining([
        ["modelship:index:ModelService", "api"],
        ["modelship:index:BatchStage", "nightly"],
      ]),
    );
    expect(root.outputs).toEqual({
      documents: [
        { kind: "ModelService", name: "api" },
        { kind: "BatchStage", name: "nightly" },
      ],
    });
  });

  it("makes objects wait for the Namespace another document of the file creates", () => {
    const root = find("modelship:index:DefinitionFile", "in-project");
    const objects = descendants(root).filter((r) => r.type.startsWith("kubernetes:"));
    const namespace = objects.find((r) => r.inputs.kind === "Namespace") as RecordedResource;
    expect(namespace.inputs.metadata).toMatchObject({ name: "demo" });
    const extra = descendants(find("modelship:index:ModelService", "extra")).filter((r) => r.type.startsWith("kubernetes:"));
    expect(extra.map((r) => r.inputs.kind)).toEqual(expect.arrayContaining(["Deployment", "Service", "ServiceAccount"]));
    for (const object of extra) expect(object.dependencies, `${object.inputs.kind}`).toContain(namespace.urn);
    // The components map and the outputs keep file order.
    expect(root.outputs).toEqual({
      documents: [
        { kind: "ModelService", name: "extra" },
        { kind: "LabProject", name: "demo" },
      ],
    });
  });

  it("creates a LabPlatform as its component, and LabProjects wait for its policies", () => {
    const root = find("modelship:index:DefinitionFile", "lab");
    const component = find("modelship:index:LabPlatform", "lab-policies");
    expect(component.parent).toBe(root.urn);
    const policies = descendants(component).filter((r) => r.type.startsWith("kubernetes:"));
    expect(policies.map((r) => `${r.inputs.kind}/${(r.inputs.metadata as any).name}`).sort()).toEqual([
      "ValidatingAdmissionPolicy/lab-policies-httproutes",
      "ValidatingAdmissionPolicy/lab-policies-ingresses",
      "ValidatingAdmissionPolicy/lab-policies-securitypolicies",
      "ValidatingAdmissionPolicyBinding/lab-policies-httproutes",
      "ValidatingAdmissionPolicyBinding/lab-policies-ingresses",
      "ValidatingAdmissionPolicyBinding/lab-policies-securitypolicies",
    ]);
    const projectObjects = descendants(find("modelship:index:LabProject", "other")).filter((r) => r.type.startsWith("kubernetes:"));
    expect(projectObjects.length).toBeGreaterThan(0);
    for (const object of projectObjects) for (const policy of policies) expect(object.dependencies, `${object.inputs.kind}`).toContain(policy.urn);
    expect(root.outputs).toEqual({
      documents: [
        { kind: "LabProject", name: "other" },
        { kind: "LabPlatform", name: "lab-policies" },
      ],
    });
  });

  it("fails before creating anything on a bad document", () => {
    const before = run.resources.length;
    expect(
      () => new DefinitionFile("bad", { documents: [{ kind: "ModelService", props: { name: "x", image: "registry.example.com/x:1.0.0", replicas: -1 } }] }),
    ).toThrow("ModelService 'x': 'replicas' must be an integer >= 0");
    expect(() => new DefinitionFile("unknown", { documents: [{ kind: "Nope", props: {} }] })).toThrow(/unknown kind\(s\) 'Nope'/);
    const api = { kind: "ModelService", props: { name: "api", namespace: "apps", image: "registry.example.com/ml/api:1.0.0", port: 8080 } };
    expect(() => new DefinitionFile("twice", { documents: [api, api] })).toThrow(
      "DefinitionFile 'twice': two documents render the same object ServiceAccount/apps/api. Fix: give them distinct names or namespaces.",
    );
    expect(run.resources.length).toBe(before);
  });

  it("refuses engine plain for a bodywork.yaml with run_on_failure, as docs/pulumi.md says", () => {
    const before = run.resources.length;
    const file = "examples/bodywork/test-project/bodywork.yaml";
    expect(() => new DefinitionFile("on-failure", { file, importOptions })).toThrow(/'onFailure' needs an engine that watches for failure/);
    expect(run.resources.length).toBe(before);
    expect(readDefinitionFile(file, { ...importOptions, engine: "argo-workflows" })[0].props.onFailure).toBeDefined();
  });
});
