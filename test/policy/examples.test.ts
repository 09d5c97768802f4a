import { Testing } from "cdk8s";
import { describe, expect, it } from "vitest";
import { exampleCharts } from "../../examples/charts";
import { checkObjects, formatViolation } from "../../lib";

// Iterates the example registry, so examples added by any branch are policy-checked too.
describe.each(Object.entries(exampleCharts))("example %s", (_name, build) => {
  it("passes every policy check (errors and warnings)", () => {
    const objects = Testing.synth(build(Testing.app()));
    expect(objects.length).toBeGreaterThan(0);
    expect(checkObjects(objects).map(formatViolation)).toEqual([]);
  });
});
