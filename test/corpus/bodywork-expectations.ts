// What Bodywork itself does with each corpus file, written by hand from bodywork-core's source
// (see lib/importers/bodywork-runtime.ts for the functions and versions):
// - a stage runs `python <file> <args>` with cwd = the module's directory (1.x: the stage
//   directory; 0.2.x: `python bodywork_project/<stage>/<script>` from the runner's WORKDIR);
//   the project is cloned to /home/app/bodywork_project;
// - 3.x kills a batch module after max_completion_time_seconds per attempt; its watcher gives a
//   batch stage max(1, retries) * max(60, max_completion_time_seconds) + 90 s; before 3.x the watcher
//   gave max_completion_time_seconds + 90 s for all attempts;
// - a service's startup probe allows ceil(max_startup_time_seconds / 10) failures 10 s apart;
// - `ingress: true` is served at /<namespace>/<deployment>: deployment `<stage>` (3.x),
//   make_valid_k8s_name("<project>--<stage>") (2.x), "<project>--<stage>" (1.x); the namespace is the
//   project name (the CLI's for 2.x and 1.x; modelship defaults it to the name);
// - steps run in order: a stage starts after every stage of the step before.
// Never derived from modelship's output.

/** One stage as Bodywork would run it. */
export interface BodyworkStageExpectation {
  readonly command: readonly string[];
  readonly args?: readonly string[];
  readonly workingDir: string;
  /** Batch: retries and the bound on the Job (all attempts). */
  readonly batch?: { readonly retries: number; readonly deadline: number };
  /** Service: port, replicas, startup failures allowed, the ingress path (undefined: none). */
  readonly service?: { readonly port: number; readonly replicas: number; readonly startupFailures: number; readonly ingressPath?: string };
  /** Env vars from Secrets: `ENV_VAR -> secret name`. */
  readonly secrets?: Readonly<Record<string, string>>;
  /** Stages that must be done before this one starts (the previous DAG step). */
  readonly after: readonly string[];
}

export interface BodyworkExpectation {
  /** Without a project image: refused, naming this field. */
  readonly refusedImageField: string;
  /** With a project image (--image) and a Gateway: the stages; or, when the file itself is invalid for Bodywork, the refusal. */
  readonly stages?: Readonly<Record<string, BodyworkStageExpectation>>;
  readonly refused?: ReadonlyArray<{ readonly field: string; readonly fix: string }>;
  readonly namespace?: string;
}

const P = "/home/app/bodywork_project";
const PY = "python";
const kill = (seconds: number) => ["timeout", "--signal=KILL", String(seconds), PY];

