import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { stringify } from "yaml";
import { describe, expect, it } from "vitest";
import { ModelshipPolicyValidation } from "../../lib";
import { compliantObjects, copy, pick } from "../policy/fixtures";

const ROOT = path.resolve(__dirname, "..", "..");

// cdk8s-cli's own context and report classes (the package exports no subpaths, so by file), so the
// plugin is tested against the real contract.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ValidationContext } = require(
  path.join(ROOT, "node_modules", "cdk8s-cli", "lib", "plugins", "validation.js"),
) as typeof import("../../node_modules/cdk8s-cli/lib/plugins/validation");

function manifestDir(objects: unknown[]): { dir: string; file: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "modelship-plugin-"));
  const file = path.join(dir, "app.k8s.yaml");
  fs.writeFileSync(file, objects.map((o) => stringify(o)).join("---\n"));
  return { dir, file };
}

describe("ModelshipPolicyValidation", () => {
  it("passes a compliant manifest", async () => {
    const { file } = manifestDir(compliantObjects());
    const context = new ValidationContext([file], "modelship", "0.1.0");
    await new ModelshipPolicyValidation().validate(context);
    expect(context.report.success).toBe(true);
    expect(context.report.toJson().violations).toEqual([]);
  });

  it("fails on errors and reports the object, the field and the fix", async () => {
    const objects = copy(compliantObjects());
    pick(objects, "Deployment").spec.template.spec.containers[0].image = "registry.example.com/iris:latest";
    const { file } = manifestDir(objects);
    const context = new ValidationContext([file], "modelship", "0.1.0", { iris: { path: "app/iris/Deployment-iris" } });
    await new ModelshipPolicyValidation().validate(context);
    expect(context.report.success).toBe(false);
    const [violation] = context.report.toJson().violations;
    expect(violation.ruleName).toBe("latest-tag (error)");
    expect(violation.recommendation).toContain("Deployment/ml/iris");
    expect(violation.fix).toMatch(/pin a version tag/);
    expect(violation.violatingConstructs).toEqual([
      { resourceName: "iris", locations: ["spec.template.spec.containers[0].image"], manifestPath: file, constructPath: "app/iris/Deployment-iris" },
    ]);
  });

  it("passes with warnings unless failOnWarnings is set, and honours skip", async () => {
    const objects = copy(compliantObjects());
    delete pick(objects, "Deployment").spec.template.spec.topologySpreadConstraints;
    const { file } = manifestDir(objects);
    const lenient = new ValidationContext([file], "modelship", "0.1.0");
    await new ModelshipPolicyValidation().validate(lenient);
    expect(lenient.report.success).toBe(true);
    expect(lenient.report.toJson().violations.map((v) => v.ruleName)).toEqual(["topologySpreadConstraint (warning)"]);
    const strict = new ValidationContext([file], "modelship", "0.1.0");
    await new ModelshipPolicyValidation({ failOnWarnings: true }).validate(strict);
    expect(strict.report.success).toBe(false);
    const skipped = new ValidationContext([file], "modelship", "0.1.0");
    await new ModelshipPolicyValidation({ failOnWarnings: true, skip: ["topologySpreadConstraint"] }).validate(skipped);
    expect(skipped.report.success).toBe(true);
  });

  it("checks all manifests as one set, so cross-chart references resolve", async () => {
    const objects = compliantObjects();
    const a = manifestDir(objects.filter((o) => o.kind !== "HTTPRoute"));
    const b = manifestDir(objects.filter((o) => o.kind === "HTTPRoute"));
    const context = new ValidationContext([a.file, b.file], "modelship", "0.1.0");
    await new ModelshipPolicyValidation().validate(context);
    expect(context.report.success).toBe(true);
  });
});

