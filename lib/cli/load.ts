import fs from "node:fs";
import path from "node:path";
import type { ImportOptions, DefinitionDocument } from "../definitions/document";
import { CliError } from "./args";
import { readers } from "./readers";

export { CliError, HelpRequest, isUserError, parseArgs, type ParsedArgs } from "./args";

/**
 * Reads a file and turns it into definition documents through the first importer that recognises
 * it; only that importer's code is loaded.
 */
export async function loadDocuments(file: string, options: ImportOptions = {}): Promise<DefinitionDocument[]> {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    throw new CliError(`${file}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)}).`);
  }
  const reader = readers.find((candidate) => candidate.detect(path.basename(file), text));
  if (!reader) {
    throw new CliError(
      `${file}: not a format modelship reads. Fix: give a bodywork.yaml, or a modelship definition file whose documents start with 'kind:' (readers: ${readers.map((r) => r.name).join(", ")}).`,
    );
  }
  return (await reader.load()).load(file, text, options);
}
