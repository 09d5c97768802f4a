import { ModelshipValidationError, type ValidationIssue } from "../model/errors";
import type { ObjectPatch, JsonPatchOp } from "../model/patch";
import type { KindRef } from "../model/validate";
import type { KubeObject } from "./types";

class PatchError extends Error {}

function parsePointer(pointer: string): string[] {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((token) => token.replace(/~1/g, "/").replace(/~0/g, "~"));
}

type Container = Record<string, unknown> | unknown[];

function locate(document: unknown, tokens: readonly string[], pointer: string): { parent: Container; key: string } {
  let current: unknown = document;
  for (const token of tokens.slice(0, -1)) {
    if (Array.isArray(current)) current = current[Number(token)];
    else if (current !== null && typeof current === "object") current = (current as Record<string, unknown>)[token];
    else current = undefined;
    if (current === undefined) throw new PatchError(`path '${pointer}' does not exist (missing '${token}')`);
  }
  if (current === null || typeof current !== "object") throw new PatchError(`path '${pointer}' does not point into an object or list`);
  return { parent: current as Container, key: tokens[tokens.length - 1] };
}

function arrayIndex(parent: unknown[], key: string, pointer: string, allowEnd: boolean): number {
  if (key === "-" && allowEnd) return parent.length;
  if (!/^(0|[1-9][0-9]*)$/.test(key)) throw new PatchError(`'${key}' in '${pointer}' is not a list index`);
  const index = Number(key);
  if (index > parent.length || (!allowEnd && index === parent.length))
    throw new PatchError(`index ${index} in '${pointer}' is out of range (length ${parent.length})`);
  return index;
}

function get(document: unknown, pointer: string): unknown {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) return document;
  const { parent, key } = locate(document, tokens, pointer);
  if (Array.isArray(parent)) return parent[arrayIndex(parent, key, pointer, false)];
  if (!(key in parent)) throw new PatchError(`path '${pointer}' does not exist`);
  return parent[key];
}

function remove(document: unknown, pointer: string): unknown {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) throw new PatchError("cannot remove the whole object");
  const { parent, key } = locate(document, tokens, pointer);
  if (Array.isArray(parent)) return parent.splice(arrayIndex(parent, key, pointer, false), 1)[0];
  if (!(key in parent)) throw new PatchError(`path '${pointer}' does not exist`);
  const old = parent[key];
  delete parent[key];
  return old;
}

function add(document: unknown, pointer: string, value: unknown, replace: boolean): void {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) throw new PatchError("cannot replace the whole object; patch its fields");
  const { parent, key } = locate(document, tokens, pointer);
  if (Array.isArray(parent)) {
    const index = arrayIndex(parent, key, pointer, !replace);
    parent.splice(index, replace ? 1 : 0, value);
    return;
  }
  if (replace && !(key in parent)) throw new PatchError(`path '${pointer}' does not exist; use 'add'`);
  parent[key] = value;
}

function clone<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

/** JSON equality as RFC 6902 section 4.6 defines it for `test`: objects by their members whatever their order, arrays by position. */
function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === (b as unknown[]).length && a.every((item, index) => jsonEqual(item, (b as unknown[])[index]));
  const aKeys = Object.keys(a);
  const bRecord = b as Record<string, unknown>;
  return (
    aKeys.length === Object.keys(bRecord).length &&
    aKeys.every((key) => Object.hasOwn(bRecord, key) && jsonEqual((a as Record<string, unknown>)[key], bRecord[key]))
  );
}

function applyOp(document: unknown, op: JsonPatchOp): void {
  switch (op.op) {
    case "add":
      return add(document, op.path, clone(op.value), false);
    case "replace":
      return add(document, op.path, clone(op.value), true);
    case "remove":
      remove(document, op.path);
      return;
    case "move":
      return add(document, op.path, remove(document, op.from), false);
    case "copy":
      return add(document, op.path, clone(get(document, op.from)), false);
    case "test": {
      const actual = get(document, op.path);
      if (!jsonEqual(actual, op.value)) throw new PatchError(`test failed at '${op.path}': found ${JSON.stringify(actual)}`);
    }
  }
}

/**
 * Applies the escape-hatch patches to rendered objects (copies; the input is not changed).
 * A patch that targets no object, or an op that cannot apply, throws a validation error that
 * names the patch, so nothing half-patched is ever written.
 */
export function applyPatches(objects: readonly KubeObject[], patches: readonly ObjectPatch[], ref: KindRef): KubeObject[] {
  if (patches.length === 0) return [...objects];
  const result = objects.map((object) => clone(object));
  const issues: ValidationIssue[] = [];
  patches.forEach((patch, index) => {
    const targets = result.filter((object) => object.kind === patch.kind && (patch.name === undefined || object.metadata.name === patch.name));
    const available = result.map((object) => `${object.kind}/${object.metadata.name}`).join(", ");
    if (targets.length === 0) {
      issues.push({
        field: `patches[${index}]`,
        problem: `matches no rendered object (${patch.kind}${patch.name ? `/${patch.name}` : ""})`,
        fix: `target one of: ${available}.`,
      });
      return;
    }
    if (targets.length > 1) {
      issues.push({
        field: `patches[${index}].name`,
        problem: `is needed: there are ${targets.length} ${patch.kind} objects`,
        fix: `name one of: ${targets.map((t) => t.metadata.name).join(", ")}.`,
      });
      return;
    }
    patch.ops.forEach((op, opIndex) => {
      try {
        applyOp(targets[0], op);
      } catch (error) {
        if (!(error instanceof PatchError)) throw error;
        issues.push({
          field: `patches[${index}].ops[${opIndex}]`,
          problem: `cannot apply to ${patch.kind}/${targets[0].metadata.name}: ${error.message}`,
          value: op,
          fix: "check the path against the rendered object (see the synthesized YAML).",
        });
      }
    });
  });
  if (issues.length > 0) throw new ModelshipValidationError(ref.kind, ref.name, issues, ref.path);
  return result;
}
