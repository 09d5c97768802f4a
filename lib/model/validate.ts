import { z } from "zod";
import { issuesFromZod, ModelshipValidationError, type ValidationIssue } from "./errors";

/**
 * Which construct: what resolves, renders and error messages name it by. One type for the
 * model, the render, both backends and the definition-file tools.
 */
export interface ConstructRef {
  /** The construct's name (its id when no name prop is given). */
  readonly name: string;
  /** Construct path (cdk8s `node.path`, Pulumi URN name), when there is one. */
  readonly path?: string;
}

/** A construct and its kind (e.g. `ModelService`), as validation errors name it. */
export interface KindRef extends ConstructRef {
  /** e.g. `ModelService`. */
  readonly kind: string;
}

// zod keeps the structure of a schema in `_zod.def`; we only read it to list the fields an
// object accepts, so a misspelled field can be answered with "did you mean ...".
type AnySchema = z.core.$ZodType;

function unwrap(schema: AnySchema): AnySchema {
  let current = schema;
  for (let i = 0; i < 20; i++) {
    const def = current._zod.def as unknown as { type: string; innerType?: AnySchema; in?: AnySchema; getter?: () => AnySchema };
    if (def.innerType) current = def.innerType;
    else if (def.type === "pipe" && def.in) current = def.in;
    else if (def.type === "lazy" && def.getter) current = def.getter();
    else break;
  }
  return current;
}

function objectOptions(schema: AnySchema): AnySchema[] {
  const inner = unwrap(schema);
  const def = inner._zod.def as unknown as { type: string; options?: AnySchema[] };
  if (def.type === "union" && def.options) return def.options.flatMap(objectOptions);
  return def.type === "object" ? [inner] : [];
}

function child(schema: AnySchema, key: PropertyKey): AnySchema | undefined {
  const inner = unwrap(schema);
  const def = inner._zod.def as unknown as {
    type: string;
    shape?: Record<string, AnySchema>;
    element?: AnySchema;
    valueType?: AnySchema;
    options?: AnySchema[];
  };
  if (def.type === "object" && def.shape) return def.shape[String(key)];
  if (def.type === "array") return def.element;
  if (def.type === "record") return def.valueType;
  if (def.type === "union" && def.options) {
    for (const option of def.options) {
      const found = child(option, key);
      if (found) return found;
    }
  }
  return undefined;
}

export function knownKeys(schema: AnySchema, path: readonly PropertyKey[]): string[] {
  let current: AnySchema | undefined = schema;
  for (const segment of path) {
    if (!current) return [];
    current = child(current, segment);
  }
  if (!current) return [];
  const keys = new Set<string>();
  for (const option of objectOptions(current)) {
    const shape = (option._zod.def as unknown as { shape: Record<string, AnySchema> }).shape;
    Object.keys(shape).forEach((key) => keys.add(key));
  }
  return [...keys];
}

/**
 * Validates props against a schema and runs the cross-field checks on the parsed value.
 * Throws one {@link ModelshipValidationError} listing every problem, so a user fixes them in
 * one round; returns the parsed props otherwise.
 */
export function validateProps<S extends AnySchema>(
  ref: KindRef,
  schema: S,
  input: unknown,
  crossChecks?: (parsed: z.output<S>) => ValidationIssue[],
): z.output<S> {
  const result = z.safeParse(schema, input, { reportInput: true });
  if (!result.success) {
    throw new ModelshipValidationError(
      ref.kind,
      ref.name,
      issuesFromZod(result.error, input, (path) => knownKeys(schema, path)),
      ref.path,
    );
  }
  const issues = crossChecks ? crossChecks(result.data) : [];
  if (issues.length > 0) throw new ModelshipValidationError(ref.kind, ref.name, issues, ref.path);
  return result.data;
}
