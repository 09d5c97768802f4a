import fs from "node:fs";
import path from "node:path";
import { importers } from "../importers";
import type { ImportOptions, DefinitionDocument } from "../definitions/document";
import { CliError } from "./args";

export { CliError, HelpRequest, isUserError, parseArgs, type ParsedArgs } from "./args";

/** Reads a file and turns it into definition documents through the first importer that recognises it. */
export function loadDocuments(file: string, options: ImportOptions = {}): DefinitionDocument[] {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    throw new CliError(`${file}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)}).`);
  }
  const importer = importers.find((candidate) => candidate.detect(path.basename(file), text));
  if (!importer) {
    throw new CliError(
      `${file}: not a format modelship reads. Fix: give a bodywork.yaml, or a modelship definition file whose documents start with 'kind:' (readers: ${importers.map((i) => i.name).join(", ")}).`,
    );
  }
  return importer.load(file, text, options);
}
