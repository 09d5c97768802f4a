import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { bodyworkImporter, loadBodywork, REQUIREMENTS_ANNOTATION } from "../../lib/importers/bodywork";
import { stageRun } from "../../lib/importers/bodywork-runtime";
import { importers } from "../../lib/importers";
import { resolveWorkflow, type WorkflowProps } from "../../lib/model/workflow";
import { renderWorkflow } from "../../lib/render/workflow";
import { allObjects } from "../support/argo";
import { expectValidObjects } from "../support/schema-check";

type Obj = Record<string, any>;
const example = (name: string) => fs.readFileSync(`examples/bodywork/${name}/bodywork.yaml`, "utf8");
const GATEWAY = { gateway: "gateway-system/public:https" };
const load = (text: string, options = {}) => loadBodywork("bodywork.yaml", text, { ...GATEWAY, ...options });
const props = (text: string, options = {}) => load(text, options)[0].props as unknown as WorkflowProps;
const errorOf = (text: string, options = {}) => {
  try {
    load(text, options);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected an error");
};

const minimal = (stageLines: string, pipeline = "") => `version: "1.1"
pipeline:
  name: demo
  docker_image: registry.example.com/ml/demo:1.0.0
  DAG: train${pipeline}
stages:
  train:
    executable_module_path: train.py
${stageLines}`;

describe("bodywork.yaml import", () => {
  it("turns the ML pipeline project into a Workflow: namespace = name, batch >> service", () => {
    const [document] = load(example("ml-pipeline"));
    expect(document.kind).toBe("Workflow");
    expect(document.source).toEqual({ file: "bodywork.yaml", line: 3 });
    const wf = document.props as unknown as WorkflowProps;
    expect(wf).toMatchObject({
      name: "bodywork-ml-pipeline-project",
      namespace: "bodywork-ml-pipeline-project",
      dag: "stage_1_train_model >> stage_2_scoring_service",
    });
    expect(wf.stages.stage_1_train_model.batch).toMatchObject({
      image: "registry.example.com/ml/bodywork-ml-pipeline-project:2.1.0",
      // bodywork-core 3.x: `python <file>` from the module's directory, killed after 60 s per attempt.
      command: ["timeout", "--signal=KILL", "60", "python", "train_model.py"],
      workingDir: "/home/app/bodywork_project/stage_1_train_model",
      env: { PYTHONPATH: "/home/app/bodywork_project" },
      // cpu_request is cores, memory_request_mb megabytes: Bodywork requests cpu "0.5", memory "100M".
      resources: { cpu: 0.5, memory: "100M" },
      retries: 2,
      // Bodywork 3.x's watcher: max(1, retries) * max(60, 60) + 90 s for the whole Job.
      maxCompletionSeconds: 210,
    });
    expect(wf.stages.stage_2_scoring_service.service).toMatchObject({
      port: 8000,
      replicas: 2,
      health: { maxStartupSeconds: 60 },
      resources: { cpu: 0.25, memory: "100M" },
    });
    expect(wf.stages.stage_1_train_model.batch?.podAnnotations?.[REQUIREMENTS_ANNOTATION]).toBe(
      "boto3==1.21.14 joblib==1.1.0 pandas==1.4.1 scikit-learn==1.0.2",
    );
    const objects = renderWorkflow(resolveWorkflow(wf, { name: wf.name as string }));
    expectValidObjects(allObjects(objects));
  });

  it("reads version 1.0 files (project:) and an explicit namespace", () => {
    const text = example("serve-model")
      .replace('version: "1.1"', 'version: "1.0"')
      .replace("pipeline:", "project:")
      .replace("  DAG:", "  namespace: scoring-service\n  DAG:");
    const wf = props(text);
    expect(wf).toMatchObject({ name: "bodywork-serve-model-project", namespace: "scoring-service" });
    // bodywork-core 2.x: no per-attempt timeout; the Deployment was make_valid_k8s_name("<project>--<stage>"), under /<namespace>/.
    expect(wf.stages["scoring-service"].service).toMatchObject({
      command: ["python", "service.py"],
      workingDir: "/home/app/bodywork_project/scoring-service",
      route: {
        parentRef: { name: "public", namespace: "gateway-system", sectionName: "https" },
        pathPrefix: "/scoring-service/bodywork-serve-model-project-scoring-service",
        stripPrefix: true,
      },
    });
  });

  it("routes an ingress service under Bodywork's /<namespace>/<stage> through the given Gateway listener, or refuses", () => {
    const wf = props(example("serve-model"));
    expect(wf.stages["scoring-service"].service?.route).toEqual({
      parentRef: { name: "public", namespace: "gateway-system", sectionName: "https" },
      pathPrefix: "/bodywork-serve-model-project/scoring-service",
      stripPrefix: true,
    });
    expect(props(example("serve-model"), { ingress: "none" }).stages["scoring-service"].service?.route).toBeUndefined();
    expect(errorOf(example("serve-model"), { gateway: undefined })).toContain(
      "bodywork.yaml:22: stages.scoring-service.service.ingress: asks for a route from outside the cluster, but no Gateway listener is given to attach it to (got true). Fix: pass --gateway <namespace>/<gateway>:<https-listener>",
    );
    expect(errorOf(example("serve-model"), { gateway: "public" })).toContain('--gateway: is not <namespace>/<gateway>:<listener> (got "public")');
  });

  it("reads secrets as secretKeyRefs keyed by the env var, and args as strings", () => {
    const wf = props(example("test-project"));
    expect(wf.stages.stage_1_good.batch?.env).toEqual({
      PYTHONPATH: "/home/app/bodywork_project",
      USERNAME: { secretKeyRef: { name: "test-credentials", key: "USERNAME" } },
      PASSWORD: { secretKeyRef: { name: "test-credentials", key: "PASSWORD" } },
    });
    expect(wf.stages.stage_1_good.batch?.args).toEqual(["hello-world", "1"]);
    expect(wf.onFailure).toBe("on_fail_stage");
  });

  it("runs notebooks through nbconvert and modules through python, from their own directory", () => {
    const env = { PYTHONPATH: "/home/app/bodywork_project" };
    expect(stageRun("a/train.py", ["x", 2], "3")).toEqual({
      command: ["python", "train.py"],
      args: ["x", "2"],
      workingDir: "/home/app/bodywork_project/a",
      env,
    });
    expect(stageRun("train.py", [], "3", 30)).toEqual({
      command: ["timeout", "--signal=KILL", "30", "python", "train.py"],
      workingDir: "/home/app/bodywork_project",
      env,
    });
    expect(stageRun("a/train.ipynb", undefined, "3")).toEqual({
      command: ["jupyter", "nbconvert", "--to", "notebook", "--execute", "--stdout", "train.ipynb"],
      workingDir: "/home/app/bodywork_project/a",
      env,
    });
    expect(stageRun("s/service.py", undefined, "1")).toEqual({ command: ["python", "service.py"], workingDir: "/home/app/bodywork_project/s" });
    expect(stageRun("s/service.py", undefined, "0.2")).toEqual({ command: ["python", "bodywork_project/s/service.py"], workingDir: "/home/app" });
  });

  it("refuses notebooks in version 1.0 files, as bodywork-core 2.x did", () => {
    const text = example("serve-model").replace('version: "1.1"', 'version: "1.0"').replace("pipeline:", "project:").replace("service.py", "service.ipynb");
    expect(errorOf(text)).toContain(
      'stages.scoring-service.executable_module_path: is a notebook, which Bodywork runs from bodywork.yaml version "1.1" (bodywork-core 3.x) only',
    );
  });

  it("passes the engine option through", () => {
    expect(props(example("ml-pipeline"), { engine: "argo-cd" }).engine).toBe("argo-cd");
  });

  it("reports a bad value with its key path and line", () => {
    const text = minimal("    cpu_request: 0.5\n    memory_request_mb: 100\n    batch:\n      max_completion_time_seconds: 30\n      retries: two\n");
    expect(errorOf(text)).toBe('bodywork.yaml:13: stages.train.batch.retries: expected integer >= 0 (got "two"). Fix: use 0 (no retry) or more.');
  });

  it("reports missing and misspelled keys, all at once", () => {
    const text = minimal("    cpu_request: 0.5\n    memory_requst_mb: 100\n    service:\n      max_startup_time_seconds: 30\n      replicas: 1\n");
    const message = errorOf(text);
    expect(message).toContain(
      "bodywork.yaml:7: stages.train.memory_request_mb: is required (expected integer from 1 to 2147483647 (0 would run the stage with no memory limit)).",
    );
    expect(message).toContain("bodywork.yaml:10: stages.train.memory_requst_mb: is not a known field (got 100). Fix: did you mean 'memory_request_mb'?");
    expect(message).toContain("bodywork.yaml:11: stages.train.service.port: is required");
  });

  it("maps Bodywork's units itself: cores to 'cpu', megabytes to 'memory', a CPU request of 0 kept", () => {
    const batch = "    batch:\n      max_completion_time_seconds: 30\n      retries: 0\n";
    expect(props(minimal(`    cpu_request: 0\n    memory_request_mb: 1\n${batch}`)).stages.train.batch?.resources).toEqual({ cpu: "0", memory: "1M" });
    expect(props(minimal(`    cpu_request: 2\n    memory_request_mb: 4096\n${batch}`)).stages.train.batch?.resources).toEqual({ cpu: 2, memory: "4096M" });
  });

  it("refuses requests Kubernetes cannot take at the Bodywork field, with its line", () => {
    const batch = "    batch:\n      max_completion_time_seconds: 30\n      retries: 0\n";
    const message = errorOf(minimal(`    cpu_request: 0.0001\n    memory_request_mb: 3000000000\n${batch}`));
    expect(message).toContain(
      "bodywork.yaml:9: stages.train.cpu_request: expected 0, or a number of cores from 0.001 to 1000000 (got 0.0001). Fix: use cores, e.g. 0.5.",
    );
    expect(message).toContain(
      "bodywork.yaml:10: stages.train.memory_request_mb: expected integer from 1 to 2147483647 (0 would run the stage with no memory limit) (got 3000000000). Fix: give the megabytes the stage needs, e.g. 100.",
    );
  });

  it("refuses 0 MB, which Bodywork takes but would leave the stage without a memory limit (modelship's limit is the request)", () => {
    const batch = "    batch:\n      max_completion_time_seconds: 30\n      retries: 0\n";
    expect(errorOf(minimal(`    cpu_request: 0.5\n    memory_request_mb: 0\n${batch}`))).toContain(
      "bodywork.yaml:10: stages.train.memory_request_mb: expected integer from 1 to 2147483647 (0 would run the stage with no memory limit) (got 0).",
    );
  });

  it("rejects a stage that is both or neither batch and service", () => {
    const message = errorOf(minimal("    cpu_request: 0.5\n    memory_request_mb: 100\n"));
    expect(message).toContain("bodywork.yaml:7: stages.train: has neither 'batch' nor 'service'.");
  });

  it("reports DAG problems at the DAG's line, naming the stages", () => {
    const stage = "    cpu_request: 0.5\n    memory_request_mb: 100\n    batch:\n      max_completion_time_seconds: 30\n      retries: 0\n";
    expect(errorOf(minimal(stage, " >> serve"))).toContain("bodywork.yaml:5: pipeline.DAG: names stage 'serve', which is not declared in 'stages'");
    expect(errorOf(minimal(stage, " >> train"))).toContain("bodywork.yaml:5: pipeline.DAG: has a cycle: train >> train");
    expect(errorOf(minimal(stage, ", train"))).toContain("names stage 'train' twice in step 1");
    expect(errorOf(minimal(stage, " >>"))).toContain("has an empty step (step 2 of 2, next to 'train')");
  });

  it("checks run_on_failure", () => {
    const stage = "    cpu_request: 0.5\n    memory_request_mb: 100\n    batch:\n      max_completion_time_seconds: 30\n      retries: 0\n";
    const text = minimal(stage).replace("  DAG: train", "  DAG: train\n  run_on_failure: cleanup");
    expect(errorOf(text)).toContain("bodywork.yaml:6: pipeline.run_on_failure: names stage 'cleanup', which is not declared in 'stages'");
  });

  it("refuses Bodywork's runner image, whatever the flags, saying how to build a project image", () => {
    const text = example("serve-model").replace("registry.example.com/ml/bodywork-serve-model-project:1.0.0", "bodyworkml/bodywork-core:3.0");
    for (const options of [{}, { allowMutableImageTag: true }]) {
      const message = errorOf(text, options);
      expect(message).toContain(
        'bodywork.yaml:6: pipeline.docker_image: is Bodywork\'s generic runner, which git-clones the project and pip-installs its requirements when the pod starts; modelship runs the image as it is, so the pod would find no project code (got "bodyworkml/bodywork-core:3.0").',
      );
      expect(message).toContain(
        "Fix: build an image holding the project at /home/app/bodywork_project with the stages' requirements installed, from the project root with this Dockerfile: \"FROM python:3.9-slim; RUN pip install --no-cache-dir 'Flask==1.1.2' 'joblib==0.17.0' 'numpy==1.19.4' 'scikit-learn==0.23.2'; COPY . /home/app/bodywork_project; WORKDIR /home/app/bodywork_project; USER 10001:10001\"; push it with a version tag or digest and pass --image <ref>",
      );
    }
    expect(props(text, { image: "registry.example.com/ml/serve:1.0.0" }).stages["scoring-service"].service?.image).toBe("registry.example.com/ml/serve:1.0.0");
    expect(errorOf(example("serve-model"), { image: "docker.io/bodyworkml/bodywork-core@sha256:" + "a".repeat(64) })).toContain(
      "--image: is Bodywork's generic runner",
    );
  });

  it("refuses ':latest' unless told, with a fix", () => {
    const text = example("serve-model").replace("registry.example.com/ml/bodywork-serve-model-project:1.0.0", "registry.example.com/ml/serve:latest");
    const message = errorOf(text);
    expect(message).toContain("bodywork.yaml:6: pipeline.docker_image: uses the mutable ':latest' tag, so each run could get a different image");
    expect(message).toContain("pass --allow-mutable-image");
    const wf = props(text, { allowMutableImageTag: true });
    expect(wf.stages["scoring-service"].service).toMatchObject({ image: "registry.example.com/ml/serve:latest", allowMutableImageTag: true });
  });

  it("reports YAML syntax errors with their line", () => {
    expect(errorOf('version: "1.1"\npipeline:\n  name: demo\n  name: again\n')).toMatch(/^bodywork\.yaml:4: invalid YAML: Map keys must be unique/);
  });

  it("is found by file name or content, before the definition-file reader", () => {
    expect(bodyworkImporter.detect("bodywork.yaml", "")).toBe(true);
    expect(bodyworkImporter.detect("pipeline.yml", example("ml-pipeline"))).toBe(true);
    expect(bodyworkImporter.detect("modelship.yaml", "kind: Workflow\nname: x\n")).toBe(false);
    expect(importers.find((i) => i.detect("bodywork.yaml", example("ml-pipeline")))?.name).toBe("bodywork");
  });
});

describe("the real-shaped examples", () => {
  it("renders the test project: five stages, parallel services, secrets and an on-failure stage", () => {
    const wf = props(example("test-project"));
    const objects = renderWorkflow(resolveWorkflow(wf, { name: wf.name as string })) as Obj[];
    const tasks = objects.find((o) => o.kind === "WorkflowTemplate")?.spec.templates[0].dag.tasks as Obj[];
    expect(tasks.map((t) => [t.name, t.dependencies ?? []])).toEqual([
      ["stage-1-good", []],
      ["stage-2-good", ["stage-1-good"]],
      ["stage-3-good-service", ["stage-2-good"]],
      ["stage-3-good", ["stage-2-good"]],
      ["stage-4-good-service", ["stage-2-good"]],
      ["stage-4-good", ["stage-2-good"]],
      ["stage-5-good", ["stage-3-good-service", "stage-3-good", "stage-4-good-service", "stage-4-good"]],
    ]);
    expectValidObjects(allObjects(objects));
  });
});
