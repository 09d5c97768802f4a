import fs from "node:fs";
import path from "node:path";
import { ModelshipValidationError } from "../model/errors";
import type { KubeObject } from "../render/types";
import type { KindHandler } from "../definitions/kinds";
import type { DefinitionDocument } from "../definitions/document";
import { duplicateObjectProblem, objectId } from "../definitions/unique";
import { definitionFieldLine } from "../importers/field-lines";
import { CliError, loadDocuments, parseArgs } from "./load";
import { toYaml } from "../output/yaml";

export { SYNTH_USAGE } from "./usage";
import { SYNTH_USAGE } from "./usage";

/** The import options of the flags `synth` and `graph` share (see ImportOptions). */
export function importFlags(flags: Readonly<Record<string, string | true>>): {
  image?: string;
  gateway?: string;
  ingress?: "gateway-api" | "none";
  project?: string;
} {
  const text = (name: string) => (typeof flags[name] === "string" ? (flags[name] as string) : undefined);
  const ingress = text("ingress");
  if (ingress !== undefined && ingress !== "gateway-api" && ingress !== "none")
    throw new CliError(`unknown ingress '${ingress}'. Fix: use --ingress gateway-api or none.`);
  return { image: text("image"), gateway: text("gateway"), ingress: ingress as "gateway-api" | "none" | undefined, project: text("project") };
}
export const IMPORT_FLAGS = ["image", "gateway", "ingress", "project"];

/** The kind registry, or the part of it some documents need. */
export type KindHandlers = Readonly<Record<string, KindHandler>>;

/**
 * The handlers for the kinds the documents name. A file of ModelServices only (the common one)
 * loads the ModelService code alone; any other kind loads the whole registry (`kindHandlers`).
 */
export async function handlersFor(documents: readonly DefinitionDocument[]): Promise<KindHandlers> {
  if (documents.every((document) => document.kind === "ModelService")) {
    return { ModelService: (await import("../definitions/model-service-kind")).modelServiceKind };
  }
  return (await import("../definitions/kinds")).kindHandlers;
}

/**
 * Validates and renders every document, handing each object to `emit` as it is rendered, so a
 * caller can turn objects into text one at a time instead of holding all of them. Validation
 * errors are prefixed with the document's file and line (located only now that there is an error);
 * they, and two documents rendering one object, throw one CliError after every document was tried.
 */
export function forEachRendered(documents: Iterable<DefinitionDocument>, kindHandlers: KindHandlers, emit: (object: KubeObject) => void): void {
  const problems: string[] = [];
  const seen = new Set<string>();
  let duplicate: string | undefined;
  for (const document of documents) {
    const handler = kindHandlers[document.kind];
    const name = String(document.props.name ?? document.kind);
    if (!handler) {
      const where = document.source ? `${document.source.file}${document.source.line ? `:${document.source.line}` : ""}: ` : "";
      problems.push(`${where}unknown kind '${document.kind}'.`);
      continue;
    }
    let objects: KubeObject[];
    try {
      objects = handler.resolveAndRender(document.props, { name });
    } catch (error) {
      if (!(error instanceof ModelshipValidationError)) throw error;
      // One line per issue, at the field's own line when the reader knows it.
      for (const issue of error.issues) {
        const line = document.source ? (definitionFieldLine(document.props, issue.field) ?? document.source.line) : undefined;
        const at = document.source ? `${document.source.file}${line ? `:${line}` : ""}: ` : "";
        problems.push(`${at}${new ModelshipValidationError(error.constructKind, error.constructName, [issue]).message}`);
      }
      continue;
    }
    if (problems.length > 0) continue; // nothing will be written: stop producing output
    for (const object of objects) {
      const id = objectId(object);
      if (seen.has(id)) duplicate ??= duplicateObjectProblem([object, object]);
      seen.add(id);
      if (duplicate === undefined) emit(object);
    }
  }
  if (problems.length > 0) throw new CliError(problems.join("\n"));
  if (duplicate) throw new CliError(duplicate);
}

