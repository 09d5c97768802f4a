import fs from "node:fs";
import path from "node:path";
import { App, Testing } from "cdk8s";
import { stringify } from "yaml";
import { describe, expect, it } from "vitest";
import { exampleCharts } from "../../examples/charts";
import { checkObjects, formatViolation } from "../../lib/policy";
import { allObjects } from "../support/argo";
import { expectValidObjects } from "../support/schema-check";

// Examples whose whole output is small enough to review as one snapshot. The others have their
// own test file (`<name>.test.ts`): what their README promises, object by object, and a snapshot
// of their objects' kinds and names and their policy findings.
const WHOLE_SNAPSHOT = new Set(["iris-scoring", "dockerized-inference", "triton-s3"]);

describe.each(Object.entries(exampleCharts))("example %s", (name, build) => {
  const chart = build(Testing.app());
  const objects = Testing.synth(chart);

  if (WHOLE_SNAPSHOT.has(name)) {
    it("matches its YAML snapshot", async () => {
      const yaml = objects.map((object) => stringify(object)).join("---\n");
      await expect(yaml).toMatchFileSnapshot(`__snapshots__/${name}.k8s.yaml`);
    });
  } else {
    it("has its own test file", () => {
      expect(fs.existsSync(path.join(__dirname, `${name}.test.ts`))).toBe(true);
    });
  }

  it("passes the policy checks (errors fail synth; warnings are listed in the snapshots)", () => {
    expect(
      checkObjects(objects)
        .filter((v) => v.severity === "error")
        .map(formatViolation),
    ).toEqual([]);
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
