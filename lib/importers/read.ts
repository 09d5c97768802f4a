import type { DefinitionDocument, ImportOptions } from "../definitions/document";
import { importers } from "./index";
import { pickReader } from "./pick";

/** Reads a file into definition documents through the first importer that recognises it, as `modelship synth` does. */
export function readDefinitionDocuments(file: string, options: ImportOptions = {}): DefinitionDocument[] {
  const { text, reader } = pickReader(file, importers);
  return reader.load(file, text, options);
}
