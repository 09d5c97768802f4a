import { Chart, Testing } from "cdk8s";
import { describe, expect, it } from "vitest";
import { checkObjects, formatViolation, violationTarget, Workflow, type WorkflowProps } from "../../lib";
import { embeddedManifests } from "../../lib/policy/argo-manifests";
import { checkCommand } from "../../lib/cli/check";
import { stringify } from "yaml";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const image = "registry.example.com/ml/score:1.0.0";
/** The reviewer's repro: one service stage with three defaults switched off. */
const props = (engine: "plain" | "argo-workflows"): WorkflowProps => ({
  namespace: "ml",
  engine,
  stages: {
    score: {
      service: {
        image,
        port: 8000,
        security: { runAsNonRoot: false, allowPrivilegeEscalation: true },
        resources: { memoryLimit: false },
        health: { liveness: false },
      },
    },
  },
  dag: "score",
});
const synth = (engine: "plain" | "argo-workflows") => {
  const chart = new Chart(Testing.app(), "c");
  new Workflow(chart, "pipeline", props(engine));
  return Testing.synth(chart);
};
// What each violation says, without where it is written.
const findings = (objects: unknown[]) => checkObjects(objects).map((v) => `${v.severity} [${v.check}] ${v.object.kind}/${v.object.name} ${v.path}`);

describe("policy checks see the objects Argo resource templates apply", () => {
  it("finds the same violations under argo-workflows as under the plain engine", () => {
    const plain = findings(synth("plain"));
    expect(plain.filter((f) => f.startsWith("error"))).toHaveLength(3);
    expect(findings(synth("argo-workflows")).sort()).toEqual(plain.sort());
  });

  it("reports an embedded object where it is written: the WorkflowTemplate, the manifest's path, then the object", () => {
    const objects = synth("argo-workflows");
    const violation = checkObjects(objects).find((v) => v.check === "run-as-non-root");
    expect(violation?.embeddedIn).toEqual({
      object: { apiVersion: "argoproj.io/v1alpha1", kind: "WorkflowTemplate", name: "pipeline", namespace: "ml" },
      path: expect.stringMatching(/^spec\.templates\[\d+\]\.resource\.manifest$/),
    });
    expect(violationTarget(violation!)).toMatch(/^WorkflowTemplate\/ml\/pipeline spec\.templates\[\d+\]\.resource\.manifest Deployment\/ml\/score$/);
    expect(formatViolation(violation!)).toMatch(
      /^error \[run-as-non-root\] WorkflowTemplate\/ml\/pipeline spec\.templates\[\d+\]\.resource\.manifest Deployment\/ml\/score spec\.template\.spec\.securityContext\.runAsNonRoot: /,
    );
  });

  it("reads Workflow, WorkflowTemplate and CronWorkflow templates; skips manifests that are not YAML", () => {
    const manifest = stringify({ apiVersion: "v1", kind: "Service", metadata: { name: "s" }, spec: { selector: { app: "none" }, ports: [{ port: 80 }] } });
    const owner = (kind: string, spec: object) => ({ apiVersion: "argoproj.io/v1alpha1", kind, metadata: { name: kind.toLowerCase(), namespace: "ns" }, spec });
    const templates = [
      { name: "main", dag: { tasks: [] } },
      { name: "apply", resource: { action: "apply", manifest } },
      { name: "bad", resource: { action: "apply", manifest: "a: [unclosed" } },
    ];
    const objects = [
      owner("Workflow", { templates }),
      owner("WorkflowTemplate", { templates }),
      owner("CronWorkflow", { schedules: ["@daily"], workflowSpec: { templates } }),
    ];
    expect(embeddedManifests(objects).map((e) => `${e.owner.kind} ${e.path}`)).toEqual([
      "Workflow spec.templates[1].resource.manifest",
      "WorkflowTemplate spec.templates[1].resource.manifest",
      "CronWorkflow spec.workflowSpec.templates[1].resource.manifest",
    ]);
    // The embedded Service takes its owner's namespace and is checked against the pods there.
    expect(
      checkObjects(objects)
        .filter((v) => v.check === "service-targets-pod")
        .map(violationTarget),
    ).toEqual([
      "Workflow/ns/workflow spec.templates[1].resource.manifest Service/ns/s",
      "WorkflowTemplate/ns/workflowtemplate spec.templates[1].resource.manifest Service/ns/s",
      "CronWorkflow/ns/cronworkflow spec.workflowSpec.templates[1].resource.manifest Service/ns/s",
    ]);
  });

  it("modelship check reports embedded objects at their template's file and line", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "modelship-embedded-"));
    const file = path.join(dir, "pipeline.yaml");
    fs.writeFileSync(
      file,
      synth("argo-workflows")
        .map((o) => stringify(o))
        .join("---\n"),
    );
    let out = "";
    const code = await checkCommand([file], { out: { write: (t: string) => (out += t) }, err: { write: () => undefined } });
    expect(code).toBe(1);
    expect(out).toMatch(
      new RegExp(
        `${file.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}:\\d+: error \\[run-as-non-root\\] WorkflowTemplate/ml/pipeline spec\\.templates\\[\\d+\\]\\.resource\\.manifest Deployment/ml/score `,
      ),
    );
  });
});

describe("the skip annotation on an embedded object", () => {
  it("exempts it from the named check, and an unknown name is reported where the object is written", () => {
    const chart = new Chart(Testing.app(), "c");
    const base = props("argo-workflows");
    const score = (base.stages as any).score.service;
    new Workflow<string>(chart, "pipeline", { ...base, stages: { score: { service: { ...score, podAnnotations: {} } } } });
    const objects = Testing.synth(chart);
    const template = objects.find((o) => o.kind === "WorkflowTemplate");
    const resource = template.spec.templates.find((t: any) => t.resource?.manifest.includes("kind: Deployment"));
    resource.resource.manifest = resource.resource.manifest.replace(
      "metadata:\n",
      'metadata:\n  annotations:\n    policy.modelship.io/skip: "run-as-non-root, no-such-check"\n',
    );
    const violations = checkObjects(objects);
    expect(violations.some((v) => v.check === "run-as-non-root")).toBe(false);
    const unknown = violations.find((v) => v.check === "policy.modelship.io/skip");
    expect(unknown && violationTarget(unknown)).toMatch(/^WorkflowTemplate\/ml\/pipeline spec\.templates\[\d+\]\.resource\.manifest Deployment\/ml\/score$/);
  });
});
