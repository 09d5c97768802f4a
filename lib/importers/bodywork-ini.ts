import fs from "node:fs";
import path from "node:path";
import { Dag } from "../model/dag";
import type { Importer, ImportOptions, DefinitionDocument } from "../definitions/document";
import { bodyworkToWorkflow, validateBodywork } from "./bodywork";
import type { BodyworkRunner } from "./bodywork-runtime";
import { pathSegments, SourceError, type SourceIssue } from "./source";
import { detectBodyworkIni } from "./detect";

// Bodywork's older INI configuration (bodywork-core 0.2.x and 1.x): `bodywork.ini` at the project root
// and one `<stage>/config.ini` per stage directory named in the DAG. Each key is mapped 1:1 onto
// the bodywork.yaml shape, which the YAML importer validates and turns into a Workflow: both
// forms give the same Workflow. See docs/bodywork.md.

/** Where a value was read: file, section, key, line. */
interface IniPlace {
  readonly file: string;
  readonly section: string;
  readonly key?: string;
  readonly line: number;
}

interface IniEntry {
  readonly value: string;
  readonly line: number;
}

/** One parsed INI file: sections (lowercased names) of keys (uppercased: configparser ignores case). */
interface IniFile {
  readonly file: string;
  readonly sections: Map<string, { readonly line: number; readonly keys: Map<string, IniEntry> }>;
}

/**
 * Parses INI as Python's configparser reads Bodywork's files: `[section]`, `KEY=value` or
 * `KEY: value`, `#`/`;` comments; one pair of surrounding quotes is dropped.
 */
export function parseIni(file: string, text: string): IniFile {
  const sections: IniFile["sections"] = new Map();
  const issues: SourceIssue[] = [];
  let current: { line: number; keys: Map<string, IniEntry> } | undefined;
  let currentName = "";
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    if (trimmed === "" || trimmed.startsWith("#") || trimmed.startsWith(";")) return;
    const header = /^\[([^\]]+)\]$/.exec(trimmed);
    if (header) {
      currentName = header[1].trim().toLowerCase();
      if (sections.has(currentName)) {
        issues.push({ file, line, field: `[${currentName}]`, problem: "is given twice", fix: "merge the two sections." });
        current = sections.get(currentName);
        return;
      }
      current = { line, keys: new Map() };
      sections.set(currentName, current);
      return;
    }
    const pair = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(trimmed);
    if (!pair) {
      issues.push({
        file,
        line,
        field: currentName ? `[${currentName}]` : "",
        problem: `cannot read ${JSON.stringify(trimmed)}`,
        fix: "write KEY=value under a [section].",
      });
      return;
    }
    if (!current) {
      issues.push({ file, line, field: pair[1], problem: "is outside any [section]", fix: "put it under [default] or the section it belongs to." });
      return;
    }
    const key = pair[1].trim().toUpperCase();
    if (current.keys.has(key)) {
      issues.push({ file, line, field: `[${currentName}] ${key}`, problem: "is given twice", fix: "keep one." });
      return;
    }
    current.keys.set(key, { value: unquote(pair[2].trim()), line });
  });
  if (issues.length > 0) throw new SourceError(file, issues, "bodywork.ini");
  return { file, sections };
}

function unquote(value: string): string {
  const quoted = /^"(.*)"$/.exec(value) ?? /^'(.*)'$/.exec(value);
  return quoted ? quoted[1] : value;
}

type Conversion = "text" | "number" | "boolean";

/** INI key -> bodywork.yaml key (relative to the project or the stage), and how to read the value. */
const PROJECT_KEYS: Record<string, Record<string, readonly [string, Conversion]>> = {
  default: { PROJECT_NAME: ["pipeline.name", "text"], DOCKER_IMAGE: ["pipeline.docker_image", "text"] },
  workflow: { DAG: ["pipeline.DAG", "text"] },
  logging: { LOG_LEVEL: ["logging.log_level", "text"] },
};
const STAGE_KEYS: Record<string, Record<string, readonly [string, Conversion]>> = {
  default: {
    EXECUTABLE_SCRIPT: ["executable_module_path", "text"],
    CPU_REQUEST: ["cpu_request", "number"],
    MEMORY_REQUEST_MB: ["memory_request_mb", "number"],
  },
  batch: { MAX_COMPLETION_TIME_SECONDS: ["batch.max_completion_time_seconds", "number"], RETRIES: ["batch.retries", "number"] },
  service: {
    MAX_STARTUP_TIME_SECONDS: ["service.max_startup_time_seconds", "number"],
    REPLICAS: ["service.replicas", "number"],
    PORT: ["service.port", "number"],
    INGRESS: ["service.ingress", "boolean"],
  },
};

/** A number or boolean as written; anything else stays a string, so validation reports it as given. */
function convert(value: string, as: Conversion): unknown {
  if (as === "number" && /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(value)) return Number(value);
  if (as === "boolean" && /^(true|false)$/i.test(value)) return value.toLowerCase() === "true";
  return value;
}

