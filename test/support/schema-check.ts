/**
 * Shared strict schema checker for every Kubernetes object the package emits.
 *
 *   validateObject(obj)          -> string[]  ("Deployment/iris: spec.replicas: must be integer", ...)
 *   expectValidObjects(objects)  -> throws one Error listing every problem of every object
 *   knownKinds()                 -> ["apps/v1/Deployment", ...]
 *
 * Strictness means: required fields, enums, types, formats AND unknown fields. An object whose
 * apiVersion/kind is not known here is an error, never a silent pass.
 *
 * How it works
 * ------------
 * Core kinds (everything kubernetes-models 4.5 exports as a top-level model class):
 *   1. kubernetes-models' precompiled upstream-OpenAPI validator checks required/enum/type/format.
 *      It accepts Quantity and IntOrString in both forms ("250m" | 0.25, "http" | 8080), exactly
 *      like the API server, but it does NOT reject unknown fields (its schemas have no
 *      additionalProperties:false).
 *   2. So unknown fields are found by a second pass that walks the object along the model
 *      `attributeTypeMap`s of @kubernetes/client-node (generated from the same upstream OpenAPI
 *      spec, v1.34): at each typed object every key must be a known field. We chose this over a
 *      JSON-schema package because both libraries are already (dev) dependencies, are generated from
 *      the upstream spec, and no pinned npm package ships the full Kubernetes OpenAPI schema with
 *      additionalProperties:false. Types are left to step 1; the walk only looks at field names.
 * Custom resources:
 *   the upstream CRD `openAPIV3Schema` of the matching served kind+apiVersion, vendored in
 *   schemas/crds/ (see schemas/README.md, regenerate with scripts/vendor-crd-schemas.mjs), compiled
 *   with Ajv (strict:false, allErrors, ajv-formats). Before compiling, the schema is made strict the
 *   way the API server's strict field validation behaves: every object schema gets
 *   additionalProperties:false unless it has `x-kubernetes-preserve-unknown-fields: true` or its own
 *   additionalProperties (schemas inside allOf/anyOf/oneOf/not are left alone: in a structural
 *   schema they only restrict, they never declare fields); `x-kubernetes-int-or-string` becomes
 *   integer|string; top-level `metadata` is checked as ObjectMeta with the core checker (strict).
 *   Identical sub-schemas are hoisted into shared definitions so the huge Argo CRDs (which inline
 *   the pod spec many times) compile quickly. Each kind is compiled on first use and cached.
 *
 * Known gaps: CEL rules (`x-kubernetes-validations`) are not run; `x-kubernetes-list-type: map`
 * key uniqueness is not checked; for core kinds, field names come from client-node 1.4 (k8s 1.34)
 * while types come from kubernetes-models 4.5 (its 5.x needs Node 22; we support Node 20), so a field that exists in only one of them would be
 * reported/missed accordingly; fields typed `any`/RawExtension/JSON are not walked.
 */
import fs from "node:fs";
import path from "node:path";
import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import * as km from "kubernetes-models";
import * as k8sModels from "@kubernetes/client-node/dist/gen/models/ObjectSerializer.js";
import { validate as validateObjectMetaFn } from "@kubernetes-models/apimachinery/_schemas/IoK8sApimachineryPkgApisMetaV1ObjectMeta";

// ---------------------------------------------------------------------------------------------
// Error formatting
// ---------------------------------------------------------------------------------------------

interface KmError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

function joinPath(base: string, key: string | number): string {
  if (typeof key === "number") return `${base}[${key}]`;
  if (IDENT.test(key)) return base ? `${base}.${key}` : key;
  return `${base}[${JSON.stringify(key)}]`;
}

/** JSON pointer (instancePath) -> "spec.containers[0].name", using the data to tell arrays apart. */
function pointerToPath(pointer: string, root: unknown, prefix = ""): string {
  let out = prefix;
  let cur: unknown = root;
  if (!pointer) return out;
  for (const raw of pointer.slice(1).split("/")) {
    const seg = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (Array.isArray(cur)) {
      out = joinPath(out, Number(seg));
      cur = cur[Number(seg)];
    } else {
      out = joinPath(out, seg);
      cur = cur && typeof cur === "object" ? (cur as Record<string, unknown>)[seg] : undefined;
    }
  }
  return out;
}

