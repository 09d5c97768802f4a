import type { EnvValue } from "../model/env";
import { ModelshipValidationError, type ValidationIssue } from "../model/errors";
import { resolveLabProject, type LabProjectProps, type LabScope, type LabServiceProps } from "../model/lab-project";
import { toDnsLabel } from "../model/names";
import type { Importer, SpecDocument } from "../spec/document";
import { mutableImageReason } from "../model/image";
import { shellWords } from "./shell-words";

/** CLI choices the importers honour (structurally the CLI's `ImportOptions`). */
export interface LabImportOptions {
  /** Accept `:latest`/untagged images from the file (they are an error by default). @default false */
  readonly allowMutableImageTag?: boolean;
}

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

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The Secret that holds Orchest's project/pipeline env (Orchest treats those as secrets). */
export function orchestEnvSecret(project: string): string {
  return `${project}-env`;
}

function projectNameOf(fileName: string, pipeline: Record<string, unknown>): string {
  const raw = typeof pipeline.name === "string" && pipeline.name.trim() !== "" ? pipeline.name : (fileName.split("/").pop() ?? "pipeline").replace(/\.orchest$/, "");
  const label = toDnsLabel(raw, 40);
  return /^[a-z]/.test(label) ? label : toDnsLabel(`p-${label}`, 40);
}

function words(value: unknown, field: string, issues: ValidationIssue[]): string[] | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value !== "string") {
    issues.push({ field, problem: "must be a string", value, fix: "write the command line as one string, e.g. \"-c 'umask 002 && tensorboard --logdir /data'\"." });
    return undefined;
  }
  try {
    return shellWords(value);
  } catch (error) {
    issues.push({ field, problem: `cannot be split into words: ${(error as Error).message}`, value, fix: "close the quote." });
    return undefined;
  }
}

