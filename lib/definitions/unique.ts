import { objectId, type KubeObject } from "../render/types";

export { objectId };

/**
 * The problem when two of the objects are the same cluster object (same kind, namespace and name):
 * two documents of one file would overwrite each other. Undefined when all are distinct. Used by
 * `modelship synth` and the Pulumi `DefinitionFile`, so both refuse the same files.
 */
export function duplicateObjectProblem(objects: readonly KubeObject[]): string | undefined {
  const seen = new Set<string>();
  for (const object of objects) {
    const id = objectId(object);
    if (seen.has(id)) return `two documents render the same object ${id}. Fix: give them distinct names or namespaces.`;
    seen.add(id);
  }
  return undefined;
}
