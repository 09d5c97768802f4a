import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { loadSpecFile, specFileImporter } from "../../lib/importers/spec-file";
import { resolveWorkflow, type WorkflowProps } from "../../lib/model/workflow";
import { mlPipeline } from "../../examples/ml-pipeline/spec";

const errorOf = (text: string) => {
  try {
    loadSpecFile("spec.yaml", text);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected an error");
};

describe("modelship spec files", () => {
  it("reads one document per construct: kind + props, with the document's line", () => {
    const documents = loadSpecFile("spec.yaml", fs.readFileSync("examples/ml-pipeline/spec.yaml", "utf8"));
    expect(documents.map((d) => [d.kind, d.props.name, d.source?.line])).toEqual([
      ["Workflow", "ml-pipeline", 4],
      ["BatchStage", "nightly-retrain", 29],
    ]);
    expect(documents[0].props).not.toHaveProperty("kind");
  });

  it("describes the same workflow as the TypeScript example", () => {
    const [document] = loadSpecFile("spec.yaml", fs.readFileSync("examples/ml-pipeline/spec.yaml", "utf8"));
    const fromYaml = resolveWorkflow(document.props as unknown as WorkflowProps, { name: "ml-pipeline" });
    const fromTs = resolveWorkflow(mlPipeline, { name: "ml-pipeline" });
    expect(fromYaml).toEqual(fromTs);
  });

  it("reports unknown kinds, missing kinds and names with their lines", () => {
    expect(errorOf("kind: Modelservice\nname: x\n")).toBe("spec.yaml:1: kind: is not a known kind (got \"Modelservice\"). Fix: did you mean 'ModelService'?");
    expect(errorOf("name: x\n---\nkind: BatchStage\n")).toBe(
      "spec.yaml:1: kind: is required. Fix: start the document with 'kind:' and one of ModelService, BatchStage, Workflow, LabProject.\n" +
        "spec.yaml:3: name: is required in a spec file (BatchStage has no construct id to default to). Fix: add 'name: <object-name>'.",
    );
    expect(errorOf("- kind: BatchStage\n")).toContain("spec.yaml:1: document 1: is not a map.");
    expect(errorOf("kind: BatchStage\nname: x\nimage: [\n")).toMatch(/^spec\.yaml:4: invalid YAML/);
  });

  it("skips empty documents and rejects a file with none", () => {
    expect(loadSpecFile("spec.yaml", "---\nkind: BatchStage\nname: a\n---\n")).toHaveLength(1);
    expect(errorOf("# nothing\n")).toContain("holds no documents");
  });

  it("is recognised by a top-level kind", () => {
    expect(specFileImporter.detect("x.yaml", "# c\nkind: Workflow\n")).toBe(true);
    expect(specFileImporter.detect("x.yaml", "pipeline:\n  kind: x\n")).toBe(false);
  });
});
