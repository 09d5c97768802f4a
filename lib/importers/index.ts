import type { Importer } from "../definitions/document";
import { bodyworkImporter } from "./bodywork";
import { bodyworkIniImporter } from "./bodywork-ini";
import { mlLabImporter } from "./mllab";
import { orchestImporter } from "./orchest";
import { definitionFileImporter } from "./definition-file";

/**
 * Every input format the CLI reads, asked in order whether they recognise a file; the first that
 * does loads it. Append new importers here.
 */
export const importers: Importer[] = [
  bodyworkImporter,
  orchestImporter,
  mlLabImporter,
  // Before the definition-file importer, which would otherwise be asked about an INI file.
  bodyworkIniImporter,
  definitionFileImporter,
];
