/** Metadata of a rendered object. */
export interface ObjectMeta {
  readonly name: string;
  readonly namespace?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly [key: string]: unknown;
}

/**
 * A plain Kubernetes object: JSON only (no undefined, no class instances), so every backend
 * writes exactly these bytes.
 */
export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: ObjectMeta;
  readonly [key: string]: unknown;
}

/** `Kind/namespace/name`, the identity used for patches, ordering and parity checks. */
export function objectId(object: KubeObject): string {
  return `${object.kind}/${object.metadata.namespace ?? ""}/${object.metadata.name}`;
}

/**
 * Drops undefined members recursively, so optional settings can be written inline
 * (`{ cpu: limit }`) and still yield JSON that is identical in every backend.
 */
export function compact<T>(value: T): T {
  // Plain loops: this runs on every rendered object, and Object.entries' per-key arrays were a
  // fifth of a 10,000-service render (bench/README.md).
  if (typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) out[i] = compact(value[i]);
    return out as T;
  }
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(source)) {
    const member = source[key];
    if (member !== undefined) out[key] = compact(member);
  }
  return out as T;
}

/** Returns a map only when it has entries, so empty maps are not written. */
export function nonEmpty<T extends object>(value: T | undefined): T | undefined {
  if (value === undefined) return undefined;
  return Object.keys(value).length > 0 ? value : undefined;
}
