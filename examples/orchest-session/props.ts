import fs from "node:fs";
import path from "node:path";
import { orchestImporter } from "../../lib/importers/orchest";
import type { DefinitionDocument } from "../../lib/definitions/document";

/** The pipeline file, next to this source (also when run from the compiled build/ tree). */
export function pipelineFile(): string {
  const beside = path.join(__dirname, "pipeline.orchest");
  return fs.existsSync(beside) ? beside : path.resolve(__dirname, "..", "..", "..", "examples", "orchest-session", "pipeline.orchest");
}

/**
 * An Orchest interactive session (seed 003) imported from its pipeline file: Streamlit with its
 * base path preserved, Postgres and Redis without ports (internal only), QuestDB with three
 * ports, and an MLflow service that runs only in jobs (scope noninteractive), so it is left out.
 */
export function orchestSession(): DefinitionDocument {
  const file = pipelineFile();
  // The project names the namespace; this example directory is not an Orchest project, so say which.
  const [document] = orchestImporter.load(file, fs.readFileSync(file, "utf8"), { project: "sales-forecast" });
  return document;
}
