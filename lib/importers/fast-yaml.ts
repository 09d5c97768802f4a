import * as jsYaml from "js-yaml";

/**
 * The documents of a YAML stream as plain values, fast: js-yaml builds values directly, without
 * the syntax tree, node objects and line index that `yaml`'s `parseAllDocuments` keeps (about 9x
 * slower and far more memory on a 5 MB definition file). Used when nothing has to be located; callers
 * parse again with `yaml` to report an error at its line.
 *
 * The schema is YAML 1.2's core schema exactly as `yaml` resolves it (yaml/dist/schema/core),
 * so both parsers give the same values: js-yaml's own core schema also reads `0b101` as an int,
 * `1_0.5` as a float and misses `-.5`, which `yaml` reads as a string, a string and -0.5.
 * Returns undefined on anything js-yaml refuses (syntax errors, duplicate keys, unknown tags), so
 * the caller's `yaml` path reports it.
 */
export function loadAllFast(text: string): unknown[] | undefined {
  try {
    return jsYaml.loadAll(text, undefined, { schema: CORE_SCHEMA });
  } catch {
    return undefined;
  }
}

const INT = /^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$/;
const FLOAT = /^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+|[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*))$/;
const SPECIAL_FLOAT = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;

const int = new jsYaml.Type("tag:yaml.org,2002:int", {
  kind: "scalar",
  resolve: (data: string) => INT.test(data),
  construct: (data: string) => (data.startsWith("0o") ? parseInt(data.slice(2), 8) : data.startsWith("0x") ? parseInt(data.slice(2), 16) : parseInt(data, 10)),
});

const float = new jsYaml.Type("tag:yaml.org,2002:float", {
  kind: "scalar",
  resolve: (data: string) => FLOAT.test(data) || SPECIAL_FLOAT.test(data),
  construct: (data: string) =>
    SPECIAL_FLOAT.test(data) ? (data.slice(-3).toLowerCase() === "nan" ? NaN : data.startsWith("-") ? -Infinity : Infinity) : parseFloat(data),
});

const nullType = new jsYaml.Type("tag:yaml.org,2002:null", {
  kind: "scalar",
  resolve: (data: string) => /^(?:~|[Nn]ull|NULL)?$/.test(data),
  construct: () => null,
});

const bool = new jsYaml.Type("tag:yaml.org,2002:bool", {
  kind: "scalar",
  resolve: (data: string) => /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/.test(data),
  construct: (data: string) => data[0] === "t" || data[0] === "T",
});

const CORE_SCHEMA = jsYaml.FAILSAFE_SCHEMA.extend({ implicit: [nullType, bool, int, float] });
