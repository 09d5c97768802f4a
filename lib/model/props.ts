/**
 * Props may come from JavaScript or YAML, so they may be anything (`null`, a string, a list).
 * These helpers let constructs read them without a TypeError, leaving the report to validation:
 * `BatchStage 'x': props must be an object (got null).`
 */

/** Whether props are an object whose fields may be read (not null, not a list). */
export function isPropsObject(props: unknown): props is Record<string, unknown> {
  return typeof props === "object" && props !== null && !Array.isArray(props);
}

/** The `name` prop, when props are an object; else undefined (the construct id is used). */
export function nameProp(props: unknown): string | undefined {
  return isPropsObject(props) ? (props.name as string | undefined) : undefined;
}

/**
 * Returns props when they are an object; otherwise runs the construct's own validation on them,
 * which throws the ModelshipValidationError naming the construct.
 */
export function requirePropsObject<T>(props: T, validate: (props: T) => unknown): T & Record<string, unknown> {
  if (!isPropsObject(props)) {
    validate(props);
    throw new TypeError(`props must be an object (got ${props === null ? "null" : typeof props})`);
  }
  return props as T & Record<string, unknown>;
}