function setPath(target: Record<string, unknown>, field: string, value: unknown): void {
  const segments = pathSegments(field).map(String);
  let node = target;
  for (const segment of segments.slice(0, -1)) node = (node[segment] ??= {}) as Record<string, unknown>;
  node[segments[segments.length - 1]] = value;
}

/** Builds the bodywork.yaml shape from an INI file's known keys, recording where each came from; unknown sections and keys are issues. */
function mapKeys(
  ini: IniFile,
  table: typeof PROJECT_KEYS,
  prefix: string,
  into: Record<string, unknown>,
  places: Map<string, IniPlace>,
  issues: SourceIssue[],
  skip: ReadonlySet<string> = new Set(),
): void {
  for (const [section, { line, keys }] of ini.sections) {
    places.set(`${ini.file}[${section}]`, { file: ini.file, section, line });
    if (skip.has(section)) continue;
    const known = table[section];
    if (!known) {
      issues.push({
        file: ini.file,
        line,
        field: `[${section}]`,
        problem: "is not a section Bodywork reads",
        fix: `use ${Object.keys(table)
          .map((s) => `[${s}]`)
          .join(", ")}.`,
      });
      continue;
    }
    for (const [key, entry] of keys) {
      const target = known[key];
      if (!target) {
        issues.push({
          file: ini.file,
          line: entry.line,
          field: `[${section}] ${key}`,
          problem: "is not a key Bodywork reads here",
          fix: `use ${Object.keys(known).join(", ")}.`,
        });
        continue;
      }
      setPath(into, target[0], convert(entry.value, target[1]));
      places.set(`${prefix}${target[0]}`, { file: ini.file, section, key, line: entry.line });
    }
  }
}

