import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { allObjects, argoTemplates, embeddedManifests } from "../support/argo";
import { inventory } from "../support/inventory";
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
  return { out, files: outputFiles(out), stdout: result.stdout };
}

/** The manifests in an output folder (not synth's own record of them). */
function outputFiles(out: string): string[] {
  return fs
    .readdirSync(out)
    .filter((name) => name !== ".modelship-synth")
    .sort();
}

it("the binary exists and starts with a node shebang", () => {
  expect(fs.readFileSync(BIN, "utf8").startsWith("#!/usr/bin/env node\n")).toBe(true);
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
  expect(pkg.bin).toEqual({ modelship: "build/lib/cli/main.js" });
});

describe("modelship synth on bodywork.yaml files", () => {
  // The snapshots list each output's objects and policy findings; the tests below check the contents.
  it.each(["serve-model", "ml-pipeline", "test-project"])(
    "synthesizes examples/bodywork/%s into valid manifests, the objects listed in the snapshot",
    async (name) => {
      const { out, files, stdout } = synth(`examples/bodywork/${name}/bodywork.yaml`, GATEWAY);
      expect(files).toEqual([`bodywork-${name}${name === "test-project" ? "" : "-project"}.k8s.yaml`]);
      expect(stdout).toBe(`wrote ${path.join(out, files[0])}\n`);
      const objects = readObjects(path.join(out, files[0]));
      expectValidObjects(allObjects(objects));
      await expect(inventory(objects)).toMatchFileSnapshot(`__snapshots__/bodywork-${name}.objects.txt`);
    },
  );

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
    expect(route.spec.parentRefs).toEqual([
      { group: "gateway.networking.k8s.io", kind: "Gateway", name: "public", namespace: "gateway-system", sectionName: "https" },
    ]);
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
    // cpu_request 0.5 / 0.25 cores, memory_request_mb 100 megabytes; the requirements noted on the pods
    expect(train.container.resources).toEqual({ requests: { cpu: "500m", memory: "100M" }, limits: { memory: "100M" } });
    const objects = readObjects(path.join(out, files[0]));
    const deployment = embeddedManifests(objects).find((o) => o.kind === "Deployment") as Obj;
    expect(deployment.spec.replicas).toBe(2);
    expect(deployment.spec.template.spec.containers[0].resources).toEqual({ requests: { cpu: "250m", memory: "100M" }, limits: { memory: "100M" } });
    expect(deployment.spec.template.metadata.annotations).toEqual({
      "modelship.io/bodywork-requirements": "Flask==2.0.3 joblib==1.1.0 numpy==1.22.3 scikit-learn==1.0.2",
    });
    // ingress: true -> Bodywork 3.x's /<namespace>/<stage> on port 8000
    const route = objects.find((o) => o.kind === "HTTPRoute") as Obj;
    expect([route.spec.rules[0].matches[0].path.value, route.spec.rules[0].backendRefs[0].port]).toEqual([
      "/bodywork-ml-pipeline-project/stage-2-scoring-service",
      8000,
    ]);
  });

  it("test-project on Argo Workflows: Bodywork's steps as a DAG, the two services in parallel, on_fail_stage when the run fails", () => {
    const { out, files } = synth("examples/bodywork/test-project/bodywork.yaml", GATEWAY);
    const objects = readObjects(path.join(out, files[0]));
    const templates = argoTemplates(objects);
    const template = (name: string) => templates.find((t) => t.name === name) as Obj;
    // `stage_1_good >> stage_2_good >> stage_3_good, stage_4_good >> stage_5_good`: a service is
    // its Service then its Deployment, and the next step waits for both of both.
    const needs = Object.fromEntries((template("main").dag.tasks as Obj[]).map((t) => [t.name, t.dependencies ?? []]));
    const services = ["stage-3-good-service", "stage-3-good", "stage-4-good-service", "stage-4-good"];
    expect(needs).toEqual({
      "stage-1-good": [],
      "stage-2-good": ["stage-1-good"],
      ...Object.fromEntries(services.map((s) => [s, ["stage-2-good"]])),
      "stage-5-good": services,
    });
    // run_on_failure: the exit handler runs on_fail_stage unless the workflow succeeded, with Bodywork's EXCEPTION_MESSAGE.
    const spec = objects.find((o) => o.kind === "WorkflowTemplate")!.spec;
    expect(spec.onExit).toBe("exit-handler");
    expect(template("exit-handler").steps).toEqual([[{ name: "on-fail-stage", template: "on-fail-stage", when: "{{workflow.status}} != Succeeded" }]]);
    const onFail = template("on-fail-stage");
    expect(onFail.container.env).toContainEqual({ name: "EXCEPTION_MESSAGE", value: "{{workflow.failures}}" });
    // retries: 0 -> no retryStrategy; 3.x's watcher bound max(1, 0) * max(60, 30) + 90 s
    expect([onFail.retryStrategy, onFail.activeDeadlineSeconds]).toEqual([undefined, 150]);
    // stage_1_good: args as strings, secrets by reference, requirements noted, 2 retries
    const first = template("stage-1-good");
    expect(first.container.command).toEqual(["timeout", "--signal=KILL", "30", "python", "main.py"]);
    expect(first.container.args).toEqual(["hello-world", "1"]);
    expect(first.container.env.filter((e: Obj) => e.valueFrom)).toEqual(
      ["USERNAME", "PASSWORD"].map((key) => ({ name: key, valueFrom: { secretKeyRef: { name: "test-credentials", key } } })),
    );
    expect(first.metadata.annotations).toEqual({ "modelship.io/bodywork-requirements": "numpy>=1.19.0" });
    expect([first.retryStrategy, first.activeDeadlineSeconds]).toEqual([{ limit: 2, retryPolicy: "OnFailure" }, 210]);
    // every stage: 0.5 cores and 100 MB
    const containers = [
      ...templates.filter((t) => t.container).map((t) => t.container),
      ...embeddedManifests(objects)
        .filter((o) => o.kind === "Deployment")
        .map((d) => d.spec.template.spec.containers[0]),
    ];
    expect(containers).toHaveLength(6);
    for (const container of containers) expect(container.resources).toEqual({ requests: { cpu: "500m", memory: "100M" }, limits: { memory: "100M" } });
    // ingress: true on stage_3_good only, at Bodywork 3.x's /<namespace>/<stage>
    const routes = objects.filter((o) => o.kind === "HTTPRoute");
    expect(routes.map((r) => [r.metadata.name, r.spec.rules[0].matches[0].path.value, r.spec.rules[0].backendRefs[0].port])).toEqual([
      ["stage-3-good", "/bodywork-test-project/stage-3-good", 5000],
    ]);
    const deployment = (name: string) => embeddedManifests(objects).find((o) => o.kind === "Deployment" && o.metadata.name === name) as Obj;
    expect([deployment("stage-3-good").spec.replicas, deployment("stage-4-good").spec.replicas]).toEqual([2, 1]);
    expect(deployment("stage-3-good").spec.template.spec.containers[0].env).toContainEqual({
      name: "API_TOKEN",
      valueFrom: { secretKeyRef: { name: "scoring-api", key: "API_TOKEN" } },
    });
    // the executor may create the services' objects and change only those two, by name
    const role = objects.find((o) => o.kind === "Role") as Obj;
    expect(role.rules).toEqual([
      { apiGroups: ["argoproj.io"], resources: ["workflowtaskresults"], verbs: ["create", "patch"] },
      { apiGroups: ["apps"], resources: ["deployments"], resourceNames: ["stage-3-good", "stage-4-good"], verbs: ["get", "patch"] },
      { apiGroups: ["apps"], resources: ["deployments"], verbs: ["create"] },
      { apiGroups: [""], resources: ["services"], resourceNames: ["stage-3-good", "stage-4-good"], verbs: ["get", "patch"] },
      { apiGroups: [""], resources: ["services"], verbs: ["create"] },
    ]);
  });

  it("--engine argo-cd writes Jobs and Deployments in DAG order with sync waves", () => {
    const { out, files } = synth("examples/bodywork/test-project/bodywork.yaml", ["--engine", "argo-cd", ...GATEWAY]);
    const objects = readObjects(path.join(out, files[0]));
    const order = objects
      .filter((o) => o.kind === "Job" || o.kind === "Deployment")
      .map((o) => `${o.kind}/${o.metadata.name}=${o.metadata.annotations["argocd.argoproj.io/sync-wave"]}`);
    expect(order).toEqual([
      "Job/stage-1-good=0",
      "Job/stage-2-good=1",
      "Deployment/stage-3-good=2",
      "Deployment/stage-4-good=2",
      "Job/stage-5-good=3",
      "Job/on-fail-stage=0",
    ]);
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

describe("modelship synth on definition files", () => {
  it("renders every document, one file per namespace", () => {
    const dir = tmpDir();
    const file = path.join(dir, "modelship.yaml");
    fs.writeFileSync(
      file,
      fs.readFileSync("examples/ml-pipeline/modelship.yaml", "utf8") +
        "---\nkind: ModelService\nname: iris\nnamespace: serving\nimage: registry.example.com/ml/iris:1.0.0\n",
    );
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
  function definitionFile(text: string): string {
    const file = path.join(tmpDir(), "modelship.yaml");
    fs.writeFileSync(file, text);
    return file;
  }
  const iris = (namespace: string) => `kind: ModelService\nname: iris\nnamespace: ${namespace}\nimage: registry.example.com/ml/iris:1.0.0\n`;

  it("puts the Namespace first in its file, whatever the document order", () => {
    const { out, files } = synth(definitionFile(`${iris("demo")}---\nkind: LabProject\nname: demo\n`));
    expect(files).toEqual(["demo.k8s.yaml"]);
    const objects = readObjects(path.join(out, "demo.k8s.yaml"));
    expect(objects[0]).toMatchObject({ apiVersion: "v1", kind: "Namespace", metadata: { name: "demo" } });
    expect(objects.filter((o) => o.kind === "Namespace")).toHaveLength(1);
    expect(objects.slice(1, 4).map((o) => o.kind)).toEqual(["ServiceAccount", "Deployment", "Service"]); // the rest in render order
  });

  it("removes the files an earlier run wrote and this one did not, and nothing else", () => {
    const out = tmpDir();
    expect(run(["synth", definitionFile(iris("old-namespace")), "--out", out]).code).toBe(0);
    fs.writeFileSync(path.join(out, "cdk8s-chart.k8s.yaml"), "kind: ConfigMap\n"); // another tool's output
    fs.writeFileSync(path.join(out, "notes.yaml"), "keep\n");
    const result = run(["synth", definitionFile(iris("serving")), "--out", out]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`wrote ${path.join(out, "serving.k8s.yaml")}\nremoved ${path.join(out, "old-namespace.k8s.yaml")}\n`);
    expect(outputFiles(out)).toEqual(["cdk8s-chart.k8s.yaml", "notes.yaml", "serving.k8s.yaml"]);
    expect(JSON.parse(fs.readFileSync(path.join(out, ".modelship-synth"), "utf8"))).toEqual({ generator: "modelship synth", files: ["serving.k8s.yaml"] });
    // `kubectl apply -f <out>` reads every .json/.yaml/.yml file, hidden or not: the record is none.
    expect(
      fs
        .readdirSync(out)
        .filter((name) => /\.(json|ya?ml)$/.test(name))
        .sort(),
    ).toEqual(["cdk8s-chart.k8s.yaml", "notes.yaml", "serving.k8s.yaml"]);
  });

  it("never overwrites a file it did not write, and writes nothing then", () => {
    const out = tmpDir();
    fs.writeFileSync(path.join(out, "serving.k8s.yaml"), "kind: ConfigMap\n"); // e.g. a cdk8s chart named 'serving'
    const result = run(["synth", definitionFile(`${iris("serving")}---\n${iris("other")}`), "--out", out]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `modelship synth: ${path.join(out, "serving.k8s.yaml")}: exists and was not written by modelship synth, so it is left alone. Fix: give --out a directory of its own (default ${path.join("dist", "modelship")}), or remove the file.\n`,
    );
    expect(fs.readdirSync(out)).toEqual(["serving.k8s.yaml"]);
    expect(fs.readFileSync(path.join(out, "serving.k8s.yaml"), "utf8")).toBe("kind: ConfigMap\n");
  });

  it("a record naming files outside --out removes nothing there", () => {
    const dir = tmpDir();
    const out = path.join(dir, "out");
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(dir, "victim.k8s.yaml"), "kind: ConfigMap\n");
    fs.writeFileSync(path.join(out, ".modelship-synth"), JSON.stringify({ generator: "modelship synth", files: ["../victim.k8s.yaml"] }));
    expect(run(["synth", definitionFile(iris("serving")), "--out", out]).code).toBe(0);
    expect(fs.existsSync(path.join(dir, "victim.k8s.yaml"))).toBe(true);
  });

  it("defaults to dist/modelship, so cdk8s output in dist/ survives", () => {
    const cwd = tmpDir();
    fs.mkdirSync(path.join(cwd, "dist"));
    fs.writeFileSync(path.join(cwd, "dist", "iris.k8s.yaml"), "kind: ConfigMap\n"); // `cdk8s synth` output
    const result = spawnSync(process.execPath, [BIN, "synth", definitionFile(iris("serving"))], { cwd, encoding: "utf8" });
    expect(result.stderr).toBe("");
    expect(result.stdout).toBe(`wrote ${path.join("dist", "modelship", "serving.k8s.yaml")}\n`);
    expect(fs.readdirSync(path.join(cwd, "dist")).sort()).toEqual(["iris.k8s.yaml", "modelship"]);
  });

  it("--out naming a file fails with a clear message and exit 2", () => {
    const file = path.join(tmpDir(), "dist");
    fs.writeFileSync(file, "");
    const result = run(["synth", definitionFile(iris("serving")), "--out", file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      new RegExp(`^modelship synth: ${file}: cannot create the output directory \\(EEXIST\\)\\. Fix: give --out a directory you can write to\\.\n$`),
    );
  });
});

describe("modelship synth options on definition files", () => {
  it("--engine is the engine of every Workflow that sets none", () => {
    const { out } = synth("examples/ml-pipeline/modelship.yaml", ["--engine", "plain"]);
    const kinds = readObjects(path.join(out, "ml-pipeline.k8s.yaml")).map((o) => o.kind);
    expect(kinds).toContain("Job");
    expect(kinds).toContain("Deployment");
    expect(kinds.filter((k) => ["WorkflowTemplate", "Workflow", "CronWorkflow"].includes(k))).toEqual([]);
    const file = path.join(tmpDir(), "modelship.yaml");
    fs.writeFileSync(file, "kind: Workflow\nname: w\nengine: argo-cd\ndag: a\nstages:\n  a: { batch: { image: r/x:1 } }\n");
    const own = readObjects(path.join(synth(file, ["--engine", "plain"]).out, "default.k8s.yaml"));
    expect(own.find((o) => o.kind === "Job")?.metadata.annotations["argocd.argoproj.io/sync-wave"]).toBe("0"); // the file's engine wins
  });

  it("--engine must be a known engine for every format", () => {
    for (const file of ["examples/ml-pipeline/modelship.yaml", "examples/orchest-session/pipeline.orchest"]) {
      const result = run(["synth", file, "--out", path.join(tmpDir(), "out"), "--engine", "bogus"]);
      expect(result.code).toBe(2);
      expect(result.stderr).toBe("modelship synth: unknown engine 'bogus'. Fix: use --engine argo-workflows, argo-cd, plain.\n");
    }
  });

  it("--allow-mutable-image admits :latest in ModelServices, BatchStages and Workflow stages", () => {
    const file = path.join(tmpDir(), "modelship.yaml");
    fs.writeFileSync(
      file,
      "kind: ModelService\nname: iris\nimage: r/iris:latest\n---\nkind: BatchStage\nname: job\nimage: r/job:latest\n---\nkind: Workflow\nname: w\ndag: a >> b\nstages:\n  a: { batch: { image: r/x:latest } }\n  b: { service: { image: r/y:latest } }\n",
    );
    const refused = run(["synth", file, "--out", path.join(tmpDir(), "out")]);
    expect(refused.code).toBe(2);
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

describe("bad input: exit 2, a clear message, nothing written", () => {
  function fails(file: string, text: string, extra: string[] = []): string {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, file), text);
    const out = path.join(dir, "out");
    const result = run(["synth", path.join(dir, file), "--out", out, ...extra]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(fs.existsSync(out)).toBe(false);
    expect(result.stderr).not.toContain("    at "); // no stack trace
    return result.stderr.replaceAll(dir + path.sep, "");
  }

  it("reports bodywork errors with key path and line", () => {
    const text = fs.readFileSync("examples/bodywork/ml-pipeline/bodywork.yaml", "utf8").replace("retries: 2", "retries: two");
    expect(fails("bodywork.yaml", text)).toBe(
      'modelship synth: bodywork.yaml:19: stages.stage_1_train_model.batch.retries: expected integer >= 0 (got "two"). Fix: use 0 (no retry) or more.\n',
    );
  });

  it("refuses Bodywork's runner image even with --allow-mutable-image; --image gives the project image", () => {
    const text = fs
      .readFileSync("examples/bodywork/serve-model/bodywork.yaml", "utf8")
      .replace("registry.example.com/ml/bodywork-serve-model-project:1.0.0", "bodyworkml/bodywork-core:latest");
    expect(fails("bodywork.yaml", text, [...GATEWAY, "--allow-mutable-image"])).toContain("pipeline.docker_image: is Bodywork's generic runner");
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, "bodywork.yaml"), text);
    expect(
      run(["synth", path.join(dir, "bodywork.yaml"), "--out", path.join(dir, "out"), ...GATEWAY, "--image", "registry.example.com/ml/serve:1.0.0"]).code,
    ).toBe(0);
    expect(fails("bodywork.yaml", text.replace("bodyworkml/bodywork-core:latest", "registry.example.com/ml/serve:1.0.0"))).toContain(
      "service.ingress: asks for a route from outside the cluster",
    );
  });

  it("reports a definition document's validation errors at the field's line", () => {
    const text = "kind: BatchStage\nname: ok\nimage: r/x:1\n---\nkind: BatchStage\nname: bad\nimage: r/x:1\nretries: -1\n";
    expect(fails("modelship.yaml", text)).toBe(
      "modelship synth: modelship.yaml:8: BatchStage 'bad': 'retries' must be an integer >= 0 (got -1). Fix: use 0 (no retry) or more.\n",
    );
    const workflow =
      "kind: Workflow\nname: w\ndag: a >> b\nstages:\n  a:\n    batch:\n      image: r/x:1\n      retries: -1\n  b:\n    service:\n      image: r/x:1\n      replicas: two\n";
    expect(fails("modelship.yaml", workflow).split("\n")).toEqual([
      "modelship synth: modelship.yaml:8: Workflow 'w': 'stages.a.batch.retries' must be an integer >= 0 (got -1). Fix: use 0 (no retry) or more.",
      "modelship.yaml:12: Workflow 'w': 'stages.b.service.replicas' must be an integer >= 0 (got \"two\"). Fix: use 0 or more.",
      "",
    ]);
    expect(fails("modelship.yaml", "kind: Workflow\nname: w\nstages:\n  a: { batch: { image: r/x:1 } }\ndag: a >> b\n")).toContain(
      "modelship.yaml:5: Workflow 'w': 'dag' names stage 'b', which is not declared in 'stages'",
    );
  });

  it("refuses Bodywork's names in a definition file, naming the modelship prop and value to use", () => {
    const text =
      "kind: Workflow\nname: w\ndag: train\nstages:\n  train:\n    batch:\n      image: r/x:1\n      resources:\n        cpu_request: 0.5\n        memory_request_mb: 100\n";
    expect(fails("modelship.yaml", text).split("\n")).toEqual([
      "modelship synth: modelship.yaml:9: Workflow 'w': 'stages.train.batch.resources.cpu_request' is Bodywork's name for the CPU request, which modelship props call 'cpu' (got 0.5). Fix: replace it with 'resources.cpu: 0.5' (the same cores); a bodywork.yaml or bodywork.ini keeps Bodywork's names, the Bodywork importers map them.",
      "modelship.yaml:10: Workflow 'w': 'stages.train.batch.resources.memory_request_mb' is Bodywork's name for the memory request in megabytes, which modelship props give as the quantity 'memory' (got 100). Fix: replace it with 'resources.memory: \"100M\"' (the same 100 megabytes; \"100Mi\" would be mebibytes); a bodywork.yaml or bodywork.ini keeps Bodywork's names, the Bodywork importers map them.",
      "",
    ]);
  });

  it("reports YAML syntax errors with the line", () => {
    expect(fails("modelship.yaml", "kind: BatchStage\nname: x\nname: y\n")).toContain("modelship.yaml:3: invalid YAML");
  });

  it("rejects unknown formats, files and options", () => {
    expect(fails("notes.txt", "hello\n")).toContain("notes.txt: not a format modelship reads.");
    expect(run(["synth", "does/not/exist.yaml"]).stderr).toContain("does/not/exist.yaml: cannot read the file (ENOENT).");
    expect(fails("bodywork.yaml", fs.readFileSync("examples/bodywork/serve-model/bodywork.yaml", "utf8"), ["--engine", "kubectl"])).toContain(
      "unknown engine 'kubectl'",
    );
    expect(fails("bodywork.yaml", fs.readFileSync("examples/bodywork/serve-model/bodywork.yaml", "utf8"), ["--outdir", "x"])).toContain(
      "unknown option '--outdir'",
    );
  });

  it("prints usage for an unknown command", () => {
    const result = run(["deploy"]);
    expect(result.code).toBe(2);
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
    expect(fs.readFileSync("examples/ml-pipeline/README.md", "utf8")).toContain(
      "```mermaid\n" + run(["graph", "examples/ml-pipeline/modelship.yaml"]).stdout + "```",
    );
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
    const file = path.join(tmpDir(), "modelship.yaml");
    fs.writeFileSync(
      file,
      "kind: Workflow\nname: one\ndag: a\nstages:\n  a: { batch: { image: r/x:1 } }\n---\nkind: Workflow\nname: two\ndag: b\nstages:\n  b: { batch: { image: r/x:1 } }\n",
    );
    const result = run(["graph", file]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^%% one\nflowchart LR\n[^]*\n%% two\nflowchart LR\n[^]*[^\n]\n$/);
  });

  it("reports validation errors at the field's line, as synth does", () => {
    const file = path.join(tmpDir(), "modelship.yaml");
    fs.writeFileSync(file, "kind: Workflow\nname: w\ndag: a\nstages:\n  a:\n    batch:\n      image: r/x:1\n      retries: -1\n");
    const graph = run(["graph", file]);
    expect(graph.code).toBe(2);
    expect(graph.stderr).toBe(
      `modelship graph: ${file}:8: Workflow 'w': 'stages.a.batch.retries' must be an integer >= 0 (got -1). Fix: use 0 (no retry) or more.\n`,
    );
    expect(run(["synth", file, "--out", path.join(tmpDir(), "out")]).stderr).toBe(graph.stderr.replace("modelship graph", "modelship synth"));
  });

  it("fails on a file without a workflow", () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, "s.yaml"), "kind: BatchStage\nname: x\nimage: r/x:1\n");
    const result = run(["graph", path.join(dir, "s.yaml")]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("holds no Workflow");
  });
});

describe("modelship synth on Orchest pipelines and ML Lab deploy bodies", () => {
  it("writes a project into one file that starts with its Namespace, warning about what it did not import", () => {
    const out = tmpDir();
    const result = run(["synth", "examples/orchest-session/pipeline.orchest", "--out", out, "--project", "sales-forecast"]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("modelship synth: warning: examples/orchest-session/pipeline.orchest: steps: the pipeline's 2 steps are not imported");
    const files = outputFiles(out);
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
    // The same project as examples/bodywork/serve-model (whose output the tests above check), but for
    // the INI's CPU_REQUEST=0.25 (the YAML asks 0.5), no route (the INI form has no `ingress` key) and
    // 0.2.x's way of running the module (from /home/app, by its path in the project; no PYTHONPATH).
    const yamlOut = synth("examples/bodywork/serve-model/bodywork.yaml", GATEWAY).out;
    const yamlForm = fs.readFileSync(path.join(yamlOut, "bodywork-serve-model-project.k8s.yaml"), "utf8");
    const text = fs.readFileSync(path.join(out, files[0]), "utf8");
    const differences: [string, string][] = [
      ["\n                        cpu: 500m\n", "\n                        cpu: 250m\n"],
      [
        "\n                      - service.py\n                    workingDir: /home/app/bodywork_project/scoring-service\n",
        "\n                      - bodywork_project/scoring-service/service.py\n                    workingDir: /home/app\n",
      ],
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
    expect(deployment.spec.template.metadata.annotations["modelship.io/bodywork-requirements"]).toBe(
      "Flask==1.1.2 joblib==0.17.0 numpy==1.19.4 scikit-learn==0.23.2",
    );
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
    fs.writeFileSync(
      file,
      '[default]\nPROJECT_NAME="bodywork-serve-model-project"\nDOCKER_IMAGE="bodyworkml/bodywork-core:latest"\n\n[workflow]\nDAG=scoring-service\n\n[logging]\nLOG_LEVEL="INFO"\n',
    );
    const refused = run(["synth", file, "--out", path.join(dir, "out")]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`${file}:3: [default] DOCKER_IMAGE: is Bodywork's generic runner`);
    expect(refused.stderr).toContain(
      "Dockerfile: \"FROM python:3.9-slim; RUN pip install --no-cache-dir 'Flask==1.1.2' 'joblib==0.17.0' 'numpy==1.19.4' 'scikit-learn==0.23.2'; COPY . /home/app/bodywork_project; WORKDIR /home/app; USER 10001:10001\"",
    );
    expect(run(["synth", file, "--out", path.join(dir, "out"), "--allow-mutable-image"]).code).toBe(2);
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
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${config}:10: [service] PORT: expected a port number 1-65535 (got "http"). Fix: use e.g. 5000.`);
  });
});

describe("exit codes tell policy errors from bad input", () => {
  it("check: 0 clean, 1 policy errors, 2 bad input, the same as docs/cli.md and docs/quality-gates.md say", () => {
    const clean = tmpDir();
    expect(run(["synth", "examples/ml-pipeline/modelship.yaml", "--out", clean]).code).toBe(0);
    expect(run(["check", clean]).code).toBe(0);
    expect(run(["check", "test/cli/fixtures/foreign/nginx.yaml"]).code).toBe(1);
    expect(run(["check", "/no/such/dir"]).code).toBe(2);
    expect(run(["check", "--bogus"]).code).toBe(2);
    const docs = ["docs/cli.md", "docs/quality-gates.md"].map((file) => fs.readFileSync(path.join(ROOT, file), "utf8"));
    for (const text of docs) {
      expect(text).toMatch(/`1` \| policy errors found/);
      expect(text).toMatch(/`2` \| bad usage or bad input/);
      expect(text).toMatch(/`3` \| an internal error/);
    }
  });

  it("a reader that closes the pipe early ends the command quietly", () => {
    const result = spawnSync("sh", ["-c", `"${process.execPath}" "${BIN}" check --list | head -1`], { cwd: ROOT, encoding: "utf8" });
    expect(result.stdout.split("\n")).toHaveLength(2);
    expect(result.stderr).toBe("");
    // A reader gone before the first write (`true` exits at once, node takes longer to start).
    const gone = spawnSync("sh", ["-c", `"${process.execPath}" "${BIN}" check --list | true; "${process.execPath}" "${BIN}" --help | true`], {
      cwd: ROOT,
      encoding: "utf8",
    });
    expect(gone.stderr).toBe("");
  });
});

describe("synth output larger than one write block", () => {
  it("keeps every document whole, multi-byte text included, across 1 MiB blocks", () => {
    const dir = tmpDir();
    const file = path.join(dir, "modelship.yaml");
    const value = "é✓😀".repeat(700); // ~6 KB of UTF-8 per service, so blocks fill mid-character
    const docs = Array.from(
      { length: 250 },
      (_, i) => `kind: ModelService\nname: s${i}\nnamespace: big\nimage: registry.example.com/ml/s:1.0.0\nenv:\n  TEXT: "${value}${i}"\n`,
    );
    fs.writeFileSync(file, docs.join("---\n"));
    const out = path.join(dir, "out");
    const result = run(["synth", file, "--out", out]);
    expect(result.code, result.stderr).toBe(0);
    expect(fs.statSync(path.join(out, "big.k8s.yaml")).size).toBeGreaterThan(2 * 1024 * 1024);
    const objects = readObjects(path.join(out, "big.k8s.yaml"));
    const deployments = objects.filter((o) => o.kind === "Deployment");
    expect(deployments.map((d) => d.spec.template.spec.containers[0].env.find((e: Obj) => e.name === "TEXT").value)).toEqual(
      docs.map((_, i) => `${value}${i}`),
    );
    expect(objects.length).toBe(250 * 3);
  });
});
