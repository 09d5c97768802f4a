import fs from "node:fs";
import path from "node:path";
import { LineCounter, parseAllDocuments } from "yaml";
import { ExitCode } from "./exit-codes";
import { checkObjects, formatViolation, isKubeObject, policyChecks, type Violation } from "../policy";

/** Where `checkCommand` writes; the process streams unless a test passes its own. */
export interface CommandIo {
  readonly out: { write(text: string): unknown };
  readonly err: { write(text: string): unknown };
}

const USAGE = `Usage: modelship check <file|dir>... [options]

Runs modelship's policy checks on Kubernetes YAML or JSON: files, or every *.yaml, *.yml and
*.json under a directory. Works on any tool's output (kubectl, Helm, kustomize, cdk8s).
All files are checked as one set, so a route in one file may point at a Service in another.

Options:
  --skip <a,b>          skip these checks (see --list)
  --fail-on-warnings    exit 1 on warnings too
  --no-warnings         do not report warnings
  --format <text|json>  output format (default: text)
  --list                list the checks and exit
  -h, --help            show this help

Exit codes: 0 no errors; 1 policy errors found (or warnings with --fail-on-warnings);
2 bad usage or unreadable input (message on stderr); 3 internal error (a bug).
`;

interface Options {
  readonly paths: string[];
  readonly skip: string[];
  readonly failOnWarnings: boolean;
  readonly warnings: boolean;
  readonly format: "text" | "json";
  readonly list: boolean;
  readonly help: boolean;
}

class UsageError extends Error {}

function parseArgs(argv: readonly string[]): Options {
  const paths: string[] = [];
  const skip: string[] = [];
  let failOnWarnings = false;
  let warnings = true;
  let format: "text" | "json" = "text";
  let list = false;
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (): string => {
      const next = argv[++i];
      if (next === undefined) throw new UsageError(`${arg} needs a value`);
      return next;
    };
    if (arg === "--skip") skip.push(...value().split(",").filter(Boolean));
    else if (arg.startsWith("--skip=")) skip.push(...arg.slice(7).split(",").filter(Boolean));
    else if (arg === "--fail-on-warnings") failOnWarnings = true;
    else if (arg === "--no-warnings") warnings = false;
    else if (arg === "--format" || arg.startsWith("--format=")) {
      const f = arg === "--format" ? value() : arg.slice(9);
      if (f !== "text" && f !== "json") throw new UsageError(`--format must be text or json (got ${JSON.stringify(f)})`);
      format = f;
    } else if (arg === "--list") list = true;
    else if (arg === "-h" || arg === "--help") help = true;
    else if (arg.startsWith("-")) throw new UsageError(`unknown option ${arg}`);
    else paths.push(arg);
  }
  return { paths, skip, failOnWarnings, warnings, format, list, help };
}

const MANIFEST = /\.(ya?ml|json)$/i;

/** The manifest files of a path; symbolic links are followed (each real directory is read once). */
function manifestFiles(target: string, seen = new Set<string>()): string[] {
  const stat = fs.statSync(target, { throwIfNoEntry: false });
  if (!stat) throw new UsageError(`${target}: no such file or directory (or a broken symbolic link)`);
  if (stat.isFile()) return [target];
  if (!stat.isDirectory()) return [];
  const real = fs.realpathSync(target);
  if (seen.has(real)) return []; // a link loop, or a directory reached twice
  seen.add(real);
  const files: string[] = [];
  for (const name of fs.readdirSync(target).sort((a, b) => a.localeCompare(b))) {
    if (name.startsWith(".") || name === "node_modules") continue;
    const full = path.join(target, name);
    const entry = fs.statSync(full, { throwIfNoEntry: false }); // follows links; a broken link is skipped
    if (entry?.isDirectory()) files.push(...manifestFiles(full, seen));
    else if (entry?.isFile() && MANIFEST.test(name)) files.push(full);
  }
  return files;
}

