import type { ValidationIssue } from "./errors";

/**
 * The order stages run in, as steps: every stage of a step starts once every stage of the
 * previous step has finished (batch) or become available (service). Built fluently:
 * `Dag.start("train").then("score", "report").then("notify")`, or parsed from Bodywork's
 * string form with {@link Dag.parse}. The type parameter makes a typo in a stage name a
 * compile error when the Workflow's `stages` are typed.
 */
export class Dag<S extends string = string> {
  /** The first step. */
  static start<T extends string>(...stages: T[]): Dag<T> {
    return new Dag<T>([stages]);
  }

  /**
   * Bodywork's DAG string: spaces ignored, steps split on `>>`, stages of a step on `,`:
   * `"a >> b, c >> d"` is `[[a], [b, c], [d]]`. Empty steps and stage names are kept, so that
   * validation can report them with the stages involved.
   */
  static parse(text: string): Dag {
    const compact = text.replace(/\s+/g, "");
    if (compact === "") return new Dag([]);
    return new Dag(compact.split(">>").map((step) => step.split(",")));
  }

  private constructor(readonly steps: ReadonlyArray<readonly S[]>) {}

  /** Adds a step that runs after every stage of the previous step. */
  then<T extends string>(...stages: T[]): Dag<S | T> {
    return new Dag<S | T>([...this.steps, stages]);
  }

  /** Bodywork's string form, e.g. `train >> score, report`. */
  toString(): string {
    return this.steps.map((step) => step.join(", ")).join(" >> ");
  }
}

/** One dependency: `to` starts after `from`. */
export interface DagEdge {
  readonly from: string;
  readonly to: string;
}

/**
 * A validated DAG of stages: what the engines (Argo Workflows tasks, Argo CD waves, Pulumi
 * `dependsOn`, YAML order) are rendered from.
 */
export interface WorkflowGraph {
  /** Steps (topological levels): `steps[i]` holds the stages at level i, in the order given. */
  readonly steps: ReadonlyArray<readonly string[]>;
  /** Every stage in the DAG, in a topological order (level by level). */
  readonly order: readonly string[];
  /** Dependencies: each stage of step i+1 depends on each stage of step i. */
  readonly edges: readonly DagEdge[];
  /** Level (step index) of each stage. */
  readonly levels: Readonly<Record<string, number>>;
}

/** The stages a stage directly depends on. */
export function dependenciesOf(graph: WorkflowGraph, stage: string): string[] {
  return graph.edges.filter((edge) => edge.to === stage).map((edge) => edge.from);
}

/** The stages that directly depend on a stage. */
export function dependentsOf(graph: WorkflowGraph, stage: string): string[] {
  return graph.edges.filter((edge) => edge.from === stage).map((edge) => edge.to);
}

function quote(names: readonly string[]): string {
  return names.map((name) => `'${name}'`).join(", ");
}

/**
 * Validates steps against the declared stages and builds the graph. Returns the issues found
 * (field `dag`, each naming the stages involved): empty DAG, empty step, empty stage name,
 * unknown stage, a stage twice in one step (duplicate), a stage in two steps (a cycle, printed),
 * and declared stages missing from the DAG (`exempt` lists stages that may be missing, such as
 * the on-failure stage).
 */
