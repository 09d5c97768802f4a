import type { Importer } from "../spec/document";
import { bodyworkImporter } from "./bodywork";
import { mlLabImporter } from "./mllab";
import { orchestImporter } from "./orchest";
import { specFileImporter } from "./spec-file";

/**
 * Every input format the CLI reads, asked in order whether they recognise a file; the first that
 * does loads it. Append new importers here.
 */
export const importers: Importer[] = [
  bodyworkImporter,
  orchestImporter,
  mlLabImporter,
  specFileImporter,
];
