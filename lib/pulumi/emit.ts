import type * as pulumi from "@pulumi/pulumi";
import type { KubeObject } from "../render/types";
import { objectId } from "../render/types";
import { createKubeResource, type KubeObjectInput } from "./kube-object";

/** Options for {@link emitObjects}. */
export interface EmitOptions {
  /** Resources every object waits for (e.g. the stages before this one in a workflow). */
  readonly dependsOn?: readonly pulumi.Resource[];
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
    const dependsOn = [...(options.dependsOn ?? []), ...(namespace ? [namespace] : [])];
    const resource = createKubeResource(object as unknown as KubeObjectInput, { parent, ...(dependsOn.length ? { dependsOn } : {}) });
    created.set(objectId(object), resource);
    if (object.kind === "Namespace" && object.apiVersion === "v1") namespaces.set(object.metadata.name, resource);
  }
  return created;
}
