/**
 * Fields core props took once and no longer do, with what replaces them. A props object or
 * definition file that still uses one is refused with the new prop and its value, instead of
 * the generic "is not a known field".
 */
export interface RetiredField {
  /** What the field was and what took its place, phrased to follow the field name. */
  readonly problem: string;
  /** The replacement, written for the value the user gave. */
  fix(value: unknown): string;
}

const BODYWORK_FILES = "a bodywork.yaml or bodywork.ini keeps Bodywork's names, the Bodywork importers map them";

// Core props took Bodywork's names for its units in 0.1.0. The Bodywork importers now map them
// (cores to `cpu`, megabytes to `memory: "<n>M"`), so core props have one name per field.
const RETIRED: Readonly<Record<string, RetiredField>> = {
  "resources.cpu_request": {
    problem: "is Bodywork's name for the CPU request, which modelship props call 'cpu'",
    fix: (value) =>
      typeof value === "number" && value > 0
        ? `replace it with 'resources.cpu: ${value}' (the same cores); ${BODYWORK_FILES}.`
        : `replace it with 'resources.cpu' in cores (e.g. 0.5) or as a quantity ('500m'); ${BODYWORK_FILES}.`,
  },
  "resources.memory_request_mb": {
    problem: "is Bodywork's name for the memory request in megabytes, which modelship props give as the quantity 'memory'",
    fix: (value) => {
      if (!(Number.isInteger(value) && (value as number) >= 0)) {
        return `replace it with 'resources.memory' as a quantity, e.g. "100M" for 100 megabytes; ${BODYWORK_FILES}.`;
      }
      const mb = String(value);
      return `replace it with 'resources.memory: "${mb}M"' (the same ${mb} megabytes; "${mb}Mi" would be mebibytes); ${BODYWORK_FILES}.`;
    },
  },
};

/** The retired field at `path`, matched on its last two segments so it is found inside workflow stages too. */
export function retiredField(path: readonly PropertyKey[]): RetiredField | undefined {
  if (path.length < 2) return undefined;
  return RETIRED[`${String(path[path.length - 2])}.${String(path[path.length - 1])}`];
}
