import type * as pulumi from "@pulumi/pulumi";
import { output, Resource } from "@pulumi/pulumi";
import type { KubeObject } from "../render/types";
import { objectId } from "../render/types";
import { createKubeResource, type KubeObjectInput } from "./kube-object";

/** What a resource option `dependsOn` accepts. */
export type DependsOn = pulumi.ResourceOptions["dependsOn"];

/** Options for {@link emitObjects}. */
export interface EmitOptions {
  /** Resources every object waits for (e.g. the stages before this one in a workflow). */
  readonly dependsOn?: DependsOn;
}

/**
 * Creates one typed Kubernetes resource per rendered object, as children of `parent`, in render
 * order, and returns them by `objectId` (`Kind/namespace/name`). Nothing here changes an object:
 * the render is the single source of truth for both backends. The only ordering added is the one
 * the API server needs: an object waits for the Namespace it lives in when that Namespace is
 * created by the same component.
 */
export function emitObjects(parent: pulumi.Resource, objects: readonly KubeObject[], options: EmitOptions = {}): Map<string, pulumi.CustomResource> {
  const created = new Map<string, pulumi.CustomResource>();
  const namespaces = new Map<string, pulumi.CustomResource>();
  for (const object of objects) {
    const namespace = object.kind === "Namespace" ? undefined : namespaces.get(String(object.metadata.namespace));
    const dependsOn = namespace ? mergeDependsOn(options.dependsOn, namespace) : options.dependsOn;
    const resource = createKubeResource(object as unknown as KubeObjectInput, { parent, ...(dependsOn !== undefined ? { dependsOn } : {}) });
    created.set(objectId(object), resource);
    if (object.kind === "Namespace" && object.apiVersion === "v1") namespaces.set(object.metadata.name, resource);
  }
  return created;
}

/** `dependsOn` (a resource, a list, or an input of either) plus one more resource. */
export function mergeDependsOn(dependsOn: DependsOn, ...more: pulumi.Resource[]): DependsOn {
  if (dependsOn === undefined) return more;
  if (Array.isArray(dependsOn)) return [...(dependsOn as pulumi.Input<pulumi.Resource>[]), ...more];
  if (isResource(dependsOn)) return [dependsOn, ...more];
  const resolved = output(dependsOn as pulumi.Input<pulumi.Resource[]>).apply((value: pulumi.Resource | pulumi.Resource[]) =>
    Array.isArray(value) ? [...value, ...more] : [value, ...more],
  );
  return resolved as unknown as DependsOn;
}

function isResource(value: unknown): value is pulumi.Resource {
  return Resource.isInstance(value);
}

/**
 * A component's `dependsOn`, for its children: Pulumi does not pass a component's dependencies on
 * to the resources it creates, so each component gives them to its objects explicitly.
 */
export function dependsOnOf(opts: pulumi.ComponentResourceOptions): DependsOn {
  return opts.dependsOn;
}