function describeError(e: KmError | ErrorObject, root: unknown, prefix = ""): string {
  let p = pointerToPath(e.instancePath, root, prefix);
  const params = e.params as Record<string, unknown>;
  let msg: string;
  switch (e.keyword) {
    case "required":
      p = joinPath(p, String(params.missingProperty));
      msg = "missing required field";
      break;
    case "additionalProperties":
      p = joinPath(p, String(params.additionalProperty));
      msg = "unknown field";
      break;
    case "type":
      msg = `must be ${Array.isArray(params.type) ? params.type.join("|") : String(params.type)}, got ${jsonType(valueAt(root, e.instancePath))}`;
      break;
    case "enum":
      msg = `must be one of ${JSON.stringify(params.allowedValues)}, got ${JSON.stringify(valueAt(root, e.instancePath))}`;
      break;
    case "format":
      msg = `must match format "${String(params.format)}", got ${JSON.stringify(valueAt(root, e.instancePath))}`;
      break;
    default:
      msg = e.message ?? `failed ${e.keyword} ${JSON.stringify(params)}`;
  }
  return `${p || "(root)"}: ${msg}`;
}

function valueAt(root: unknown, pointer: string): unknown {
  let cur: unknown = root;
  if (!pointer) return cur;
  for (const raw of pointer.slice(1).split("/")) {
    const seg = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    cur = cur && typeof cur === "object" ? (cur as Record<string, unknown>)[seg] : undefined;
  }
  return cur;
}

function jsonType(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
  return typeof v;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

// ---------------------------------------------------------------------------------------------
// Core kinds: kubernetes-models (types/required/enum/format) + client-node field walk (unknown)
// ---------------------------------------------------------------------------------------------

interface ModelClass {
  apiVersion: string;
  kind: string;
  prototype: { validate(): void };
}

interface CoreKind {
  cls: ModelClass;
  /** client-node model holding the field list of the kind, e.g. V1Deployment. */
  model: string;
}
let coreKinds: Map<string, CoreKind> | undefined;

/**
 * Core kinds = kubernetes-models' top-level model classes that also have a field list in
 * client-node (k8s 1.34). That drops the long-removed beta APIs kubernetes-models still ships
 * (apps/v1beta1, extensions/v1beta1, ...) and the newest alphas; objects of those kinds fail as
 * unknown kinds instead of being checked only half-way.
 */
function getCoreKinds(): Map<string, CoreKind> {
  if (coreKinds) return coreKinds;
  const map = new Map<string, CoreKind>();
  const visit = (ns: unknown, depth: number): void => {
    if (!ns || typeof ns !== "object" || depth > 3) return;
    for (const v of Object.values(ns as Record<string, unknown>)) {
      if (typeof v === "function") {
        const c = v as unknown as Partial<ModelClass>;
        if (typeof c.apiVersion === "string" && typeof c.kind === "string") {
          const model = rootModelName(c.apiVersion, c.kind);
          if (model) map.set(`${c.apiVersion}/${c.kind}`, { cls: c as ModelClass, model });
        }
      } else visit(v, depth + 1);
    }
  };
  visit(km, 0);
  coreKinds = map;
  return map;
}

interface Attr {
  name: string;
  baseName: string;
  type: string;
}
type TypeMap = Map<string, string>; // json field name -> client-node type string
const models = k8sModels as unknown as Record<string, { attributeTypeMap?: Attr[] } | undefined>;
const typeMaps = new Map<string, TypeMap | null>();

function typeMapOf(name: string): TypeMap | null {
  let tm = typeMaps.get(name);
  if (tm !== undefined) return tm;
  const attrs = models[name]?.attributeTypeMap;
  tm = attrs ? new Map(attrs.map((a) => [a.baseName, a.type])) : null;
  typeMaps.set(name, tm);
  return tm;
}

/** client-node model name of a top-level kind, e.g. apps/v1 Deployment -> V1Deployment. */
function rootModelName(apiVersion: string, kind: string): string | undefined {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["core", apiVersion];
  const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
  const groupPart = group
    .replace(/\.k8s\.io$/, "")
    .split(/[.-]/)
    .map(cap)
    .join("");
  const candidates = [
    `${groupPart}${cap(version)}${kind}`, // CoreV1Event, EventsV1Event
    `${cap(group.split(".")[0])}${cap(version)}${kind}`,
    `${cap(version)}${kind}`, // V1Deployment
  ];
  for (const c of candidates) {
    const tm = typeMapOf(c);
    if (tm && tm.has("kind") && tm.has("apiVersion")) return c;
  }
  return undefined;
}

const SCALARS = new Set(["string", "number", "boolean", "Date", "any", "object", "IntOrString"]);

function walkUnknown(value: unknown, type: string, p: string, errors: string[]): void {
  if (value === null || value === undefined || SCALARS.has(type)) return;
  if (type.startsWith("Array<")) {
    if (!Array.isArray(value)) return;
    const inner = type.slice(6, -1);
    if (SCALARS.has(inner)) return;
    value.forEach((v, i) => walkUnknown(v, inner, `${p}[${i}]`, errors));
    return;
  }
  if (type.startsWith("{ [key: string]: ")) {
    if (!isPlainObject(value)) return;
    const inner = type.slice("{ [key: string]: ".length, -3);
    if (SCALARS.has(inner)) return;
    for (const [k, v] of Object.entries(value)) walkUnknown(v, inner, joinPath(p, k), errors);
    return;
  }
  const tm = typeMapOf(type);
  if (!tm || !isPlainObject(value)) return; // type mismatches are reported by kubernetes-models
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined) continue;
    const t = tm.get(k);
    if (t === undefined) errors.push(`${joinPath(p, k)}: unknown field`);
    else walkUnknown(v, t, joinPath(p, k), errors);
  }
}

