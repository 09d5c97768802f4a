import { z } from "zod";
import { problem } from "./errors";

/** Kubernetes resource quantity: `250m`, `0.5`, `100M`, `1Gi`, `1e3`. */
export const QUANTITY = /^[+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+|m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/;

const binarySuffix: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const decimalSuffix: Record<string, number> = { m: 1e-3, "": 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };

/** The numeric value of a quantity (bytes for memory, cores for cpu). */
export function quantityValue(quantity: string): number {
  const match = /^([+]?[0-9.]+)([eE][-+]?[0-9]+|[a-zA-Z]*)$/.exec(quantity);
  if (!match) throw new Error(`not a quantity: ${quantity}`);
  const [, numberPart, suffix] = match;
  if (/^[eE]/.test(suffix)) return Number(numberPart + suffix);
  const factor = binarySuffix[suffix] ?? decimalSuffix[suffix];
  if (factor === undefined) throw new Error(`unknown quantity suffix: ${suffix}`);
  return Number(numberPart) * factor;
}

/** Whether a quantity (a string, or a plain number as YAML may give it) is zero: the kubelet reads a zero memory limit as none. */
export function isZeroQuantity(value: unknown): boolean {
  return value === 0 || (typeof value === "string" && QUANTITY.test(value) && quantityValue(value) === 0);
}

/** Cores as a number: at least one millicore (0.001 would round to "0" otherwise), at most a million. */
export const cpuCoresSchema = z
  .number()
  .min(0.001, { error: problem("must be at least 0.001 cores (1m)", "use e.g. 0.25 or '250m'.") })
  .max(1_000_000, { error: problem("must be at most 1000000 cores", "use a realistic CPU amount, e.g. 4.") });

/** Cores as a number (`0.25`) or a quantity string (`250m`). */
export const cpuSchema = z.union([
  cpuCoresSchema,
  z.string().regex(QUANTITY, { error: problem("is not a CPU quantity", "use cores like '0.5' or millicores like '500m'.") }),
]);

/** Memory or storage as a quantity string (`512Mi`, `100M`). Plain numbers go through `memoryMB`/`memoryMiB`. */
export const memorySchema = z
  .string()
  .regex(QUANTITY, { error: problem("is not a memory quantity", "use e.g. '512Mi', '1Gi' or '100M'.") })
  .refine((value) => !/m$/.test(value), { error: problem("is in milli-bytes (lowercase 'm')", "use 'M' (megabytes) or 'Mi' (mebibytes).") });

/**
 * A container's memory request or limit: the kubelet sets a container's memory limit only when it
 * is non-zero, so "0" would mean no limit at all. (A quota or a volume size of 0 is a plain
 * {@link memorySchema}.)
 */
export const containerMemorySchema = memorySchema.refine((value) => !isZeroQuantity(value), {
  error: problem("is zero, which Kubernetes reads as no memory limit at all", "give the memory the container needs, e.g. '256Mi'."),
});

/** Normalizes cores to the shortest exact Kubernetes form: 0.25 -> "250m", 2 -> "2". */
export function cpuQuantity(value: number | string): string {
  if (typeof value === "string") return value;
  const millis = Math.round(value * 1000);
  return millis % 1000 === 0 ? String(millis / 1000) : `${millis}m`;
}
