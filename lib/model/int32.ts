import type { z } from "zod";
import { problem } from "./errors";

/** Largest value of a Kubernetes `int32` field (replicas, retries, deadlines, history limits, ...). */
export const INT32_MAX = 2147483647;

/**
 * Caps a number schema at {@link INT32_MAX}: the API server rejects larger values in int32
 * fields, so we report them at construction, naming the field, instead of at apply time.
 *
 * @example int32(z.number().int().min(0))
 */
export function int32<S extends z.ZodNumber>(schema: S): S {
  return schema.max(INT32_MAX, { error: problem(`must be at most ${INT32_MAX}`, "use a smaller number: Kubernetes stores it as a 32-bit integer.") }) as S;
}