function validateCore(obj: Record<string, unknown>, { cls, model }: CoreKind): string[] {
  const errors: string[] = [];
  try {
    cls.prototype.validate.call(obj);
  } catch (e) {
    const errs = (e as { errors?: KmError[] }).errors;
    if (!errs) throw e;
    for (const err of errs) errors.push(describeError(err, obj));
  }
  walkUnknown(obj, model, "", errors);
  return dedupe(errors);
}

/** Strict ObjectMeta check (types + unknown fields); used for custom resources. */
function validateObjectMeta(meta: unknown, prefix: string): string[] {
  const errors: string[] = [];
  const fn = validateObjectMetaFn as unknown as ((d: unknown, o?: { instancePath?: string }) => boolean) & { errors?: KmError[] | null };
  if (!fn(meta)) for (const err of fn.errors ?? []) errors.push(describeError(err, meta, prefix));
  walkUnknown(meta, "V1ObjectMeta", prefix, errors);
  return errors;
}

function dedupe(a: string[]): string[] {
  return [...new Set(a)];
}

// ---------------------------------------------------------------------------------------------
// Custom resources: vendored CRD openAPIV3Schema + Ajv, made strict
// ---------------------------------------------------------------------------------------------

const CRD_DIR = path.resolve(__dirname, "..", "..", "schemas", "crds");

interface CrdEntry {
  kind: string;
  apiVersion: string;
  file: string;
}
let crdIndex: Map<string, CrdEntry> | undefined;

function getCrdIndex(): Map<string, CrdEntry> {
  if (crdIndex) return crdIndex;
  const list = JSON.parse(fs.readFileSync(path.join(CRD_DIR, "index.json"), "utf8")) as CrdEntry[];
  crdIndex = new Map(list.map((e) => [`${e.apiVersion}/${e.kind}`, e]));
  return crdIndex;
}

type Schema = Record<string, unknown>;
const JUNCTORS = ["allOf", "anyOf", "oneOf", "not"];

