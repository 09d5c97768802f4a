import type * as kplus from "cdk8s-plus-27";
import { EnvValue, type ConfigMapKeyRef, type SecretKeyRef } from "../model/env";

/**
 * Interop with cdk8s-plus-27 objects a cdk8s user already has. cdk8s-plus stays inside the
 * cdk8s adapter: these helpers only read names from its objects.
 */
export const FromKplus = {
  /** An env value read from a key of a cdk8s-plus Secret. */
  secretKey(secret: kplus.ISecret, key: string): SecretKeyRef {
    return EnvValue.fromSecret(secret.name, key);
  },
  /** An env value read from a key of a cdk8s-plus ConfigMap. */
  configMapKey(configMap: kplus.IConfigMap, key: string): ConfigMapKeyRef {
    return EnvValue.fromConfigMap(configMap.name, key);
  },
  /** Run as an existing cdk8s-plus ServiceAccount instead of creating one. */
  serviceAccount(serviceAccount: kplus.IServiceAccount): { readonly name: string; readonly create: false } {
    return { name: serviceAccount.name, create: false };
  },
};
