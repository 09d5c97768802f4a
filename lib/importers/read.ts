import fs from "node:fs";
import path from "node:path";
import type { DefinitionDocument, ImportOptions } from "../definitions/document";
import { importers } from "./index";
import { SourceError } from "./source";

/**
 * Reads a file and turns it into definition documents through the first importer that recognises
 * it: what `modelship synth` and the Pulumi `DefinitionFile` read. An unreadable file or an
 * unknown format is a {@link SourceError}.
 */
export function readDefinitionDocuments(file: string, options: ImportOptions = {}): DefinitionDocument[] {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    throw new SourceError(file, [{ field: "", problem: `cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)})`, fix: "check the path." }]);
  }
  const importer = importers.find((candidate) => candidate.detect(path.basename(file), text));
  if (!importer) {
    throw new SourceError(file, [
      {
        field: "",
        problem: "not a format modelship reads",
        fix: `give a bodywork.yaml, or a modelship definition file whose documents start with 'kind:' (readers: ${importers.map((i) => i.name).join(", ")}).`,
      },
    ]);
  }
  return importer.load(file, text, options);
}
