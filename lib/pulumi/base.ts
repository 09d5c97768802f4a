import * as pulumi from "@pulumi/pulumi";
import { serviceAddress, type ModelServiceSpec } from "../model/model-service";
import { nameProp, requirePropsObject } from "../model/props";
import type { ConstructRef } from "../model/validate";
import type { KubeObject } from "../render/types";
import { DeferredInputs } from "./inputs";

/** What a component validated and rendered before it registers anything. */
export interface RenderedComponentParts<S> {
  readonly spec: S;
  readonly objects: readonly KubeObject[];
}

/**
 * The start every component shares, before `super`: its name for errors (the name prop, else the
 * resource name), the args checked to be an object (anything else is reported by the model's own
 * validation, not as a TypeError), and the Pulumi inputs it defers until the objects are emitted.
 */
export function componentInputs<A>(kind: string, name: string, args: A, resolve: (props: never, ref: ConstructRef) => unknown) {
  const ref = { name: nameProp(args) ?? name };
  const given = requirePropsObject(args, (props) => resolve(props as never, ref));
  return { ref, args: given, deferred: new DeferredInputs({ kind, name: ref.name }) };
}

/**
 * The base of every modelship component: validated and rendered before it is registered (a bad
 * prop creates nothing), then registered as `modelship:index:<kind>` with the spec and objects.
 * Subclasses emit the objects as children and call `registerOutputs` last.
 */
export abstract class RenderedComponent<S> extends pulumi.ComponentResource {
  /** The validated spec with every default applied (an image is a stand-in when it is an input). */
  readonly spec: S;
  /** The rendered objects, before Pulumi inputs are substituted and await annotations added. */
  readonly objects: readonly KubeObject[];

  protected constructor(kind: string, name: string, parts: RenderedComponentParts<S>, opts: pulumi.ComponentResourceOptions) {
    super(`modelship:index:${kind}`, name, {}, opts);
    this.spec = parts.spec;
    this.objects = parts.objects;
  }
}

/**
 * Namespace of a component's objects: the spec's, else the provider's, read back from one of its
 * created namespaced objects (only the provider knows it).
 */
export function namespaceOf(namespace: string | undefined, created: pulumi.CustomResource | undefined): pulumi.Output<string | undefined> {
  const metadata = (created as unknown as { metadata?: pulumi.Output<{ namespace?: string }> } | undefined)?.metadata;
  return namespace === undefined && metadata ? metadata.apply((m) => m?.namespace) : pulumi.output(namespace);
}

/** A service's in-cluster URL (the model's `url`), in the provider's namespace when the spec has none. */
export function serviceUrlIn(service: ModelServiceSpec, namespace: pulumi.Output<string | undefined>): pulumi.Output<string> {
  return service.namespace !== undefined ? pulumi.output(service.url) : namespace.apply((known) => serviceAddress(service, known).url);
}
