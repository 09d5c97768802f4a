import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { allObjects, argoTemplates, embeddedManifests } from "../support/argo";
import { expectValidObjects } from "../support/schema-check";

// These tests run the compiled binary, as users do; `npm test` compiles it first (tsc).
const ROOT = path.resolve(__dirname, "../..");
const BIN = path.join(ROOT, "build/lib/cli/main.js");

type Obj = Record<string, any>;

function run(args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: "utf8" });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "modelship-cli-"));
}

function readObjects(file: string): Obj[] {
  return parseAllDocuments(fs.readFileSync(file, "utf8")).map((doc) => doc.toJS() as Obj);
}

/** The Gateway listener Bodywork `ingress: true` services are routed through. */
const GATEWAY = ["--gateway", "gateway-system/public:https"];

function synth(file: string, extra: string[] = []): { out: string; files: string[]; stdout: string } {
  const out = tmpDir();
  const result = run(["synth", file, "--out", out, ...extra]);
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
  return { out, files: fs.readdirSync(out).sort(), stdout: result.stdout };
}

it("the binary exists and starts with a node shebang", () => {
  expect(fs.readFileSync(BIN, "utf8").startsWith("#!/usr/bin/env node\n")).toBe(true);
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
  expect(pkg.bin).toEqual({ modelship: "build/lib/cli/main.js" });
});