/** Pip requirements of a stage directory's requirements.txt (Bodywork installed them at start-up). */
function readRequirements(file: string): string[] | undefined {
  if (!fs.existsSync(file)) return undefined;
  const lines = fs
    .readFileSync(file, "utf8")
    .split(/\r?\n/)
    .map((l) => l.replace(/#.*$/, "").trim())
    .filter(Boolean);
  return lines.length ? lines : undefined;
}

/**
 * Reads a Bodywork INI project (`bodywork.ini` and the `config.ini` of each stage directory named
 * in `[workflow] DAG`, next to it) into the same Workflow the bodywork.yaml importer builds.
 * Every problem is reported at once, naming the file, line, section and key:
 * `scoring-service/config.ini:9: [service] PORT: expected a port number 1-65535 (got 70000).`
 */
export function loadBodyworkIni(fileName: string, text: string, options: ImportOptions = {}): DefinitionDocument[] {
  const root = parseIni(fileName, text);
  const input: Record<string, unknown> = { version: "1.1" };
  const places = new Map<string, IniPlace>();
  const issues: SourceIssue[] = [];
  mapKeys(root, PROJECT_KEYS, "", input, places, issues);
  places.set("pipeline", { file: fileName, section: "default", line: root.sections.get("default")?.line ?? 1 });

  const stages: Record<string, Record<string, unknown>> = {};
  input.stages = stages;
  const dag = root.sections.get("workflow")?.keys.get("DAG");
  const stageNames = dag ? [...new Set(Dag.parse(dag.value).steps.flat())] : [];
  const dir = path.dirname(fileName);
  // bodywork-core 1.0 made [service] INGRESS required (stage.py); a service stage without it was
  // written for 0.2.x, whose runner ran `python bodywork_project/<stage>/<script>` from its WORKDIR.
  let runner: BodyworkRunner = "1";
  for (const stage of stageNames) {
    const configFile = path.join(dir, stage, "config.ini");
    if (!fs.existsSync(configFile)) {
      issues.push({
        file: fileName,
        line: dag?.line,
        field: "[workflow] DAG",
        problem: `names stage '${stage}', but ${path.join(stage, "config.ini")} does not exist next to ${path.basename(fileName)}`,
        fix: `add the stage directory '${stage}' with its config.ini, or remove '${stage}' from the DAG.`,
      });
      continue;
    }
    const config = parseIni(configFile, fs.readFileSync(configFile, "utf8"));
    if (config.sections.get("default")?.keys.get("STAGE_TYPE")?.value.toLowerCase() === "service" && !config.sections.get("service")?.keys.has("INGRESS"))
      runner = "0.2";
    const prefix = `stages.${stage}.`;
    const stageObject: Record<string, unknown> = {};
    const stageIssues: SourceIssue[] = [];
    const type = config.sections.get("default")?.keys.get("STAGE_TYPE");
    const kind = type?.value.toLowerCase();
    const defaultLine = config.sections.get("default")?.line ?? 1;
    places.set(`stages.${stage}`, { file: configFile, section: "default", key: type ? "STAGE_TYPE" : undefined, line: type?.line ?? defaultLine });
    if (!type)
      stageIssues.push({
        file: configFile,
        line: defaultLine,
        field: "[default] STAGE_TYPE",
        problem: "is required",
        fix: 'use STAGE_TYPE="batch" or "service".',
      });
    else if (kind !== "batch" && kind !== "service")
      stageIssues.push({
        file: configFile,
        line: type.line,
        field: "[default] STAGE_TYPE",
        problem: 'expected "batch" or "service"',
        value: type.value,
        fix: 'use STAGE_TYPE="batch" or "service".',
      });
    const other = kind === "batch" ? "service" : kind === "service" ? "batch" : undefined;
    const otherSection = other ? config.sections.get(other) : undefined;
    if (other && otherSection)
      stageIssues.push({
        file: configFile,
        line: otherSection.line,
        field: `[${other}]`,
        problem: `does not apply to STAGE_TYPE "${kind}"`,
        fix: `remove it, or set STAGE_TYPE="${other}".`,
      });
    // STAGE_TYPE is read here, not mapped; a missing [batch]/[service] section is reported key by key.
    const withoutType: IniFile = {
      file: configFile,
      sections: new Map(
        [...config.sections].map(([name, s]) => [name, name === "default" ? { ...s, keys: new Map([...s.keys].filter(([k]) => k !== "STAGE_TYPE")) } : s]),
      ),
    };
    mapKeys(withoutType, STAGE_KEYS, prefix, stageObject, places, stageIssues, new Set(["secrets", ...(other ? [other] : [])]));
    if (kind === "batch" || kind === "service") {
      stageObject[kind] ??= {};
      if (!places.has(`${prefix}${kind}`)) places.set(`${prefix}${kind}`, { file: configFile, section: kind, line: type?.line ?? defaultLine });
    }
    // [secrets] ENV_VAR=secret-name, as bodywork.yaml's `secrets`.
    const secrets = config.sections.get("secrets");
    if (secrets) {
      const map: Record<string, string> = {};
      places.set(`${prefix}secrets`, { file: configFile, section: "secrets", line: secrets.line });
      for (const [key, entry] of secrets.keys) {
        map[key] = entry.value;
        places.set(`${prefix}secrets.${key}`, { file: configFile, section: "secrets", key, line: entry.line });
      }
      stageObject.secrets = map;
    }
    // EXECUTABLE_SCRIPT is relative to the stage directory; executable_module_path to the project root.
    if (typeof stageObject.executable_module_path === "string") stageObject.executable_module_path = `${stage}/${stageObject.executable_module_path}`;
    const requirements = readRequirements(path.join(dir, stage, "requirements.txt"));
    if (requirements) stageObject.requirements = requirements;
    issues.push(...stageIssues);
    stages[stage] = stageObject;
  }
  if (issues.length > 0) throw new SourceError(fileName, issues, "bodywork.ini");

  const { file, issues: found } = validateBodywork(input, options, runner);
  if (!file)
    throw new SourceError(
      fileName,
      found.map((issue) => locate(issue, places, fileName)),
      "bodywork.ini",
    );
  return [
    {
      kind: "Workflow",
      props: bodyworkToWorkflow(file, options, runner) as unknown as Record<string, unknown>,
      source: { file: fileName, line: places.get("pipeline")?.line },
    },
  ];
}

/** The INI section and key a bodywork.yaml key path is read from (`service.port` -> `[service] PORT`). */
function iniKeyOf(table: typeof PROJECT_KEYS, field: string): { section: string; key: string } | undefined {
  for (const [section, keys] of Object.entries(table)) {
    for (const [key, [target]] of Object.entries(keys)) if (target === field) return { section, key };
  }
  return undefined;
}

/**
 * Moves an issue on a bodywork.yaml key path to the INI file, line, section and key it came
 * from. A missing key is reported at its section's header (or the file's first line) with the
 * INI key to add; other paths at their closest parent that was read.
 */
function locate(issue: SourceIssue, places: ReadonlyMap<string, IniPlace>, fileName: string): SourceIssue {
  const exact = places.get(issue.field);
  if (exact) return { ...issue, file: exact.file, line: exact.line, field: exact.key ? `[${exact.section}] ${exact.key}` : `[${exact.section}]` };
  const segments = pathSegments(issue.field).map(String);
  const inStage = segments[0] === "stages" && segments.length > 2;
  const file = inStage ? places.get(`stages.${segments[1]}`)?.file : fileName;
  const ini = inStage ? iniKeyOf(STAGE_KEYS, segments.slice(2).join(".")) : iniKeyOf(PROJECT_KEYS, issue.field);
  let parent: IniPlace | undefined;
  for (let length = segments.length - 1; length > 0 && !parent; length--) parent = places.get(segments.slice(0, length).join("."));
  if (file && ini) return { ...issue, file, line: places.get(`${file}[${ini.section}]`)?.line ?? parent?.line ?? 1, field: `[${ini.section}] ${ini.key}` };
  if (parent) return { ...issue, file: parent.file, line: parent.line, field: parent.key ? `[${parent.section}] ${parent.key}` : `[${parent.section}]` };
  return { ...issue, file: fileName, field: issue.field };
}

/** Recognises `bodywork.ini` by name, or an INI file with Bodywork's `[workflow] DAG`. */
export const bodyworkIniImporter: Importer = {
  name: "bodywork-ini",
  detect: detectBodyworkIni,
  load: loadBodyworkIni,
};
