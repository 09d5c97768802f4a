import { z } from "zod";
import type { BatchStageProps } from "../model/batch-stage";
import { buildGraph, Dag } from "../model/dag";
import { issuesFromZod, problem } from "../model/errors";
import { mutableImageReason } from "../model/image";
import { INT32_MAX } from "../model/int32";
import type { ModelServiceProps } from "../model/model-service";
import { ENV_VAR_NAME, toDnsLabel } from "../model/names";
import { labelNameSchema, subdomainNameSchema } from "../model/rules";
import { knownKeys } from "../model/validate";
import type { WorkflowEngine, WorkflowProps, WorkflowStageProps } from "../model/workflow";
import type { Importer, ImportOptions, DefinitionDocument } from "../definitions/document";
import { parseYaml, pathSegments, SourceError, type SourceIssue } from "./source";
import { GATEWAY_FIX, gatewayOption } from "./gateway";
import { detectBodywork } from "./detect";
import {
  ingressPath,
  isRunnerImage,
  jobDeadlineSeconds,
  PROJECT_DIR,
  projectDockerfile,
  stageResources,
  stageRun,
  type BodyworkRunner,
} from "./bodywork-runtime";

// Bodywork's config format `bodywork.yaml`: version "1.0" (`project:`, bodywork-core 2.x) and
// "1.1" (`pipeline:`, bodywork-core 3.x). Stages run as that version's runner runs them
// (bodywork-runtime.ts). See docs/bodywork.md for the mapping and what we do differently.

const custom = <T>(check: (value: unknown) => boolean, text: string, fix: string) => z.custom<T>((value) => check(value), { error: problem(text, fix) });
const intAtLeast = (min: number, fix: string) => custom<number>((v) => Number.isInteger(v) && (v as number) >= min, `expected integer >= ${min}`, fix);
// Bodywork takes any float >= 0 and any int >= 0; above 0, a Kubernetes request is at least one
// millicore, and a memory request fits the int32 the API server's quantities are checked against.
const isCores = (v: unknown) => typeof v === "number" && Number.isFinite(v) && (v === 0 || (v >= 0.001 && v <= 1_000_000));
const cores = custom<number>(isCores, "expected 0, or a number of cores from 0.001 to 1000000", "use cores, e.g. 0.5.");
// Bodywork also takes 0 MB; the kubelet reads a zero memory limit as none at all, and modelship's
// memory limit is the request, so 0 is refused here rather than deployed unbounded.
const isMegabytes = (v: unknown) => Number.isInteger(v) && (v as number) >= 1 && (v as number) <= INT32_MAX;
const megabytes = custom<number>(
  isMegabytes,
  `expected integer from 1 to ${INT32_MAX} (0 would run the stage with no memory limit)`,
  "give the megabytes the stage needs, e.g. 100.",
);
const boolean = custom<boolean>((v) => typeof v === "boolean", "expected true or false", "use true or false.");
const text = (fix: string) => custom<string>((v) => typeof v === "string" && v.trim() !== "", "expected a non-empty string", fix);

const batchSchema = z.strictObject({
  max_completion_time_seconds: intAtLeast(1, "give the longest the stage may run, in seconds."),
  retries: intAtLeast(0, "use 0 (no retry) or more."),
});

const serviceSchema = z.strictObject({
  max_startup_time_seconds: intAtLeast(1, "give the longest the service may take to start, in seconds."),
  replicas: intAtLeast(0, "use 0 or more."),
  port: custom<number>((v) => Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 65535, "expected a port number 1-65535", "use e.g. 5000."),
  ingress: boolean.optional(),
});

