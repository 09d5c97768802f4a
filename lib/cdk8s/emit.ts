import fs from "node:fs";
import path from "node:path";
import { ApiObject, App, Chart } from "cdk8s";
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
  const output = outputOf(scope);
  return objects.map((object) => {
    const { apiVersion, kind, metadata, ...rest } = object;
    const id = scope.node.tryFindChild(kind) === undefined ? kind : `${kind}-${metadata.name}`;
    const props = { apiVersion, kind, metadata: { ...metadata }, ...rest };
    const apiObject = new ApiObject(scope, id, output.helm ? (escapeForHelm(props) as typeof props) : props);
    output.owners?.set(apiObject, { key: ownerKey(object), path: scope.node.path });
    return apiObject;
  });
}

/** How the App the scope is in writes its output. */
interface Output {
  /** The App writes into a Helm chart's `templates/` (`cdk8s synth --format helm`). */
  readonly helm: boolean;
  /** Set when the App records construct metadata (validation plugins configured): each object's owner. */
  readonly owners?: Map<ApiObject, { readonly key: string; readonly path: string }>;
}

const outputs = new WeakMap<App, Output>();

/**
 * The key under which the construct that owns an object is recorded in cdk8s' construct metadata
 * (`construct-metadata.json`), next to cdk8s' own keys (`metadata.name`, which objects of one
 * construct share, so cdk8s-cli names whichever came last). A `/` never occurs in a name, so the
 * keys cannot collide. The validation plugin reads it (`ownerKey` there too).
 */
export function ownerKey(object: { readonly kind?: string; readonly metadata?: { readonly name?: string; readonly namespace?: string } }): string {
  return `${object.kind ?? ""}/${object.metadata?.namespace ?? ""}/${object.metadata?.name ?? ""}`;
}

function outputOf(scope: Construct): Output {
  let app: App;
  try {
    app = App.of(scope);
  } catch {
    return { helm: false };
  }
  const known = outputs.get(app);
  if (known) return known;
  // cdk8s-cli's helm format writes the App into `<chart>/templates/` after writing `<chart>/Chart.yaml`.
  const helm = path.basename(app.outdir) === "templates" && fs.existsSync(path.join(app.outdir, "..", "Chart.yaml"));
  const internals = app as unknown as { recordConstructMetadata?: boolean; writeConstructMetadata?: (objects: ApiObject[]) => void };
  let owners: Output["owners"];
  const write = internals.writeConstructMetadata;
  if (internals.recordConstructMetadata === true && typeof write === "function") {
    const recorded = new Map<ApiObject, { key: string; path: string }>();
    owners = recorded;
    // After cdk8s writes its record, add each of our objects' owner under its own key.
    internals.writeConstructMetadata = function (this: App, objects: ApiObject[]): void {
      write.call(this, objects);
      const file = path.join(this.outdir, "construct-metadata.json");
      const data = JSON.parse(fs.readFileSync(file, "utf8")) as { resources: Record<string, { path: string }> };
      for (const object of objects) {
        const owner = recorded.get(object);
        if (owner) data.resources[owner.key] = { path: owner.path };
      }
      fs.writeFileSync(file, JSON.stringify(data));
    };
  }
  const output = { helm, owners };
  outputs.set(app, output);
  return output;
}

/**
 * A copy of an object with every `{{` in its strings written as a Go-template raw string, which
 * Helm renders back to `{{`: Argo's `{{workflow.failures}}`, External Secrets' `{{ .token }}` pass
 * through `helm template` unchanged instead of being run (or failing) as Helm functions. Backquotes
 * need no escaping in any YAML scalar style, where a `"` inside double quotes would.
 */
export function escapeForHelm(value: unknown): unknown {
  if (typeof value === "string") return value.includes("{{") ? value.replaceAll("{{", "{{`{{`}}") : value;
  if (Array.isArray(value)) return value.map(escapeForHelm);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [escapeForHelm(key) as string, escapeForHelm(inner)]));
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
