import type { ApiObject } from "cdk8s";
import { Construct } from "constructs";
import { nameProp } from "../model/props";
import type { ConstructRef } from "../model/validate";
import type { KubeObject } from "../render/types";
import { asWrittenInChart, emitObjects, withChartNamespace } from "./emit";

/** How a construct goes from props to objects: its model's resolve and its render. */
export interface RenderedConstructModel<P, S> {
  /** Validates the props and applies defaults (throws `ModelshipValidationError`). */
  readonly resolve: (props: P, ref: ConstructRef) => S;
  /** Turns the spec into plain objects. */
  readonly render: (spec: S, ref: ConstructRef) => readonly KubeObject[];
  /**
   * Whether the chart's namespace is the default `namespace` and the chart's namespace and labels
   * are applied to `objects` as cdk8s writes them; false for cluster-wide objects. @default true
   */
  readonly inChart?: boolean;
  /** Kinds of the construct's main object, the default child (`ApiObject.of(construct)`), first found wins. */
  readonly mainKinds: readonly string[];
}

/**
 * The constructor every modelship construct shares: resolve the props (named by the construct's
 * name prop or id, and its path), render the spec, emit one `ApiObject` per object, and make the
 * main object the default child, so `ApiObject.of(construct)` finds it as in cdk8s-plus.
 */
export abstract class RenderedConstruct<P, S> extends Construct {
  /** The validated spec with every default applied. */
  readonly spec: S;
  /** The rendered objects, exactly as written to YAML. */
  readonly objects: readonly KubeObject[];
  /** The cdk8s objects, for `addDependency`. */
  readonly apiObjects: readonly ApiObject[];

  protected constructor(scope: Construct, id: string, props: P, model: RenderedConstructModel<P, S>) {
    super(scope, id);
    // `props` may be anything when it comes from JS or YAML: validation reports it, not a TypeError.
    const ref = { name: nameProp(props) ?? id, path: this.node.path };
    const inChart = model.inChart ?? true;
    this.spec = model.resolve(inChart ? withChartNamespace(this, props) : props, ref);
    const rendered = model.render(this.spec, ref);
    this.objects = inChart ? rendered.map(asWrittenInChart(this)) : rendered;
    this.apiObjects = emitObjects(this, this.objects);
    const main = model.mainKinds.map((kind) => this.apiObjects.find((object) => object.kind === kind)).find((object) => object !== undefined);
    if (main) this.node.defaultChild = main;
  }

  /** The first emitted object of a kind; throws naming the construct when there is none. */
  protected apiObjectOfKind(...kinds: string[]): ApiObject {
    const found = this.apiObjects.find((object) => kinds.includes(object.kind));
    if (!found) throw new Error(`${this.constructor.name} at '${this.node.path}' has no ${kinds.join(" or ")}.`);
    return found;
  }
}