describe("modelship synth on bodywork.yaml files", () => {
  it.each(["serve-model", "ml-pipeline", "test-project"])("synthesizes examples/bodywork/%s into valid manifests matching the snapshot", async (name) => {
    const { out, files, stdout } = synth(`examples/bodywork/${name}/bodywork.yaml`, GATEWAY);
    expect(files).toEqual([`bodywork-${name}${name === "test-project" ? "" : "-project"}.k8s.yaml`]);
    expect(stdout).toBe(`wrote ${path.join(out, files[0])}\n`);
    const text = fs.readFileSync(path.join(out, files[0]), "utf8");
    expectValidObjects(allObjects(readObjects(path.join(out, files[0]))));
    await expect(text).toMatchFileSnapshot(`__snapshots__/bodywork-${name}.k8s.yaml`);
  });

  it("serve-model: one service, 2 replicas on port 5000, TCP probes with a 30 s startup budget", () => {
    const { out, files } = synth("examples/bodywork/serve-model/bodywork.yaml", GATEWAY);
    const objects = readObjects(path.join(out, files[0]));
    const [service, deployment] = embeddedManifests(objects);
    expect(service.spec.ports).toEqual([{ name: "http", port: 5000, targetPort: "http", protocol: "TCP" }]);
    expect(deployment.spec.replicas).toBe(2);
    const container = deployment.spec.template.spec.containers[0];
    // bodywork-core 3.x: `python <file>` with the module's directory as the working directory.
    expect(container.command).toEqual(["python", "service.py"]);
    expect(container.workingDir).toBe("/home/app/bodywork_project/scoring-service");
    // ingress: true -> Bodywork's /<namespace>/<stage>, prefix stripped, on the HTTPS listener.
    const route = allObjects(objects).find((o) => o.kind === "HTTPRoute") as Obj;
    expect(route.spec.parentRefs).toEqual([{ group: "gateway.networking.k8s.io", kind: "Gateway", name: "public", namespace: "gateway-system", sectionName: "https" }]);
    expect(route.spec.rules[0].matches).toEqual([{ path: { type: "PathPrefix", value: "/bodywork-serve-model-project/scoring-service" } }]);
    expect(route.spec.rules[0].backendRefs).toEqual([{ group: "", kind: "Service", name: "scoring-service", port: 5000 }]);
    expect(container.resources.requests).toEqual({ cpu: "500m", memory: "100M" });
    expect(container.startupProbe).toEqual({ tcpSocket: { port: "http" }, periodSeconds: 10, failureThreshold: 3 });
    expect(container.readinessProbe.tcpSocket).toEqual({ port: "http" });
    expect(container.livenessProbe.tcpSocket).toEqual({ port: "http" });
    expect(objects.every((o) => o.metadata.namespace === "bodywork-serve-model-project")).toBe(true);
  });

  it("ml-pipeline: train (2 retries, 60 s) then the scoring service (port 8000) once training succeeded", () => {
    const { out, files } = synth("examples/bodywork/ml-pipeline/bodywork.yaml", GATEWAY);
    const templates = argoTemplates(readObjects(path.join(out, files[0])));
    const train = templates.find((t) => t.name === "stage-1-train-model") as Obj;
    expect(train.retryStrategy.limit).toBe(2);
    // 60 s per attempt, as bodywork-core 3.x's subprocess timeout; the pod bound is its watcher's 2 * 60 + 90.
    expect(train.container.command).toEqual(["timeout", "--signal=KILL", "60", "python", "train_model.py"]);
    expect(train.activeDeadlineSeconds).toBe(210);
    const tasks = templates[0].dag.tasks as Obj[];
    expect(tasks.find((t) => t.name === "stage-2-scoring-service")?.dependencies).toEqual(["stage-1-train-model"]);
    const serve = templates.find((t) => t.name === "stage-2-scoring-service") as Obj;
    expect(serve.resource.successCondition).toContain("status.availableReplicas > 1");
  });

  it("--engine argo-cd writes Jobs and Deployments in DAG order with sync waves", () => {
    const { out, files } = synth("examples/bodywork/test-project/bodywork.yaml", ["--engine", "argo-cd", ...GATEWAY]);
    const objects = readObjects(path.join(out, files[0]));
    const order = objects.filter((o) => o.kind === "Job" || o.kind === "Deployment").map((o) => `${o.kind}/${o.metadata.name}=${o.metadata.annotations["argocd.argoproj.io/sync-wave"]}`);
    expect(order).toEqual(["Job/stage-1-good=0", "Job/stage-2-good=1", "Deployment/stage-3-good=2", "Deployment/stage-4-good=2", "Job/stage-5-good=3", "Job/on-fail-stage=0"]);
    const job = objects.find((o) => o.kind === "Job" && o.metadata.name === "stage-1-good") as Obj;
    // Bodywork 3.x: 30 s per attempt (timeout), max(1, 2) * max(60, 30) + 90 s for the Job.
    expect(job.spec).toMatchObject({ backoffLimit: 2, activeDeadlineSeconds: 210 });
    expect(job.spec.template.spec.containers[0].command.slice(0, 3)).toEqual(["timeout", "--signal=KILL", "30"]);
    expect(job.spec.template.spec.containers[0].env).toEqual([
      { name: "PYTHONPATH", value: "/home/app/bodywork_project" },
      { name: "USERNAME", valueFrom: { secretKeyRef: { name: "test-credentials", key: "USERNAME" } } },
      { name: "PASSWORD", valueFrom: { secretKeyRef: { name: "test-credentials", key: "PASSWORD" } } },
    ]);
    expect(objects.find((o) => o.kind === "Deployment" && o.metadata.name === "stage-3-good")?.spec.replicas).toBe(2);
    expectValidObjects(objects);
  });
});

describe("modelship synth on spec files", () => {
  it("renders every document, one file per namespace", () => {
    const dir = tmpDir();
    const file = path.join(dir, "spec.yaml");
    fs.writeFileSync(file, fs.readFileSync("examples/ml-pipeline/spec.yaml", "utf8") + "---\nkind: ModelService\nname: iris\nnamespace: serving\nimage: registry.example.com/ml/iris:1.0.0\n");
    const { out, files } = synth(file);
    expect(files).toEqual(["ml-pipeline.k8s.yaml", "serving.k8s.yaml"]);
    const objects = readObjects(path.join(out, "ml-pipeline.k8s.yaml"));
    expect(objects.map((o) => o.kind)).toContain("CronJob");
    expect(objects.map((o) => o.kind)).toContain("WorkflowTemplate");
    expect(readObjects(path.join(out, "serving.k8s.yaml")).map((o) => o.kind)).toEqual(["ServiceAccount", "Deployment", "Service"]);
    expectValidObjects(allObjects([...objects, ...readObjects(path.join(out, "serving.k8s.yaml"))]));
  });
});

