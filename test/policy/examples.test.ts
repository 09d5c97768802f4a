import { Testing } from "cdk8s";
import { describe, expect, it } from "vitest";
import { exampleCharts } from "../../examples/charts";
import { checkObjects, formatViolation } from "../../lib";
import { policyObjects } from "../../lib/policy";
import { allObjects } from "../support/argo";

// Iterates the example registry, so examples added by any branch are policy-checked too.
// Errors fail; warnings (a default deliberately switched off, e.g. a writable root filesystem
// for a code runner) are printed so they stay visible in the test log.
describe.each(Object.entries(exampleCharts))("example %s", (name, build) => {
  it("has no policy errors", () => {
    const objects = Testing.synth(build(Testing.app()));
    expect(objects.length).toBeGreaterThan(0);
    // The checks see every object the cluster will: those Argo resource templates apply included.
    expect(policyObjects(objects).all.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(allObjects(objects).map((o) => `${o.kind}/${o.metadata.name}`));
    const violations = checkObjects(objects);
    for (const warning of violations.filter((v) => v.severity === "warning")) console.log(`example ${name}: ${formatViolation(warning)}`);
    expect(violations.filter((v) => v.severity === "error").map(formatViolation)).toEqual([]);
  });
});
