import type * as YamlPackage from "yaml";
import type { Document } from "yaml";
import { formatValue, ModelshipValidationError, type ValidationIssue } from "../model/errors";

/** A problem at a place in a source file. */
export interface SourceIssue extends ValidationIssue {
  /** 1-based line, when known. */
  readonly line?: number;
  /** The file the issue is in, when an input spans several files (Bodywork's INI form). @default - the error's file */
  readonly file?: string;
}

/**
 * An error in an input file, reported compiler-style, one line per problem:
 * `bodywork.yaml:14: stages.train.batch.retries: must be an integer >= 0 (got "two"). Fix: ...`
 */
export class SourceError extends ModelshipValidationError {
  constructor(
    readonly file: string,
    readonly sourceIssues: readonly SourceIssue[],
    format = "input",
  ) {
    super(format, file, sourceIssues);
    this.name = "SourceError";
    this.message = sourceIssues
      .map((issue) => {
        const where = issue.line !== undefined ? `${issue.file ?? file}:${issue.line}` : (issue.file ?? file);
        const field = issue.field === "" ? "" : ` ${issue.field}:`;
        const got = "value" in issue && issue.value !== undefined ? ` (got ${formatValue(issue.value)})` : "";
        const fix = issue.fix ? ` Fix: ${issue.fix}` : "";
        return `${where}:${field} ${issue.problem}${got}.${fix}`;
      })
      .join("\n");
  }
}

/** Parsed YAML documents of one file, with the line of any key path. */
export interface YamlSource {
  readonly file: string;
  readonly documents: readonly Document[];
  /** Line of the value at `path` in document `index`, or of its closest existing parent. */
  lineOf(index: number, path: readonly (string | number)[]): number | undefined;
}

let loadedYaml: typeof YamlPackage | undefined;

/**
 * The `yaml` package, loaded at first use: a well-formed definition file is read without it
 * (`loadAllFast`), so `modelship synth` of one does not pay for loading it (~70 modules). A
 * package, not one of our modules, so the same `require` works from the build and under vitest.
 */
export function yamlPackage(): typeof YamlPackage {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy load; `import()` would make every reader async
  return (loadedYaml ??= require("yaml") as typeof YamlPackage);
}

/** Parses every YAML document of a file; a syntax error throws a {@link SourceError} with its line. */
export function parseYaml(file: string, text: string, format = "YAML"): YamlSource {
  const { isMap, isScalar, isSeq, LineCounter, parseAllDocuments } = yamlPackage();
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(text, { lineCounter, prettyErrors: false });
  if (!Array.isArray(documents)) {
    throw new SourceError(file, [{ field: "", problem: "is not a YAML stream", fix: "check the file." }], format);
  }
  const syntax: SourceIssue[] = documents.flatMap((doc) =>
    doc.errors.map((error) => ({
      field: "",
      problem: `invalid YAML: ${error.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "")}`,
      line: lineCounter.linePos(error.pos[0]).line,
      fix: "fix the YAML syntax (indentation, quotes, brackets).",
    })),
  );
  if (syntax.length > 0) throw new SourceError(file, syntax, format);
  const lineAt = (node: unknown): number | undefined => {
    const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
    return range ? lineCounter.linePos(range[0]).line : undefined;
  };
  // The line of the deepest key on the path that exists: a bad value is reported at its key, a
  // missing key at its parent's key.
  const lineOf = (index: number, path: readonly (string | number)[]): number | undefined => {
    const doc = documents[index];
    if (!doc) return undefined;
    let node: unknown = doc.contents;
    let line = lineAt(node);
    for (const segment of path) {
      if (isMap(node)) {
        const pair = node.items.find((item) => (isScalar(item.key) ? String(item.key.value) : String(item.key)) === String(segment));
        if (!pair) break;
        line = lineAt(pair.key) ?? line;
        node = pair.value;
      } else if (isSeq(node) && typeof segment === "number" && node.items[segment] !== undefined) {
        node = node.items[segment];
        line = lineAt(node) ?? line;
      } else {
        break;
      }
    }
    return line;
  };
  return { file, documents, lineOf };
}

/** Splits a dotted key path (`stages.train.batch.retries`, `args[0]`) into segments. */
export function pathSegments(field: string): (string | number)[] {
  if (field === "") return [];
  return field
    .replace(/\[(\d+)\]/g, ".$1")
    .split(".")
    .map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment));
}
