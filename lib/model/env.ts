import { z } from "zod";
import { envVarNameSchema, secretKeySchema, subdomainNameSchema } from "./rules";

/** Reads one key of a Secret: the only way a token or password reaches a container. */
export interface SecretKeyRef {
  readonly secretKeyRef: { readonly name: string; readonly key: string; readonly optional?: boolean };
}
/** Reads one key of a ConfigMap. */
export interface ConfigMapKeyRef {
  readonly configMapKeyRef: { readonly name: string; readonly key: string; readonly optional?: boolean };
}
/** Reads a field of the pod (downward API), e.g. `metadata.namespace`. */
export interface FieldRef {
  readonly fieldRef: { readonly fieldPath: string };
}
/** A literal value. */
export interface LiteralValue {
  readonly value: string;
}

/**
 * An environment variable's value. A plain string is a literal.
 * @see https://kubernetes.io/docs/tasks/inject-data-application/define-environment-variable-container/
 */
export type EnvValue = string | LiteralValue | SecretKeyRef | ConfigMapKeyRef | FieldRef;

/** Static factories for {@link EnvValue}s. */
export const EnvValue = {
  /** A literal value. Never use this for tokens: see {@link EnvValue.fromSecret}. */
  fromValue(value: string): LiteralValue {
    return { value };
  },
  /** `secretKeyRef`: the value stays in the Secret, never in the manifest. */
  fromSecret(name: string, key: string, options: { readonly optional?: boolean } = {}): SecretKeyRef {
    return { secretKeyRef: { name, key, ...(options.optional !== undefined ? { optional: options.optional } : {}) } };
  },
  /** `configMapKeyRef`. */
  fromConfigMap(name: string, key: string, options: { readonly optional?: boolean } = {}): ConfigMapKeyRef {
    return { configMapKeyRef: { name, key, ...(options.optional !== undefined ? { optional: options.optional } : {}) } };
  },
  /** Downward API field, e.g. `metadata.namespace` or `status.podIP`. */
  fromField(fieldPath: string): FieldRef {
    return { fieldRef: { fieldPath } };
  },
};

// The API server checks a Secret's or ConfigMap's name as a subdomain and the key as IsConfigMapKey.
const keyRef = z.strictObject({ name: subdomainNameSchema, key: secretKeySchema, optional: z.boolean().optional() });

export const envValueSchema = z.union([
  z.string(),
  z.strictObject({ value: z.string() }),
  z.strictObject({ secretKeyRef: keyRef }),
  z.strictObject({ configMapKeyRef: keyRef }),
  z.strictObject({ fieldRef: z.strictObject({ fieldPath: z.string().min(1) }) }),
]);

export const envSchema = z.record(envVarNameSchema, envValueSchema);

/** Names that say "this is a credential": such values must come from a Secret. */
export const SECRET_LOOKING_NAME = /(TOKEN|SECRET|PASSWORD|PASSWD|API_?KEY|CREDENTIALS?|PRIVATE_?KEY)/i;

export function isLiteral(value: EnvValue): value is string | LiteralValue {
  return typeof value === "string" || "value" in value;
}

export function literalOf(value: string | LiteralValue): string {
  return typeof value === "string" ? value : value.value;
}
