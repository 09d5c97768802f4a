import { Chart, Testing } from "cdk8s";
import { describe, expect, it } from "vitest";
import { BatchStage, LabProject, ModelService, ModelshipValidationError, Workflow } from "../../lib";

// Props from JS or YAML may be anything: each construct reports a bad value as a validation error
// naming itself, never a TypeError from reading `props.name`.
const constructs = {
  BatchStage: (chart: Chart, props: unknown) => new BatchStage(chart, "x", props as never),
  Workflow: (chart: Chart, props: unknown) => new Workflow(chart, "x", props as never),
  LabProject: (chart: Chart, props: unknown) => new LabProject(chart, "x", props as never),
  ModelService: (chart: Chart, props: unknown) => new ModelService(chart, "x", props as never),
};

describe.each(Object.entries(constructs))("%s (cdk8s) with props that are not an object", (kind, build) => {
  it.each([
    ["null", null, "props must be an object (got null)"],
    ["a string", "iris", 'props must be an object (got "iris")'],
    ["a list", [], "props must be an object (got [])"],
  ])("reports %s as a validation error", (_what, props, message) => {
    const chart = new Chart(Testing.app(), "c");
    let caught: unknown;
    try {
      build(chart, props);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ModelshipValidationError);
    expect((caught as Error).message).toContain(`${kind} 'x' (at c/x): ${message}`);
  });
});