describe("modelship synth output files", () => {
  function specFile(text: string): string {
    const file = path.join(tmpDir(), "spec.yaml");
    fs.writeFileSync(file, text);
    return file;
  }
  const iris = (namespace: string) => `kind: ModelService\nname: iris\nnamespace: ${namespace}\nimage: registry.example.com/ml/iris:1.0.0\n`;

  it("puts the Namespace first in its file, whatever the document order", () => {
    const { out, files } = synth(specFile(`${iris("demo")}---\nkind: LabProject\nname: demo\n`));
    expect(files).toEqual(["demo.k8s.yaml"]);
    const objects = readObjects(path.join(out, "demo.k8s.yaml"));
    expect(objects[0]).toMatchObject({ apiVersion: "v1", kind: "Namespace", metadata: { name: "demo" } });
    expect(objects.filter((o) => o.kind === "Namespace")).toHaveLength(1);
    expect(objects.slice(1, 4).map((o) => o.kind)).toEqual(["ServiceAccount", "Deployment", "Service"]); // the rest in render order
  });

  it("removes *.k8s.yaml files an earlier run wrote, and nothing else", () => {
    const out = tmpDir();
    fs.writeFileSync(path.join(out, "old-namespace.k8s.yaml"), "kind: ConfigMap\n");
    fs.writeFileSync(path.join(out, "notes.yaml"), "keep\n");
    const result = run(["synth", specFile(iris("serving")), "--out", out]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`wrote ${path.join(out, "serving.k8s.yaml")}\nremoved ${path.join(out, "old-namespace.k8s.yaml")}\n`);
    expect(fs.readdirSync(out).sort()).toEqual(["notes.yaml", "serving.k8s.yaml"]);
  });

  it("--out naming a file fails with a clear message and exit 1", () => {
    const file = path.join(tmpDir(), "dist");
    fs.writeFileSync(file, "");
    const result = run(["synth", specFile(iris("serving")), "--out", file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`^modelship synth: ${file}: cannot create the output directory \\(EEXIST\\)\\. Fix: give --out a directory you can write to\\.\n$`));
  });
});

describe("modelship synth options on spec files", () => {
  it("--engine is the engine of every Workflow that sets none", () => {
    const { out } = synth("examples/ml-pipeline/spec.yaml", ["--engine", "plain"]);
    const kinds = readObjects(path.join(out, "ml-pipeline.k8s.yaml")).map((o) => o.kind);
    expect(kinds).toContain("Job");
    expect(kinds).toContain("Deployment");
    expect(kinds.filter((k) => ["WorkflowTemplate", "Workflow", "CronWorkflow"].includes(k))).toEqual([]);
    const file = path.join(tmpDir(), "spec.yaml");
    fs.writeFileSync(file, "kind: Workflow\nname: w\nengine: argo-cd\ndag: a\nstages:\n  a: { batch: { image: r/x:1 } }\n");
    const own = readObjects(path.join(synth(file, ["--engine", "plain"]).out, "default.k8s.yaml"));
    expect(own.find((o) => o.kind === "Job")?.metadata.annotations["argocd.argoproj.io/sync-wave"]).toBe("0"); // the file's engine wins
  });

  it("--engine must be a known engine for every format", () => {
    for (const file of ["examples/ml-pipeline/spec.yaml", "examples/orchest-session/pipeline.orchest"]) {
      const result = run(["synth", file, "--out", path.join(tmpDir(), "out"), "--engine", "bogus"]);
      expect(result.code).toBe(1);
      expect(result.stderr).toBe("modelship synth: unknown engine 'bogus'. Fix: use --engine argo-workflows, argo-cd, plain.\n");
    }
  });

  it("--allow-mutable-image admits :latest in ModelServices, BatchStages and Workflow stages", () => {
    const file = path.join(tmpDir(), "spec.yaml");
    fs.writeFileSync(
      file,
      "kind: ModelService\nname: iris\nimage: r/iris:latest\n---\nkind: BatchStage\nname: job\nimage: r/job:latest\n---\nkind: Workflow\nname: w\ndag: a >> b\nstages:\n  a: { batch: { image: r/x:latest } }\n  b: { service: { image: r/y:latest } }\n",
    );
    const refused = run(["synth", file, "--out", path.join(tmpDir(), "out")]);
    expect(refused.code).toBe(1);
    expect(refused.stderr.match(/mutable ':latest' tag/g)).toHaveLength(4);
    const { out } = synth(file, ["--allow-mutable-image"]);
    expectValidObjects(allObjects(readObjects(path.join(out, "default.k8s.yaml"))));
  });
});

