import path from "node:path";
import { hubRepository } from "../model/image";
import type { ResourcesProps } from "../model/workload";

// How Bodywork's runner starts a stage, by version, as read in bodywork-ml/bodywork-core:
// - 0.2.x (INI, src/bodywork/stage.py run_stage): `python bodywork_project/<stage>/<script>` from
//   the runner's WORKDIR (/home/app), the project cloned into ./bodywork_project.
// - 1.x (INI, stage.py): `python <script>`, cwd = the stage directory.
// - 2.x (bodywork.yaml "1.0", stage_execution.py): `python <file> <args>`, cwd = the module's
//   directory, PYTHONPATH = the project root (from 2.1).
// - 3.x (bodywork.yaml "1.1", stage_execution.py): the same, plus `subprocess.run(timeout=
//   max_completion_time_seconds)` per attempt and notebooks run from their own directory.
// Batch stages are watched (workflow_execution.py) for max_completion_time + 90 s across all
// attempts before 3.x, and for max(1, retries) * max(60, max_completion_time) + 90 s in 3.x.

/** The Bodywork runner whose semantics a project is imported with. */
export type BodyworkRunner = "0.2" | "1" | "2" | "3";

/** Bodywork's runner image WORKDIR (its Dockerfile), from which 0.2.x ran stages. */
export const RUNNER_WORKDIR = "/home/app";
/** Where Bodywork clones the project (`DEFAULT_PROJECT_DIR = ./bodywork_project`) and where a project image must hold it. */
export const PROJECT_DIR = `${RUNNER_WORKDIR}/bodywork_project`;
/** `TIMEOUT_GRACE_SECONDS` in bodywork-core's constants: time to pull the image and start. */
export const GRACE_SECONDS = 90;
/** Bodywork's generic runner image, which holds no project code. */
export const RUNNER_IMAGE_REPOSITORY = "bodyworkml/bodywork-core";
/** The base image of generated project Dockerfiles: the Python of bodywork-core's own image (python:3.9). */
export const PROJECT_BASE_IMAGE = "python:3.9-slim";

/** Whether an image is Bodywork's generic runner (any tag or digest, on Docker Hub). */
export function isRunnerImage(image: string): boolean {
  return hubRepository(image) === RUNNER_IMAGE_REPOSITORY;
}

/** The command, arguments, working directory and env of a stage, as its Bodywork version runs it. */
export interface StageRun {
  readonly command: string[];
  readonly args?: string[];
  readonly workingDir: string;
  readonly env?: Record<string, string>;
}

/**
 * How Bodywork runs `executable_module_path` (relative to the project root) with `args`. A 3.x
 * batch stage with `attemptSeconds` is wrapped in `timeout --signal=KILL <s>`: Bodywork's
 * `subprocess.run(timeout=...)` kills the module after that long in each attempt, and the
 * failed attempt is retried like any other failure.
 */
export function stageRun(
  modulePath: string,
  args: readonly (string | number | boolean)[] | undefined,
  runner: BodyworkRunner,
  attemptSeconds?: number,
): StageRun {
  const directory = path.posix.dirname(modulePath);
  const file = path.posix.basename(modulePath);
  const moduleDir = directory === "." ? PROJECT_DIR : `${PROJECT_DIR}/${directory}`;
  const text = args?.map(String) ?? [];
  if (runner === "0.2") return { command: ["python", `bodywork_project/${modulePath}`], workingDir: RUNNER_WORKDIR };
  if (runner === "1") return { command: ["python", file], workingDir: moduleDir };
  const env = { PYTHONPATH: PROJECT_DIR };
  const timeout = runner === "3" && attemptSeconds !== undefined ? ["timeout", "--signal=KILL", String(attemptSeconds)] : [];
  if (modulePath.endsWith(".ipynb")) {
    // Bodywork executes the notebook in place with its directory as the kernel's cwd; nbconvert does the same.
    return { command: [...timeout, "jupyter", "nbconvert", "--to", "notebook", "--execute", "--stdout", file], workingDir: moduleDir, env };
  }
  return { command: [...timeout, "python", file], ...(text.length ? { args: text } : {}), workingDir: moduleDir, env };
}

/**
 * A stage's requests in modelship's props. Bodywork's `cpu_request` is cores and
 * `memory_request_mb` megabytes (10^6 bytes, not mebibytes): its k8s helpers request
 * `cpu: "<cpu_request>"` and `memory: "<mb>M"`. Modelship's memory limit then equals the request.
 */
export function stageResources(cpuRequest: number, memoryRequestMb: number): ResourcesProps {
  // `cpu` takes at least one millicore as a number; a request of nothing is the quantity "0".
  return { cpu: cpuRequest === 0 ? "0" : cpuRequest, memory: `${memoryRequestMb}M` };
}

/** The bound on a batch stage's Job (all attempts together), as Bodywork's workflow watcher sets it. */
export function jobDeadlineSeconds(maxCompletionSeconds: number, retries: number, runner: BodyworkRunner): number {
  if (runner === "3") return Math.max(1, retries) * Math.max(60, maxCompletionSeconds) + GRACE_SECONDS;
  return maxCompletionSeconds + GRACE_SECONDS;
}

/** Bodywork's `make_valid_k8s_name`: runs of characters other than letters, digits and '.' become '-'. */
function k8sName(name: string): string {
  return name.trim().replace(/[^a-zA-Z0-9.]+/g, "-");
}

/**
 * The path Bodywork's ingress served a service under: `/<namespace>/<deployment name>`
 * (`ingress_route`), where the Deployment was `<project>--<stage>` in 1.x,
 * `make_valid_k8s_name("<project>--<stage>")` in 2.x (so `--` became `-`) and
 * `make_valid_k8s_name(<stage>)` in 3.x.
 */
export function ingressPath(namespace: string, project: string, stage: string, runner: BodyworkRunner): string {
  if (runner === "3") return `/${namespace}/${k8sName(stage)}`;
  return `/${namespace}/${runner === "2" ? k8sName(`${project}--${stage}`) : `${project}--${stage}`}`;
}

/**
 * A Dockerfile that lays a Bodywork project out as the runner clones it, with every stage's pip
 * requirements installed, running as a non-root user. Built at the project root.
 */
export function projectDockerfile(requirements: readonly string[], runner: BodyworkRunner): string {
  const unique = [...new Set(requirements.map((r) => r.trim()).filter((r) => r !== ""))].sort();
  const quote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;
  return [
    `FROM ${PROJECT_BASE_IMAGE}`,
    ...(unique.length ? [`RUN pip install --no-cache-dir ${unique.map(quote).join(" ")}`] : []),
    `COPY . ${PROJECT_DIR}`,
    `WORKDIR ${runner === "0.2" ? RUNNER_WORKDIR : PROJECT_DIR}`,
    "USER 10001:10001",
  ].join("\n");
}
