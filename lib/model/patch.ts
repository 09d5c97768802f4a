import { z } from "zod";
import { problem } from "./errors";

/** One RFC 6902 JSON-Patch operation. @see https://datatracker.ietf.org/doc/html/rfc6902 */
export type JsonPatchOp =
  | { readonly op: "add" | "replace" | "test"; readonly path: string; readonly value: unknown }
  | { readonly op: "remove"; readonly path: string }
  | { readonly op: "move" | "copy"; readonly from: string; readonly path: string };

/**
 * The escape hatch: JSON-Patch operations applied to one rendered object after every default,
 * identically in cdk8s and Pulumi. A patch that matches no object, or an operation that cannot
 * apply, is an error, never silently dropped.
 */
export interface ObjectPatch {
  /** Kind of the object to patch, e.g. `Deployment`. */
  readonly kind: string;
  /** Name of the object. @default - the only object of that kind (an error if there are several) */
  readonly name?: string;
  /** Operations, applied in order. */
  readonly ops: readonly JsonPatchOp[];
}

/** Static factories for {@link JsonPatchOp}s, as in cdk8s' `JsonPatch`. */
export const JsonPatch = {
  add: (path: string, value: unknown): JsonPatchOp => ({ op: "add", path, value }),
  replace: (path: string, value: unknown): JsonPatchOp => ({ op: "replace", path, value }),
  remove: (path: string): JsonPatchOp => ({ op: "remove", path }),
  test: (path: string, value: unknown): JsonPatchOp => ({ op: "test", path, value }),
  move: (from: string, path: string): JsonPatchOp => ({ op: "move", from, path }),
  copy: (from: string, path: string): JsonPatchOp => ({ op: "copy", from, path }),
};

const pointer = z
  .string()
  .regex(/^(\/([^~/]|~[01])*)*$/, { error: problem("is not a JSON pointer", "write it like '/spec/template/spec/priorityClassName'.") });

export const jsonPatchOpSchema = z.discriminatedUnion("op", [
  z.strictObject({ op: z.enum(["add", "replace", "test"]), path: pointer, value: z.unknown() }),
  z.strictObject({ op: z.literal("remove"), path: pointer }),
  z.strictObject({ op: z.enum(["move", "copy"]), from: pointer, path: pointer }),
]);

export const objectPatchSchema = z.strictObject({
  kind: z.string().min(1),
  name: z.string().optional(),
  ops: z.array(jsonPatchOpSchema).min(1),
});
