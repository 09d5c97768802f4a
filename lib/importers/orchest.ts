import type { EnvValue } from "../model/env";
import { ModelshipValidationError, type ValidationIssue } from "../model/errors";
import { labServicePath, resolveLabProject, type LabProjectProps, type LabScope, type LabServiceProps } from "../model/lab";
import { toDnsLabel } from "../model/names";
import fs from "node:fs";
import path from "node:path";
import type { Importer, ImportOptions, DefinitionDocument } from "../definitions/document";
import { mutableImageReason } from "../model/image";
import { gatewayOption } from "./gateway";
import { detectOrchest, isObject } from "./detect";
import { knownImageSettings, UNKNOWN_IMAGE_SETTINGS } from "./orchest-images";
import { shellWords } from "./shell-words";

/** CLI choices the importers honour (structurally the CLI's `ImportOptions`). */
export type LabImportOptions = Pick<ImportOptions, "allowMutableImageTag" | "gateway" | "project">;

/**
 * Gateway the routes of imported exposed services attach to: Envoy Gateway's quick-start Gateway
 * `eg`, on its HTTPS listener `https` (the quick-start has only `http` on port 80: add the HTTPS
 * listener, the route does not attach without it). Orchest pipelines say nothing about it;
 * change it in the spec if yours differs.
 */
export const ORCHEST_IMPORT_GATEWAY = { name: "eg", namespace: "envoy-gateway-system", sectionName: "https" } as const;

/** Orchest service names. */
const ORCHEST_SERVICE_NAME = /^[a-z][0-9a-z-]{0,25}$/;
const SCOPES: readonly string[] = ["interactive", "noninteractive"];
const BIND_SOURCES: readonly string[] = ["/data", "/project-dir"];

/** Our LabService prop -> the Orchest key it came from, for error paths. */
const ORCHEST_KEYS: Readonly<Record<string, string>> = {
  env: "env_variables",
  envInherit: "env_variables_inherit",
  exposedPorts: "ports",
  ports: "ports",
  requiresAuthentication: "requires_authentication",
  preserveBasePath: "preserve_base_path",
};

/** The Secret that holds Orchest's project/pipeline env (Orchest treats those as secrets). */
export function orchestEnvSecret(project: string): string {
  return `${project}-env`;
}

/**
 * The Orchest project a pipeline file belongs to: an Orchest project is a directory (Orchest keeps
 * a `.orchest/` folder at its root) and may hold several pipelines, so the project, not the
 * pipeline's display name, names the namespace: the nearest directory up from the file holding
 * `.orchest/`, else the file's own directory. `options.project` wins.
 */
export function projectNameOf(fileName: string, options: LabImportOptions = {}): string {
  let raw = options.project;
  if (raw === undefined) {
    const start = path.dirname(path.resolve(fileName));
    let dir = start;
    while (!fs.existsSync(path.join(dir, ".orchest")) && path.dirname(dir) !== dir) dir = path.dirname(dir);
    raw = path.basename(path.dirname(dir) === dir ? start : dir) || "project";
  }
  const label = toDnsLabel(raw, 40);
  return /^[a-z]/.test(label) ? label : toDnsLabel(`p-${label}`, 40);
}

/** Orchest's service name migration (compat.py `_migrate_1_2_1`): lower-cased, leading non-letters dropped, 26 characters. */
export function migrateServiceName(name: string): string {
  const lower = name.toLowerCase();
  const first = lower.search(/[a-z]/);
  return first < 0 ? "" : lower.slice(first, first + 26);
}

/**
 * Orchest replaces `$BASE_PATH_PREFIX` in a service's config with the service's ingress path
 * (without the leading '/'); users append `_<port>`, the path of that port (_manifests.py). Here
 * `$BASE_PATH_PREFIX_<port>` becomes the port's proxy path without its slashes.
 */
