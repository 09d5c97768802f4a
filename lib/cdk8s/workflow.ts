import { Construct } from "constructs";
import type { ApiObject } from "cdk8s";
import type { WorkflowGraph } from "../model/dag";
import { resolveWorkflow, workflowToMermaid, type WorkflowProps, type WorkflowSpec, type WorkflowStageSpec } from "../model/workflow";
import type { KubeObject } from "../render/types";
import { renderWorkflowParts } from "../render/workflow";
import { asWrittenInChart, emitObjects, withChartNamespace } from "./emit";
import { nameProp } from "../model/props";

/** One stage of a synthesized workflow: its resolved spec and its cdk8s objects. */
export interface WorkflowStage {
  readonly id: string;
  readonly spec: WorkflowStageSpec;
  /** Objects applied directly for this stage (with Argo Workflows: its ServiceAccount, PDB, ...). */
  readonly apiObjects: readonly ApiObject[];
}

/**
 * A DAG of batch stages and model services, run by the chosen engine (`argo-workflows` by
 * default, `argo-cd` or `plain`). Props are validated when constructed, the DAG included.
 *
 * With the `plain` engine, every object of a stage gets a cdk8s dependency on the objects of the
 * stages it depends on, so the YAML lists them in DAG order.
 *
 * @example
 * new Workflow(chart, "ml-pipeline", {
 *   stages: { train: { batch: trainProps }, serve: { service: serveProps } },
 *   dag: Dag.start("train").then("serve"),
 * });
 */
export class Workflow<S extends string = string> extends Construct {
  /** The validated spec with every default applied. */
  readonly spec: WorkflowSpec;
  /** The rendered objects, exactly as written to YAML. */
  readonly objects: readonly KubeObject[];
  /** The cdk8s objects, in apply order. */
  readonly apiObjects: readonly ApiObject[];
  /** The stages in topological order (the on-failure stage last). */
  readonly stages: readonly WorkflowStage[];

  constructor(scope: Construct, id: string, props: WorkflowProps<S>) {
    super(scope, id);
    // `props` may be anything when it comes from JS or YAML: validation reports it, not a TypeError.
    const ref = { name: nameProp(props) ?? id, path: this.node.path };
    this.spec = resolveWorkflow(withChartNamespace(this, props as WorkflowProps), ref);
    const parts = renderWorkflowParts(this.spec, ref);
    const written = asWrittenInChart(this);
    this.objects = parts.objects.map(written);
    const before = emitObjects(this, parts.before.map(written));
    const specs = new Map<string, WorkflowStageSpec>([...this.spec.stages, ...(this.spec.onFailure ? [this.spec.onFailure] : [])].map((s) => [s.id, s]));
    this.stages = parts.stages.map((stage) => {
      const scopeOfStage = new Construct(this, `stage-${stage.id}`);
      return { id: stage.id, spec: specs.get(stage.id) as WorkflowStageSpec, apiObjects: emitObjects(scopeOfStage, stage.objects.map(written)) };
    });
    const after = emitObjects(this, parts.after.map(written));
    this.apiObjects = [...before, ...this.stages.flatMap((stage) => stage.apiObjects), ...after];
    // As in the other constructs, `ApiObject.of(workflow)` finds the main object: the WorkflowTemplate on Argo Workflows.
    const template = this.apiObjects.find((object) => object.kind === "WorkflowTemplate");
    if (template) this.node.defaultChild = template;
    if (this.spec.engine === "plain") {
      const byId = new Map(this.stages.map((stage) => [stage.id, stage]));
      for (const edge of this.spec.graph.edges) {
        const from = byId.get(edge.from);
        const to = byId.get(edge.to);
        if (from && to) for (const object of to.apiObjects) object.addDependency(...from.apiObjects);
      }
    }
  }

  /** The validated DAG (steps, topological order, edges, levels). */
  get graph(): WorkflowGraph {
    return this.spec.graph;
  }

  /** A stage by its name in the DAG. */
  stage(id: S): WorkflowStage {
    const found = this.stages.find((stage) => stage.id === id);
    if (!found) throw new Error(`Workflow '${this.spec.name}': no stage '${String(id)}'; stages: ${this.stages.map((s) => s.id).join(", ")}`);
    return found;
  }

  /** The DAG as a Mermaid flowchart. */
  toMermaid(): string {
    return workflowToMermaid(this.spec);
  }
}