export const BODYWORK_EXPECTATIONS: Readonly<Record<string, BodyworkExpectation>> = {
  // ---- bodywork.yaml "1.1" (bodywork-core 3.x)
  "bodywork/bodywork-batch-job-project--1.1--86fd2eb": {
    refusedImageField: "pipeline.docker_image",
    namespace: "bodywork-batch-job-project",
    stages: { score_data: { command: [...kill(60), "score.py"], workingDir: `${P}/score_data`, batch: { retries: 2, deadline: 2 * 60 + 90 }, after: [] } },
  },
  // bodywork-core's own test fixture declares stages (stage_5, stage_jupyter, on_fail_stage) outside the DAG:
  // Bodywork never runs them; modelship refuses them on purpose (a configured stage that never runs is
  // most often a DAG typo), naming the DAG and the fix.
  "bodywork/bodywork-core--1.1--ce5c4c6": {
    refusedImageField: "pipeline.docker_image",
    refused: [{ field: "pipeline.DAG", fix: "add them to the DAG" }],
  },
  "bodywork/bodywork-jupyter-pipeline-project--1.1--cab3750": {
    refusedImageField: "pipeline.docker_image",
    stages: {
      stage_1_train_model: { command: ["timeout", "--signal=KILL", "120", "jupyter", "nbconvert", "--to", "notebook", "--execute", "--stdout", "train_model.ipynb"], workingDir: P, batch: { retries: 1, deadline: 1 * 120 + 90 }, after: [] },
      stage_2_score_data: { command: ["timeout", "--signal=KILL", "120", "jupyter", "nbconvert", "--to", "notebook", "--execute", "--stdout", "score_data.ipynb"], workingDir: P, batch: { retries: 1, deadline: 1 * 120 + 90 }, after: ["stage_1_train_model"] },
    },
  },
  "bodywork/bodywork-ml-dashboard-project--1.1--947826c": {
    refusedImageField: "pipeline.docker_image",
    stages: {
      stage_1_train_model: { command: [...kill(120), "train_model.py"], workingDir: P, batch: { retries: 1, deadline: 120 + 90 }, after: [] },
      stage_2_dashboard_app: { command: [PY, "run_app.py"], workingDir: P, service: { port: 8050, replicas: 2, startupFailures: 18, ingressPath: "/bodywork-ml-dashboard-project/stage-2-dashboard-app" }, secrets: { DASH_USERNAME: "plotly-dash-credentials", DASH_PASSWORD: "plotly-dash-credentials" }, after: ["stage_1_train_model"] },
    },
  },
  "bodywork/bodywork-ml-pipeline-project--1.1--4e1049c": {
    refusedImageField: "pipeline.docker_image",
    stages: {
      stage_1_train_model: { command: [...kill(60), "train_model.py"], workingDir: `${P}/pipeline`, batch: { retries: 2, deadline: 2 * 60 + 90 }, after: [] },
      stage_2_scoring_service: { command: [PY, "serve_model.py"], workingDir: `${P}/pipeline`, service: { port: 5000, replicas: 2, startupFailures: 6, ingressPath: "/bodywork-ml-pipeline-project/stage-2-scoring-service" }, after: ["stage_1_train_model"] },
    },
  },
  "bodywork/bodywork-rollback-deployment-test-project--1.1--e9879f8": {
    refusedImageField: "pipeline.docker_image",
    stages: {
      stage_1: { command: [...kill(10), "main.py"], workingDir: `${P}/stage_1`, batch: { retries: 1, deadline: 1 * 60 + 90 }, after: [] },
      stage_2: { command: [PY, "main.py"], workingDir: `${P}/stage_2`, service: { port: 5000, replicas: 1, startupFailures: 6, ingressPath: "/bodywork-rollback-deployment-test-project/stage-2" }, after: ["stage_1"] },
      stage_3: { command: [PY, "main.py"], workingDir: `${P}/stage_3`, service: { port: 5000, replicas: 1, startupFailures: 6, ingressPath: "/bodywork-rollback-deployment-test-project/stage-3" }, after: ["stage_2"] },
    },
  },
  "bodywork/bodywork-scikit-fastapi-project--1.1--404e110": {
    refusedImageField: "pipeline.docker_image",
    stages: { "scoring-service": { command: [PY, "serve_model.py"], workingDir: P, service: { port: 8000, replicas: 2, startupFailures: 12, ingressPath: "/bodywork-scikit-fastapi-project/scoring-service" }, after: [] } },
  },
  "bodywork/bodywork-serve-model-project--1.1--2ca09c0": {
    refusedImageField: "pipeline.docker_image",
    stages: { scoring_service: { command: [PY, "service.py"], workingDir: `${P}/scoring_service`, service: { port: 5000, replicas: 2, startupFailures: 50, ingressPath: "/bodywork-serve-model-project/scoring-service" }, after: [] } },
  },
  "bodywork/bodywork-test-project--1.1--837786c": {
    refusedImageField: "pipeline.docker_image",
    stages: {
      stage_1: { command: [...kill(30), "main.py"], args: ["Hello", "World"], workingDir: `${P}/stage_one`, batch: { retries: 2, deadline: 2 * 60 + 90 }, after: [] },
      stage_2: { command: [...kill(30), "main.py"], workingDir: `${P}/stage_two`, batch: { retries: 2, deadline: 2 * 60 + 90 }, after: ["stage_1"] },
      stage_3: { command: [PY, "main.py"], workingDir: `${P}/stage_three`, service: { port: 5000, replicas: 2, startupFailures: 6, ingressPath: "/bodywork-test-project/stage-3" }, after: ["stage_2"] },
      stage_4: { command: [PY, "main.py"], workingDir: `${P}/stage_four`, service: { port: 5000, replicas: 1, startupFailures: 6 }, secrets: { USERNAME: "bodywork-test-project-credentials", PASSWORD: "bodywork-test-project-credentials" }, after: ["stage_2"] },
      stage_5: { command: [...kill(30), "main.py"], workingDir: `${P}/stage_five`, batch: { retries: 2, deadline: 2 * 60 + 90 }, after: ["stage_3", "stage_4"] },
    },
  },
  "bodywork/ml-pipeline-engineering--1.1--aaf8dca": {
    refusedImageField: "pipeline.docker_image",
    namespace: "time-to-dispatch",
    stages: {
      train_model: { command: [...kill(180), "train_model.py"], args: ["bodywork-time-to-dispatch", "0.9", "0.8"], workingDir: `${P}/pipeline`, batch: { retries: 1, deadline: 180 + 90 }, secrets: { AWS_ACCESS_KEY_ID: "aws-credentials", AWS_SECRET_ACCESS_KEY: "aws-credentials", AWS_DEFAULT_REGION: "aws-credentials" }, after: [] },
      serve_model: { command: [PY, "serve_model.py"], args: ["bodywork-time-to-dispatch"], workingDir: `${P}/pipeline`, service: { port: 8000, replicas: 2, startupFailures: 18, ingressPath: "/time-to-dispatch/serve-model" }, after: ["train_model"] },
    },
  },

  // ---- bodywork.yaml "1.0" (bodywork-core 2.x)
  "bodywork/bodywork-batch-job-project--1.0--92bef87": {
    refusedImageField: "project.docker_image",
    stages: { score_data: { command: [PY, "score.py"], workingDir: `${P}/score_data`, batch: { retries: 2, deadline: 30 + 90 }, after: [] } },
  },
  "bodywork/bodywork-core--1.0--d25e06d": {
    refusedImageField: "project.docker_image",
    // bodywork-core 2.x reads executable_module_path against `.+(\.py$)`: the notebook stage is invalid there.
    refused: [{ field: "stages.stage_jupyter.executable_module_path", fix: 'use version: "1.1"' }],
  },
  "bodywork/bodywork-jupyter-pipeline-project--1.0--8a927d4": {
    refusedImageField: "project.docker_image",
    stages: {
      stage_1_train_model: { command: [PY, "nb_runner.py"], workingDir: `${P}/stage_1_train_model`, batch: { retries: 2, deadline: 30 + 90 }, after: [] },
      stage_2_score_data: { command: [PY, "nb_runner.py"], workingDir: `${P}/stage_2_score_data`, batch: { retries: 2, deadline: 30 + 90 }, after: ["stage_1_train_model"] },
    },
  },
  "bodywork/bodywork-ml-dashboard-project--1.0--33fe914": {
    refusedImageField: "project.docker_image",
    stages: {
      stage_1_train_model: { command: [PY, "train_model.py"], workingDir: `${P}/stage_1_train_model`, batch: { retries: 2, deadline: 30 + 90 }, after: [] },
      stage_2_dashboard_app: { command: [PY, "run_app.py"], workingDir: `${P}/stage_2_dashboard_app`, service: { port: 8050, replicas: 2, startupFailures: 3, ingressPath: "/bodywork-ml-dashboard-project/bodywork-ml-dashboard-project-stage-2-dashboard-app" }, secrets: { DASH_USERNAME: "plotly-dash-credentials", DASH_PASSWORD: "plotly-dash-credentials" }, after: ["stage_1_train_model"] },
    },
  },
  "bodywork/bodywork-ml-pipeline-project--1.0--53f74be": {
    refusedImageField: "project.docker_image",
    namespace: "time-to-dispatch",
    stages: {
      train_model: { command: [PY, "train_model.py"], workingDir: `${P}/pipeline`, batch: { retries: 2, deadline: 30 + 90 }, after: [] },
      serve_model: { command: [PY, "serve_model.py"], workingDir: `${P}/pipeline`, service: { port: 8000, replicas: 2, startupFailures: 3, ingressPath: "/time-to-dispatch/time-to-dispatch-serve-model" }, after: ["train_model"] },
    },
  },
  "bodywork/bodywork-mlops-demo--1.0--9541360": {
    refusedImageField: "project.docker_image",
    stages: {
      "stage-1-train-model": { command: [PY, "stage_1_train_model.py"], workingDir: `${P}/mlops_simulation`, batch: { retries: 2, deadline: 30 + 90 }, secrets: { AWS_ACCESS_KEY_ID: "aws-credentials", SENTRY_DSN: "sentry-integration" }, after: [] },
      "stage-2-serve-model": { command: [PY, "stage_2_serve_model.py"], workingDir: `${P}/mlops_simulation`, service: { port: 5000, replicas: 2, startupFailures: 3 }, after: ["stage-1-train-model"] },
      "stage-3-generate-next-dataset": { command: [PY, "stage_3_synthetic_data_generation.py"], workingDir: `${P}/mlops_simulation`, batch: { retries: 2, deadline: 30 + 90 }, after: ["stage-2-serve-model"] },
      "stage-4-test-model-scoring-service": { command: [PY, "stage_4_test_model_scoring_service.py"], workingDir: `${P}/mlops_simulation`, batch: { retries: 2, deadline: 30 + 90 }, after: ["stage-3-generate-next-dataset"] },
    },
  },
  "bodywork/bodywork-pipeline-with-cicd--1.0--73c1e07": {
    refusedImageField: "project.docker_image",
    stages: {
      "train-model": { command: [PY, "train_model.py"], workingDir: `${P}/pipeline`, batch: { retries: 2, deadline: 30 + 90 }, after: [] },
      "serve-model": { command: [PY, "serve_model.py"], workingDir: `${P}/pipeline`, service: { port: 5000, replicas: 2, startupFailures: 3, ingressPath: "/bodywork-pipeline/bodywork-pipeline-serve-model" }, after: ["train-model"] },
    },
  },
  "bodywork/bodywork-rollback-deployment-test-project--1.0--71f13fb": {
    refusedImageField: "project.docker_image",
    stages: {
      stage_1: { command: [PY, "main.py"], workingDir: `${P}/stage_1`, batch: { retries: 1, deadline: 10 + 90 }, after: [] },
      stage_2: { command: [PY, "main.py"], workingDir: `${P}/stage_2`, service: { port: 5000, replicas: 1, startupFailures: 1, ingressPath: "/bodywork-rollback-deployment-test-project/bodywork-rollback-deployment-test-project-stage-2" }, after: ["stage_1"] },
      stage_3: { command: [PY, "main.py"], workingDir: `${P}/stage_3`, service: { port: 5000, replicas: 1, startupFailures: 1, ingressPath: "/bodywork-rollback-deployment-test-project/bodywork-rollback-deployment-test-project-stage-3" }, after: ["stage_2"] },
    },
  },
  "bodywork/bodywork-scikit-fastapi-project--1.0--1096eb3": {
    refusedImageField: "project.docker_image",
    stages: { "scoring-service": { command: [PY, "serve_model.py"], workingDir: P, service: { port: 8000, replicas: 2, startupFailures: 3, ingressPath: "/bodywork-scikit-fastapi-project/bodywork-scikit-fastapi-project-scoring-service" }, after: [] } },
  },
  "bodywork/bodywork-serve-model-project--1.0--13c2ab1": {
    refusedImageField: "project.docker_image",
    stages: { scoring_service: { command: [PY, "service.py"], workingDir: `${P}/scoring_service`, service: { port: 5000, replicas: 2, startupFailures: 3, ingressPath: "/bodywork-serve-model-project/bodywork-serve-model-project-scoring-service" }, after: [] } },
  },
  "bodywork/bodywork-test-project--1.0--41ac29c": {
    refusedImageField: "project.docker_image",
    stages: {
      stage_1: { command: [PY, "main.py"], args: ["Hello", "World"], workingDir: `${P}/stage_one`, batch: { retries: 2, deadline: 30 + 90 }, after: [] },
      stage_2: { command: [PY, "main.py"], workingDir: `${P}/stage_two`, batch: { retries: 2, deadline: 30 + 90 }, after: ["stage_1"] },
      stage_3: { command: [PY, "main.py"], workingDir: `${P}/stage_three`, service: { port: 5000, replicas: 2, startupFailures: 3, ingressPath: "/bodywork-test-project/bodywork-test-project-stage-3" }, after: ["stage_2"] },
      stage_4: { command: [PY, "main.py"], workingDir: `${P}/stage_four`, service: { port: 5000, replicas: 1, startupFailures: 3 }, after: ["stage_2"] },
      stage_5: { command: [PY, "main.py"], workingDir: `${P}/stage_five`, batch: { retries: 2, deadline: 30 + 90 }, after: ["stage_3", "stage_4"] },
    },
  },
  "bodywork/ml-pipeline-engineering--1.0--0167ba7": {
    refusedImageField: "project.docker_image",
    stages: {
      train_model: { command: [PY, "train_model.py"], args: ["bodywork-time-to-dispatch", "0.9", "0.8"], workingDir: `${P}/pipeline`, batch: { retries: 2, deadline: 15 + 90 }, after: [] },
      serve_model: { command: [PY, "serve_model.py"], args: ["bodywork-time-to-dispatch"], workingDir: `${P}/pipeline`, service: { port: 8000, replicas: 2, startupFailures: 2, ingressPath: "/time-to-dispatch/time-to-dispatch-serve-model" }, after: ["train_model"] },
    },
  },
  // A pre-release 2.0 config: no `version`, `executable_script` instead of executable_module_path. Bodywork refuses it too.
  "bodywork/bodywork-core--?--62d6b51": {
    refusedImageField: "project.docker_image",
    refused: [
      { field: "version", fix: 'use version: "1.1"' },
      { field: "stages.stage_1_good.executable_script", fix: "known fields: executable_module_path" },
    ],
  },

  // ---- INI projects (bodywork-core 0.2.x without INGRESS on a service, else 1.x)
  "bodywork-ini/bodywork-batch-job-project--ini--053b0e5": {
    refusedImageField: "[default] DOCKER_IMAGE",
    stages: { "score-data": { command: [PY, "score.py"], workingDir: `${P}/score-data`, batch: { retries: 2, deadline: 30 + 90 }, after: [] } },
  },
  "bodywork-ini/bodywork-ml-dashboard-project--ini--eb57902": {
    refusedImageField: "[default] DOCKER_IMAGE",
    stages: {
      "stage-1-train-model": { command: [PY, "train_model.py"], workingDir: `${P}/stage-1-train-model`, batch: { retries: 2, deadline: 30 + 90 }, after: [] },
      "stage-2-dashboard-app": { command: [PY, "run_app.py"], workingDir: `${P}/stage-2-dashboard-app`, service: { port: 8050, replicas: 2, startupFailures: 3, ingressPath: "/bodywork-ml-dashboard-project/bodywork-ml-dashboard-project--stage-2-dashboard-app" }, secrets: { DASH_USERNAME: "plotly-dash-credentials", DASH_PASSWORD: "plotly-dash-credentials" }, after: ["stage-1-train-model"] },
    },
  },
  "bodywork-ini/bodywork-ml-pipeline-project--ini--9cbf778": {
    refusedImageField: "[default] DOCKER_IMAGE",
    stages: {
      "stage-1-train-model": { command: [PY, "train_model.py"], workingDir: `${P}/stage-1-train-model`, batch: { retries: 2, deadline: 30 + 90 }, after: [] },
      "stage-2-scoring-service": { command: [PY, "serve_model.py"], workingDir: `${P}/stage-2-scoring-service`, service: { port: 5000, replicas: 2, startupFailures: 3, ingressPath: "/bodywork-ml-pipeline-project/bodywork-ml-pipeline-project--stage-2-scoring-service" }, after: ["stage-1-train-model"] },
    },
  },
  "bodywork-ini/bodywork-mlops-demo--ini--5cad7eb": {
    refusedImageField: "[default] DOCKER_IMAGE",
    stages: {
      "stage-1-train-model": { command: [PY, "bodywork_project/stage-1-train-model/train_model.py"], workingDir: "/home/app", batch: { retries: 2, deadline: 30 + 90 }, after: [] },
      "stage-2-serve-model": { command: [PY, "bodywork_project/stage-2-serve-model/serve_model.py"], workingDir: "/home/app", service: { port: 5000, replicas: 2, startupFailures: 3 }, after: ["stage-1-train-model"] },
      "stage-3-generate-next-dataset": { command: [PY, "bodywork_project/stage-3-generate-next-dataset/synthetic_data_generation.py"], workingDir: "/home/app", batch: { retries: 2, deadline: 30 + 90 }, after: ["stage-2-serve-model"] },
      "stage-4-test-model-scoring-service": { command: [PY, "bodywork_project/stage-4-test-model-scoring-service/test_model_scoring_service.py"], workingDir: "/home/app", batch: { retries: 2, deadline: 30 + 90 }, after: ["stage-3-generate-next-dataset"] },
    },
  },
  // Seed 002's tutorial project: service.py loads 'bodywork_project/scoring-service/classification_model.joblib'.
  "bodywork-ini/bodywork-serve-model-project--ini--bf96485": {
    refusedImageField: "[default] DOCKER_IMAGE",
    stages: { "scoring-service": { command: [PY, "bodywork_project/scoring-service/service.py"], workingDir: "/home/app", service: { port: 5000, replicas: 2, startupFailures: 3 }, after: [] } },
  },
  "bodywork-ini/bodywork-test-project--ini--3819368": {
    refusedImageField: "[default] DOCKER_IMAGE",
    stages: {
      "stage-1": { command: [PY, "bodywork_project/stage-1/main.py"], workingDir: "/home/app", batch: { retries: 2, deadline: 30 + 90 }, after: [] },
      "stage-2": { command: [PY, "bodywork_project/stage-2/main.py"], workingDir: "/home/app", batch: { retries: 2, deadline: 30 + 90 }, after: ["stage-1"] },
      "stage-3": { command: [PY, "bodywork_project/stage-3/main.py"], workingDir: "/home/app", service: { port: 5000, replicas: 2, startupFailures: 3 }, after: ["stage-2"] },
      "stage-4": { command: [PY, "bodywork_project/stage-4/main.py"], workingDir: "/home/app", service: { port: 5000, replicas: 1, startupFailures: 3 }, secrets: { USERNAME: "bodywork-test-project-credentials" }, after: ["stage-2"] },
      "stage-5": { command: [PY, "bodywork_project/stage-5/main.py"], workingDir: "/home/app", batch: { retries: 2, deadline: 30 + 90 }, after: ["stage-3", "stage-4"] },
    },
  },
  // bodywork-core's own test fixture mid-rename: PIPELINE_NAME for PROJECT_NAME, stage directories elsewhere.
  "bodywork-ini/bodywork-core--ini--0807291": {
    refusedImageField: "[default] DOCKER_IMAGE",
    refused: [
      { field: "[default] PIPELINE_NAME", fix: "" },
      { field: "[workflow] DAG", fix: "add the stage directory 'stage_1'" },
    ],
  },
};
