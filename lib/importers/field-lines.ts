// Where each loaded definition document's fields are, so errors found later (by the kind's own
// validation) can name the line of the field. Keyed by the props object handed out. A module of
// its own, so the CLI can ask for a line without loading the definition-file reader and its YAML
// parsers when it read another format.
const locators = new WeakMap<object, (field: string) => number | undefined>();

/** Records how to find the line of a field of `props` (called by the definition-file reader). */
export function locateFields(props: object, locate: (field: string) => number | undefined): void {
  locators.set(props, locate);
}

/** Line of a props field (`stages.train.batch.retries`) in the definition file the props were read from. */
export function definitionFieldLine(props: object, field: string): number | undefined {
  return locators.get(props)?.(field);
}
