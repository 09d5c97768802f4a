import { describe, expect, it } from "vitest";
import { buildGraph, Dag, dependenciesOf, dependentsOf, graphToMermaid } from "../../lib/model/dag";

describe("Dag.parse (Bodywork's DAG string)", () => {
  it("splits steps on '>>' and stages on ',', ignoring spaces", () => {
    expect(Dag.parse("a >> b,c >> d").steps).toEqual([["a"], ["b", "c"], ["d"]]);
    expect(Dag.parse("  stage_1   >>stage_2 ,  stage_3 ").steps).toEqual([["stage_1"], ["stage_2", "stage_3"]]);
    expect(Dag.parse("single").steps).toEqual([["single"]]);
  });

  it("keeps empty steps and names so validation can report them", () => {
    expect(Dag.parse("a >> >> b").steps).toEqual([["a"], [""], ["b"]]);
    expect(Dag.parse("a, >> b").steps).toEqual([["a", ""], ["b"]]);
    expect(Dag.parse("   ").steps).toEqual([]);
  });

  it("round-trips through toString", () => {
    expect(Dag.parse("a>>b,c").toString()).toBe("a >> b, c");
  });
});

describe("Dag builder", () => {
  it("builds the same steps as the string form", () => {
    const dag = Dag.start("train").then("score", "report").then("notify");
    expect(dag.steps).toEqual(Dag.parse("train >> score, report >> notify").steps);
  });

  it("is immutable: then() returns a new Dag", () => {
    const start = Dag.start("a");
    start.then("b");
    expect(start.steps).toEqual([["a"]]);
  });
});

describe("buildGraph", () => {
  const declared = ["train", "score", "report", "notify"];

  it("gives levels, edges between consecutive steps and a topological order", () => {
    const { graph, issues } = buildGraph(Dag.parse("train >> score, report >> notify").steps, declared);
    expect(issues).toEqual([]);
    expect(graph.order).toEqual(["train", "score", "report", "notify"]);
    expect(graph.levels).toEqual({ train: 0, score: 1, report: 1, notify: 2 });
    expect(graph.edges).toEqual([
      { from: "train", to: "score" },
      { from: "train", to: "report" },
      { from: "score", to: "notify" },
      { from: "report", to: "notify" },
    ]);
    expect(dependenciesOf(graph, "notify")).toEqual(["score", "report"]);
    expect(dependentsOf(graph, "train")).toEqual(["score", "report"]);
    // every edge goes forward in the order
    for (const edge of graph.edges) expect(graph.order.indexOf(edge.from)).toBeLessThan(graph.order.indexOf(edge.to));
  });

  const problems = (dag: string, names = declared, exempt: string[] = []) => buildGraph(Dag.parse(dag).steps, names, { exempt }).issues.map((i) => i.problem);

  it("reports an unknown stage by name, listing the declared ones", () => {
    const { issues } = buildGraph(Dag.parse("train >> scroe").steps, ["train", "score"]);
    expect(issues.map((i) => i.problem)).toContain("names stage 'scroe', which is not declared in 'stages'");
    expect(issues.find((i) => i.problem.includes("scroe"))?.fix).toContain("'score'");
  });

  it("says when a declared stage is not in the DAG", () => {
    expect(problems("train >> score", ["train", "score", "report"])).toEqual(["does not include declared stage 'report', so it would never run"]);
  });

  it("lets the on-failure stage stay out of the DAG", () => {
    expect(problems("train >> score", ["train", "score", "notify"], ["notify"])).toEqual([]);
  });

  it("reports a stage twice in one step as a duplicate", () => {
    expect(problems("train >> score, score >> report, notify")).toEqual(["names stage 'score' twice in step 2"]);
  });

  it("reports an empty step, naming the stages around it", () => {
    expect(problems("train >> >> score, report, notify")[0]).toBe("has an empty step (step 2 of 3, next to 'train', 'score', 'report', 'notify')");
    expect(problems("train, >> score, report, notify")).toEqual(["has an empty stage name in step 1 (with 'train')"]);
  });

  it("reports a stage in two steps as a cycle and prints it", () => {
    expect(problems("train >> score >> report, notify >> train")).toEqual([
      "has a cycle: train >> score >> report >> train (stage 'train' is in steps 1 and 4)",
    ]);
  });

  it("reports an empty DAG", () => {
    expect(problems("")).toEqual(["is empty"]);
  });

  it("names the field given", () => {
    expect(buildGraph([["x"]], [], { field: "pipeline.DAG" }).issues[0].field).toBe("pipeline.DAG");
  });
});

describe("graphToMermaid", () => {
  it("draws batch stages as boxes, services as rounded boxes, and edges", () => {
    const { graph } = buildGraph(Dag.parse("stage_1 >> serve-it").steps, ["stage_1", "serve-it"]);
    const mermaid = graphToMermaid(graph, { stage_1: "batch", "serve-it": "service" });
    expect(mermaid).toBe(
      ["flowchart LR", '  stage_1["stage_1<br/>(batch)"]', '  serve_it(["serve-it<br/>(service)"])', "  stage_1 --> serve_it", ""].join("\n"),
    );
  });

  it("renames ids Mermaid reserves", () => {
    const { graph } = buildGraph([["start"], ["end"]], ["start", "end"]);
    expect(graphToMermaid(graph, {})).toContain("start --> end_");
  });

  it("shows the on-failure stage behind a dashed edge", () => {
    const { graph } = buildGraph([["a"]], ["a", "notify"], { exempt: ["notify"] });
    expect(graphToMermaid(graph, { a: "batch" }, "notify")).toContain("-.-> notify");
  });
});
