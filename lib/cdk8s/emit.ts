import { ApiObject, Chart } from "cdk8s";
import type { Construct } from "constructs";
import { isPropsObject } from "../model/props";
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

function chartOf(scope: Construct): Chart | undefined {
  try {
    return Chart.of(scope);
  } catch {
    return undefined; // not in a chart: ApiObject reports that itself
  }
}

/**
 * Props with the enclosing Chart's `namespace` as the default `namespace`, so the spec (and what
 * is derived from it: `url`, in-cluster host names, references between objects) names the
 * namespace the objects are written to. A `namespace` in the props wins, as it does in cdk8s.
 */
export function withChartNamespace<P>(scope: Construct, props: P): P {
  const namespace = chartOf(scope)?.namespace;
  if (namespace === undefined || !isPropsObject(props) || props.namespace !== undefined) return props;
  return { ...props, namespace };
}

/**
 * The objects as cdk8s writes them in `scope`'s chart: `ApiObject` gives every object without a
 * `metadata.namespace` the chart's namespace (cluster-scoped kinds included) and merges the
 * chart's labels under the object's own (cdk8s api-object.js). Applying the same here keeps each
 * construct's `objects` equal to the synthesized YAML; emitting the result changes nothing more.
 * Objects are mapped once each (by identity), so one object shared by two lists stays one object.
 */
export function asWrittenInChart(scope: Construct): (object: KubeObject) => KubeObject {
  const chart = chartOf(scope);
  const namespace = chart?.namespace;
  const labels = chart?.labels ?? {};
  const hasLabels = Object.keys(labels).length > 0;
  if (namespace === undefined && !hasLabels) return (object) => object;
  const done = new WeakMap<KubeObject, KubeObject>();
  return (object) => {
    const known = done.get(object);
    if (known) return known;
    const metadata = { ...object.metadata };
    if (metadata.namespace === undefined && namespace !== undefined) metadata.namespace = namespace;
    if (hasLabels) metadata.labels = { ...labels, ...object.metadata.labels };
    const written = { ...object, metadata } as KubeObject;
    done.set(object, written);
    return written;
  };
}
