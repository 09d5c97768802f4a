import { createHash } from "node:crypto";

/** Kubernetes' limit for DNS-1123 labels (and so for most object names we create). */
export const MAX_NAME_LENGTH = 63;

/** DNS-1123 label: lowercase alphanumerics and '-', starting and ending alphanumeric. */
export const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** DNS-1035 label (Service names): as DNS-1123 but must start with a letter. */
export const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/** IANA service name, the rule for container/Service port names. */
export const IANA_SVC_NAME = /^(?=.*[a-z])[a-z0-9]([a-z0-9-]{0,13}[a-z0-9])?$/;

/**
 * Environment variable names every supported API server accepts: C identifiers plus '.' and '-',
 * not '.' and not starting with '..' (IsEnvVarName; the relaxed rule of newer clusters is wider).
 * @see https://github.com/kubernetes/apimachinery/blob/v0.34.0/pkg/util/validation/validation.go (IsEnvVarName, hasChDirPrefix)
 */
export const ENV_VAR_NAME = /^(?!\.\.)(?!\.$)[-._a-zA-Z][-._a-zA-Z0-9]*$/;

export const MANAGED_BY = "modelship";

function shortHash(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 6);
}

/**
 * Joins parts into a DNS-1123 name. When the result is longer than `max`, it is cut and a short
 * hash of the full name is appended, so distinct long names stay distinct and stable.
 */
export function objectName(parts: readonly string[], max = MAX_NAME_LENGTH): string {
  const full = parts.filter((part) => part !== "").join("-");
  if (full.length <= max) return full;
  const hash = shortHash(full);
  const head = full.slice(0, max - hash.length - 1).replace(/-+$/, "");
  return `${head}-${hash}`;
}

/**
 * Turns a free-form name (a Bodywork stage `stage_1_train`, an Orchest service) into a
 * DNS-1123 label: lowercased, runs of other characters become '-', trimmed, length-capped.
 */
export function toDnsLabel(raw: string, max = MAX_NAME_LENGTH): string {
  const cleaned = raw
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/-+/g, "-")
    .replace(/^-+|-+$/g, "");
  const name = cleaned === "" ? `x-${shortHash(raw)}` : cleaned;
  return objectName([name], max);
}

/**
 * The in-cluster DNS name of a Service: `name.namespace.svc.cluster.local`, or the bare name
 * (resolved in the client's own namespace) when the namespace is not known.
 */
export function serviceHost(name: string, namespace?: string): string {
  return namespace ? `${name}.${namespace}.svc.cluster.local` : name;
}

/** The in-cluster URL of a Service port, from its {@link serviceHost}: `http://<host>:<port>`. */
export function serviceUrl(host: string, port: number): string {
  return `http://${host}:${port}`;
}

/** Recommended labels shared by every object of one workload. */
export interface WorkloadLabels {
  readonly name: string;
  readonly instance: string;
  readonly component: string;
  readonly partOf: string;
}

/** `app.kubernetes.io/*` labels; selectors use only the stable `name` and `instance`. */
export function recommendedLabels(labels: WorkloadLabels): Record<string, string> {
  return {
    "app.kubernetes.io/name": labels.name,
    "app.kubernetes.io/instance": labels.instance,
    "app.kubernetes.io/component": labels.component,
    "app.kubernetes.io/part-of": labels.partOf,
    "app.kubernetes.io/managed-by": MANAGED_BY,
  };
}

/**
 * The recommended labels every pod of a multi-stage run shares (`part-of`, `managed-by`): each
 * stage's pods carry their own name and instance.
 */
export function partOfLabels(labels: Pick<WorkloadLabels, "partOf">): Record<string, string> {
  return { "app.kubernetes.io/part-of": labels.partOf, "app.kubernetes.io/managed-by": MANAGED_BY };
}

export function selectorLabels(labels: WorkloadLabels): Record<string, string> {
  return {
    "app.kubernetes.io/name": labels.name,
    "app.kubernetes.io/instance": labels.instance,
  };
}
