import { describe, expect, it } from "vitest";
import { installMocks } from "../../lib/pulumi/mocks";

// Mocks first: Pulumi's runtime is process-global.
const run = installMocks();
const { BatchStage, LabProject, ModelService, Workflow } = await import("../../lib/pulumi");
const { ModelshipValidationError } = await import("../../lib/model/errors");

const image = "registry.example.com/ml/x:1.0.0";
const components = {
  BatchStage: (args: unknown) => new BatchStage("x", args as never),
  Workflow: (args: unknown) => new Workflow("x", args as never),
  LabProject: (args: unknown) => new LabProject("x", args as never),
  ModelService: (args: unknown) => new ModelService("x", args as never),
};

function caught(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected an error");
}

describe.each(Object.entries(components))("%s (Pulumi) with args that are not an object", (kind, build) => {
  it.each([
    ["null", null, "props must be an object (got null)"],
    ["a number", 5, "props must be an object (got 5)"],
    ["a list", [], "props must be an object (got [])"],
  ])("reports %s as a validation error and registers nothing", (_what, args, message) => {
    const before = run.resources.length;
    const error = caught(() => build(args));
    expect(error).toBeInstanceOf(ModelshipValidationError);
    expect(error.message).toContain(`${kind} 'x': ${message}`);
    expect(run.resources.length).toBe(before);
  });
});

describe("nested values that are not objects reach the core's validation (Pulumi)", () => {
  it.each([
    ["Workflow without stages", () => new Workflow("w1", { dag: "a" } as never), /Workflow 'w1': 'stages' is required/],
    ["Workflow with a null stage", () => new Workflow("w2", { stages: { a: null }, dag: "a" } as never), /Workflow 'w2': 'stages.a' must be an object/],
    ["Workflow with a null batch", () => new Workflow("w3", { stages: { a: { batch: null } }, dag: "a" } as never), /Workflow 'w3'/],
    ["ModelService with env: null", () => new ModelService("m1", { image, env: null } as never), /ModelService 'm1': 'env'/],
    ["ModelService with a null env value", () => new ModelService("m2", { image, env: { A: null } } as never), /ModelService 'm2': 'env.A'/],
    ["BatchStage with imagePullSecrets: null", () => new BatchStage("b1", { image, imagePullSecrets: null } as never), /BatchStage 'b1': 'imagePullSecrets'/],
    ["LabProject with services: null", () => new LabProject("l1", { services: null } as never), /LabProject 'l1': 'services'/],
    ["LabProject with token: null", () => new LabProject("l2", { token: null } as never), /LabProject 'l2': 'token'/],
  ])("%s", (_what, build, message) => {
    const error = caught(build);
    expect(error).toBeInstanceOf(ModelshipValidationError);
    expect(error.message).toMatch(message);
  });
});