describe("help", () => {
  it.each(["synth", "graph", "check"])("%s --help prints its usage and exits 0", (command) => {
    for (const flag of ["--help", "-h"]) {
      const result = run([command, flag]);
      expect(result.code).toBe(0);
      expect(result.stderr).toBe("");
      expect(result.stdout).toContain(`modelship ${command} <`);
    }
  });
});

describe("bad input: exit 1, a clear message, nothing written", () => {
  function fails(file: string, text: string, extra: string[] = []): string {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, file), text);
    const out = path.join(dir, "out");
    const result = run(["synth", path.join(dir, file), "--out", out, ...extra]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(fs.existsSync(out)).toBe(false);
    expect(result.stderr).not.toContain("    at "); // no stack trace
    return result.stderr.replaceAll(dir + path.sep, "");
  }

  it("reports bodywork errors with key path and line", () => {
    const text = fs.readFileSync("examples/bodywork/ml-pipeline/bodywork.yaml", "utf8").replace("retries: 2", "retries: two");
    expect(fails("bodywork.yaml", text)).toBe('modelship synth: bodywork.yaml:19: stages.stage_1_train_model.batch.retries: expected integer >= 0 (got "two"). Fix: use 0 (no retry) or more.\n');
  });

  it("refuses Bodywork's runner image even with --allow-mutable-image; --image gives the project image", () => {
    const text = fs.readFileSync("examples/bodywork/serve-model/bodywork.yaml", "utf8").replace("registry.example.com/ml/bodywork-serve-model-project:1.0.0", "bodyworkml/bodywork-core:latest");
    expect(fails("bodywork.yaml", text, [...GATEWAY, "--allow-mutable-image"])).toContain("pipeline.docker_image: is Bodywork's generic runner");
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, "bodywork.yaml"), text);
    expect(run(["synth", path.join(dir, "bodywork.yaml"), "--out", path.join(dir, "out"), ...GATEWAY, "--image", "registry.example.com/ml/serve:1.0.0"]).code).toBe(0);
    expect(fails("bodywork.yaml", text.replace("bodyworkml/bodywork-core:latest", "registry.example.com/ml/serve:1.0.0"))).toContain("service.ingress: asks for a route from outside the cluster");
  });

  it("reports a spec document's validation errors at the field's line", () => {
    const text = "kind: BatchStage\nname: ok\nimage: r/x:1\n---\nkind: BatchStage\nname: bad\nimage: r/x:1\nretries: -1\n";
    expect(fails("spec.yaml", text)).toBe("modelship synth: spec.yaml:8: BatchStage 'bad': 'retries' must be an integer >= 0 (got -1). Fix: use 0 (no retry) or more.\n");
    const workflow = "kind: Workflow\nname: w\ndag: a >> b\nstages:\n  a:\n    batch:\n      image: r/x:1\n      retries: -1\n  b:\n    service:\n      image: r/x:1\n      replicas: two\n";
    expect(fails("spec.yaml", workflow).split("\n")).toEqual([
      "modelship synth: spec.yaml:8: Workflow 'w': 'stages.a.batch.retries' must be an integer >= 0 (got -1). Fix: use 0 (no retry) or more.",
      "spec.yaml:12: Workflow 'w': 'stages.b.service.replicas' must be an integer >= 0 (got \"two\"). Fix: use 0 or more.",
      "",
    ]);
    expect(fails("spec.yaml", "kind: Workflow\nname: w\nstages:\n  a: { batch: { image: r/x:1 } }\ndag: a >> b\n")).toContain("spec.yaml:5: Workflow 'w': 'dag' names stage 'b', which is not declared in 'stages'");
  });

  it("reports YAML syntax errors with the line", () => {
    expect(fails("spec.yaml", "kind: BatchStage\nname: x\nname: y\n")).toContain("spec.yaml:3: invalid YAML");
  });

  it("rejects unknown formats, files and options", () => {
    expect(fails("notes.txt", "hello\n")).toContain("notes.txt: not a format modelship reads.");
    expect(run(["synth", "does/not/exist.yaml"]).stderr).toContain("does/not/exist.yaml: cannot read the file (ENOENT).");
    expect(fails("bodywork.yaml", fs.readFileSync("examples/bodywork/serve-model/bodywork.yaml", "utf8"), ["--engine", "kubectl"])).toContain("unknown engine 'kubectl'");
    expect(fails("bodywork.yaml", fs.readFileSync("examples/bodywork/serve-model/bodywork.yaml", "utf8"), ["--outdir", "x"])).toContain("unknown option '--outdir'");
  });

  it("prints usage for an unknown command", () => {
    const result = run(["deploy"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("modelship: unknown command 'deploy'.");
    expect(result.stderr).toContain("modelship synth <file>");
    expect(run(["--help"]).code).toBe(0);
  });
});

