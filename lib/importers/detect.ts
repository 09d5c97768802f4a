import path from "node:path";

/**
 * How each importer recognises its files (`Importer.detect`), in a module of its own with no
 * imports of the importers' code, so the CLI can pick the reader of a file before loading it
 * (lib/cli/readers.ts) and a definition file never loads the Bodywork, Orchest or ML Lab readers.
 */

/** A YAML or JSON mapping (not an array, not null). */
export const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
};

/** `bodywork.yaml` by name, or by its `pipeline:`/`project:` and `stages:` sections. */
export function detectBodywork(fileName: string, content: string): boolean {
  if (/^bodywork\.ya?ml$/i.test(path.basename(fileName))) return true;
  return /^(pipeline|project):/m.test(content) && /^stages:/m.test(content) && !/^kind:/m.test(content);
}

/** `bodywork.ini` by name, or an INI file with Bodywork's `[workflow] DAG`. */
export function detectBodyworkIni(fileName: string, content: string): boolean {
  if (/^bodywork\.ini$/i.test(path.basename(fileName))) return true;
  return /^\s*\[workflow\]\s*$/im.test(content) && /^\s*DAG\s*[=:]/im.test(content) && /^\s*PROJECT_NAME\s*[=:]/im.test(content);
}

/** Orchest pipeline files: `*.orchest`, or JSON with `steps` and `uuid` (a pipeline definition). */
export function detectOrchest(fileName: string, text: string): boolean {
  if (fileName.endsWith(".orchest")) return true;
  if (!fileName.endsWith(".json")) return false;
  const parsed = parseJson(text);
  return isObject(parsed) && isObject(parsed.steps) && typeof parsed.uuid === "string";
}

/** ML Lab deploy-service bodies: `*.mllab.json` / `*.mllab.yaml`, or JSON with `image` and `parameters`, or a ServiceInput (`container_image`). */
export function detectMlLab(fileName: string, text: string): boolean {
  if (/\.mllab\.(json|ya?ml)$/.test(fileName)) return true;
  if (!fileName.endsWith(".json")) return false;
  const parsed = parseJson(text);
  return (
    isObject(parsed) &&
    parsed.kind === undefined &&
    ((typeof parsed.image === "string" && isObject(parsed.parameters)) || typeof parsed.container_image === "string")
  );
}

/** A modelship definition file: a top-level `kind:` key. */
export function detectDefinitionFile(_fileName: string, content: string): boolean {
  return /^kind:\s*\S/m.test(content);
}
