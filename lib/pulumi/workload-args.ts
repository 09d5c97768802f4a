import type * as pulumi from "@pulumi/pulumi";
import type { ConfigMapKeyRef, EnvValue, SecretKeyRef } from "../model/env";
import type { WorkloadProps } from "../model/workload";
import { isPropsObject } from "../model/props";
import { checkImageBuild, type ImageBuildProps } from "./image-build";
import type { DeferredInputs } from "./inputs";

/** `secretKeyRef` whose Secret name may come from the stack (e.g. `secret.metadata.name`). */
export interface SecretKeyRefInput {
  readonly secretKeyRef: { readonly name: pulumi.Input<string>; readonly key: string; readonly optional?: boolean };
}
/** `configMapKeyRef` whose ConfigMap name may come from the stack. */
export interface ConfigMapKeyRefInput {
  readonly configMapKeyRef: { readonly name: pulumi.Input<string>; readonly key: string; readonly optional?: boolean };
}
/** An env value as in cdk8s, where Secret and ConfigMap names may be Pulumi inputs. */
export type EnvValueInput = EnvValue | SecretKeyRefInput | ConfigMapKeyRefInput;

/**
 * The Pulumi shape of {@link WorkloadProps}: the same fields, where the image, Secret and
 * ConfigMap names and pull secrets may be `pulumi.Input<string>`, plus an optional `build`.
 */
export interface WorkloadArgs extends Omit<WorkloadProps, "image" | "env" | "imagePullSecrets"> {
  /**
   * Image to run: a pinned reference or an output (e.g. another stack's build). Give `image` or
   * `build`.
   */
  readonly image?: pulumi.Input<string>;
  /** Build and push the image, and run it pinned by digest. Give `image` or `build`. @default - none */
  readonly build?: ImageBuildProps;
  /** Environment variables, as `WorkloadProps.env`; Secret/ConfigMap names may be inputs. @default - none */
  readonly env?: Readonly<Record<string, EnvValueInput>>;
  /** Secrets holding registry credentials; names may be inputs. @default - none */
  readonly imagePullSecrets?: readonly pulumi.Input<string>[];
}

/** The plain props for the shared validate + render, and the image stand-in a build must provide. */
export interface PlainWorkload<P> {
  readonly props: P;
  /** Set when `build` is given: the stand-in `provideImage` replaces with the built digest. */
  readonly buildStandIn?: string;
}

function envValue(value: EnvValueInput, deferred: DeferredInputs): EnvValue {
  if (typeof value !== "object" || value === null) return value;
  if ("secretKeyRef" in value) {
    return { secretKeyRef: { ...value.secretKeyRef, name: deferred.name(value.secretKeyRef.name) } } satisfies SecretKeyRef;
  }
  if ("configMapKeyRef" in value) {
    return { configMapKeyRef: { ...value.configMapKeyRef, name: deferred.name(value.configMapKeyRef.name) } } satisfies ConfigMapKeyRef;
  }
  return value;
}

/**
 * Turns workload args into the plain props the core validates, replacing every Pulumi input by a
 * stand-in (see `DeferredInputs`). Fields the args do not touch are passed through unchanged,
 * so the core's validation sees (and reports) them exactly as cdk8s would. `at` prefixes field
 * names in errors when the workload is nested (`stages.train.batch.`).
 */
export function plainWorkload<A extends WorkloadArgs, P extends Omit<WorkloadProps, "image"> & { readonly image?: string }>(
  kind: string,
  name: string,
  args: A,
  deferred: DeferredInputs,
  at = "",
): PlainWorkload<P> {
  const { build, image, env, imagePullSecrets, ...rest } = args;
  if (build) checkImageBuild(kind, name, build, image, at);
  let buildStandIn: string | undefined;
  let plainImage: string | undefined;
  if (build) {
    buildStandIn = deferred.reserveImage();
    plainImage = buildStandIn;
  } else if (image !== undefined) {
    plainImage = deferred.image(image, `${at}image`, args.allowMutableImageTag ?? false);
  }
  // An absent image is left to the core's validation, which reports it with every other issue.
  const props = {
    ...rest,
    ...(plainImage !== undefined ? { image: plainImage } : {}),
    // Anything but an object (env) or a list (pull secrets) is left to the core's validation.
    ...(env !== undefined && !isPropsObject(env) ? { env } : {}),
    ...(imagePullSecrets !== undefined && !Array.isArray(imagePullSecrets) ? { imagePullSecrets } : {}),
    ...(isPropsObject(env) ? { env: Object.fromEntries(Object.entries(env).map(([key, value]) => [key, envValue(value, deferred)])) } : {}),
    ...(Array.isArray(imagePullSecrets) ? { imagePullSecrets: imagePullSecrets.map((secret) => deferred.name(secret)) } : {}),
  } as unknown as P;
  return { props, buildStandIn };
}
