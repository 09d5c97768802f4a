import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

// What each command loads, read from the process itself (its require cache at exit), not timed:
// speed is measured in bench/. Runs the compiled CLI, as cli.test.ts does.
const ROOT = path.resolve(__dirname, "../..");
const BIN = path.join(ROOT, "build/lib/cli/main.js");

/** The modules (paths relative to the repo) a CLI run has loaded when it ends, and its exit code. */
function modulesLoaded(args: string[]): { code: number; modules: string[]; stderr: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "modelship-startup-"));
  const report = path.join(dir, "modules.json");
  const script = `require(${JSON.stringify(BIN)}).main(${JSON.stringify(args)}).then((code) => {
    require("node:fs").writeFileSync(${JSON.stringify(report)}, JSON.stringify({ code, modules: Object.keys(require.cache) }));
  });`;
  const result = spawnSync(process.execPath, ["-e", script], { cwd: dir, encoding: "utf8" });
  const { code, modules } = JSON.parse(fs.readFileSync(report, "utf8")) as { code: number; modules: string[] };
  return { code, modules: modules.map((file) => path.relative(ROOT, file)), stderr: result.stderr };
}

const packages = (modules: string[]) => [...new Set(modules.flatMap((file) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file)?.[1] ?? []))].sort();

function definitionFile(text: string): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "modelship-startup-")), "modelship.yaml");
  fs.writeFileSync(file, text);
  return file;
}

const SERVICE = "kind: ModelService\nname: api\nnamespace: apps\nimage: registry.example.com/ml/api:1.0.0\nport: 8080\n";

describe("modelship CLI start-up: what each command loads", () => {
  it("--help loads the usage strings and nothing else", () => {
    const { code, modules, stderr } = modulesLoaded(["--help"]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(modules.sort()).toEqual(["build/lib/cli/args.js", "build/lib/cli/exit-codes.js", "build/lib/cli/main.js", "build/lib/cli/usage.js"]);
  });

  it("synth of ModelServices loads zod, js-yaml and the ModelService code; not `yaml`, the other importers or the other kinds", () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "modelship-startup-out-"));
    const { code, modules, stderr } = modulesLoaded(["synth", definitionFile(`${SERVICE}---\n${SERVICE.replace("api", "web")}`), "--out", out]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(fs.readdirSync(out)).toContain("apps.k8s.yaml");
    expect(packages(modules)).toEqual(["js-yaml", "zod"]);
    const importers = modules.filter((file) => file.startsWith("build/lib/importers/")).sort();
    expect(importers).toEqual([
      "build/lib/importers/definition-file.js",
      "build/lib/importers/detect.js",
      "build/lib/importers/fast-yaml.js",
      "build/lib/importers/field-lines.js",
      "build/lib/importers/pick.js",
      "build/lib/importers/source.js",
    ]);
    expect(modules).toContain("build/lib/definitions/model-service-kind.js");
    expect(modules.filter((file) => /\/(lab|workflow|batch-stage|argo-workflow)\b/.test(file) || file === "build/lib/definitions/kinds.js")).toEqual([]);
  });

  it("a validation error still names file:line, loading `yaml` only then to locate it", () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "modelship-startup-out-"));
    const file = definitionFile(`${SERVICE}---\n${SERVICE.replace("api", "web").replace("8080", "99999")}`);
    const { code, modules, stderr } = modulesLoaded(["synth", file, "--out", out]);
    expect(code).toBe(2);
    expect(stderr).toBe(`modelship synth: ${file}:11: ModelService 'web': 'port' must be <= 65535 (got 99999). Fix: use a value <= 65535.\n`);
    expect(packages(modules)).toEqual(["js-yaml", "yaml", "zod"]);
    expect(fs.readdirSync(out)).toEqual([]);
  });

  it("synth of a Workflow loads the whole kind registry", () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "modelship-startup-out-"));
    const file = path.join(ROOT, "examples/ml-pipeline/modelship.yaml");
    const { code, modules, stderr } = modulesLoaded(["synth", file, "--out", out]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(modules).toContain("build/lib/definitions/kinds.js");
    expect(modules.filter((file) => /^build\/lib\/importers\/(bodywork|orchest|mllab)/.test(file))).toEqual([]);
  });

  it("synth of a bodywork.yaml loads the Bodywork reader, not the definition-file reader or its YAML parser", () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "modelship-startup-out-"));
    const file = path.join(ROOT, "examples/bodywork/serve-model/bodywork.yaml");
    const { modules } = modulesLoaded(["synth", file, "--out", out]);
    expect(modules).toContain("build/lib/importers/bodywork.js");
    expect(modules.filter((file) => file === "build/lib/importers/definition-file.js" || file === "build/lib/importers/fast-yaml.js")).toEqual([]);
    expect(packages(modules)).not.toContain("js-yaml");
  });
});
