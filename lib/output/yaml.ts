/**
 * A fast YAML writer for plain Kubernetes objects (JSON values only: strings, finite numbers,
 * booleans, null, arrays, plain objects).
 *
 * Why not `yaml`'s `stringify`: it builds a document AST per object and runs its full scalar
 * resolution on every string; for manifests that is ~90% of a render's time (see bench/README.md).
 * This writer emits block YAML directly in one pass. It is strict about what it writes plainly:
 * a string is written unquoted only when YAML 1.1 (Go's yaml, kubectl, Helm) and YAML 1.2 (the
 * `yaml` package) both read it back as that same string; anything else is written double-quoted
 * with JSON escapes, which both read back exactly. Keys keep their insertion order.
 *
 * The output parses back to the input (`yaml.parse(toYaml(x))` deep-equals `x`; fuzzed in
 * test/output/yaml.test.ts) and matches `yaml`'s block style (sequences indented under their key).
 */

/** Strings YAML 1.1 or 1.2 would read as booleans or null in some spelling. */
const RESERVED = new Set(["y", "n", "yes", "no", "on", "off", "true", "false", "null"]);

/**
 * Plain-safe strings: start with a letter or '/', then letters, digits and `_ . / @ : + = % -`,
 * not ending with ':' (that would start a mapping). No spaces, no '#', no flow indicators.
 */
const PLAIN = /^[A-Za-z/][A-Za-z0-9_./@:+=%-]*$/;
/** Quantities and percentages (`250m`, `512Mi`, `25%`): digit-led but never numbers or dates. */
const QUANTITY = /^[0-9]+(\.[0-9]+)?(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei|%)$/;

/** `e0`, `E+5`: the `yaml` package's YAML 1.1 float pattern reads these as numbers. */
const EXPONENT = /^[eE][-+]?[0-9]/;

function isPlain(text: string): boolean {
  if (PLAIN.test(text)) return text.charCodeAt(text.length - 1) !== 58 /* ':' */ && !RESERVED.has(text.toLowerCase()) && !EXPONENT.test(text);
  return QUANTITY.test(text);
}

/** A string as a YAML scalar: plain when safe, else double-quoted. */
export function yamlString(text: string): string {
  return isPlain(text) ? text : JSON.stringify(text);
}

function scalar(value: unknown): string {
  switch (typeof value) {
    case "string":
      return yamlString(value);
    case "number":
      if (!Number.isFinite(value)) throw new TypeError(`cannot write ${value} as YAML: Kubernetes objects hold finite numbers only`);
      return Object.is(value, -0) ? "0" : String(value);
    case "boolean":
      return value ? "true" : "false";
    default:
      if (value === null) return "null";
      throw new TypeError(`cannot write a ${typeof value} as YAML: Kubernetes objects hold JSON values only`);
  }
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Appends `value` (a map) as block mapping lines at `indent`. */
function writeMap(map: Record<string, unknown>, indent: string, out: string[]): void {
  for (const key in map) {
    const value = map[key];
    if (value === undefined) continue;
    const k = yamlString(key);
    if (Array.isArray(value)) {
      if (value.length === 0) out.push(`${indent}${k}: []\n`);
      else {
        out.push(`${indent}${k}:\n`);
        writeSeq(value, `${indent}  `, out);
      }
    } else if (isMap(value)) {
      if (isEmpty(value)) out.push(`${indent}${k}: {}\n`);
      else {
        out.push(`${indent}${k}:\n`);
        writeMap(value, `${indent}  `, out);
      }
    } else out.push(`${indent}${k}: ${scalar(value)}\n`);
  }
}

function isEmpty(map: Record<string, unknown>): boolean {
  for (const key in map) if (map[key] !== undefined) return false;
  return true;
}

/** Appends a block sequence; a map item starts on the dash line (`- name: x`). */
function writeSeq(items: readonly unknown[], indent: string, out: string[]): void {
  for (const item of items) {
    if (Array.isArray(item)) {
      if (item.length === 0) out.push(`${indent}- []\n`);
      else {
        out.push(`${indent}-\n`);
        writeSeq(item, `${indent}  `, out);
      }
    } else if (isMap(item)) {
      if (isEmpty(item)) {
        out.push(`${indent}- {}\n`);
        continue;
      }
      // the first line of the map goes after "- ", the rest aligns under it
      const start = out.length;
      writeMap(item, `${indent}  `, out);
      out[start] = `${indent}- ${out[start].slice(indent.length + 2)}`;
    } else out.push(`${indent}- ${scalar(item === undefined ? null : item)}\n`);
  }
}

/** One object as a YAML document body (no `---`). */
export function toYaml(value: unknown): string {
  const out: string[] = [];
  if (isMap(value)) {
    if (isEmpty(value)) return "{}\n";
    writeMap(value, "", out);
  } else if (Array.isArray(value)) {
    if (value.length === 0) return "[]\n";
    writeSeq(value, "", out);
  } else return `${scalar(value)}\n`;
  return out.join("");
}

/** Objects as a multi-document YAML stream, documents separated by `---`. */
export function toYamlDocuments(objects: readonly unknown[]): string {
  let text = "";
  for (let i = 0; i < objects.length; i++) text += (i === 0 ? "" : "---\n") + toYaml(objects[i]);
  return text;
}