function substitute(value: string, project: string, service: string, ports: readonly number[], field: string, issues: ValidationIssue[]): string {
  return value.replace(/\$BASE_PATH_PREFIX(_(\d+))?/g, (whole, _suffix: string | undefined, port: string | undefined) => {
    if (port === undefined || !ports.includes(Number(port))) {
      issues.push({
        field,
        problem: `uses ${whole}, but ${port === undefined ? "a path without a port does not reach the service here" : `port ${port} is not one of the service's ports`}`,
        value,
        fix: `write $BASE_PATH_PREFIX_<port> with one of the service's ports (${ports.join(", ") || "none"}); it becomes that port's base path.`,
      });
      return whole;
    }
    return labServicePath(project, service, Number(port)).replace(/^\/|\/$/g, "");
  });
}

/** Orchest's default port of a service that lists none (compat.py `_migrate_1_1_0`). */
function defaultPort(image: string): number {
  const lower = image.toLowerCase();
  const table: Array<[string, number]> = [
    ["redis", 6379],
    ["postgres", 5432],
    ["streamlit", 8501],
    ["mysql", 3306],
    ["rabbitmq", 5672],
    ["tensorflow", 6006],
    ["voila", 8866],
    ["mlflow", 5000],
    ["shiny", 8000],
  ];
  return table.find(([part]) => lower.includes(part))?.[1] ?? 8080;
}

function words(value: unknown, field: string, issues: ValidationIssue[]): string[] | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value !== "string") {
    issues.push({
      field,
      problem: "must be a string",
      value,
      fix: "write the command line as one string, e.g. \"-c 'umask 002 && tensorboard --logdir /data'\".",
    });
    return undefined;
  }
  try {
    return shellWords(value);
  } catch (error) {
    issues.push({ field, problem: `cannot be split into words: ${(error as Error).message}`, value, fix: "close the quote." });
    return undefined;
  }
}

/** Why a service is run the way it is, for the warnings. */
interface ServiceNotes {
  readonly warnings: string[];
}

/**
 * The program of a service: Orchest's migration turns `entrypoint` + `command` into
 * `command: [entrypoint]`, `args: <command>`, and runs `command` as one word (not split) with
 * `args` split as a shell would (shlex.split).
 */
function program(raw: Record<string, unknown>, at: string, issues: ValidationIssue[]): { command?: string[]; args?: string[]; field: string } {
  const legacy = raw.entrypoint !== undefined;
  const field = legacy ? `${at}.entrypoint` : `${at}.command`;
  const executable = legacy ? raw.entrypoint : raw.command;
  const argsField = legacy ? (raw.command !== undefined ? `${at}.command` : `${at}.args`) : `${at}.args`;
  const argsValue = legacy ? (raw.command !== undefined ? raw.command : raw.args) : raw.args;
  let command: string[] | undefined;
  if (executable !== undefined && executable !== null && executable !== "") {
    if (typeof executable !== "string") issues.push({ field, problem: "must be a string", value: executable, fix: 'name the program, e.g. "bash".' });
    else if (/\s/.test(executable.trim())) {
      issues.push({
        field,
        problem: "holds a whole command line, but Orchest runs it as one program name (its arguments belong in the arguments string)",
        value: executable,
        fix: `set it to the program (${JSON.stringify(executable.trim().split(/\s+/)[0])}) and move the rest into ${legacy ? "'command'" : "'args'"}.`,
      });
    } else command = [executable.trim()];
  }
  return { command, args: words(argsValue, argsField, issues), field };
}