/** Returns a strict copy of a structural schema (see header comment). */
export function strictify(schema: Schema, inJunctor = false): Schema {
  const s: Schema = { ...schema };
  if (s["x-kubernetes-int-or-string"] === true && !s.anyOf && !s.oneOf) {
    delete s.type;
    s.anyOf = [{ type: "integer" }, { type: "string" }];
  }
  if (s.nullable === true && s.type === undefined) delete s.nullable;
  if (isPlainObject(s.properties)) {
    const props: Record<string, Schema> = {};
    for (const [k, v] of Object.entries(s.properties)) props[k] = strictify(v as Schema, inJunctor);
    s.properties = props;
  }
  if (isPlainObject(s.additionalProperties)) s.additionalProperties = strictify(s.additionalProperties as Schema, inJunctor);
  if (isPlainObject(s.items)) s.items = strictify(s.items as Schema, inJunctor);
  for (const j of JUNCTORS) {
    if (Array.isArray(s[j])) s[j] = (s[j] as Schema[]).map((x) => strictify(x, true));
    else if (isPlainObject(s[j])) s[j] = strictify(s[j] as Schema, true);
  }
  const preserve = s["x-kubernetes-preserve-unknown-fields"] === true;
  const isObject = s.type === "object" || (s.type === undefined && isPlainObject(s.properties));
  if (!inJunctor && !preserve && isObject && s.additionalProperties === undefined) {
    if (s["x-kubernetes-embedded-resource"] === true) {
      s.properties = { apiVersion: { type: "string" }, kind: { type: "string" }, metadata: { type: "object" }, ...(s.properties as Schema | undefined) };
    }
    // An object schema without properties and without the preserve flag is pruned to {} by the
    // API server, so any field in it is unknown too.
    s.additionalProperties = false;
  }
  return s;
}

