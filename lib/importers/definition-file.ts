import type { ImportOptions, Importer, DefinitionDocument } from "../definitions/document";
import { KIND_NAMES } from "../definitions/kind-names";
import { closestName } from "../model/errors";
import { loadAllFast } from "./fast-yaml";
import { detectDefinitionFile } from "./detect";
import { definitionFieldLine, locateFields } from "./field-lines";
import { parseYaml, pathSegments, SourceError, yamlPackage, type SourceIssue } from "./source";

export { definitionFieldLine } from "./field-lines";

/**
 * Reads a modelship definition file: YAML documents, each `kind: <Kind>` plus that construct's props
 * (with a `name`), e.g.
 *
 * ```yaml
 * kind: BatchStage
 * name: train
 * image: registry.example.com/ml/train:1.0.0
 * retries: 2
 * ```
 *
 * The props are validated later by the kind's own schema (`kindHandlers`); this only checks the
 * document frame (a map, a known kind, a name) and reports the line.
 *
 * `options` are defaults for what a document does not set itself: `engine` for Workflows, and
 * `allowMutableImageTag` for ModelServices, BatchStages and every stage of a Workflow (other kinds
 * take it from the file only).
 *
 * Fast when the file is well-formed: the values come from a parser that keeps no syntax tree
 * (`loadAllFast`), and lines are looked up only when an error is reported (the file is then
 * parsed again with `yaml`, which knows where every key is). A file with a syntax or frame
 * problem goes straight to the `yaml` path, which reports it with its line.
 */
export function loadDefinitionFile(fileName: string, text: string, options: ImportOptions = {}): DefinitionDocument[] {
  const values = loadAllFast(text);
  if (values === undefined) return loadDefinitionFileLocated(fileName, text, options);
  const kinds = new Set(KIND_NAMES);
  const documents: DefinitionDocument[] = [];
  let located: DefinitionDocument[] | null | undefined; // the same documents from the `yaml` path, once asked for
  let count = 0; // (not `documents.length`: the closures below must not keep every document alive)
  const locatedDocument = (ordinal: number): DefinitionDocument | undefined => {
    if (located === undefined) {
      try {
        located = loadDefinitionFileLocated(fileName, text, {});
      } catch {
        located = null;
      }
      if (located && located.length !== count) located = null;
    }
    return located?.[ordinal];
  };
  for (const value of values) {
    if (value === null || value === undefined) continue; // an empty document (e.g. a trailing '---')
    if (!isRecord(value)) return loadDefinitionFileLocated(fileName, text, options);
    const { kind, ...props } = value;
    if (typeof kind !== "string" || !kinds.has(kind) || typeof props.name !== "string" || props.name === "")
      return loadDefinitionFileLocated(fileName, text, options);
    applyOptions(kind, props, options);
    const ordinal = count++;
    locateFields(props, (field) => {
      const twin = locatedDocument(ordinal);
      return twin ? definitionFieldLine(twin.props, field) : undefined;
    });
    documents.push({
      kind,
      props,
      source: {
        file: fileName,
        get line() {
          return locatedDocument(ordinal)?.source?.line;
        },
      },
    });
  }
  if (documents.length === 0) return loadDefinitionFileLocated(fileName, text, options);
  return documents;
}

/** {@link loadDefinitionFile} through `yaml`, with the line of every document and field. */
function loadDefinitionFileLocated(fileName: string, text: string, options: ImportOptions): DefinitionDocument[] {
  const { isMap, isScalar } = yamlPackage();
  const source = parseYaml(fileName, text, "definition file");
  const issues: SourceIssue[] = [];
  const documents: DefinitionDocument[] = [];
  const kinds = KIND_NAMES;
  source.documents.forEach((doc, index) => {
    if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) return; // an empty document (e.g. a trailing '---')
    const line = source.lineOf(index, []);
    if (!isMap(doc.contents)) {
      issues.push({ field: `document ${index + 1}`, problem: "is not a map", line, fix: "write 'kind: <Kind>' and the props as keys." });
      return;
    }
    const { kind, ...props } = doc.toJS() as Record<string, unknown>;
    if (typeof kind !== "string") {
      issues.push({ field: "kind", problem: "is required", line, fix: `start the document with 'kind:' and one of ${kinds.join(", ")}.` });
      return;
    }
    if (!kinds.includes(kind)) {
      const suggestion = closestName(kind, kinds);
      issues.push({
        field: "kind",
        problem: "is not a known kind",
        value: kind,
        line: source.lineOf(index, ["kind"]),
        fix: suggestion ? `did you mean '${suggestion}'?` : `use one of ${kinds.join(", ")}.`,
      });
      return;
    }
    if (typeof props.name !== "string" || props.name === "") {
      issues.push({
        field: "name",
        problem: `is required in a definition file (${kind} has no construct id to default to)`,
        line,
        fix: "add 'name: <object-name>'.",
      });
      return;
    }
    applyOptions(kind, props, options);
    locateFields(props, (field) => source.lineOf(index, pathSegments(field)));
    documents.push({ kind, props, source: { file: fileName, line } });
  });
  if (issues.length > 0) throw new SourceError(fileName, issues, "definition file");
  if (documents.length === 0)
    throw new SourceError(fileName, [{ field: "", problem: "holds no documents", line: 1, fix: "add at least one document with 'kind:'." }], "definition file");
  return documents;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** Sets the CLI's defaults on a document's props where the document sets none (in place: the props are fresh from the parser). */
function applyOptions(kind: string, props: Record<string, unknown>, options: ImportOptions): void {
  const allowMutable = (workload: Record<string, unknown>): void => {
    if (options.allowMutableImageTag && workload.allowMutableImageTag === undefined) workload.allowMutableImageTag = true;
  };
  if (kind === "ModelService" || kind === "BatchStage") allowMutable(props);
  if (kind !== "Workflow") return;
  if (options.engine !== undefined && props.engine === undefined) props.engine = options.engine;
  if (!isRecord(props.stages)) return;
  for (const stage of Object.values(props.stages)) {
    if (!isRecord(stage)) continue;
    for (const workload of [stage.batch, stage.service]) if (isRecord(workload)) allowMutable(workload);
  }
}

/** Recognises a definition file by a top-level `kind:` key. */
export const definitionFileImporter: Importer = {
  name: "modelship",
  detect: detectDefinitionFile,
  load: (fileName, text, options) => loadDefinitionFile(fileName, text, options),
};
