import { ApiObject } from "cdk8s";
import type { Construct } from "constructs";
import type { KubeObject } from "../render/types";

/**
 * Adds one `ApiObject` per rendered object, in render order. Nothing here changes the objects:
 * the render is the single source of truth for both backends.
 *
 * Ids: the first object of a kind in a construct gets the kind as its id (`Deployment`), a
 * further object of the same kind `Kind-name` (`Job-train-evaluate`). Ids only name the
 * construct-tree node: every rendered object carries its own `metadata.name`, so the synthesized
 * YAML does not depend on them. They are deliberately the same in every construct of one shape:
 * the `constructs` library keeps a scope's children in a plain object keyed by id, and V8 gives
 * each distinct sequence of keys its own hidden classes, so ids that embed the service name
 * (`Deployment-iris-0`, ...) created new hidden classes for every service, which made cdk8s'
 * synth ~4x slower and 3x larger at 10,000 services (bench/README.md).
 */
export function emitObjects(scope: Construct, objects: readonly KubeObject[]): ApiObject[] {
  return objects.map((object) => {
    const { apiVersion, kind, metadata, ...rest } = object;
    const id = scope.node.tryFindChild(kind) === undefined ? kind : `${kind}-${metadata.name}`;
    return new ApiObject(scope, id, { apiVersion, kind, metadata: { ...metadata }, ...rest });
  });
}