function convertService(
  key: string,
  raw: unknown,
  project: string,
  issues: ValidationIssue[],
  projectEnv: Record<string, EnvValue>,
  options: LabImportOptions,
  notes: ServiceNotes,
  pipelineUuid?: string,
): LabServiceProps | undefined {
  const at = `services.${key}`;
  if (!isObject(raw)) {
    issues.push({ field: at, problem: "must be an object", value: raw, fix: "describe the service with name, image, ports, ..." });
    return undefined;
  }
  const given = typeof raw.name === "string" ? raw.name : key;
  // Orchest lower-cases names when it opens an older pipeline; a name that is still invalid is refused.
  const name = migrateServiceName(given);
  if (!ORCHEST_SERVICE_NAME.test(name))
    issues.push({
      field: `${at}.name`,
      problem: "is not a valid Orchest service name",
      value: given,
      fix: "use 1-26 lowercase letters, digits and '-', starting with a letter.",
    });
  const image = raw.image;
  if (typeof image !== "string" || image === "") {
    issues.push({ field: `${at}.image`, problem: "is required", value: image, fix: "set the image, e.g. 'redis:7.4.2'." });
  } else if (image.startsWith("environment@")) {
    issues.push({
      field: `${at}.image`,
      problem: "is an Orchest environment, which exists only inside Orchest",
      value: image,
      fix: "build the environment into an image, push it, and set that image (pinned by tag or digest).",
    });
  }
  const run = program(raw, at, issues);
  let ports: number[] = [];
  if (raw.ports !== undefined) {
    if (!Array.isArray(raw.ports) || raw.ports.some((p) => typeof p !== "number" || !Number.isInteger(p) || p < 1 || p > 65535)) {
      issues.push({ field: `${at}.ports`, problem: "must be a list of port numbers", value: raw.ports, fix: "write e.g. [8501]." });
    } else ports = [...new Set(raw.ports as number[])];
  }
  if (!ports.length && raw.ports === undefined && typeof image === "string" && image !== "") ports = [defaultPort(image)];
  const sub = (value: string, field: string) => substitute(value, project, name, ports, field, issues);
  const command = run.command?.map((word) => sub(word, run.field));
  const args = run.args?.map((word) => sub(word, `${at}.args`));
  let binds: LabServiceProps["binds"];
  if (raw.binds !== undefined) {
    if (!isObject(raw.binds))
      issues.push({ field: `${at}.binds`, problem: "must map /data or /project-dir to a path", value: raw.binds, fix: 'write e.g. { "/data": "/data" }.' });
    else {
      for (const [source, target] of Object.entries(raw.binds)) {
        if (!BIND_SOURCES.includes(source))
          issues.push({
            field: `${at}.binds.${source}`,
            problem: "is not a directory Orchest can bind",
            value: source,
            fix: "bind '/data' or '/project-dir'.",
          });
        else if (typeof target !== "string" || !target.startsWith("/"))
          issues.push({ field: `${at}.binds.${source}`, problem: "must be an absolute container path", value: target, fix: "use e.g. '/data'." });
      }
      const entries = Object.entries(raw.binds).filter(([source, target]) => BIND_SOURCES.includes(source) && typeof target === "string" && target !== "");
      if (entries.length) binds = Object.fromEntries(entries) as LabServiceProps["binds"];
    }
  }
  const env: Record<string, EnvValue> = {};
  if (raw.env_variables !== undefined) {
    if (!isObject(raw.env_variables))
      issues.push({ field: `${at}.env_variables`, problem: "must map names to values", value: raw.env_variables, fix: 'write e.g. { "LOG_LEVEL": "info" }.' });
    else
      for (const [envName, value] of Object.entries(raw.env_variables))
        env[envName] = sub(typeof value === "string" ? value : JSON.stringify(value), `${at}.env_variables.${envName}`);
  }
  let envInherit: string[] | undefined;
  if (raw.env_variables_inherit !== undefined) {
    if (!Array.isArray(raw.env_variables_inherit) || raw.env_variables_inherit.some((n) => typeof n !== "string")) {
      issues.push({
        field: `${at}.env_variables_inherit`,
        problem: "must be a list of names",
        value: raw.env_variables_inherit,
        fix: 'write e.g. ["POSTGRES_PASSWORD"].',
      });
    } else {
      envInherit = raw.env_variables_inherit as string[];
      // Orchest keeps project and pipeline env out of the file and treats them as secrets:
      // they are read from one Secret the project provides.
      for (const inherited of envInherit) projectEnv[inherited] = { secretKeyRef: { name: orchestEnvSecret(project), key: inherited } };
    }
  }
  let scope: LabScope[] | undefined;
  if (raw.scope !== undefined) {
    if (!Array.isArray(raw.scope) || raw.scope.some((s) => typeof s !== "string" || !SCOPES.includes(s))) {
      issues.push({ field: `${at}.scope`, problem: "must list 'interactive' and/or 'noninteractive'", value: raw.scope, fix: 'write e.g. ["interactive"].' });
    } else scope = raw.scope as LabScope[];
  }
  const flag = (k: string): boolean | undefined => {
    const value = raw[k];
    if (value === undefined) return undefined;
    if (typeof value !== "boolean") {
      issues.push({ field: `${at}.${k}`, problem: "must be true or false", value, fix: `set ${k} to true or false.` });
      return undefined;
    }
    return value;
  };
  const exposed = (flag("exposed") ?? false) && ports.length > 0;
  const requiresAuthentication = flag("requires_authentication") ?? true;
  const preserveBasePath = flag("preserve_base_path") ?? false;
  // Orchest runs services as root; the restricted pod security here needs a user the image works as.
  const known = typeof image === "string" ? knownImageSettings(image) : undefined;
  const settings = known ?? UNKNOWN_IMAGE_SETTINGS;
  if (!known && typeof image === "string" && image !== "" && !image.startsWith("environment@")) {
    notes.warnings.push(
      `${at}.image: '${image}' is not an image modelship knows the user of; Orchest ran it as root, here it runs as uid 1000 with a writable root filesystem and HOME=/tmp. If it needs root it will not start: build it FROM '${image}' with a numeric non-root USER owning the paths it writes.`,
    );
  }
  // Orchest's own variables (_get_orchest_sdk_vars) that mean something outside an Orchest session.
  const orchestEnv: Record<string, string> = pipelineUuid ? { ORCHEST_PIPELINE_UUID: pipelineUuid } : {};
  const allEnv = { ...(settings.env ?? {}), ...orchestEnv, ...env };
  return {
    name,
    image: typeof image === "string" ? image : "",
    ...(options.allowMutableImageTag && typeof image === "string" && mutableImageReason(image) ? { allowMutableImageTag: true } : {}),
    ...(command ? { command } : {}),
    ...(args ? { args } : {}),
    ...(ports.length ? { ports: ports.map((port) => ({ name: `port-${port}`, port })) } : {}),
    ...(binds ? { binds } : {}),
    ...(Object.keys(allEnv).length ? { env: allEnv } : {}),
    security: { ...settings.security },
    ...(settings.resources ? { resources: { ...settings.resources } } : {}),
    // LAB_API_TOKEN and the other LAB_* variables are ML Lab's; an Orchest service does not read them.
    labEnv: false,
    ...(envInherit?.length ? { envInherit } : {}),
    ...(scope ? { scope } : {}),
    exposed,
    ...(exposed ? { requiresAuthentication, preserveBasePath } : {}),
  };
}

