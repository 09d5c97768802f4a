import fs from "node:fs";
import path from "node:path";
import { ModelshipValidationError } from "../model/errors";
import type { KubeObject } from "../render/types";
import { kindHandlers } from "../spec/kinds";
import type { SpecDocument } from "../spec/document";
import { duplicateObjectProblem } from "../spec/unique";
import { specFieldLine } from "../importers/spec-file";
import { CliError, loadDocuments, parseArgs } from "./load";
import { toYamlDocuments } from "../output/yaml";

export const SYNTH_USAGE =
  "modelship synth <file> [--out <dir>] [--engine argo-workflows|argo-cd|plain] [--allow-mutable-image] [--image <ref>] [--gateway <namespace>/<gateway>:<listener>] [--ingress gateway-api|none] [--project <name>]";

/** The import options of the flags `synth` and `graph` share (see ImportOptions). */
export function importFlags(flags: Readonly<Record<string, string | true>>): { image?: string; gateway?: string; ingress?: "gateway-api" | "none"; project?: string } {
  const text = (name: string) => (typeof flags[name] === "string" ? (flags[name] as string) : undefined);
  const ingress = text("ingress");
  if (ingress !== undefined && ingress !== "gateway-api" && ingress !== "none") throw new CliError(`unknown ingress '${ingress}'. Fix: use --ingress gateway-api or none.`);
  return { image: text("image"), gateway: text("gateway"), ingress: ingress as "gateway-api" | "none" | undefined, project: text("project") };
}
export const IMPORT_FLAGS = ["image", "gateway", "ingress", "project"];

/** Renders every document, prefixing validation errors with the document's file and line. */
export function renderDocuments(documents: readonly SpecDocument[]): KubeObject[] {
  const objects: KubeObject[] = [];
  const problems: string[] = [];
  for (const document of documents) {
    const handler = kindHandlers[document.kind];
    const name = String(document.props.name ?? document.kind);
    if (!handler) {
      const where = document.source ? `${document.source.file}${document.source.line ? `:${document.source.line}` : ""}: ` : "";
      problems.push(`${where}unknown kind '${document.kind}'.`);
      continue;
    }
    try {
      objects.push(...handler.render(document.props, { name }));
    } catch (error) {
      if (!(error instanceof ModelshipValidationError)) throw error;
      // One line per issue, at the field's own line when the reader knows it.
      for (const issue of error.issues) {
        const line = document.source ? (specFieldLine(document.props, issue.field) ?? document.source.line) : undefined;
        const at = document.source ? `${document.source.file}${line ? `:${line}` : ""}: ` : "";
        problems.push(`${at}${new ModelshipValidationError(error.constructKind, error.constructName, [issue]).message}`);
      }
    }
  }
  if (problems.length > 0) throw new CliError(problems.join("\n"));
  const duplicate = duplicateObjectProblem(objects);
  if (duplicate) throw new CliError(duplicate);
  return objects;
}

/**
 * The file an object belongs in: its namespace (`default` when it has none); a Namespace object
 * goes first into the file of the objects it holds, so that file applies on its own.
 */
function fileKey(object: KubeObject): string {
  if (isNamespace(object)) return object.metadata.name;
  return object.metadata.namespace ?? "default";
}

function isNamespace(object: KubeObject): boolean {
  return object.kind === "Namespace" && object.apiVersion === "v1";
}

/**
 * Groups objects into one YAML stream per namespace: the v1 Namespace first (so `kubectl apply -f`
 * creates it before the objects in it), the rest in render order.
 */
export function yamlByNamespace(objects: readonly KubeObject[]): Map<string, string> {
  const groups = new Map<string, KubeObject[]>();
  for (const object of objects) {
    const key = fileKey(object);
    const group = groups.get(key);
    if (group) group.push(object);
    else groups.set(key, [object]);
  }
  return new Map(
    [...groups].map(([namespace, group]) => [namespace, toYamlDocuments([...group.filter(isNamespace), ...group.filter((o) => !isNamespace(o))])]),
  );
}

/** The engines `--engine` takes (the Workflow construct's `engine`). */
export const ENGINES = ["argo-workflows", "argo-cd", "plain"] as const;

/** Files `synth` writes, and the only files it removes from `--out` when this run did not write them. */
const OUTPUT_FILE = /\.k8s\.yaml$/;

/**
 * `modelship synth <file>`: writes `<out>/<namespace>.k8s.yaml` for every namespace. Everything is
 * loaded, validated and rendered before the first file is written, so bad input writes nothing.
 * After writing, `*.k8s.yaml` files in `<out>` that this run did not write (an earlier run's,
 * e.g. of a renamed namespace) are removed, so `kubectl apply -f <out>` applies this run only.
 */
export async function synthCommand(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv, ["out", "engine", ...IMPORT_FLAGS], ["allow-mutable-image"], SYNTH_USAGE);
  if (args.positional.length !== 1) throw new CliError(`synth takes one file. Usage: ${SYNTH_USAGE}`);
  const [file] = args.positional;
  const engine = typeof args.flags.engine === "string" ? args.flags.engine : undefined;
  if (engine !== undefined && !(ENGINES as readonly string[]).includes(engine)) {
    throw new CliError(`unknown engine '${engine}'. Fix: use --engine ${ENGINES.join(", ")}.`);
  }
  const documents = loadDocuments(file, { allowMutableImageTag: args.flags["allow-mutable-image"] === true, engine, ...importFlags(args.flags) });
  const files = yamlByNamespace(renderDocuments(documents));
  for (const document of documents) for (const warning of document.warnings ?? []) process.stderr.write(`modelship synth: warning: ${document.source?.file ?? file}: ${warning}\n`);
  const out = typeof args.flags.out === "string" ? args.flags.out : "dist";
  const written = new Set<string>();
  const attempt = <T>(what: string, target: string, action: () => T): T => {
    try {
      return action();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === undefined) throw error;
      throw new CliError(`${target}: cannot ${what} (${code}). Fix: give --out a directory you can write to.`);
    }
  };
  attempt("create the output directory", out, () => fs.mkdirSync(out, { recursive: true }));
  for (const [namespace, yaml] of files) {
    const target = path.join(out, `${namespace}.k8s.yaml`);
    attempt("write the file", target, () => fs.writeFileSync(target, yaml));
    written.add(`${namespace}.k8s.yaml`);
    process.stdout.write(`wrote ${target}\n`);
  }
  const entries = attempt("list the output directory", out, () => fs.readdirSync(out, { withFileTypes: true }));
  for (const name of entries.filter((e) => e.isFile()).map((e) => e.name).sort()) {
    if (!OUTPUT_FILE.test(name) || written.has(name)) continue;
    const stale = path.join(out, name);
    attempt("remove the stale file", stale, () => fs.rmSync(stale));
    process.stdout.write(`removed ${stale}\n`);
  }
  return 0;
}