function convertService(key: string, raw: unknown, project: string, issues: ValidationIssue[], projectEnv: Record<string, EnvValue>, options: LabImportOptions): LabServiceProps | undefined {
  const at = `services.${key}`;
  if (!isObject(raw)) {
    issues.push({ field: at, problem: "must be an object", value: raw, fix: "describe the service with name, image, ports, ..." });
    return undefined;
  }
  const name = typeof raw.name === "string" ? raw.name : key;
  if (!ORCHEST_SERVICE_NAME.test(name)) issues.push({ field: `${at}.name`, problem: "is not a valid Orchest service name", value: name, fix: "use 1-26 lowercase letters, digits and '-', starting with a letter." });
  const image = raw.image;
  if (typeof image !== "string" || image === "") {
    issues.push({ field: `${at}.image`, problem: "is required", value: image, fix: "set the image, e.g. 'redis:7.4.2'." });
  } else if (image.startsWith("environment@")) {
    issues.push({ field: `${at}.image`, problem: "is an Orchest environment, which exists only inside Orchest", value: image, fix: "build the environment into an image, push it, and set that image (pinned by tag or digest)." });
  }
  const command = words(raw.command ?? raw.entrypoint, `${at}.${raw.command !== undefined ? "command" : "entrypoint"}`, issues);
  const args = words(raw.args, `${at}.args`, issues);
  let ports: number[] = [];
  if (raw.ports !== undefined) {
    if (!Array.isArray(raw.ports) || raw.ports.some((p) => typeof p !== "number" || !Number.isInteger(p) || p < 1 || p > 65535)) {
      issues.push({ field: `${at}.ports`, problem: "must be a list of port numbers", value: raw.ports, fix: "write e.g. [8501]." });
    } else ports = [...new Set(raw.ports as number[])];
  }
  let binds: LabServiceProps["binds"];
  if (raw.binds !== undefined) {
    if (!isObject(raw.binds)) issues.push({ field: `${at}.binds`, problem: "must map /data or /project-dir to a path", value: raw.binds, fix: "write e.g. { \"/data\": \"/data\" }." });
    else {
      for (const [source, target] of Object.entries(raw.binds)) {
        if (!BIND_SOURCES.includes(source)) issues.push({ field: `${at}.binds.${source}`, problem: "is not a directory Orchest can bind", value: source, fix: "bind '/data' or '/project-dir'." });
        else if (typeof target !== "string" || !target.startsWith("/")) issues.push({ field: `${at}.binds.${source}`, problem: "must be an absolute container path", value: target, fix: "use e.g. '/data'." });
      }
      const entries = Object.entries(raw.binds).filter(([source, target]) => BIND_SOURCES.includes(source) && typeof target === "string" && target !== "");
      if (entries.length) binds = Object.fromEntries(entries) as LabServiceProps["binds"];
    }
  }
  const env: Record<string, EnvValue> = {};
  if (raw.env_variables !== undefined) {
    if (!isObject(raw.env_variables)) issues.push({ field: `${at}.env_variables`, problem: "must map names to values", value: raw.env_variables, fix: "write e.g. { \"LOG_LEVEL\": \"info\" }." });
    else for (const [envName, value] of Object.entries(raw.env_variables)) env[envName] = typeof value === "string" ? value : JSON.stringify(value);
  }
  let envInherit: string[] | undefined;
  if (raw.env_variables_inherit !== undefined) {
    if (!Array.isArray(raw.env_variables_inherit) || raw.env_variables_inherit.some((n) => typeof n !== "string")) {
      issues.push({ field: `${at}.env_variables_inherit`, problem: "must be a list of names", value: raw.env_variables_inherit, fix: "write e.g. [\"POSTGRES_PASSWORD\"]." });
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
      issues.push({ field: `${at}.scope`, problem: "must list 'interactive' and/or 'noninteractive'", value: raw.scope, fix: "write e.g. [\"interactive\"]." });
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
  // A service with ports is reachable from outside only when exposed; without ports it is internal.
  const exposed = (flag("exposed") ?? false) && ports.length > 0;
  const requiresAuthentication = flag("requires_authentication") ?? true;
  const preserveBasePath = flag("preserve_base_path") ?? false;
  return {
    name,
    image: typeof image === "string" ? image : "",
    ...(options.allowMutableImageTag && typeof image === "string" && mutableImageReason(image) ? { allowMutableImageTag: true } : {}),
    ...(command ? { command } : {}),
    ...(args ? { args } : {}),
    ...(ports.length ? { ports: ports.map((port) => ({ name: `port-${port}`, port })) } : {}),
    ...(binds ? { binds } : {}),
    ...(Object.keys(env).length ? { env } : {}),
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
 * Reads an Orchest pipeline definition (`*.orchest`, JSON) into one LabProject document: each
 * entry of `services` becomes a project service (old files' `entrypoint` is read as `command`;
 * `args` is shell-split; services without ports get Orchest's default port and stay internal).
 * Inherited env vars come from the Secret `<project>-env`. Problems are reported with the key
 * path in the pipeline file (`services.redis.image`).
 */
export function loadOrchestPipeline(fileName: string, text: string, options: LabImportOptions = {}): SpecDocument[] {
  let pipeline: unknown;
  try {
    pipeline = JSON.parse(text);
  } catch (error) {
    throw new ModelshipValidationError("Orchest pipeline", fileName, [{ field: "", problem: `is not valid JSON: ${(error as Error).message}`, fix: "check the file." }]);
  }
  if (!isObject(pipeline)) throw new ModelshipValidationError("Orchest pipeline", fileName, [{ field: "", problem: "is not a JSON object", fix: "give a pipeline definition file." }]);
  const project = projectNameOf(fileName, pipeline);
  const issues: ValidationIssue[] = [];
  const rawServices = pipeline.services ?? {};
  if (!isObject(rawServices)) issues.push({ field: "services", problem: "must map service names to services", value: rawServices, fix: "write { \"redis\": { ... } }." });
  const projectEnv: Record<string, EnvValue> = {};
  const entries = isObject(rawServices) ? Object.entries(rawServices) : [];
  const ordered = entries
    .map(([key, raw], index) => ({ key, raw, order: isObject(raw) && typeof raw.order === "number" ? raw.order : Number.MAX_SAFE_INTEGER, index }))
    .sort((a, b) => a.order - b.order || a.index - b.index);
  const services: LabServiceProps[] = [];
  const keys: string[] = [];
  for (const { key, raw } of ordered) {
    const service = convertService(key, raw, project, issues, projectEnv, options);
    if (service) {
      services.push(service);
      keys.push(key);
    }
  }
  if (issues.length) throw new ModelshipValidationError("Orchest pipeline", fileName, issues);
  const props: LabProjectProps = {
    name: project,
    ...(services.some((s) => s.exposed) ? { ingress: { gateway: ORCHEST_IMPORT_GATEWAY } } : {}),
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
      error.issues.map((issue) => ({ ...issue, field: sourcePath(issue.field, keys) })),
    );
  }
  return [{ kind: "LabProject", props: { ...props }, source: { file: fileName } }];
}

/** Orchest pipeline files: `*.orchest`, or JSON with `steps` and `uuid` (a pipeline definition). */
export const orchestImporter: Importer = {
  name: "orchest",
  detect(fileName, text) {
    if (fileName.endsWith(".orchest")) return true;
    if (!fileName.endsWith(".json")) return false;
    try {
      const parsed: unknown = JSON.parse(text);
      return isObject(parsed) && isObject(parsed.steps) && typeof parsed.uuid === "string";
    } catch {
      return false;
    }
  },
  load: loadOrchestPipeline,
};
