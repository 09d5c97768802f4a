import { EnvValue, type ConfigMapKeyRef, type SecretKeyRef } from "../model/env";

/**
 * A cdk8s-plus object, as far as {@link FromKplus} reads it: its name. Structural on purpose, so
 * `ISecret`, `IConfigMap` and `IServiceAccount` of any cdk8s-plus-2x package fit and modelship
 * needs no cdk8s-plus of its own (nor its types in a user's compilation).
 */
export interface KplusNamed {
  /** `metadata.name` of the object. */
  readonly name: string;
}

/**
 * Interop with cdk8s-plus objects a cdk8s user already has (cdk8s-plus-27, -28, ...). These
 * helpers only read names from its objects.
 */
export const FromKplus = {
  /** An env value read from a key of a cdk8s-plus Secret (`kplus.ISecret`). */
  secretKey(secret: KplusNamed, key: string): SecretKeyRef {
    return EnvValue.fromSecret(secret.name, key);
  },
  /** An env value read from a key of a cdk8s-plus ConfigMap (`kplus.IConfigMap`). */
  configMapKey(configMap: KplusNamed, key: string): ConfigMapKeyRef {
    return EnvValue.fromConfigMap(configMap.name, key);
  },
  /** Run as an existing cdk8s-plus ServiceAccount (`kplus.IServiceAccount`) instead of creating one. */
  serviceAccount(serviceAccount: KplusNamed): { readonly name: string; readonly create: false } {
    return { name: serviceAccount.name, create: false };
  },
};