/** Renders every document (see {@link forEachRendered}); returns all objects. */
export function renderDocuments(documents: readonly DefinitionDocument[], kindHandlers: KindHandlers): KubeObject[] {
  const objects: KubeObject[] = [];
  forEachRendered(documents, kindHandlers, (object) => objects.push(object));
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

const BLOCK_BYTES = 1 << 20;

/**
 * Text appended as UTF-8 into 1 MiB blocks. The YAML writer builds each document's text by
 * concatenation, and V8 keeps such strings as trees of pieces (several times the size of the text)
 * until flattened; bytes in blocks are the text's own size, outside the JS heap, and what is
 * written anyway.
 */
class TextBlocks {
  readonly blocks: Buffer[] = [];
  private current = Buffer.allocUnsafe(0);
  private used = 0;

  append(text: string): void {
    // `write` stops before a character that does not fit; with 4 bytes (the longest UTF-8
    // character) to spare afterwards, all of the text was written, so its size need not be
    // computed first (the common case, and one pass over the text instead of two).
    const free = this.current.length - this.used;
    if (free >= 4) {
      const written = this.current.write(text, this.used, "utf8");
      if (this.used + written <= this.current.length - 4) {
        this.used += written;
        return;
      }
    }
    const bytes = Buffer.byteLength(text, "utf8");
    this.seal();
    this.current = Buffer.allocUnsafe(Math.max(BLOCK_BYTES, bytes + 4));
    this.used = this.current.write(text, 0, "utf8");
  }

  /** The blocks, the last one cut to what was written. */
  seal(): Buffer[] {
    if (this.used > 0) this.blocks.push(this.current.subarray(0, this.used));
    this.current = Buffer.allocUnsafe(0);
    this.used = 0;
    return this.blocks;
  }
}

/** One output file's YAML documents: the v1 Namespace first, the rest in render order. */
class YamlFile {
  private readonly namespaces = new TextBlocks();
  private readonly others = new TextBlocks();

  add(object: KubeObject): void {
    const namespace = isNamespace(object);
    // Namespaces are few: their text is joined when written, with separators placed then.
    if (namespace) this.namespaces.append(`---\n${toYaml(object)}`);
    else this.others.append(`---\n${toYaml(object)}`);
  }

  /** Writes the documents in writes of about 1 MiB (never one copy of the whole file). */
  write(target: string): void {
    const blocks = [...this.namespaces.seal(), ...this.others.seal()];
    const fd = fs.openSync(target, "w");
    try {
      // Every document was appended after a '---' line; the file starts without one.
      blocks.forEach((block, i) => fs.writeSync(fd, i === 0 ? block.subarray(4) : block));
    } finally {
      fs.closeSync(fd);
    }
  }
}

/**
 * Renders every document straight to YAML grouped by file ({@link fileKey}), one object at a
 * time: only the text is kept, never all objects (flat memory at any N).
 */
export function renderYamlFiles(documents: Iterable<DefinitionDocument>, kindHandlers: KindHandlers): Map<string, YamlFile> {
  const files = new Map<string, YamlFile>();
  forEachRendered(documents, kindHandlers, (object) => {
    const key = fileKey(object);
    let file = files.get(key);
    if (!file) files.set(key, (file = new YamlFile()));
    file.add(object);
  });
  return files;
}

/** The items of an array, each removed from it as it is handed out (so it can be collected). */
function* consume<T>(items: (T | undefined)[]): Generator<T> {
  for (let i = 0; i < items.length; i++) {
    const item = items[i] as T;
    items[i] = undefined;
    yield item;
  }
}

/** The engines `--engine` takes (the Workflow construct's `engine`). */
export const ENGINES = ["argo-workflows", "argo-cd", "plain"] as const;

/** The default `--out`: a folder of its own, so no other tool's output (cdk8s' `dist/`) is in it. */
export const DEFAULT_OUT = path.join("dist", "modelship");

/**
 * The record, inside `--out`, of the files the last run wrote. Clean-up removes only files named
 * there, so a file modelship did not write (cdk8s output, a hand-written manifest) is never removed
 * or overwritten. No file extension (the content is JSON): `kubectl apply -f <out>` reads every
 * `.json`/`.yaml`/`.yml` file of a folder, hidden ones included (k8s.io/cli-runtime
 * pkg/resource/visitor.go: `ignoreFile` checks the extension only).
 */
export const MANIFEST_FILE = ".modelship-synth";

interface Manifest {
  readonly generator: "modelship synth";
  readonly files: readonly string[];
}

function readManifest(out: string): Set<string> {
  const file = path.join(out, MANIFEST_FILE);
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    return new Set();
  }
  try {
    const manifest = JSON.parse(text) as Partial<Manifest>;
    if (manifest.generator === "modelship synth" && Array.isArray(manifest.files)) {
      // Only plain names: a record edited to name '../x' must not make us remove files elsewhere.
      return new Set(manifest.files.filter((name): name is string => typeof name === "string" && OUTPUT_FILE.test(name) && path.basename(name) === name));
    }
  } catch {
    // fall through: an unreadable record protects nothing and removes nothing
  }
  throw new CliError(`${file}: is not a record written by modelship synth. Fix: delete it, or give --out a directory of its own.`);
}