/** Maps a LabProject field (`services[2].env.X`) back to the pipeline key path (`services.redis.env_variables.X`). */
function sourcePath(field: string, keys: readonly string[]): string {
  const match = /^services\[(\d+)\](?:\.([A-Za-z]+))?(.*)$/.exec(field);
  if (!match) return field;
  const key = keys[Number(match[1])] ?? match[1];
  const prop = match[2] ? `.${ORCHEST_KEYS[match[2]] ?? match[2]}` : "";
  return `services.${key}${prop}${match[3]}`;
}

/**
 * Reads an Orchest pipeline definition (`*.orchest`, JSON) into one LabProject document named
 * after the Orchest project (see `projectNameOf`): each entry of `services` becomes a project
 * service, read as Orchest's migrations and session manifests read it (compat.py, _manifests.py):
 * `entrypoint` + `command` become command + args, `command` is one program, `args` is
 * shell-split, names are lower-cased, `$BASE_PATH_PREFIX_<port>` is substituted, services without
 * ports get Orchest's default port. Pipeline steps are not imported (a warning says so).
 * Inherited env vars come from the Secret `<project>-env`. Problems are reported with the key
 * path in the pipeline file (`services.redis.image`).
 */
export function loadOrchestPipeline(fileName: string, text: string, options: LabImportOptions = {}): DefinitionDocument[] {
  let pipeline: unknown;
  try {
    pipeline = JSON.parse(text);
  } catch (error) {
    throw new ModelshipValidationError("Orchest pipeline", fileName, [
      { field: "", problem: `is not valid JSON: ${(error as Error).message}`, fix: "check the file." },
    ]);
  }
  if (!isObject(pipeline))
    throw new ModelshipValidationError("Orchest pipeline", fileName, [{ field: "", problem: "is not a JSON object", fix: "give a pipeline definition file." }]);
  const project = projectNameOf(fileName, options);
  const issues: ValidationIssue[] = [];
  const notes: ServiceNotes = { warnings: [] };
  const steps = isObject(pipeline.steps) ? Object.keys(pipeline.steps).length : 0;
  if (steps > 0) {
    notes.warnings.push(
      `steps: the pipeline's ${steps === 1 ? "1 step is" : `${steps} steps are`} not imported, only its services: steps run notebooks and scripts in Orchest environments, which exist only inside Orchest. Describe them as a Workflow of BatchStages (docs/workflows.md) with images built from those environments.`,
    );
  }
  const pipelineUuid = typeof pipeline.uuid === "string" && pipeline.uuid !== "" ? pipeline.uuid : undefined;
  const gateway = gatewayOption(options);
  if (gateway.issue) issues.push(gateway.issue);
  const parentRef = gateway.parentRef;
  if (parentRef && parentRef.namespace === undefined)
    issues.push({
      field: "--gateway",
      problem: "names no namespace, but the project's routes live in the project namespace",
      value: options.gateway,
      fix: "give the Gateway's namespace: --gateway <namespace>/<gateway>:<listener>.",
    });
  const rawServices = pipeline.services ?? {};
  if (!isObject(rawServices))
    issues.push({ field: "services", problem: "must map service names to services", value: rawServices, fix: 'write { "redis": { ... } }.' });
  const projectEnv: Record<string, EnvValue> = {};
  const entries = isObject(rawServices) ? Object.entries(rawServices) : [];
  const ordered = entries
    .map(([key, raw], index) => ({ key, raw, order: isObject(raw) && typeof raw.order === "number" ? raw.order : Number.MAX_SAFE_INTEGER, index }))
    .sort((a, b) => a.order - b.order || a.index - b.index);
  const services: LabServiceProps[] = [];
  const keys: string[] = [];
  for (const { key, raw } of ordered) {
    const service = convertService(key, raw, project, issues, projectEnv, options, notes, pipelineUuid);
    if (service) {
      const other = services.findIndex((s) => s.name === service.name);
      if (other >= 0)
        issues.push({
          field: `services.${key}.name`,
          problem: `becomes '${service.name}' (Orchest lower-cases names), as does service '${keys[other]}'`,
          value: isObject(raw) ? raw.name : key,
          fix: "give the two services names that differ in more than case.",
        });
      services.push(service);
      keys.push(key);
    }
  }
  if (issues.length) throw new ModelshipValidationError("Orchest pipeline", fileName, issues);
  const props: LabProjectProps = {
    name: project,
    ...(services.some((s) => s.exposed)
      ? {
          ingress: {
            gateway: parentRef?.namespace
              ? { name: parentRef.name, namespace: parentRef.namespace, sectionName: parentRef.sectionName }
              : ORCHEST_IMPORT_GATEWAY,
          },
        }
      : {}),
    ...(Object.keys(projectEnv).length ? { env: projectEnv } : {}),
    services,
  };
  // Validate now, so problems point at the pipeline file rather than at the generated props.
  try {
    resolveLabProject(props, { name: project });
  } catch (error) {
    if (!(error instanceof ModelshipValidationError)) throw error;
    throw new ModelshipValidationError(
      "Orchest pipeline",
      fileName,
      error.issues.map((issue) => ({
        ...issue,
        field: sourcePath(issue.field, keys),
        // The file cannot set allowMutableImageTag; the CLI flag can.
        ...(/^services\[\d+\]\.image$/.test(issue.field) && issue.fix?.includes("allowMutableImageTag")
          ? { fix: "pin a version tag (e.g. 'redis:7.4.2') or a digest ('repo/app@sha256:...'); or pass --allow-mutable-image to accept the tag as it is." }
          : {}),
      })),
    );
  }
  return [{ kind: "LabProject", props: { ...props }, source: { file: fileName }, ...(notes.warnings.length ? { warnings: notes.warnings } : {}) }];
}

/** Orchest pipeline files: `*.orchest`, or JSON with `steps` and `uuid` (a pipeline definition). */
export const orchestImporter: Importer = {
  name: "orchest",
  detect: detectOrchest,
  load: loadOrchestPipeline,
};