/** Hoists identical sub-schemas (bigger than a few bytes) into `definitions` and $refs them. */
function hoistShared(root: Schema): Schema {
  const counts = new Map<string, number>();
  const keyOf = new WeakMap<object, string>();
  const count = (node: unknown): string => {
    const key = JSON.stringify(node);
    if (isPlainObject(node)) {
      keyOf.set(node, key);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return key;
  };
  const visitChildren = (node: Schema, f: (child: Schema) => void): void => {
    if (isPlainObject(node.properties)) for (const v of Object.values(node.properties)) f(v as Schema);
    if (isPlainObject(node.additionalProperties)) f(node.additionalProperties as Schema);
    if (isPlainObject(node.items)) f(node.items as Schema);
    for (const j of JUNCTORS) {
      if (Array.isArray(node[j])) (node[j] as Schema[]).forEach(f);
      else if (isPlainObject(node[j])) f(node[j] as Schema);
    }
  };
  const walkCount = (node: Schema): void => {
    count(node);
    visitChildren(node, walkCount);
  };
  walkCount(root);
  const defs: Record<string, Schema> = {};
  const names = new Map<string, string>();
  const rewrite = (node: Schema, isRoot: boolean): Schema => {
    const key = keyOf.get(node)!;
    if (!isRoot && key.length > 200 && (counts.get(key) ?? 0) > 1) {
      let name = names.get(key);
      if (!name) {
        name = `d${names.size}`;
        names.set(key, name);
        defs[name] = rebuild(node);
      }
      return { $ref: `#/definitions/${name}` };
    }
    return rebuild(node);
  };
  const rebuild = (node: Schema): Schema => {
    const s: Schema = { ...node };
    if (isPlainObject(s.properties)) {
      const props: Record<string, Schema> = {};
      for (const [k, v] of Object.entries(s.properties)) props[k] = rewrite(v as Schema, false);
      s.properties = props;
    }
    if (isPlainObject(s.additionalProperties)) s.additionalProperties = rewrite(s.additionalProperties as Schema, false);
    if (isPlainObject(s.items)) s.items = rewrite(s.items as Schema, false);
    for (const j of JUNCTORS) {
      if (Array.isArray(s[j])) s[j] = (s[j] as Schema[]).map((x) => rewrite(x, false));
      else if (isPlainObject(s[j])) s[j] = rewrite(s[j] as Schema, false);
    }
    return s;
  };
  const out = rewrite(root, true);
  return names.size ? { ...out, definitions: defs } : out;
}

let ajv: Ajv | undefined;
const crdValidators = new Map<string, ValidateFunction>();

function crdValidator(entry: CrdEntry): ValidateFunction {
  const cached = crdValidators.get(entry.file);
  if (cached) return cached;
  if (!ajv) {
    ajv = new Ajv({ strict: false, allErrors: true, inlineRefs: false, validateSchema: false });
    addFormats(ajv);
  }
  const raw = JSON.parse(fs.readFileSync(path.join(CRD_DIR, entry.file), "utf8")) as Schema;
  const strict = strictify(raw);
  const props: Schema = { ...(strict.properties as Schema | undefined) };
  // apiVersion/kind/metadata are implicit in every custom resource. metadata is checked as
  // ObjectMeta separately (strictly); any extra constraints the CRD puts on it (e.g. name
  // maxLength) are kept, but without making it closed here.
  const rawMeta = (raw.properties as Record<string, Schema> | undefined)?.metadata;
  props.apiVersion = { type: "string" };
  props.kind = { type: "string" };
  props.metadata = rawMeta ? strictify(rawMeta, true) : {};
  const fn = ajv.compile(hoistShared({ ...strict, type: "object", properties: props, additionalProperties: false }));
  crdValidators.set(entry.file, fn);
  return fn;
}

function validateCustom(obj: Record<string, unknown>, entry: CrdEntry): string[] {
  const fn = crdValidator(entry);
  const errors: string[] = [];
  if (!fn(obj)) for (const err of fn.errors ?? []) errors.push(describeError(err, obj));
  if (obj.metadata !== undefined) errors.push(...validateObjectMeta(obj.metadata, "metadata"));
  return dedupe(errors);
}

// ---------------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------------

function label(obj: unknown): string {
  if (!isPlainObject(obj)) return "(not an object)";
  const meta = isPlainObject(obj.metadata) ? obj.metadata : {};
  const kind = typeof obj.kind === "string" ? obj.kind : "(no kind)";
  const name = typeof meta.name === "string" ? meta.name : typeof meta.generateName === "string" ? `${meta.generateName}*` : "(no name)";
  return `${kind}/${name}`;
}

/** Validates one object strictly; returns human-readable errors (empty when valid). */
export function validateObject(obj: unknown): string[] {
  const who = label(obj);
  if (!isPlainObject(obj)) return [`${who}: expected a Kubernetes object, got ${jsonType(obj)}`];
  const { apiVersion, kind } = obj;
  if (typeof apiVersion !== "string" || typeof kind !== "string") {
    return [`${who}: apiVersion and kind must be strings (got ${JSON.stringify(apiVersion)}, ${JSON.stringify(kind)})`];
  }
  const key = `${apiVersion}/${kind}`;
  let errors: string[];
  const crd = getCrdIndex().get(key);
  if (crd) {
    errors = validateCustom(obj, crd);
  } else {
    const core = getCoreKinds().get(key);
    if (!core) {
      return [`${who}: unknown kind ${kind} in apiVersion ${apiVersion}: no schema for it (see knownKinds())`];
    }
    errors = validateCore(obj, core);
  }
  return errors.map((e) => `${who}: ${e}`);
}

/** Throws one Error listing every error of every object (for vitest tests). */
export function expectValidObjects(objects: readonly unknown[]): void {
  const all: string[] = [];
  for (const o of objects) all.push(...validateObject(o));
  if (all.length) {
    throw new Error(`${all.length} schema error(s) in ${objects.length} object(s):\n  ${all.join("\n  ")}`);
  }
}

/** "apiVersion/kind" pairs the checker can validate, sorted. */
export function knownKinds(): string[] {
  return [...new Set([...getCoreKinds().keys(), ...getCrdIndex().keys()])].sort();
}
