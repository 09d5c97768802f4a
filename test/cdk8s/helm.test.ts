import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseAllDocuments } from "yaml";
import { describe, expect, it } from "vitest";
import { helm } from "../support/helm";

// `cdk8s synth --format helm` must give a chart the real helm accepts (`helm lint`, `helm template`),
// and `helm template` must give back exactly the objects of the plain synth: strings holding `{{`
// (Argo's `{{workflow.failures}}`, External Secrets' `{{ .token }}`) are not run as Helm templates.

const ROOT = path.resolve(__dirname, "..", "..");
const CLI = path.join(ROOT, "node_modules", "cdk8s-cli", "bin", "cdk8s");

type Obj = { kind: string; metadata: { name: string; namespace?: string } };

function objectsOf(text: string): Obj[] {
  return parseAllDocuments(text)
    .map((doc) => doc.toJS() as Obj | null)
    .filter((o): o is Obj => o !== null)
    .sort((a, b) => `${a.kind}/${a.metadata.namespace}/${a.metadata.name}`.localeCompare(`${b.kind}/${b.metadata.namespace}/${b.metadata.name}`));
}

function synth(cwd: string, ...args: string[]): string {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "modelship-helm-"));
  const result = spawnSync(process.execPath, [CLI, "synth", "--output", out, ...args], { cwd, encoding: "utf8" });
  expect(result.status, result.stdout + result.stderr).toBe(0);
  return out;
}

function plainObjects(dir: string): Obj[] {
  return objectsOf(
    fs
      .readdirSync(dir)
      .filter((f) => f.endsWith(".yaml"))
      .map((f) => fs.readFileSync(path.join(dir, f), "utf8"))
      .join("\n---\n"),
  );
}

function expectValidChart(cwd: string): { chart: string; rendered: string } {
  const chart = synth(cwd, "--format", "helm", "--chart-version", "1.0.0");
  expect(fs.readdirSync(path.join(chart, "templates")).filter((f) => !/\.ya?ml$/.test(f))).toEqual([]);
  const lint = helm("lint", chart);
  expect(lint.code, lint.out).toBe(0);
  const rendered = helm("template", "release", chart);
  expect(rendered.code, rendered.out).toBe(0);
  expect(objectsOf(rendered.out)).toEqual(plainObjects(synth(cwd)));
  return { chart, rendered: rendered.out };
}

describe("cdk8s synth --format helm", () => {
  it("every example is a chart helm lint and helm template accept, rendering the plain synth's objects", () => {
    const { rendered } = expectValidChart(ROOT);
    expect(rendered).toContain("{{ .token }}"); // the lab project's ExternalSecret template, kept
  });

  it("a Workflow with onFailure keeps Argo's {{workflow.failures}}", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "modelship-helm-app-"));
    fs.writeFileSync(
      path.join(dir, "app.js"),
      `const { App, Chart } = require(${JSON.stringify(require.resolve("cdk8s"))});
const { Workflow } = require(${JSON.stringify(path.join(ROOT, "build", "lib", "index.js"))});
const app = new App();
const chart = new Chart(app, "pipeline");
const image = "registry.example.com/ml/pipeline:1.0.0";
new Workflow(chart, "ml", { namespace: "ml", engine: "argo-workflows", dag: "train >> score", onFailure: "alert",
  stages: { train: { batch: { image } }, score: { batch: { image } }, alert: { batch: { image, command: ["notify"] } } } });
app.synth();
`,
    );
    fs.writeFileSync(
      path.join(dir, "cdk8s.yaml"),
      `app: node app.js\noutput: dist\nvalidations:\n  - package: ${path.join(ROOT, "build", "lib", "cdk8s", "validation-plugin.js")}\n    version: 0.1.0\n    class: ModelshipPolicyValidation\n`,
    );
    const { chart, rendered } = expectValidChart(dir);
    expect(fs.readFileSync(path.join(chart, "templates", "pipeline.k8s.yaml"), "utf8")).toContain("{{`{{`}}workflow.failures}}");
    expect(rendered).toContain("{{workflow.failures}}");
  });
});
