/**
 * A fast YAML writer for plain Kubernetes objects (JSON values only: strings, finite numbers,
 * booleans, null, arrays, plain objects).
 *
 * Why not `yaml`'s `stringify`: it builds a document AST per object and runs its full scalar
 * resolution on every string; for manifests that is most of a render's time (see
 * bench/README.md). This writer emits block YAML directly in one pass. It is strict about what it
 * writes plainly: a string is written unquoted only when YAML 1.1 (Go's yaml: kubectl, Helm) and
 * YAML 1.2 (the `yaml` package) both read it back as that same string; anything else is written
 * double-quoted with JSON escapes, which both read back exactly. Keys keep their insertion order.
 *
 * The output parses back to the input (`yaml.parse(toYaml(x))` deep-equals `x`; fuzzed in
 * test/output/yaml.test.ts). It is byte-identical to `yaml`'s `stringify` for objects without
 * multi-line strings (tested on rendered objects). Multi-line strings differ: this writer emits
 * them as literal blocks (`|`, `|-`), or double-quoted when a literal block cannot hold them
 * exactly, where `yaml` may fold long lines (`>-`) or add an indentation indicator (`|2-`); the
 * parsed value is the same either way.
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

// Manifests repeat the same short strings (keys, label values, enum values) thousands of times:
// remember how each was written. Bounded, so a huge stream of unique values cannot grow it.
const CACHE_LIMIT = 50_000;
const CACHEABLE_LENGTH = 128;
let written = new Map<string, string>();

/** A string as a YAML scalar: plain when safe, else double-quoted. */
export function yamlString(text: string): string {
  if (text.length > CACHEABLE_LENGTH) return isPlain(text) ? text : JSON.stringify(text);
  let out = written.get(text);
  if (out === undefined) {
    out = isPlain(text) ? text : JSON.stringify(text);
    if (written.size >= CACHE_LIMIT) written = new Map();
    written.set(text, out);
  }
  return out;
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

function isEmpty(map: Record<string, unknown>): boolean {
  for (const key in map) if (map[key] !== undefined) return false;
  return true;
}

/**
 * Multi-line text (an embedded manifest, a script) reads best as a literal block (`|`), as the
 * `yaml` package writes it. Only text a literal block keeps exactly: printable, no tabs or CRs,
 * not starting with a space, and at most one trailing newline (`|`) or none (`|-`).
 */
// eslint-disable-next-line no-control-regex -- the control characters are what it refuses
const LITERAL_SAFE = /^[^\s][^\t\r\x00-\x08\x0b-\x1f\x7f\u0085\u2028\u2029\ufeff]*$/;

function literalBlock(text: string, indent: string): string | undefined {
  if (!text.includes("\n") || text.endsWith("\n\n") || !LITERAL_SAFE.test(text)) return undefined;
  const body = text.endsWith("\n") ? text.slice(0, -1) : text;
  const lines = body.split("\n");
  // A trailing-space-only line would be read back as part of the indentation: keep those quoted.
  if (lines.some((line) => line.length > 0 && line.trim() === "")) return undefined;
  const header = text.endsWith("\n") ? "|" : "|-";
  let out = header;
  for (const line of lines) out += line === "" ? "\n" : `\n${indent}${line}`;
  return out;
}

/** A scalar value after `key: ` or `- `; `indent` is the indentation of a literal block's lines. */
function valueText(value: unknown, indent: string): string {
  if (typeof value === "string" && value.length > 1) {
    const block = literalBlock(value, indent);
    if (block !== undefined) return block;
  }
  return scalar(value);
}

// The writer appends to one string (V8 concatenates in O(1) and flattens once at the end).
// `first` is the prefix of the next line when it starts a sequence item (`- `), else undefined.

/** Block mapping lines at `indent`; the first line gets `first` instead of `indent`. */
function writeMap(map: Record<string, unknown>, indent: string, first: string | undefined, out: string): string {
  let lead = first ?? indent;
  for (const key in map) {
    const value = map[key];
    if (value === undefined) continue;
    const k = yamlString(key);
    if (typeof value !== "object" || value === null) out += `${lead}${k}: ${valueText(value, `${indent}  `)}\n`;
    else if (Array.isArray(value)) {
      out += value.length === 0 ? `${lead}${k}: []\n` : writeSeq(value, `${indent}  `, `${lead}${k}:\n`);
    } else {
      out += isEmpty(value as Record<string, unknown>)
        ? `${lead}${k}: {}\n`
        : writeMap(value as Record<string, unknown>, `${indent}  `, undefined, `${lead}${k}:\n`);
    }
    lead = indent;
  }
  return out;
}

/** Block sequence at `indent`; a map item starts on the dash line (`- name: x`). */
function writeSeq(items: readonly unknown[], indent: string, out: string): string {
  for (const item of items) {
    if (typeof item !== "object" || item === null) out += `${indent}- ${valueText(item === undefined ? null : item, `${indent}  `)}\n`;
    else if (Array.isArray(item)) out += item.length === 0 ? `${indent}- []\n` : writeSeq(item, `${indent}  `, `${indent}-\n`);
    else if (isEmpty(item as Record<string, unknown>)) out += `${indent}- {}\n`;
    else out = writeMap(item as Record<string, unknown>, `${indent}  `, `${indent}- `, out);
  }
  return out;
}

/** One value (an object, normally) as a YAML document body (no `---`). */
export function toYaml(value: unknown): string {
  if (isMap(value)) return isEmpty(value) ? "{}\n" : writeMap(value, "", undefined, "");
  if (Array.isArray(value)) return value.length === 0 ? "[]\n" : writeSeq(value, "", "");
  return `${scalar(value)}\n`;
}

/** Objects as a multi-document YAML stream, documents separated by `---`. */
export function toYamlDocuments(objects: readonly unknown[]): string {
  let text = "";
  for (let i = 0; i < objects.length; i++) text += (i === 0 ? "" : "---\n") + toYaml(objects[i]);
  return text;
}