describe("modelship graph", () => {
  it("matches the diagrams shown in the examples' READMEs", () => {
    const readme = fs.readFileSync("examples/bodywork/README.md", "utf8");
    for (const name of ["serve-model", "ml-pipeline", "test-project"]) {
      expect(readme).toContain("```mermaid\n" + run(["graph", `examples/bodywork/${name}/bodywork.yaml`]).stdout + "```");
    }
    expect(fs.readFileSync("examples/ml-pipeline/README.md", "utf8")).toContain("```mermaid\n" + run(["graph", "examples/ml-pipeline/spec.yaml"]).stdout + "```");
  });

  it("prints the Mermaid DAG of a bodywork.yaml", () => {
    const result = run(["graph", "examples/bodywork/ml-pipeline/bodywork.yaml"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      [
        "flowchart LR",
        '  stage_1_train_model["stage_1_train_model<br/>(batch)"]',
        '  stage_2_scoring_service(["stage_2_scoring_service<br/>(service)"])',
        "  stage_1_train_model --> stage_2_scoring_service",
        "",
      ].join("\n"),
    );
  });

  it("ends its output with a newline, also for several workflows", () => {
    const file = path.join(tmpDir(), "spec.yaml");
    fs.writeFileSync(file, "kind: Workflow\nname: one\ndag: a\nstages:\n  a: { batch: { image: r/x:1 } }\n---\nkind: Workflow\nname: two\ndag: b\nstages:\n  b: { batch: { image: r/x:1 } }\n");
    const result = run(["graph", file]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^%% one\nflowchart LR\n[^]*\n%% two\nflowchart LR\n[^]*[^\n]\n$/);
  });

  it("reports validation errors at the field's line, as synth does", () => {
    const file = path.join(tmpDir(), "spec.yaml");
    fs.writeFileSync(file, "kind: Workflow\nname: w\ndag: a\nstages:\n  a:\n    batch:\n      image: r/x:1\n      retries: -1\n");
    const graph = run(["graph", file]);
    expect(graph.code).toBe(1);
    expect(graph.stderr).toBe(`modelship graph: ${file}:8: Workflow 'w': 'stages.a.batch.retries' must be an integer >= 0 (got -1). Fix: use 0 (no retry) or more.\n`);
    expect(run(["synth", file, "--out", path.join(tmpDir(), "out")]).stderr).toBe(graph.stderr.replace("modelship graph", "modelship synth"));
  });

  it("fails on a file without a workflow", () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, "s.yaml"), "kind: BatchStage\nname: x\nimage: r/x:1\n");
    const result = run(["graph", path.join(dir, "s.yaml")]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("holds no Workflow");
  });
});

