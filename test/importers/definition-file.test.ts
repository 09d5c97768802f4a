import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { loadDefinitionFile, definitionFileImporter } from "../../lib/importers/definition-file";
import { resolveWorkflow, type WorkflowProps } from "../../lib/model/workflow";
import { mlPipeline } from "../../examples/ml-pipeline/props";
import { labPlatform } from "../../examples/lab-project/props";
import { resolveLabPlatform, type LabPlatformProps } from "../../lib/model/lab";

const errorOf = (text: string) => {
  try {
    loadDefinitionFile("modelship.yaml", text);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected an error");
};

describe("modelship definition files", () => {
  it("reads one document per construct: kind + props, with the document's line", () => {
    const documents = loadDefinitionFile("modelship.yaml", fs.readFileSync("examples/ml-pipeline/modelship.yaml", "utf8"));
    expect(documents.map((d) => [d.kind, d.props.name, d.source?.line])).toEqual([
      ["Workflow", "ml-pipeline", 4],
      ["BatchStage", "nightly-retrain", 29],
    ]);
    expect(documents[0].props).not.toHaveProperty("kind");
  });

  it("describes the same workflow as the TypeScript example", () => {
    const [document] = loadDefinitionFile("modelship.yaml", fs.readFileSync("examples/ml-pipeline/modelship.yaml", "utf8"));
    const fromYaml = resolveWorkflow(document.props as unknown as WorkflowProps, { name: "ml-pipeline" });
    const fromTs = resolveWorkflow(mlPipeline, { name: "ml-pipeline" });
    expect(fromYaml).toEqual(fromTs);
  });

  it("reads a LabPlatform in its YAML form (docs/lab-project.md) as the TypeScript example's props", () => {
    const text =
      "kind: LabPlatform\nname: modelship-lab\nhostnames: [lab.example.com]\ngateways: [{ name: eg, namespace: envoy-gateway-system, sectionName: https }]\n";
    const [document] = loadDefinitionFile("modelship.yaml", text);
    expect(document.kind).toBe("LabPlatform");
    const ref = { name: "modelship-lab" };
    expect(resolveLabPlatform(document.props as LabPlatformProps, ref)).toEqual(resolveLabPlatform(labPlatform, ref));
  });

  it("reports unknown kinds, missing kinds and names with their lines", () => {
    expect(errorOf("kind: Modelservice\nname: x\n")).toBe(
      "modelship.yaml:1: kind: is not a known kind (got \"Modelservice\"). Fix: did you mean 'ModelService'?",
    );
    expect(errorOf("name: x\n---\nkind: BatchStage\n")).toBe(
      "modelship.yaml:1: kind: is required. Fix: start the document with 'kind:' and one of ModelService, BatchStage, Workflow, LabProject, LabPlatform.\n" +
        "modelship.yaml:3: name: is required in a definition file (BatchStage has no construct id to default to). Fix: add 'name: <object-name>'.",
    );
    expect(errorOf("- kind: BatchStage\n")).toContain("modelship.yaml:1: document 1: is not a map.");
    expect(errorOf("kind: BatchStage\nname: x\nimage: [\n")).toMatch(/^modelship\.yaml:4: invalid YAML/);
  });

  it("skips empty documents and rejects a file with none", () => {
    expect(loadDefinitionFile("modelship.yaml", "---\nkind: BatchStage\nname: a\n---\n")).toHaveLength(1);
    expect(errorOf("# nothing\n")).toContain("holds no documents");
  });

  it("applies --engine and --allow-mutable-image where a document sets none; the document's own value wins", () => {
    const text =
      "kind: ModelService\nname: a\nimage: r/a:latest\n---\nkind: BatchStage\nname: b\nimage: r/b:latest\nallowMutableImageTag: false\n---\n" +
      "kind: Workflow\nname: w\ndag: x >> y\nstages:\n  x: { batch: { image: r/x:latest } }\n  y: { service: { image: r/y:1, allowMutableImageTag: false } }\n---\n" +
      "kind: Workflow\nname: v\nengine: argo-cd\ndag: z\nstages:\n  z: { batch: { image: r/z:1 } }\n";
    const [service, batch, workflow, own] = loadDefinitionFile("modelship.yaml", text, { engine: "plain", allowMutableImageTag: true }).map(
      (d) => d.props as Record<string, any>,
    );
    expect(service.allowMutableImageTag).toBe(true);
    expect(batch.allowMutableImageTag).toBe(false);
    expect(workflow.engine).toBe("plain");
    expect(workflow.stages.x.batch.allowMutableImageTag).toBe(true);
    expect(workflow.stages.y.service.allowMutableImageTag).toBe(false);
    expect(own.engine).toBe("argo-cd");
    expect(own.stages.z.batch.allowMutableImageTag).toBe(true);
    const plain = loadDefinitionFile("modelship.yaml", text).map((d) => d.props as Record<string, any>);
    expect(plain[0]).not.toHaveProperty("allowMutableImageTag");
    expect(plain[2]).not.toHaveProperty("engine");
  });

  it("is recognised by a top-level kind", () => {
    expect(definitionFileImporter.detect("x.yaml", "# c\nkind: Workflow\n")).toBe(true);
    expect(definitionFileImporter.detect("x.yaml", "pipeline:\n  kind: x\n")).toBe(false);
  });
});
