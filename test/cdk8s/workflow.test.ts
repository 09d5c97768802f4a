import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Chart, Testing } from "cdk8s";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { BatchStage } from "../../lib/cdk8s/batch-stage";
import { Workflow } from "../../lib/cdk8s/workflow";
import { Dag } from "../../lib/model/dag";
import { allObjects } from "../support/argo";
import { expectValidObjects } from "../support/schema-check";

const image = (name: string) => `registry.example.com/ml/${name}:1.0.0`;
const stages = {
  train: { batch: { image: image("train") } },
  score: { service: { image: image("score"), port: 8000 } },
  report: { batch: { image: image("report") } },
};

describe("BatchStage construct", () => {
  it("emits the rendered objects and validates at construction", () => {
    const chart = new Chart(Testing.app(), "c");
    const stage = new BatchStage(chart, "train", { image: image("train"), retries: 1 });
    expect(stage.jobName).toBe("train");
    const objects = Testing.synth(chart);
    expect(objects).toEqual(stage.objects);
    expectValidObjects(objects);
    expect(() => new BatchStage(chart, "bad", { image: image("x"), retries: -1 })).toThrow(
      "BatchStage 'bad' (at c/bad): 'retries' must be an integer >= 0 (got -1).",
    );
  });
});

describe("Workflow construct", () => {
  it("exposes the stages, the DAG and the Mermaid diagram", () => {
    const chart = new Chart(Testing.app(), "c");
    const wf = new Workflow(chart, "pipe", { namespace: "ml", stages, dag: Dag.start("train").then("score", "report") });
    expect(wf.stages.map((s) => [s.id, s.spec.type, s.spec.level])).toEqual([
      ["train", "batch", 0],
      ["score", "service", 1],
      ["report", "batch", 1],
    ]);
    expect(wf.graph.edges).toEqual([
      { from: "train", to: "score" },
      { from: "train", to: "report" },
    ]);
    expect(wf.stage("score").apiObjects.map((o) => o.kind)).toEqual(["ServiceAccount"]);
    expect(wf.toMermaid()).toContain("train --> score");
    const objects = Testing.synth(chart);
    expect(objects).toEqual(wf.objects);
    expectValidObjects(allObjects(objects));
  });

  it("orders the YAML by the DAG with the plain engine (cdk8s dependencies)", () => {
    const chart = new Chart(Testing.app(), "c");
    const wf = new Workflow(chart, "pipe", { stages, dag: "train >> score >> report", engine: "plain" });
    const names = Testing.synth(chart).map((o) => `${o.kind}/${o.metadata.name}`);
    expect(names.indexOf("Job/train")).toBeLessThan(names.indexOf("Deployment/score"));
    expect(names.indexOf("Service/score")).toBeLessThan(names.indexOf("Job/report"));
    // The order is enforced by dependencies, not only by emission order.
    const train = wf.stage("train").apiObjects;
    for (const object of wf.stage("score").apiObjects) expect(object.node.dependencies).toEqual(expect.arrayContaining([...train]));
    expect(wf.stage("train").apiObjects[0].node.dependencies).toEqual([]);
  });

  it("adds no dependencies with Argo Workflows (Argo runs the DAG)", () => {
    const chart = new Chart(Testing.app(), "c");
    const wf = new Workflow(chart, "pipe", { stages, dag: "train >> score >> report" });
    expect(wf.apiObjects.every((o) => o.node.dependencies.length === 0)).toBe(true);
  });

  it("makes a typo in a stage name a compile error with the typed builder", () => {
    const file = path.join(os.tmpdir(), `modelship-dag-typo-${process.pid}.ts`);
    const lib = path.resolve(__dirname, "../../lib").replace(/\\/g, "/");
    // The model modules, not the package entry: the same types without compiling the Pulumi SDK's.
    fs.writeFileSync(
      file,
      `import { Dag } from "${lib}/model/dag";\nimport type { WorkflowProps } from "${lib}/model/workflow";\nconst image = "r/x:1";\nexport const p: WorkflowProps<"train" | "score"> = { stages: { train: { batch: { image } }, score: { batch: { image } } }, dag: Dag.start("train").then("scroe") };\n`,
    );
    const program = ts.createProgram([file], {
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.CommonJS,
      moduleResolution: ts.ModuleResolutionKind.Node10,
      esModuleInterop: true,
      types: ["node"],
    });
    const messages = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    fs.rmSync(file);
    expect(messages.join("\n")).toContain('"scroe"');
  });

  it("reports the same typo at run time when types are not checked", () => {
    const chart = new Chart(Testing.app(), "c");
    expect(
      () =>
        new Workflow(chart, "pipe", {
          stages,
          // @ts-expect-error 'scroe' is not a stage
          dag: Dag.start("train").then("scroe", "report"),
        }),
    ).toThrow("'dag' names stage 'scroe', which is not declared in 'stages'");
  });
});
