import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { importers } from "../../lib/importers";
import { bodyworkToWorkflow, validateBodywork } from "../../lib/importers/bodywork";
import { parse } from "yaml";
import { bodyworkIniImporter, loadBodyworkIni, parseIni } from "../../lib/importers/bodywork-ini";
import { SourceError } from "../../lib/importers/source";

/** Writes a project: `bodywork.ini` plus `<stage>/config.ini` (and other files) in a fresh directory. */
function project(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "modelship-bodywork-ini-"));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return path.join(dir, "bodywork.ini");
}
const GATEWAY = { gateway: "gateway-system/public:https" };
const load = (file: string, options = {}) => loadBodyworkIni(file, fs.readFileSync(file, "utf8"), { ...GATEWAY, ...options });
function errorOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(SourceError);
    return (error as Error).message;
  }
  throw new Error("expected a SourceError");
}

const ROOT_INI = `[default]
PROJECT_NAME="bodywork-ml-pipeline-project"
DOCKER_IMAGE="registry.example.com/ml/pipeline:1.0.0"

[workflow]
DAG=stage_1_train_model >> stage_2_scoring_service

[logging]
LOG_LEVEL="INFO"
`;
const TRAIN_INI = `[default]
STAGE_TYPE="batch"
EXECUTABLE_SCRIPT="train_model.py"
CPU_REQUEST=0.5
MEMORY_REQUEST_MB=100

[batch]
MAX_COMPLETION_TIME_SECONDS=60
RETRIES=2

[secrets]
AWS_ACCESS_KEY_ID="aws-credentials"
`;
const SERVE_INI = `[default]
STAGE_TYPE="service"
EXECUTABLE_SCRIPT="serve_model.py"
CPU_REQUEST=0.25
MEMORY_REQUEST_MB=100

[service]
MAX_STARTUP_TIME_SECONDS=30
REPLICAS=2
PORT=5000
INGRESS=true
`;
/** The same project as bodywork.yaml: the INI importer must build exactly its Workflow. */
const SAME_AS_YAML = `version: "1.1"
pipeline:
  name: bodywork-ml-pipeline-project
  docker_image: registry.example.com/ml/pipeline:1.0.0
  DAG: stage_1_train_model >> stage_2_scoring_service
stages:
  stage_1_train_model:
    executable_module_path: stage_1_train_model/train_model.py
    requirements: [boto3==1.21.14, joblib==1.1.0]
    cpu_request: 0.5
    memory_request_mb: 100
    secrets: { AWS_ACCESS_KEY_ID: aws-credentials }
    batch: { max_completion_time_seconds: 60, retries: 2 }
  stage_2_scoring_service:
    executable_module_path: stage_2_scoring_service/serve_model.py
    cpu_request: 0.25
    memory_request_mb: 100
    service: { max_startup_time_seconds: 30, replicas: 2, port: 5000, ingress: true }
logging:
  log_level: INFO
`;
const files = {
  "bodywork.ini": ROOT_INI,
  "stage_1_train_model/config.ini": TRAIN_INI,
  "stage_1_train_model/requirements.txt": "# pinned\nboto3==1.21.14\njoblib==1.1.0\n",
  "stage_2_scoring_service/config.ini": SERVE_INI,
};