const stageSchema = z.strictObject({
  executable_module_path: custom<string>(
    (v) => typeof v === "string" && /\.(py|ipynb)$/.test(v),
    "expected a path to a .py or .ipynb file",
    "use e.g. 'stage_1_train_model/train_model.py'.",
  ),
  args: z.array(z.union([z.string(), z.number(), z.boolean()], { error: problem("expected a string or number", "quote the argument.") })).optional(),
  cpu_request: cores,
  memory_request_mb: megabytes,
  requirements: z.array(z.string(), { error: problem("expected a list of pip requirements", "use e.g. ['scikit-learn==1.0.2'].") }).optional(),
  secrets: z
    .record(
      z.string().regex(ENV_VAR_NAME, { error: problem("is not a valid environment variable name", "use letters, digits and '_'.") }),
      custom<string>((v) => subdomainNameSchema.safeParse(v).success, "expected a Secret name", "use a DNS-1123 subdomain such as 'aws-credentials'."),
    )
    .optional(),
  batch: batchSchema.optional(),
  service: serviceSchema.optional(),
});

const pipelineSchema = z.strictObject({
  name: custom<string>(
    (v) => typeof v === "string" && /^[a-zA-Z0-9.-]+$/.test(v),
    "expected a name of letters, digits, '-' and '.'",
    "use e.g. 'bodywork-ml-pipeline-project'.",
  ),
  docker_image: text("give the image the stages run in, pinned, e.g. 'registry.example.com/ml/pipeline:1.0.0'."),
  DAG: text("give the stages in order, e.g. 'stage_1 >> stage_2'."),
  namespace: custom<string>((v) => labelNameSchema.safeParse(v).success, "expected a namespace name", "use lowercase letters, digits and '-'.").optional(),
  secrets_group: z.string().optional(),
  run_on_failure: z.string().optional(),
  usage_stats: z.boolean().optional(),
});

