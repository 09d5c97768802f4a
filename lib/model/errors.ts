import type { z } from "zod";
import { retiredField } from "./retired-fields";

/** One problem found in a construct's props. */
export interface ValidationIssue {
  /** Dotted path of the field inside the props, e.g. `resources.cpu`; empty for the whole object. */
  readonly field: string;
  /** What is wrong, phrased to follow the field name: "must be an integer >= 0". */
  readonly problem: string;
  /** The offending value as the user gave it (undefined when the field was missing). */
  readonly value?: unknown;
  /** How to fix it. */
  readonly fix?: string;
}

/**
 * Thrown when props fail validation. Nothing is rendered when this is thrown.
 *
 * The message lists every issue, each naming the construct, the field, the value and the fix:
 * `ModelService 'iris': 'replicas' must be an integer >= 0 (got -1). Fix: use 0 or more.`
 */
export class ModelshipValidationError extends Error {
  constructor(
    readonly constructKind: string,
    readonly constructName: string,
    readonly issues: readonly ValidationIssue[],
    readonly constructPath?: string,
  ) {
    super(formatIssues(constructKind, constructName, issues, constructPath));
    this.name = "ModelshipValidationError";
  }
}

export function formatValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  if (typeof value === "string") {
    const shown = value.length > 80 ? `${value.slice(0, 77)}...` : value;
    return JSON.stringify(shown);
  }
  if (typeof value === "function") return "a function";
  try {
    const json = JSON.stringify(value);
    if (json === undefined) return String(value);
    return json.length > 80 ? `${json.slice(0, 77)}...` : json;
  } catch {
    return String(value);
  }
}

function formatIssues(kind: string, name: string, issues: readonly ValidationIssue[], path?: string): string {
  const where = path && path !== name ? `${kind} '${name}' (at ${path})` : `${kind} '${name}'`;
  const lines = issues.map((issue) => {
    const field = issue.field === "" ? "props" : `'${issue.field}'`;
    const got = issue.value !== undefined ? ` (got ${formatValue(issue.value)})` : "";
    const fix = issue.fix ? ` Fix: ${issue.fix}` : "";
    return `${where}: ${field} ${issue.problem}${got}.${fix}`;
  });
  return lines.join("\n");
}

/** Dotted field path as users write it: `ports[1].name`. */
export function fieldPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else out += out === "" ? String(segment) : `.${String(segment)}`;
  }
  return out;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = root;
  for (const segment of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment as string];
  }
  return current;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const saved = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = saved;
    }
  }
  return row[b.length];
}

