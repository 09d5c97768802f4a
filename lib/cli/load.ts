import type { ImportOptions, DefinitionDocument } from "../definitions/document";
import { readDefinitionDocuments } from "../importers/read";

export { CliError, HelpRequest, isUserError, parseArgs, type ParsedArgs } from "./args";

/** Reads a file and turns it into definition documents through the first importer that recognises it. */
export function loadDocuments(file: string, options: ImportOptions = {}): DefinitionDocument[] {
  return readDefinitionDocuments(file, options);
}
