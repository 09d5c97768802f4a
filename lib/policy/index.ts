import type { KubeObject } from "../render/types";
import { embeddedManifests } from "./argo-manifests";
import { availabilityChecks } from "./availability";
import { clusterChecks } from "./cluster";
import { containerChecks } from "./containers";
import { podSecurityChecks } from "./pod-security";
import { isObject, podViews } from "./pods";
import { referenceChecks } from "./references";
import { routeChecks } from "./routes";
import type { ObjectSet, PolicyCheck, PolicyObjectRef, Violation } from "./types";

/** Every policy check, in report order. */
export const policyChecks: readonly PolicyCheck[] = [
  ...podSecurityChecks,
  ...containerChecks,
  ...availabilityChecks,
  ...referenceChecks,
  ...clusterChecks,
  ...routeChecks,
];

/** Options of {@link checkObjects}. */
export interface PolicyOptions {
  /** Names of checks to skip (e.g. `["topologySpreadConstraint"]`). Unknown names are an error. @default - none */
  readonly skip?: readonly string[];
  /** Report warnings too. @default true */
  readonly warnings?: boolean;
}

/** Whether a value has the shape every check relies on (apiVersion, kind, metadata.name). */
export function isKubeObject(value: unknown): value is KubeObject {
  return (
    isObject(value) &&
    typeof value.apiVersion === "string" &&
    typeof value.kind === "string" &&
    isObject(value.metadata) &&
    typeof value.metadata.name === "string"
  );
}

function objectSet(objects: readonly KubeObject[]): ObjectSet {
  const byKind = new Map<string, KubeObject[]>();
  for (const object of objects) {
    const group = byKind.get(object.kind);
    if (group) group.push(object);
    else byKind.set(object.kind, [object]);
  }
  return {
    objects,
    ofKind: (...kinds) => kinds.flatMap((kind) => byKind.get(kind) ?? []),
    pods: objects.flatMap(podViews),
  };
}

function refOf(object: KubeObject): PolicyObjectRef {
  const { apiVersion, kind, metadata } = object;
  return { apiVersion, kind, name: metadata.name, ...(metadata.namespace !== undefined ? { namespace: metadata.namespace } : {}) };
}

/**
 * The objects the checks see: the Kubernetes objects given, plus every object embedded in an Argo
 * resource template (`resource.manifest`), which takes its owner's namespace when it names none
 * (Argo applies it in the workflow's namespace), with where each embedded one is written.
 */
export function policyObjects(objects: readonly unknown[]): { all: KubeObject[]; embeddedIn: Map<KubeObject, { owner: KubeObject; path: string }> } {
  const given = objects.filter(isKubeObject);
  const embeddedIn = new Map<KubeObject, { owner: KubeObject; path: string }>();
  for (const { object, owner, path } of embeddedManifests(given)) {
    if (!isKubeObject(object)) continue;
    const namespace = object.metadata.namespace ?? owner.metadata.namespace;
    const placed = namespace === undefined ? object : { ...object, metadata: { ...object.metadata, namespace } };
    embeddedIn.set(placed, { owner, path });
  }
  return { all: [...given, ...embeddedIn.keys()], embeddedIn };
}

/**
 * Runs the policy checks over plain Kubernetes objects (anything else in the list, such as
 * empty YAML documents, is ignored: shape errors are the schema check's job) and returns every
 * violation, errors first.
 */
export function checkObjects(objects: readonly unknown[], options: PolicyOptions = {}): Violation[] {
  const skip = new Set(options.skip ?? []);
  for (const name of skip) {
    if (!policyChecks.some((check) => check.name === name)) {
      throw new Error(`unknown policy check '${name}'; known checks: ${policyChecks.map((c) => c.name).join(", ")}`);
    }
  }
  const { all, embeddedIn } = policyObjects(objects);
  const set = objectSet(all);
  const violations: Violation[] = [];
  const exempt = exemptions(set.objects, violations, embeddedIn);
  for (const check of policyChecks) {
    if (skip.has(check.name) || (check.severity === "warning" && options.warnings === false)) continue;
    for (const finding of check.run(set)) {
      if (exempt.get(finding.object)?.has(check.name)) continue;
      const holder = embeddedIn.get(finding.object);
      violations.push({
        check: check.name,
        severity: check.severity,
        object: refOf(finding.object),
        ...(holder ? { embeddedIn: { object: refOf(holder.owner), path: holder.path } } : {}),
        path: finding.path,
        message: finding.message,
        fix: finding.fix,
      });
    }
  }
  return violations.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === "error" ? -1 : 1));
}

/**
 * Annotation exempting one object from named checks, for a default switched off on purpose:
 * `policy.modelship.io/skip: "no-read-only-root-fs, automountServiceAccountToken"`. Unknown
 * names are reported as errors, so a typo cannot silently exempt nothing.
 */
export const SKIP_ANNOTATION = "policy.modelship.io/skip";

function exemptions(
  objects: readonly KubeObject[],
  violations: Violation[],
  embeddedIn: ReadonlyMap<KubeObject, { owner: KubeObject; path: string }>,
): Map<KubeObject, Set<string>> {
  const known = new Set(policyChecks.map((c) => c.name));
  const out = new Map<KubeObject, Set<string>>();
  for (const object of objects) {
    const value = object.metadata.annotations?.[SKIP_ANNOTATION];
    if (typeof value !== "string") continue;
    const names = value
      .split(",")
      .map((n) => n.trim())
      .filter(Boolean);
    out.set(object, new Set(names));
    for (const name of names.filter((n) => !known.has(n))) {
      const holder = embeddedIn.get(object);
      violations.push({
        check: SKIP_ANNOTATION,
        severity: "error",
        object: refOf(object),
        ...(holder ? { embeddedIn: { object: refOf(holder.owner), path: holder.path } } : {}),
        path: `metadata.annotations["${SKIP_ANNOTATION}"]`,
        message: `names unknown check '${name}'`,
        fix: "use check names from 'modelship check --list' (docs/quality-gates.md).",
      });
    }
  }
  return out;
}

function target(ref: PolicyObjectRef): string {
  return ref.namespace ? `${ref.kind}/${ref.namespace}/${ref.name}` : `${ref.kind}/${ref.name}`;
}

/**
 * `Kind/namespace/name` (or `Kind/name`) of a violation's object; for an object embedded in an
 * Argo template, where it is written first:
 * `WorkflowTemplate/ml/pipeline spec.templates[3].resource.manifest Deployment/ml/score`.
 */
export function violationTarget(violation: Violation): string {
  const inner = target(violation.object);
  return violation.embeddedIn ? `${target(violation.embeddedIn.object)} ${violation.embeddedIn.path} ${inner}` : inner;
}

/** One line per violation: `error [run-as-non-root] Deployment/ns/iris spec...: message. Fix: ...` */
export function formatViolation(violation: Violation): string {
  return `${violation.severity} [${violation.check}] ${violationTarget(violation)} ${violation.path}: ${violation.message}. Fix: ${violation.fix}`;
}

export type { Finding, ObjectSet, PolicyCheck, PolicyObjectRef, Severity, Violation } from "./types";
export { secretLooking } from "./containers";
export { embeddedManifests, type EmbeddedManifest } from "./argo-manifests";