/** The closest known name, for "did you mean" hints on misspelled fields. */
export function closestName(input: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestScore = Infinity;
  for (const candidate of candidates) {
    const score = editDistance(input.toLowerCase(), candidate.toLowerCase());
    if (score < bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  return best !== undefined && bestScore <= Math.max(2, Math.floor(input.length / 3)) ? best : undefined;
}

function describeExpected(expected: string): string {
  switch (expected) {
    case "int":
      return "an integer";
    case "array":
      return "a list";
    case "object":
      return "an object";
    case "record":
      return "a map of names to values";
    default:
      return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
  }
}

/** Turns one zod issue into our issue shape, reading the offending value from the input. */
function toValidationIssue(issue: z.core.$ZodIssue, input: unknown, knownKeysAt: (path: readonly PropertyKey[]) => string[]): ValidationIssue[] {
  const path = issue.path as PropertyKey[];
  const field = fieldPath(path);
  const value = valueAt(input, path);
  // Messages written in our schemas (`problem(text, fix)`) say it best; generic ones are built below.
  const own = splitProblem(issue.message);
  if (own) return [{ field, problem: own.problem, value, fix: own.fix }];
  switch (issue.code) {
    case "invalid_key": {
      const key = path.length ? path[path.length - 1] : undefined;
      const inner = issue.issues[0];
      const own = inner ? splitProblem(inner.message) : undefined;
      return [{ field, problem: own?.problem ?? inner?.message ?? "is not a valid key", value: key, fix: own?.fix ?? "rename it." }];
    }
    case "unrecognized_keys": {
      const known = knownKeysAt(path);
      return issue.keys.map((key) => {
        const retired = retiredField([...path, key]);
        const given = valueAt(input, [...path, key]);
        if (retired) return { field: fieldPath([...path, key]), problem: retired.problem, value: given, fix: retired.fix(given) };
        const suggestion = closestName(key, known);
        return {
          field: fieldPath([...path, key]),
          problem: "is not a known field",
          value: valueAt(input, [...path, key]),
          fix: suggestion ? `did you mean '${suggestion}'?` : `remove it${known.length ? `; known fields: ${known.join(", ")}` : ""}.`,
        };
      });
    }
    case "invalid_type": {
      const target = field === "" ? "the props" : `'${field}'`;
      if (value === undefined) {
        return [{ field, problem: "is required", fix: `set ${target} to ${describeExpected(issue.expected)}.` }];
      }
      return [{ field, problem: `must be ${describeExpected(issue.expected)}`, value, fix: `set ${target} to ${describeExpected(issue.expected)}.` }];
    }
    case "too_small": {
      const bound = `${issue.inclusive === false ? ">" : ">="} ${String(issue.minimum)}`;
      if (issue.origin === "string") {
        return [
          {
            field,
            problem: Number(issue.minimum) <= 1 ? "must not be empty" : `must have at least ${String(issue.minimum)} characters`,
            value,
            fix: `give '${field}' a value.`,
          },
        ];
      }
      if (issue.origin === "array" || issue.origin === "set") {
        return [{ field, problem: `must have at least ${String(issue.minimum)} item(s)`, value, fix: `add entries to '${field}'.` }];
      }
      return [{ field, problem: `must be ${isIntegerSchemaMessage(issue.message) ? "an integer " : ""}${bound}`, value, fix: `use a value ${bound}.` }];
    }
    case "too_big": {
      const bound = `${issue.inclusive === false ? "<" : "<="} ${String(issue.maximum)}`;
      if (issue.origin === "string") {
        return [{ field, problem: `must be at most ${String(issue.maximum)} characters long`, value, fix: "shorten it." }];
      }
      if (issue.origin === "array" || issue.origin === "set") {
        return [{ field, problem: `must have at most ${String(issue.maximum)} item(s)`, value, fix: `remove entries from '${field}'.` }];
      }
      return [{ field, problem: `must be ${bound}`, value, fix: `use a value ${bound}.` }];
    }
    case "invalid_value": {
      const options = issue.values.map((v) => JSON.stringify(v)).join(", ");
      return [{ field, problem: `must be one of ${options}`, value, fix: `pick one of ${options}.` }];
    }
    case "invalid_union": {
      // When the value has the shape of exactly one branch (`false | {...}` given an object), the
      // problem is inside that branch: report its issues at their own fields.
      const matched = issue.errors.filter(
        (branch) => branch.length > 0 && !branch.every((inner) => inner.path.length === 0 && (inner.code === "invalid_type" || inner.code === "invalid_value")),
      );
      if (matched.length === 1) {
        return matched[0].flatMap((inner) => toValidationIssue({ ...inner, path: [...path, ...inner.path] } as z.core.$ZodIssue, input, knownKeysAt));
      }
      // A union of value shapes: say the field is wrong and list what it takes (the union's own message).
      return [{ field, problem: issue.message.startsWith("Invalid input") ? "has an unsupported form" : issue.message, value, fix: unionFix(issue) }];
    }
    default: {
      // Other issues (zod's own wording, e.g. "Invalid discriminator value. Expected 'http' | 'tcp'") are kept whole.
      return [{ field, problem: lowerFirst(issue.message), value }];
    }
  }
}

function isIntegerSchemaMessage(message: string): boolean {
  return /integer/i.test(message);
}

function unionFix(issue: z.core.$ZodIssueInvalidUnion): string {
  const firsts = issue.errors
    .map((branch) => branch[0])
    .filter((x): x is z.core.$ZodIssue => x !== undefined)
    .map((x) => (x.code === "invalid_type" ? describeExpected(x.expected) : (splitProblem(x.message)?.problem ?? x.message)))
    .filter((text) => !text.startsWith("Invalid input"));
  const unique = [...new Set(firsts)];
  return unique.length ? `use one of: ${unique.join("; ")}.` : "see the field's documentation.";
}

/** Collects zod issues into our error shape. */
export function issuesFromZod(error: z.ZodError, input: unknown, knownKeysAt: (path: readonly PropertyKey[]) => string[]): ValidationIssue[] {
  return error.issues.flatMap((issue) => toValidationIssue(issue, input, knownKeysAt));
}

/**
 * Separates the problem from the fix in messages built by {@link problem}: an ASCII control
 * character (unit separator) that no schema text, user value or zod message contains, so a `|`
 * in prose ("Expected 'http' | 'tcp'") is never taken for it.
 */
const FIX_SEPARATOR = "\u001f";

/** Builds a message for a zod `error` option: the problem, then the fix. */
export function problem(text: string, fix: string): string {
  return `${text}${FIX_SEPARATOR}${fix}`;
}

/** The problem and fix of a message built by {@link problem}; undefined for any other message. */
export function splitProblem(message: string): { problem: string; fix: string } | undefined {
  const at = message.indexOf(FIX_SEPARATOR);
  return at < 0 ? undefined : { problem: message.slice(0, at), fix: message.slice(at + 1) };
}

function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? text[0].toLowerCase() + text.slice(1) : text;
}
