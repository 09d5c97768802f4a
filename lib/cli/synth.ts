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

export const SYNTH_USAGE = "modelship synth <file> [--out <dir>] [--engine argo-workflows|argo-cd|plain] [--allow-mutable-image]";

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
  if (object.kind === "Namespace" && object.apiVersion === "v1") return object.metadata.name;
  return object.metadata.namespace ?? "default";
}

/** Groups objects into one YAML stream per namespace, in render order. */
export function yamlByNamespace(objects: readonly KubeObject[]): Map<string, string> {
  const groups = new Map<string, KubeObject[]>();
  for (const object of objects) {
    const key = fileKey(object);
    const group = groups.get(key);
    if (group) group.push(object);
    else groups.set(key, [object]);
  }
  return new Map([...groups].map(([namespace, group]) => [namespace, toYamlDocuments(group)]));
}

/**
 * `modelship synth <file>`: writes `<out>/<namespace>.k8s.yaml` for every namespace. Everything is
 * loaded, validated and rendered before the first file is written, so bad input writes nothing.
 */
export async function synthCommand(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv, ["out", "engine"], ["allow-mutable-image"]);
  if (args.positional.length !== 1) throw new CliError(`synth takes one file. Usage: ${SYNTH_USAGE}`);
  const [file] = args.positional;
  const documents = loadDocuments(file, {
    allowMutableImageTag: args.flags["allow-mutable-image"] === true,
    engine: typeof args.flags.engine === "string" ? args.flags.engine : undefined,
  });
  const files = yamlByNamespace(renderDocuments(documents));
  const out = typeof args.flags.out === "string" ? args.flags.out : "dist";
  fs.mkdirSync(out, { recursive: true });
  for (const [namespace, yaml] of files) {
    const target = path.join(out, `${namespace}.k8s.yaml`);
    fs.writeFileSync(target, yaml);
    process.stdout.write(`wrote ${target}\n`);
  }
  return 0;
}