/** The only names `synth` writes (and so the only names its record may hold). */
const OUTPUT_FILE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?\.k8s\.yaml$/;

/**
 * `modelship synth <file>`: writes `<out>/<namespace>.k8s.yaml` for every namespace (`--out`
 * defaults to `dist/modelship`). Everything is loaded, validated and rendered before the first file
 * is written, so bad input writes nothing. A file this run would write that exists but is not in
 * the record of an earlier run ({@link MANIFEST_FILE}) is refused before anything is written. After
 * writing, files the earlier run recorded and this run did not write (e.g. a renamed namespace)
 * are removed, so `kubectl apply -f <out>` applies this run only; nothing else is touched.
 */
export async function synthCommand(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv, ["out", "engine", ...IMPORT_FLAGS], ["allow-mutable-image"], SYNTH_USAGE);
  if (args.positional.length !== 1) throw new CliError(`synth takes one file. Usage: ${SYNTH_USAGE}`);
  const [file] = args.positional;
  const engine = typeof args.flags.engine === "string" ? args.flags.engine : undefined;
  if (engine !== undefined && !(ENGINES as readonly string[]).includes(engine)) {
    throw new CliError(`unknown engine '${engine}'. Fix: use --engine ${ENGINES.join(", ")}.`);
  }
  const documents = await loadDocuments(file, { allowMutableImageTag: args.flags["allow-mutable-image"] === true, engine, ...importFlags(args.flags) });
  const warnings = documents.flatMap((document) =>
    (document.warnings ?? []).map((warning) => `modelship synth: warning: ${document.source?.file ?? file}: ${warning}\n`),
  );
  // Each document is let go once rendered: only the output text stays, not all the props.
  const handlers = await handlersFor(documents);
  const files = renderYamlFiles(consume(documents), handlers);
  for (const warning of warnings) process.stderr.write(warning);
  const out = typeof args.flags.out === "string" ? args.flags.out : DEFAULT_OUT;
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
  const recorded = readManifest(out);
  const names = [...files.keys()].map((namespace) => `${namespace}.k8s.yaml`);
  const foreign = names.filter((name) => !recorded.has(name) && fs.existsSync(path.join(out, name)));
  if (foreign.length > 0) {
    throw new CliError(
      foreign
        .map(
          (name) =>
            `${path.join(out, name)}: exists and was not written by modelship synth, so it is left alone. Fix: give --out a directory of its own (default ${DEFAULT_OUT}), or remove the file.`,
        )
        .join("\n"),
    );
  }
  const record = (recordedNames: Iterable<string>): void => {
    const manifest: Manifest = { generator: "modelship synth", files: [...new Set(recordedNames)].sort() };
    const target = path.join(out, MANIFEST_FILE);
    attempt("write the file", target, () => fs.writeFileSync(target, `${JSON.stringify(manifest, null, 2)}\n`));
  };
  // Recorded before writing, so a run that stops half-way still owns what it wrote.
  record([...recorded, ...names]);
  const written = new Set<string>();
  for (const [namespace, yaml] of files) {
    const name = `${namespace}.k8s.yaml`;
    const target = path.join(out, name);
    attempt("write the file", target, () => yaml.write(target));
    written.add(name);
    process.stdout.write(`wrote ${target}\n`);
  }
  for (const name of [...recorded].sort()) {
    if (written.has(name)) continue;
    const stale = path.join(out, name);
    if (!fs.lstatSync(stale, { throwIfNoEntry: false })?.isFile()) continue;
    attempt("remove the stale file", stale, () => fs.rmSync(stale));
    process.stdout.write(`removed ${stale}\n`);
  }
  record(written);
  return 0;
}