describe("cdk8s synth with the plugin from cdk8s.yaml", () => {
  const plugin = path.join(ROOT, "build", "lib", "cdk8s", "validation-plugin.js");

  it("the repository's cdk8s.yaml references the built plugin", () => {
    const config = fs.readFileSync(path.join(ROOT, "cdk8s.yaml"), "utf8");
    expect(config).toContain("package: ./build/lib/cdk8s/validation-plugin.js");
    expect(config).toContain("class: ModelshipPolicyValidation");
  });

  it("fails the synth on a violation and prints the object and the fix", () => {
    expect(fs.existsSync(plugin), "build the package first (npm run build; npm test does)").toBe(true);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "modelship-synth-"));
    const bad = copy(pick(compliantObjects(), "Deployment"));
    bad.spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation = true;
    fs.writeFileSync(
      path.join(dir, "app.js"),
      `const { App, Chart, ApiObject } = require(${JSON.stringify(require.resolve("cdk8s"))});
const app = new App();
const chart = new Chart(app, "bad");
new ApiObject(chart, "iris", ${JSON.stringify(bad)});
app.synth();
`,
    );
    fs.writeFileSync(
      path.join(dir, "cdk8s.yaml"),
      `app: node app.js\noutput: dist\nvalidations:\n  - package: ${plugin}\n    version: 0.1.0\n    class: ModelshipPolicyValidation\n`,
    );
    const cli = path.join(ROOT, "node_modules", "cdk8s-cli", "bin", "cdk8s");
    const result = spawnSync(process.execPath, [cli, "synth"], { cwd: dir, encoding: "utf8" });
    const out = result.stdout + result.stderr;
    expect(result.status, out).toBe(2);
    expect(out).toContain("privilege-escalation-container (error)");
    expect(out).toContain("Construct Path: bad/iris");
    expect(out).toContain("spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation");
    expect(out).toContain("How to fix: set securityContext.allowPrivilegeEscalation: false");
    expect(out).toContain("Validation failed");
  });

  it("names the construct that owns the object, not a sibling with the same metadata.name", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "modelship-synth-"));
    // Two replicas: Deployment, Service, ServiceAccount and PodDisruptionBudget all named 'iris';
    // cdk8s' own record names whichever came last (bad/iris/PodDisruptionBudget).
    fs.writeFileSync(
      path.join(dir, "app.js"),
      `const { App, Chart } = require(${JSON.stringify(require.resolve("cdk8s"))});
const { ModelService, JsonPatch } = require(${JSON.stringify(path.join(ROOT, "build", "lib", "index.js"))});
const app = new App();
const chart = new Chart(app, "bad");
new ModelService(chart, "iris", { image: "registry.example.com/ml/iris:1.0.0", replicas: 2, namespace: "ml",
  patches: [{ kind: "Deployment", ops: [JsonPatch.replace("/spec/template/spec/containers/0/securityContext/allowPrivilegeEscalation", true)] }] });
new ModelService(chart, "other", { name: "iris", image: "registry.example.com/ml/iris:1.0.0", namespace: "ml2" });
app.synth();
`,
    );
    fs.writeFileSync(
      path.join(dir, "cdk8s.yaml"),
      `app: node app.js\noutput: dist\nvalidations:\n  - package: ${plugin}\n    version: 0.1.0\n    class: ModelshipPolicyValidation\n`,
    );
    const cli = path.join(ROOT, "node_modules", "cdk8s-cli", "bin", "cdk8s");
    const result = spawnSync(process.execPath, [cli, "synth", "--validation-reports-output-file", path.join(dir, "report.json")], {
      cwd: dir,
      encoding: "utf8",
    });
    expect(result.status, result.stdout + result.stderr).toBe(2);
    const [report] = JSON.parse(fs.readFileSync(path.join(dir, "report.json"), "utf8")).reports;
    const escalation = report.violations.find((v: { ruleName: string }) => v.ruleName === "privilege-escalation-container (error)");
    expect(escalation.violatingConstructs).toEqual([
      expect.objectContaining({
        resourceName: "Deployment/ml/iris",
        constructPath: "bad/iris",
        locations: ["spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation"],
      }),
    ]);
  });

  it("the examples synthesize through the repository's cdk8s.yaml and pass the plugin", () => {
    expect(fs.existsSync(plugin), "build the package first (npm run build; npm test does)").toBe(true);
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "modelship-examples-"));
    const cli = path.join(ROOT, "node_modules", "cdk8s-cli", "bin", "cdk8s");
    const result = spawnSync(process.execPath, [cli, "synth", "--output", out], { cwd: ROOT, encoding: "utf8" });
    expect(result.status, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/modelship policy: \d+ objects, 0 errors, \d+ warnings/);
    expect(result.stdout).toContain("Validations ended succesfully");
  });
});