describe("modelship synth on Orchest pipelines and ML Lab deploy bodies", () => {
  it("writes a project into one file that starts with its Namespace, warning about what it did not import", () => {
    const out = tmpDir();
    const result = run(["synth", "examples/orchest-session/pipeline.orchest", "--out", out, "--project", "sales-forecast"]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("modelship synth: warning: examples/orchest-session/pipeline.orchest: steps: the pipeline's 2 steps are not imported");
    const files = fs.readdirSync(out);
    expect(files).toEqual(["sales-forecast.k8s.yaml"]);
    const objects = readObjects(path.join(out, files[0]));
    expect(objects[0].kind).toBe("Namespace");
    expect(files[0]).toBe(`${objects[0].metadata.name}.k8s.yaml`);
    expect(objects.slice(1).every((o) => o.metadata.namespace === objects[0].metadata.name)).toBe(true);
    expectValidObjects(objects);
  });
});

describe("modelship synth on Bodywork's INI form (bodywork.ini + <stage>/config.ini)", () => {
  it("synthesizes examples/bodywork/serve-model-ini into valid manifests: the YAML form's output but for CPU, route and the 0.2.x module path", () => {
    const { out, files, stdout } = synth("examples/bodywork/serve-model-ini/bodywork.ini");
    expect(files).toEqual(["bodywork-serve-model-project.k8s.yaml"]);
    expect(stdout).toBe(`wrote ${path.join(out, files[0])}\n`);
    const objects = readObjects(path.join(out, files[0]));
    expectValidObjects(allObjects(objects));
    // The same project as examples/bodywork/serve-model (whose output is the snapshot), but for the
    // INI's CPU_REQUEST=0.25 (the YAML asks 0.5), no route (the INI form has no `ingress` key) and
    // 0.2.x's way of running the module (from /home/app, by its path in the project; no PYTHONPATH).
    const yamlForm = fs.readFileSync(path.join(__dirname, "__snapshots__/bodywork-serve-model.k8s.yaml"), "utf8");
    const text = fs.readFileSync(path.join(out, files[0]), "utf8");
    const differences: [string, string][] = [
      ["\n                        cpu: 500m\n", "\n                        cpu: 250m\n"],
      ["\n                      - service.py\n                    workingDir: /home/app/bodywork_project/scoring-service\n", "\n                      - bodywork_project/scoring-service/service.py\n                    workingDir: /home/app\n"],
      ["\n                    env:\n                      - name: PYTHONPATH\n                        value: /home/app/bodywork_project\n", "\n"],
    ];
    const documents = yamlForm.split(/^---\n/m);
    expect(documents.filter((d) => d.includes("kind: HTTPRoute\n"))).toHaveLength(1);
    let expected = documents.filter((d) => !d.includes("kind: HTTPRoute\n")).join("---\n");
    for (const [from, to] of differences) {
      expect(expected.split(from)).toHaveLength(2);
      expected = expected.replace(from, to);
    }
    expect(text).toBe(expected);
    // The seed's config.ini, key for key: 2 replicas on port 5000, 0.25 CPU, 100 MB, 30 s to start.
    const [service, deployment] = embeddedManifests(objects);
    expect(service.spec.ports).toEqual([{ name: "http", port: 5000, targetPort: "http", protocol: "TCP" }]);
    expect(deployment.spec.replicas).toBe(2);
    const container = deployment.spec.template.spec.containers[0];
    expect(container.command).toEqual(["python", "bodywork_project/scoring-service/service.py"]);
    expect(container.workingDir).toBe("/home/app");
    expect(container.resources).toEqual({ requests: { cpu: "250m", memory: "100M" }, limits: { memory: "100M" } });
    expect(container.startupProbe).toMatchObject({ tcpSocket: { port: "http" }, periodSeconds: 10, failureThreshold: 3 });
    expect(deployment.spec.template.metadata.annotations["modelship.io/bodywork-requirements"]).toBe("Flask==1.1.2 joblib==0.17.0 numpy==1.19.4 scikit-learn==0.23.2");
  });

  it("the INI (0.2.x) and YAML (3.x) forms of the serve-model project both find the model file beside service.py", () => {
    const ini = readObjects(path.join(synth("examples/bodywork/serve-model-ini/bodywork.ini").out, "bodywork-serve-model-project.k8s.yaml"));
    const yaml = readObjects(path.join(synth("examples/bodywork/serve-model/bodywork.yaml", GATEWAY).out, "bodywork-serve-model-project.k8s.yaml"));
    const container = (objects: Obj[]) => embeddedManifests(objects)[1].spec.template.spec.containers[0];
    // The project image holds the project where Bodywork cloned it (/home/app/bodywork_project).
    const model = "/home/app/bodywork_project/scoring-service/classification_model.joblib";
    // Seed 002's service.py (0.2.x): MODEL_PATH = 'bodywork_project/scoring-service/classification_model.joblib'.
    expect(container(ini).command).toEqual(["python", "bodywork_project/scoring-service/service.py"]);
    expect(path.posix.resolve(container(ini).workingDir, "bodywork_project/scoring-service/classification_model.joblib")).toBe(model);
    // bodywork-serve-model-project's 3.x service.py: MODEL_PATH = 'classification_model.joblib'.
    expect(container(yaml).command).toEqual(["python", "service.py"]);
    expect(path.posix.resolve(container(yaml).workingDir, "classification_model.joblib")).toBe(model);
  });

  it("refuses the seed's DOCKER_IMAGE bodyworkml/bodywork-core:latest at its file, line, section and key, even with --allow-mutable-image", () => {
    const dir = tmpDir();
    fs.cpSync("examples/bodywork/serve-model-ini", dir, { recursive: true });
    const file = path.join(dir, "bodywork.ini");
    fs.writeFileSync(file, '[default]\nPROJECT_NAME="bodywork-serve-model-project"\nDOCKER_IMAGE="bodyworkml/bodywork-core:latest"\n\n[workflow]\nDAG=scoring-service\n\n[logging]\nLOG_LEVEL="INFO"\n');
    const refused = run(["synth", file, "--out", path.join(dir, "out")]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`${file}:3: [default] DOCKER_IMAGE: is Bodywork's generic runner`);
    expect(refused.stderr).toContain("Dockerfile: \"FROM python:3.9-slim; RUN pip install --no-cache-dir 'Flask==1.1.2' 'joblib==0.17.0' 'numpy==1.19.4' 'scikit-learn==0.23.2'; COPY . /home/app/bodywork_project; WORKDIR /home/app; USER 10001:10001\"");
    expect(run(["synth", file, "--out", path.join(dir, "out"), "--allow-mutable-image"]).code).toBe(1);
    const built = run(["synth", file, "--out", path.join(dir, "out"), "--image", "registry.example.com/ml/bodywork-serve-model-project:1.0.0"]);
    expect(built.stderr).toBe("");
    expect(built.code).toBe(0);
  });

  it("reports a bad stage value at the stage's config.ini line, section and key", () => {
    const dir = tmpDir();
    fs.cpSync("examples/bodywork/serve-model-ini", dir, { recursive: true });
    const config = path.join(dir, "scoring-service/config.ini");
    fs.writeFileSync(config, fs.readFileSync(config, "utf8").replace("PORT=5000", "PORT=http"));
    const result = run(["synth", path.join(dir, "bodywork.ini"), "--out", path.join(dir, "out")]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${config}:10: [service] PORT: expected a port number 1-65535 (got "http"). Fix: use e.g. 5000.`);
  });
});
