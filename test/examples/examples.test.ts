import { App, Testing } from "cdk8s";
import { stringify } from "yaml";
import { describe, expect, it } from "vitest";
import { exampleCharts } from "../../examples/charts";
import { allObjects } from "../support/argo";
import { expectValidObjects } from "../support/schema-check";

describe.each(Object.entries(exampleCharts))("example %s", (name, build) => {
  const chart = build(Testing.app());
  const objects = Testing.synth(chart);

  it("matches its YAML snapshot", async () => {
    const yaml = objects.map((object) => stringify(object)).join("---\n");
    await expect(yaml).toMatchFileSnapshot(`__snapshots__/${name}.k8s.yaml`);
  });

  it("emits only objects valid against their upstream schemas (with those Argo resource templates apply)", () => {
    expect(objects.length).toBeGreaterThan(0);
    expectValidObjects(allObjects(objects));
  });
});

it("every example is synthesized by the cdk8s app", () => {
  const app = new App({ outdir: "unused" });
  for (const build of Object.values(exampleCharts)) build(app);
  expect(app.charts.map((chart) => chart.node.id).sort()).toEqual(Object.keys(exampleCharts).sort());
});