describe("Bodywork INI importer (bodywork.ini + <stage>/config.ini)", () => {
  it("builds the same Workflow as the equivalent bodywork.yaml read with bodywork-core 1.x's runner, key for key", () => {
    const [ini] = load(project(files));
    const { file } = validateBodywork(parse(SAME_AS_YAML), GATEWAY, "1");
    expect(ini.kind).toBe("Workflow");
    expect(ini.props).toEqual(bodyworkToWorkflow(file!, GATEWAY, "1"));
    expect(ini.source).toEqual({ file: expect.stringMatching(/bodywork\.ini$/), line: 1 });
  });

  it("is chosen for bodywork.ini (by name, or by [workflow] DAG and PROJECT_NAME) before the definition-file importer", () => {
    expect(bodyworkIniImporter.detect("bodywork.ini", "")).toBe(true);
    expect(bodyworkIniImporter.detect("project.cfg", ROOT_INI)).toBe(true);
    expect(bodyworkIniImporter.detect("modelship.yaml", "kind: Workflow\n")).toBe(false);
    const names = importers.map((i) => i.name);
    expect(names.indexOf("bodywork-ini")).toBeGreaterThanOrEqual(0);
    expect(names.indexOf("bodywork-ini")).toBeLessThan(names.indexOf("modelship"));
    expect(importers.find((i) => i.detect("bodywork.ini", ROOT_INI))?.name).toBe("bodywork-ini");
  });

  it("reads INI as configparser does: case-insensitive keys, ':' or '=', comments, one pair of quotes dropped", () => {
    const ini = parseIni("x.ini", "# c\n[Default]\nproject_name : 'a'\n; c\nDOCKER_IMAGE = \"b\"\n");
    expect([...ini.sections.keys()]).toEqual(["default"]);
    expect(Object.fromEntries([...ini.sections.get("default")!.keys].map(([k, v]) => [k, v.value]))).toEqual({ PROJECT_NAME: "a", DOCKER_IMAGE: "b" });
    expect(errorOf(() => parseIni("x.ini", "KEY=1\n"))).toBe(
      "x.ini:1: KEY: is outside any [section]. Fix: put it under [default] or the section it belongs to.",
    );
    expect(errorOf(() => parseIni("x.ini", "[a]\nK=1\nk=2\n"))).toBe("x.ini:3: [a] K: is given twice. Fix: keep one.");
  });

  it("reports bad values at their file, line, section and key, all at once", () => {
    const file = project({
      ...files,
      "stage_2_scoring_service/config.ini": SERVE_INI.replace("PORT=5000", "PORT=70000")
        .replace("REPLICAS=2", "REPLICAS=two")
        .replace("CPU_REQUEST=0.25\n", ""),
    });
    const serve = path.join(path.dirname(file), "stage_2_scoring_service/config.ini");
    expect(errorOf(() => load(file)).split("\n")).toEqual([
      `${serve}:1: [default] CPU_REQUEST: is required (expected 0, or a number of cores from 0.001 to 1000000). Fix: use cores, e.g. 0.5.`,
      `${serve}:8: [service] REPLICAS: expected integer >= 0 (got "two"). Fix: use 0 or more.`,
      `${serve}:9: [service] PORT: expected a port number 1-65535 (got 70000). Fix: use e.g. 5000.`,
    ]);
  });

  it("refuses the seed's bodyworkml/bodywork-core:latest as the YAML importer does, even when mutable tags are allowed", () => {
    const file = project({ ...files, "bodywork.ini": ROOT_INI.replace("registry.example.com/ml/pipeline:1.0.0", "bodyworkml/bodywork-core:latest") });
    for (const options of [{}, { allowMutableImageTag: true }]) {
      expect(errorOf(() => load(file, options))).toMatch(
        new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}:3: \\[default\\] DOCKER_IMAGE: is Bodywork's generic runner`),
      );
    }
    expect(load(file, { image: "registry.example.com/ml/pipeline:1.0.0" })[0].props).toMatchObject({
      stages: { stage_1_train_model: { batch: { image: "registry.example.com/ml/pipeline:1.0.0" } } },
    });
  });

  it("runs 1.x stages from their directory: `python <script>`, Job bounded by max completion + 90 s over all attempts", () => {
    const wf = load(project(files))[0].props as Record<string, any>;
    expect(wf.stages.stage_1_train_model.batch).toMatchObject({
      command: ["python", "train_model.py"],
      workingDir: "/home/app/bodywork_project/stage_1_train_model",
      retries: 2,
      maxCompletionSeconds: 150,
    });
    expect(wf.stages.stage_1_train_model.batch.env.PYTHONPATH).toBeUndefined();
    expect(wf.stages.stage_2_scoring_service.service.route.pathPrefix).toBe(
      "/bodywork-ml-pipeline-project/bodywork-ml-pipeline-project--stage_2_scoring_service",
    );
  });

  it("runs a project written for 0.2.x (a service without INGRESS, required from 1.0) as 0.2.x did: from the runner's WORKDIR", () => {
    const wf = load(project({ ...files, "stage_2_scoring_service/config.ini": SERVE_INI.replace("INGRESS=true\n", "") }))[0].props as Record<string, any>;
    expect(wf.stages.stage_2_scoring_service.service).toMatchObject({
      command: ["python", "bodywork_project/stage_2_scoring_service/serve_model.py"],
      workingDir: "/home/app",
    });
    expect(wf.stages.stage_2_scoring_service.service.route).toBeUndefined();
  });

  it("names unknown sections and keys, a wrong STAGE_TYPE, a section of the other type and a stage directory that is missing", () => {
    const file = project({
      "bodywork.ini": ROOT_INI.replace(">> stage_2_scoring_service", ">> stage_2_scoring_service, report").replace("[logging]", "[loging]"),
      "stage_1_train_model/config.ini": TRAIN_INI.replace('STAGE_TYPE="batch"', 'STAGE_TYPE="job"').replace("RETRIES=2", "RETRYS=2"),
      "stage_2_scoring_service/config.ini": `${SERVE_INI}\n[batch]\nRETRIES=1\n`,
    });
    const dir = path.dirname(file);
    const message = errorOf(() => load(file));
    expect(message).toContain(`${file}:8: [loging]: is not a section Bodywork reads. Fix: use [default], [workflow], [logging].`);
    expect(message).toContain(`${file}:6: [workflow] DAG: names stage 'report', but report/config.ini does not exist next to bodywork.ini.`);
    expect(message).toContain(`${path.join(dir, "stage_1_train_model/config.ini")}:2: [default] STAGE_TYPE: expected "batch" or "service" (got "job").`);
    expect(message).toContain(
      `${path.join(dir, "stage_1_train_model/config.ini")}:9: [batch] RETRYS: is not a key Bodywork reads here. Fix: use MAX_COMPLETION_TIME_SECONDS, RETRIES.`,
    );
    expect(message).toContain(`${path.join(dir, "stage_2_scoring_service/config.ini")}:13: [batch]: does not apply to STAGE_TYPE "service".`);
  });

  it("reports a missing [service] section key by key, at the STAGE_TYPE that asks for it", () => {
    const file = project({ ...files, "stage_2_scoring_service/config.ini": SERVE_INI.replace(/\[service\][\s\S]*$/, "") });
    const serve = path.join(path.dirname(file), "stage_2_scoring_service/config.ini");
    expect(errorOf(() => load(file))).toContain(`${serve}:2: [service] MAX_STARTUP_TIME_SECONDS: is required`);
  });

  it("reports DAG problems (an undeclared on-failure is impossible here) at [workflow] DAG", () => {
    const file = project({
      ...files,
      "bodywork.ini": ROOT_INI.replace("DAG=stage_1_train_model >> stage_2_scoring_service", "DAG=stage_1_train_model >> stage_1_train_model"),
    });
    expect(errorOf(() => load(file))).toMatch(/bodywork\.ini:6: \[workflow\] DAG: /);
  });
});
