import type { Importer } from "../definitions/document";
import { detectBodywork, detectBodyworkIni, detectDefinitionFile, detectMlLab, detectOrchest } from "../importers/detect";

/** An importer as the CLI sees it before loading it: its name, its detection rule, and its code on demand. */
export interface Reader {
  readonly name: string;
  readonly detect: Importer["detect"];
  load(): Promise<Importer>;
}

/**
 * The importers of lib/importers/index.ts, in the same order, each loaded only once its detection
 * rule (lib/importers/detect.ts, the one the importer itself uses) picked the file: a definition
 * file is read without loading the Bodywork, Orchest or ML Lab code. test/cli/readers.test.ts
 * checks that this list matches `importers`.
 */
export const readers: readonly Reader[] = [
  { name: "bodywork", detect: detectBodywork, load: async () => (await import("../importers/bodywork")).bodyworkImporter },
  { name: "orchest", detect: detectOrchest, load: async () => (await import("../importers/orchest")).orchestImporter },
  { name: "mllab", detect: detectMlLab, load: async () => (await import("../importers/mllab")).mlLabImporter },
  { name: "bodywork-ini", detect: detectBodyworkIni, load: async () => (await import("../importers/bodywork-ini")).bodyworkIniImporter },
  { name: "modelship", detect: detectDefinitionFile, load: async () => (await import("../importers/definition-file")).definitionFileImporter },
];