const fileSchema = z.strictObject({
  version: custom<string | number>(
    (v) => v === "1.0" || v === "1.1" || v === 1 || v === 1.1,
    'expected "1.0" or "1.1"',
    "use version: \"1.1\" (with 'pipeline:') or \"1.0\" (with 'project:').",
  ),
  pipeline: pipelineSchema.optional(),
  project: pipelineSchema.optional(),
  stages: z.record(z.string(), stageSchema, { error: problem("expected a map of stage names to stages", "see docs/bodywork.md.") }),
  logging: z.strictObject({ log_level: z.enum(["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]) }).optional(),
});

/** A `bodywork.yaml` after validation (Bodywork 1.x fields, snake_case as in the file). */
export interface BodyworkFile {
  readonly version: string | number;
  readonly pipeline?: BodyworkPipeline;
  /** Bodywork 1.0's name for `pipeline`. */
  readonly project?: BodyworkPipeline;
  readonly stages: Readonly<Record<string, BodyworkStage>>;
  readonly logging?: { readonly log_level: "DEBUG" | "INFO" | "WARNING" | "ERROR" | "CRITICAL" };
}

/** The `pipeline:` (or `project:`) section of a `bodywork.yaml`. */
export interface BodyworkPipeline {
  readonly name: string;
  readonly docker_image: string;
  readonly DAG: string;
  readonly namespace?: string;
  readonly secrets_group?: string;
  readonly run_on_failure?: string;
  readonly usage_stats?: boolean;
}

/** One stage of a `bodywork.yaml`. */
export interface BodyworkStage {
  readonly executable_module_path: string;
  readonly args?: readonly (string | number | boolean)[];
  readonly cpu_request: number;
  readonly memory_request_mb: number;
  readonly requirements?: readonly string[];
  readonly secrets?: Readonly<Record<string, string>>;
  readonly batch?: { readonly max_completion_time_seconds: number; readonly retries: number };
  readonly service?: { readonly max_startup_time_seconds: number; readonly replicas: number; readonly port: number; readonly ingress?: boolean };
}

// The interfaces above are the public shape (plain types, so zod stays internal). This fails to
// compile when a parsed file does not fit them, or when the schema has a field they lack.
type Fits<Parsed, Public> = [Parsed] extends [Public] ? (Exclude<keyof Parsed, keyof Public> extends never ? true : false) : false;
type Output<S extends z.ZodType> = z.output<S>;
const schemaMatchesTypes: [
  Fits<Output<typeof fileSchema>, BodyworkFile>,
  Fits<Output<typeof pipelineSchema>, BodyworkPipeline>,
  Fits<Output<typeof stageSchema>, BodyworkStage>,
] = [true, true, true];
void schemaMatchesTypes;

/** Pod annotation listing the stage's pip requirements: they must be installed in the image. */
export const REQUIREMENTS_ANNOTATION = "modelship.io/bodywork-requirements";
/** The runner a bodywork.yaml version was read by: "1.0" is bodywork-core 2.x, "1.1" is 3.x. */
export function runnerOf(file: Pick<BodyworkFile, "version">): BodyworkRunner {
  return file.version === "1.0" || file.version === 1 ? "2" : "3";
}

function workloadOf(stage: BodyworkStage, image: string, options: ImportOptions, runner: BodyworkRunner): BatchStageProps & ModelServiceProps {
  const env: Record<string, string | { secretKeyRef: { name: string; key: string } }> = {};
  const run = stageRun(stage.executable_module_path, stage.args, runner, stage.batch?.max_completion_time_seconds);
  for (const [name, value] of Object.entries(run.env ?? {})) env[name] = value;
  for (const [envVar, secret] of Object.entries(stage.secrets ?? {})) env[envVar] = { secretKeyRef: { name: secret, key: envVar } };
  const annotations: Record<string, string> = {};
  if (stage.requirements?.length) annotations[REQUIREMENTS_ANNOTATION] = stage.requirements.join(" ");
  return {
    image,
    ...(options.allowMutableImageTag ? { allowMutableImageTag: true } : {}),
    command: run.command,
    ...(run.args ? { args: run.args } : {}),
    workingDir: run.workingDir,
    resources: stageResources(stage.cpu_request, stage.memory_request_mb),
    ...(Object.keys(env).length ? { env } : {}),
    ...(Object.keys(annotations).length ? { podAnnotations: annotations } : {}),
  };
}

/** Checks the parsed file beyond its shape: stage kinds, the DAG, run_on_failure, the image. Returns issues with key paths. */
function crossCheck(file: BodyworkFile, options: ImportOptions, runner: BodyworkRunner): SourceIssue[] {
  const issues: SourceIssue[] = [];
  const top = file.pipeline ? "pipeline" : "project";
  const pipeline = file.pipeline ?? file.project;
  if (file.pipeline && file.project)
    issues.push({ field: "project", problem: "is given together with 'pipeline'", fix: "keep 'pipeline' (version 1.1) and remove 'project' (version 1.0)." });
  if (!pipeline) {
    issues.push({
      field: "pipeline",
      problem: "is required",
      fix: "add a 'pipeline:' section with name, docker_image and DAG (or 'project:' for version 1.0).",
    });
    return issues;
  }
  for (const [name, stage] of Object.entries(file.stages)) {
    if ((stage.batch === undefined) === (stage.service === undefined)) {
      issues.push({
        field: `stages.${name}`,
        problem: stage.batch ? "has both 'batch' and 'service'" : "has neither 'batch' nor 'service'",
        fix: "give exactly one: 'batch' (max_completion_time_seconds, retries) or 'service' (max_startup_time_seconds, replicas, port, ingress).",
      });
    }
    if (stage.executable_module_path.endsWith(".ipynb") && runner !== "3") {
      issues.push({
        field: `stages.${name}.executable_module_path`,
        problem: 'is a notebook, which Bodywork runs from bodywork.yaml version "1.1" (bodywork-core 3.x) only',
        value: stage.executable_module_path,
        fix: "use version: \"1.1\" with 'pipeline:', or a .py module.",
      });
    }
    if (stage.service?.ingress && options.ingress !== "none" && !gatewayOption(options).parentRef && !gatewayOption(options).issue) {
      issues.push({
        field: `stages.${name}.service.ingress`,
        problem: "asks for a route from outside the cluster, but no Gateway listener is given to attach it to",
        value: true,
        fix: `${GATEWAY_FIX}; or pass --ingress none to keep the service in-cluster, or set ingress: false.`,
      });
    }
    if (stage.executable_module_path.endsWith(".ipynb") && stage.args?.length) {
      issues.push({
        field: `stages.${name}.args`,
        problem: "cannot be passed to a notebook",
        value: stage.args,
        fix: "read parameters from environment variables in the notebook, or use a .py module.",
      });
    }
  }
  const declared = Object.keys(file.stages);
  const onFailure = pipeline.run_on_failure;
  const { issues: dagIssues } = buildGraph(Dag.parse(pipeline.DAG).steps, declared, {
    field: `${top}.DAG`,
    exempt: onFailure !== undefined ? [onFailure] : [],
  });
  issues.push(...dagIssues);
  if (onFailure !== undefined) {
    const stage = file.stages[onFailure];
    if (!stage)
      issues.push({
        field: `${top}.run_on_failure`,
        problem: `names stage '${onFailure}', which is not declared in 'stages'`,
        value: onFailure,
        fix: `declare it under 'stages' as a batch stage.`,
      });
    else if (!stage.batch)
      issues.push({
        field: `${top}.run_on_failure`,
        problem: `names '${onFailure}', which is not a batch stage`,
        value: onFailure,
        fix: "make it a batch stage: it runs once when the pipeline fails.",
      });
    if (Dag.parse(pipeline.DAG).steps.some((step) => step.includes(onFailure))) {
      issues.push({
        field: `${top}.run_on_failure`,
        problem: `names '${onFailure}', which is also in the DAG`,
        value: onFailure,
        fix: `remove '${onFailure}' from the DAG.`,
      });
    }
  }
  const gateway = gatewayOption(options);
  if (gateway.issue) issues.push(gateway.issue);
  const image = options.image ?? pipeline.docker_image;
  const imageField = options.image !== undefined ? "--image" : `${top}.docker_image`;
  if (isRunnerImage(image)) {
    const requirements = Object.values(file.stages).flatMap((stage) => stage.requirements ?? []);
    issues.push({
      field: imageField,
      problem: `is Bodywork's generic runner, which git-clones the project and pip-installs its requirements when the pod starts; modelship runs the image as it is, so the pod would find no project code`,
      value: image,
      fix: `build an image holding the project at ${PROJECT_DIR} with the stages' requirements installed, from the project root with this Dockerfile: "${projectDockerfile(requirements, runner).split("\n").join("; ")}"; push it with a version tag or digest and pass --image <ref> (importer option \`image\`) or set docker_image to it (see docs/bodywork.md).`,
    });
  } else {
    const reason = mutableImageReason(image);
    if (reason && !options.allowMutableImageTag) {
      issues.push({
        field: imageField,
        problem: `${reason}, so each run could get a different image`,
        value: image,
        fix: "push the project image with a version tag (or use its digest) and set it here; or pass --allow-mutable-image to accept the tag as it is.",
      });
    }
  }
  if (options.engine !== undefined && !["argo-workflows", "argo-cd", "plain"].includes(options.engine)) {
    issues.push({ field: "", problem: `unknown engine '${options.engine}'`, fix: "use --engine argo-workflows, argo-cd or plain." });
  }
  return issues;
}

/** Turns a validated bodywork.yaml into Workflow props. */
export function bodyworkToWorkflow(file: BodyworkFile, options: ImportOptions = {}, runner: BodyworkRunner = runnerOf(file)): WorkflowProps {
  const pipeline = file.pipeline ?? file.project;
  if (!pipeline) throw new Error("bodyworkToWorkflow: the file has no pipeline (validate it first)");
  const name = toDnsLabel(pipeline.name, 52);
  const namespace = pipeline.namespace ?? toDnsLabel(pipeline.name);
  const parentRef = gatewayOption(options).parentRef;
  const stages: Record<string, WorkflowStageProps> = {};
  for (const [stageName, stage] of Object.entries(file.stages)) {
    const workload = workloadOf(stage, options.image ?? pipeline.docker_image, options, runner);
    if (stage.batch) {
      stages[stageName] = {
        batch: {
          ...workload,
          retries: stage.batch.retries,
          maxCompletionSeconds: jobDeadlineSeconds(stage.batch.max_completion_time_seconds, stage.batch.retries, runner),
        },
      };
    } else if (stage.service) {
      // Bodywork's nginx Ingress served `/<namespace>/<deployment>(/|$)(.*)` rewritten to `/$2`.
      const route =
        stage.service.ingress && options.ingress !== "none" && parentRef
          ? { route: { parentRef, pathPrefix: ingressPath(namespace, pipeline.name, stageName, runner), stripPrefix: true } }
          : {};
      stages[stageName] = {
        service: {
          ...workload,
          port: stage.service.port,
          replicas: stage.service.replicas,
          health: { maxStartupSeconds: stage.service.max_startup_time_seconds },
          ...route,
        },
      };
    }
  }
  return {
    name,
    namespace,
    partOf: toDnsLabel(pipeline.name),
    stages,
    dag: pipeline.DAG,
    ...(pipeline.run_on_failure !== undefined ? { onFailure: pipeline.run_on_failure } : {}),
    ...(options.engine !== undefined ? { engine: options.engine as WorkflowEngine } : {}),
  };
}

/**
 * Validates a Bodywork configuration in the shape of bodywork.yaml (whatever file it was read
 * from: the INI importer builds the same shape): its fields, then the stage kinds, the DAG,
 * run_on_failure and the image. Returns the parsed file, or every issue with its key path
 * (`stages.train.batch.retries`).
 */
export function validateBodywork(
  input: unknown,
  options: ImportOptions = {},
  runner?: BodyworkRunner,
): { file: BodyworkFile; issues: [] } | { file?: undefined; issues: SourceIssue[] } {
  const result = z.safeParse(fileSchema, input, { reportInput: true });
  if (!result.success) {
    const issues = issuesFromZod(result.error, input, (p) => knownKeys(fileSchema, p));
    // A missing required key reaches the custom checks as `undefined`: say "is required".
    return {
      issues: issues.map((issue) => ({
        ...issue,
        problem: issue.value === undefined && issue.problem.startsWith("expected") ? `is required (${issue.problem})` : issue.problem,
      })),
    };
  }
  const issues = crossCheck(result.data, options, runner ?? runnerOf(result.data));
  return issues.length > 0 ? { issues } : { file: result.data, issues: [] };
}

/**
 * Reads `bodywork.yaml` into one Workflow document. Every problem is reported at once, each with
 * its key path and line: `bodywork.yaml:14: stages.train.batch.retries: expected integer >= 0 (got "two").`
 */
export function loadBodywork(fileName: string, text: string, options: ImportOptions = {}): DefinitionDocument[] {
  const source = parseYaml(fileName, text, "bodywork.yaml");
  if (source.documents.length !== 1) {
    throw new SourceError(
      fileName,
      [{ field: "", problem: `holds ${source.documents.length} YAML documents, expected 1`, line: 1, fix: "keep one document in bodywork.yaml." }],
      "bodywork.yaml",
    );
  }
  const input: unknown = source.documents[0].toJS();
  const at = (issue: { field: string }): number | undefined => source.lineOf(0, pathSegments(issue.field));
  const { file, issues } = validateBodywork(input, options);
  if (!file)
    throw new SourceError(
      fileName,
      issues.map((issue) => ({ ...issue, line: issue.line ?? at(issue) })),
      "bodywork.yaml",
    );
  const line = at({ field: file.pipeline ? "pipeline" : "project" });
  return [{ kind: "Workflow", props: bodyworkToWorkflow(file, options) as unknown as Record<string, unknown>, source: { file: fileName, line } }];
}

/** Recognises `bodywork.yaml` by name, or by its `pipeline:`/`project:` and `stages:` sections. */
export const bodyworkImporter: Importer = {
  name: "bodywork",
  detect: detectBodywork,
  load: loadBodywork,
};