function readText(file: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch (error) {
    throw new UsageError(`${file}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}

interface Located {
  readonly object: unknown;
  readonly file: string;
  readonly line: number;
}

/** Reads every document of a file (expanding `kind: List` and top-level arrays), with the line it starts on. */
export function readManifests(file: string, text: string): Located[] {
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(text, { lineCounter, uniqueKeys: false });
  const list = Array.isArray(documents) ? documents : [documents];
  const out: Located[] = [];
  for (const document of list) {
    if (document.errors.length > 0) {
      const error = document.errors[0];
      throw new UsageError(`${file}:${error.linePos?.[0]?.line ?? "?"}: not valid YAML: ${error.message.split("\n")[0]}`);
    }
    const object = document.toJS({ maxAliasCount: 1000 }) as unknown;
    if (object === null || object === undefined) continue;
    const offset = document.contents?.range?.[0] ?? 0;
    const line = lineCounter.linePos(offset).line;
    const items = Array.isArray(object)
      ? object
      : (object as { kind?: unknown }).kind === "List" && Array.isArray((object as { items?: unknown }).items)
        ? (object as { items: unknown[] }).items
        : [object];
    for (const item of items) out.push({ object: item, file, line });
  }
  return out;
}

function key(object: { kind: string; namespace?: string; name: string }): string {
  return `${object.kind}/${object.namespace ?? ""}/${object.name}`;
}

/**
 * `modelship check <file|dir>...`: policy checks on any Kubernetes YAML. Returns the exit code
 * ({@link ExitCode}: 0 clean; 1 violations that fail; 2 bad usage or input, like every modelship command); prints
 * results to `io.out`, usage problems to `io.err`.
 */
export async function checkCommand(argv: string[], io: CommandIo = { out: process.stdout, err: process.stderr }): Promise<number> {
  let options: Options;
  try {
    options = parseArgs(argv);
    if (options.help) {
      io.out.write(USAGE);
      return ExitCode.OK;
    }
    if (options.list) {
      io.out.write(policyChecks.map((check) => `${check.name.padEnd(62)} ${check.severity.padEnd(8)} ${check.summary} [${check.source}]\n`).join(""));
      return ExitCode.OK;
    }
    if (options.paths.length === 0) throw new UsageError("give at least one file or directory");
    const located: Located[] = [];
    for (const target of options.paths) {
      for (const file of manifestFiles(target)) located.push(...readManifests(file, readText(file)));
    }
    if (!located.some((l) => isKubeObject(l.object))) {
      throw new UsageError(
        `no Kubernetes objects found in ${options.paths.join(", ")} (looked for *.yaml, *.yml and *.json files holding objects with apiVersion, kind and metadata.name)`,
      );
    }
    let violations: Violation[];
    try {
      violations = checkObjects(
        located.map((l) => l.object),
        { skip: options.skip, warnings: options.warnings },
      );
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    const where = new Map<string, Located>();
    for (const l of located) {
      const o = l.object as { kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } } | null;
      if (o && typeof o.kind === "string" && typeof o.metadata?.name === "string") {
        where.set(key({ kind: o.kind, name: o.metadata.name, namespace: typeof o.metadata.namespace === "string" ? o.metadata.namespace : undefined }), l);
      }
    }
    const checked = located.filter((l) => isKubeObject(l.object)).length;
    const errors = violations.filter((v) => v.severity === "error").length;
    const warnings = violations.length - errors;
    if (options.format === "json") {
      const report = violations.map((v) => {
        const at = where.get(key(v.embeddedIn?.object ?? v.object)); // embedded objects: the file of their Argo template
        return { ...v, file: at?.file, line: at?.line };
      });
      io.out.write(`${JSON.stringify({ objects: checked, errors, warnings, violations: report }, null, 2)}\n`);
    } else {
      for (const v of violations) {
        const at = where.get(key(v.embeddedIn?.object ?? v.object)); // embedded objects: the file of their Argo template
        io.out.write(`${at ? `${at.file}:${at.line}: ` : ""}${formatViolation(v)}\n`);
      }
      io.out.write(`${checked} objects checked: ${errors} error(s), ${warnings} warning(s)\n`);
    }
    return errors > 0 || (options.failOnWarnings && warnings > 0) ? ExitCode.POLICY : ExitCode.OK;
  } catch (error) {
    if (error instanceof UsageError) {
      io.err.write(`modelship check: ${error.message}\n${error.message.includes("Usage") ? "" : "Run 'modelship check --help' for usage.\n"}`);
      return ExitCode.INPUT;
    }
    throw error;
  }
}
