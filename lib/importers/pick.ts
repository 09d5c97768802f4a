import fs from "node:fs";
import path from "node:path";
import { SourceError } from "./source";

/** Anything that recognises its files by name and content: an importer, or the CLI's not-yet-loaded reader of one. */
export interface Recognising {
  readonly name: string;
  detect(fileName: string, text: string): boolean;
}

/**
 * Reads a file and picks the first of `candidates` that recognises it: what `modelship synth` and
 * the Pulumi `DefinitionFile` both do before loading documents. An unreadable file or an unknown
 * format is a {@link SourceError}. This module loads no importer, so the CLI can pick among readers
 * it loads on demand (lib/cli/readers.ts).
 */
export function pickReader<T extends Recognising>(file: string, candidates: readonly T[]): { readonly text: string; readonly reader: T } {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    throw new SourceError(file, [
      { field: "", problem: `cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)})`, fix: "check the path." },
    ]);
  }
  const reader = candidates.find((candidate) => candidate.detect(path.basename(file), text));
  if (!reader) {
    throw new SourceError(file, [
      {
        field: "",
        problem: "not a format modelship reads",
        fix: `give a bodywork.yaml, or a modelship definition file whose documents start with 'kind:' (readers: ${candidates.map((c) => c.name).join(", ")}).`,
      },
    ]);
  }
  return { text, reader };
}
