/**
 * The kinds a definition document may name, without loading their code: the definition-file
 * reader checks `kind:` against these, so reading a file loads only the kinds it uses. Must list
 * exactly the keys of `kindHandlers` (lib/definitions/kinds.ts; test/definitions/kinds.test.ts
 * checks it).
 */
export const KIND_NAMES: readonly string[] = ["ModelService", "BatchStage", "Workflow", "LabProject", "LabPlatform"];
