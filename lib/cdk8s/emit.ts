import { ApiObject } from "cdk8s";
import type { Construct } from "constructs";
import type { KubeObject } from "../render/types";

/**
 * Adds one `ApiObject` per rendered object, in render order. Ids are `Kind-name`, so they
 * are stable and unique within a construct. Nothing here changes the objects: the render is
 * the single source of truth for both backends.
 */
export function emitObjects(scope: Construct, objects: readonly KubeObject[]): ApiObject[] {
  return objects.map((object) => {
    const { apiVersion, kind, metadata, ...rest } = object;
    return new ApiObject(scope, `${kind}-${metadata.name}`, { apiVersion, kind, metadata: { ...metadata }, ...rest });
  });
}
