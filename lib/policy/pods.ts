import type { KubeObject } from "../render/types";

/** A plain JSON object (for reading untyped manifests). */
export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `value` when it is an object, else an empty one, so optional fields read without guards. */
export function obj(value: unknown): Json {
  return isObject(value) ? value : {};
}

/** `value` when it is a list, else an empty one. */
export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** A string map (labels, selectors), dropping non-string values. */
export function stringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, member] of Object.entries(obj(value))) if (typeof member === "string") out[key] = member;
  return out;
}

/** One container of a pod, with the path to it. */
export interface ContainerView {
  readonly container: Json;
  readonly path: string;
  /** Init containers (and Argo init/sidecar helpers) need no probes. */
  readonly init: boolean;
}

/**
 * One pod template, wherever it lives: a Pod, a controller's `spec.template`, a CronJob's job
 * template, or an Argo Workflow template (whose pod-level settings merge the workflow's and the
 * template's).
 */
export interface PodView {
  readonly owner: KubeObject;
  /** Path of the pod spec inside the owner, e.g. `spec.template.spec`. */
  readonly path: string;
  /** Pod-level fields (securityContext, hostNetwork, volumes, automountServiceAccountToken, ...). */
  readonly spec: Json;
  readonly labels: Record<string, string>;
  readonly containers: readonly ContainerView[];
  /** Serving pods (Deployment, StatefulSet, DaemonSet, ReplicaSet) need probes; batch pods do not. */
  readonly serving: boolean;
  /** Argo pods: the executor needs the ServiceAccount token. */
  readonly argo: boolean;
}

const SERVING = new Set(["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet"]);
const ARGO = new Set(["Workflow", "WorkflowTemplate", "ClusterWorkflowTemplate", "CronWorkflow"]);

function containersOf(spec: Json, path: string): ContainerView[] {
  const out: ContainerView[] = [];
  list(spec.initContainers).forEach((c, i) => isObject(c) && out.push({ container: c, path: `${path}.initContainers[${i}]`, init: true }));
  list(spec.containers).forEach((c, i) => isObject(c) && out.push({ container: c, path: `${path}.containers[${i}]`, init: false }));
  return out;
}

function podSpecView(owner: KubeObject, template: Json, path: string, labels: unknown, serving: boolean): PodView {
  const spec = obj(template);
  return { owner, path, spec, labels: stringMap(labels), containers: containersOf(spec, path), serving, argo: false };
}

const ARGO_POD_FIELDS = ["securityContext", "hostNetwork", "automountServiceAccountToken", "volumes", "serviceAccountName"];

function argoViews(owner: KubeObject, workflowSpec: Json, base: string): PodView[] {
  const views: PodView[] = [];
  list(workflowSpec.templates).forEach((raw, index) => {
    if (!isObject(raw)) return;
    const path = `${base}.templates[${index}]`;
    const containers: ContainerView[] = [];
    if (isObject(raw.container)) containers.push({ container: raw.container, path: `${path}.container`, init: false });
    if (isObject(raw.script)) containers.push({ container: raw.script, path: `${path}.script`, init: false });
    list(obj(raw.containerSet).containers).forEach(
      (c, i) => isObject(c) && containers.push({ container: c, path: `${path}.containerSet.containers[${i}]`, init: false }),
    );
    list(raw.initContainers).forEach((c, i) => isObject(c) && containers.push({ container: c, path: `${path}.initContainers[${i}]`, init: true }));
    list(raw.sidecars).forEach((c, i) => isObject(c) && containers.push({ container: c, path: `${path}.sidecars[${i}]`, init: true }));
    if (containers.length === 0) return; // steps, dag, suspend, resource templates run no container of ours
    const spec: Json = {};
    for (const field of ARGO_POD_FIELDS) {
      const value = raw[field] ?? workflowSpec[field];
      if (value !== undefined) spec[field] = value;
    }
    const labels = { ...stringMap(obj(workflowSpec.podMetadata).labels), ...stringMap(obj(raw.metadata).labels) };
    views.push({ owner, path, spec, labels, containers, serving: false, argo: true });
  });
  return views;
}

/** Every pod template of one object (none for objects that run no pods). */
export function podViews(object: KubeObject): PodView[] {
  const spec = obj(object.spec);
  switch (object.kind) {
    case "Pod":
      return [podSpecView(object, spec, "spec", object.metadata.labels, false)];
    case "Deployment":
    case "StatefulSet":
    case "DaemonSet":
    case "ReplicaSet":
    case "Job": {
      const template = obj(spec.template);
      return [podSpecView(object, obj(template.spec), "spec.template.spec", obj(template.metadata).labels, SERVING.has(object.kind))];
    }
    case "CronJob": {
      const template = obj(obj(obj(spec.jobTemplate).spec).template);
      return [podSpecView(object, obj(template.spec), "spec.jobTemplate.spec.template.spec", obj(template.metadata).labels, false)];
    }
    default:
      if (ARGO.has(object.kind) && object.apiVersion.startsWith("argoproj.io/")) {
        return object.kind === "CronWorkflow" ? argoViews(object, obj(spec.workflowSpec), "spec.workflowSpec") : argoViews(object, spec, "spec");
      }
      return [];
  }
}

/** Whether every `selector` label is among `labels` (an empty selector matches nothing here). */
export function selects(selector: Record<string, string>, labels: Record<string, string>): boolean {
  const keys = Object.keys(selector);
  return keys.length > 0 && keys.every((key) => labels[key] === selector[key]);
}

/** `matchLabels` plus simple `In`/`Exists` expressions of a LabelSelector, as a predicate. */
export function labelSelectorMatches(selector: unknown, labels: Record<string, string>): boolean {
  const s = obj(selector);
  const match = stringMap(s.matchLabels);
  const expressions = list(s.matchExpressions).filter(isObject);
  if (Object.keys(match).length === 0 && expressions.length === 0) return false;
  for (const [key, value] of Object.entries(match)) if (labels[key] !== value) return false;
  for (const expression of expressions) {
    const key = String(expression.key);
    const values = list(expression.values).map(String);
    switch (expression.operator) {
      case "In":
        if (!values.includes(labels[key])) return false;
        break;
      case "NotIn":
        if (key in labels && values.includes(labels[key])) return false;
        break;
      case "Exists":
        if (!(key in labels)) return false;
        break;
      case "DoesNotExist":
        if (key in labels) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

export function namespaceOf(object: KubeObject): string {
  return object.metadata.namespace ?? "";
}
