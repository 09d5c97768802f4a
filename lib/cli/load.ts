import type { ImportOptions, DefinitionDocument } from "../definitions/document";
import { pickReader } from "../importers/pick";
import { readers } from "./readers";

export { CliError, HelpRequest, isUserError, parseArgs, type ParsedArgs } from "./args";

/**
 * Reads a file and turns it into definition documents through the first importer that recognises
 * it (the same pick as the Pulumi `DefinitionFile`); only that importer's code is loaded.
 */
export async function loadDocuments(file: string, options: ImportOptions = {}): Promise<DefinitionDocument[]> {
  const { text, reader } = pickReader(file, readers);
  return (await reader.load()).load(file, text, options);
}