export function buildGraph(
  steps: ReadonlyArray<readonly string[]>,
  declared: readonly string[],
  options: { readonly field?: string; readonly exempt?: readonly string[] } = {},
): { graph: WorkflowGraph; issues: ValidationIssue[] } {
  const field = options.field ?? "dag";
  const issues: ValidationIssue[] = [];
  const shown = steps.map((step) => step.join(", ")).join(" >> ");
  if (steps.length === 0) {
    issues.push({ field, problem: "is empty", value: shown, fix: `name the stages to run, e.g. '${declared.slice(0, 2).join(" >> ") || "train >> serve"}'.` });
  }
  const firstStep = new Map<string, number>();
  steps.forEach((step, index) => {
    const names = step.filter((name) => name !== "");
    if (names.length === 0) {
      const around = [steps[index - 1], steps[index + 1]]
        .filter((s): s is readonly string[] => s !== undefined)
        .flat()
        .filter((n) => n !== "");
      issues.push({
        field,
        problem: `has an empty step (step ${index + 1} of ${steps.length}${around.length ? `, next to ${quote(around)}` : ""})`,
        value: shown,
        fix: "remove the extra '>>' or put a stage in that step.",
      });
      return;
    }
    if (names.length !== step.length) {
      issues.push({ field, problem: `has an empty stage name in step ${index + 1} (with ${quote(names)})`, value: shown, fix: "remove the extra ','." });
    }
    const inStep = new Set<string>();
    for (const name of names) {
      if (inStep.has(name)) {
        issues.push({ field, problem: `names stage '${name}' twice in step ${index + 1}`, value: shown, fix: `list '${name}' once.` });
        continue;
      }
      inStep.add(name);
      const earlier = firstStep.get(name);
      if (earlier !== undefined) {
        const path = [name, ...steps.slice(earlier + 1, index).map((s) => s.find((n) => n !== "") ?? "?"), name];
        issues.push({
          field,
          problem: `has a cycle: ${path.join(" >> ")} (stage '${name}' is in steps ${earlier + 1} and ${index + 1})`,
          value: shown,
          fix: `run '${name}' once; to run the same code twice, declare a second stage with its own name.`,
        });
        continue;
      }
      firstStep.set(name, index);
    }
  });
  const declaredSet = new Set(declared);
  const unknown = [...firstStep.keys()].filter((name) => !declaredSet.has(name));
  for (const name of unknown) {
    issues.push({
      field,
      problem: `names stage '${name}', which is not declared in 'stages'`,
      value: shown,
      fix: declared.length ? `declare it, or use one of ${quote(declared)}.` : "declare it under 'stages'.",
    });
  }
  const exempt = new Set(options.exempt ?? []);
  const missing = declared.filter((name) => !firstStep.has(name) && !exempt.has(name));
  if (missing.length > 0 && steps.length > 0) {
    issues.push({
      field,
      problem: `does not include declared stage${missing.length > 1 ? "s" : ""} ${quote(missing)}, so ${missing.length > 1 ? "they" : "it"} would never run`,
      value: shown,
      fix: `add ${missing.length > 1 ? "them" : "it"} to the DAG (e.g. '${[shown, missing.join(", ")].filter((s) => s).join(" >> ")}') or remove ${missing.length > 1 ? "them" : "it"} from 'stages'.`,
    });
  }
  const cleanSteps = steps
    .map((step, index) =>
      step.filter((name, position) => name !== "" && declaredSet.has(name) && firstStep.get(name) === index && step.indexOf(name) === position),
    )
    .filter((step) => step.length > 0);
  const levels: Record<string, number> = {};
  cleanSteps.forEach((step, index) => step.forEach((name) => (levels[name] = index)));
  const edges: DagEdge[] = [];
  for (let i = 1; i < cleanSteps.length; i++) {
    for (const to of cleanSteps[i]) for (const from of cleanSteps[i - 1]) edges.push({ from, to });
  }
  return { graph: { steps: cleanSteps, order: cleanSteps.flat(), edges, levels }, issues };
}

function mermaidId(name: string): string {
  const id = name.replace(/[^A-Za-z0-9_]/g, "_");
  // `end` closes a subgraph in Mermaid and cannot be a node id.
  return id.toLowerCase() === "end" ? `${id}_` : id;
}

function mermaidLabel(name: string, type: "batch" | "service"): string {
  const text = `${name.replace(/"/g, "#quot;")}<br/>(${type})`;
  return type === "service" ? `(["${text}"])` : `["${text}"]`;
}

/**
 * The DAG as a Mermaid flowchart (GitHub renders it in Markdown): batch stages as rectangles,
 * services as rounded boxes, the on-failure stage behind a dashed edge.
 */
export function graphToMermaid(graph: WorkflowGraph, types: Readonly<Record<string, "batch" | "service">>, onFailure?: string): string {
  const lines = ["flowchart LR"];
  for (const name of graph.order) lines.push(`  ${mermaidId(name)}${mermaidLabel(name, types[name] ?? "batch")}`);
  for (const edge of graph.edges) lines.push(`  ${mermaidId(edge.from)} --> ${mermaidId(edge.to)}`);
  if (onFailure) {
    lines.push(`  ${mermaidId(onFailure)}${mermaidLabel(onFailure, "batch")}`);
    lines.push(`  wf_failed__{{"any stage fails"}} -.-> ${mermaidId(onFailure)}`);
  }
  return `${lines.join("\n")}\n`;
}
