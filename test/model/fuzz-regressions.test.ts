import { describe, expect, it } from "vitest";
import { ModelshipValidationError } from "../../lib";
import { kindHandlers } from "../../lib/definitions/kinds";

/** Defects the property-based fuzzers (test/fuzz) found, pinned as plain tests. */
function issuesOf(kind: string, props: unknown, name: string): Array<{ field: string; message: string }> {
  try {
    kindHandlers[kind].resolveAndRender(props, { name });
  } catch (error) {
    expect(error).toBeInstanceOf(ModelshipValidationError);
    return (error as ModelshipValidationError).issues.map((issue) => ({ field: issue.field, message: (error as Error).message }));
  }
  throw new Error(`${kind} rendered invalid props`);
}

describe("Workflow stage bodies that are not objects", () => {
  it.each([{ batch: null }, { service: null }, { batch: 42 }, { batch: "train" }, { service: [] }])(
    "%j is a validation error on the stage, not a TypeError",
    (stage) => {
      const type = Object.keys(stage)[0];
      const issues = issuesOf("Workflow", { stages: { train: stage }, dag: "train" }, "pipe");
      expect(issues.map((i) => i.field)).toEqual([`stages.train.${type}`]);
      expect(issues[0].message).toContain(`Workflow 'pipe': 'stages.train.${type}' must be an object`);
    },
  );

  it("names the construct (its id) whichever check fails, as the schema checks do", () => {
    const [issue] = issuesOf("Workflow", { name: "nightly", stages: { train: { batch: { image: "r/x:1" } } }, dag: "train >> ghost" }, "pipe");
    expect(issue.message).toContain("Workflow 'pipe': 'dag' names stage 'ghost'");
  });
});

describe("Workflow on Argo Workflows: the executor's ServiceAccount", () => {
  it.each(["batch", "service"])("is not a %s stage's ServiceAccount (named after the stage)", (type) => {
    const issues = issuesOf("Workflow", { name: "w", stages: { "w-executor": { [type]: { image: "r/x:1" } } }, dag: "w-executor" }, "w");
    expect(issues.map((i) => i.field)).toEqual(["stages.w-executor"]);
    expect(issues[0].message).toContain("would run as the Argo executor's ServiceAccount 'w-executor'");
  });

  it("is not a stage's ServiceAccount given by name, also when the executor's is renamed", () => {
    const stages = { train: { batch: { image: "r/x:1", serviceAccount: { name: "runner", create: false } } } };
    const issues = issuesOf("Workflow", { name: "w", stages, dag: "train", argo: { executorServiceAccount: "runner" } }, "w");
    expect(issues.map((i) => i.field)).toEqual(["stages.train.batch.serviceAccount.name"]);
  });

  it("other engines have no executor, so the name is free", () => {
    const objects = kindHandlers.Workflow.resolveAndRender(
      { name: "w", engine: "plain", stages: { "w-executor": { batch: { image: "r/x:1" } } }, dag: "w-executor" },
      { name: "w" },
    );
    expect(objects.filter((o) => o.kind === "ServiceAccount").map((o) => o.metadata.name)).toEqual(["w-executor"]);
  });
});

describe("LabProject", () => {
  it.each(["constructor", "toString", "__proto__", "hasOwnProperty"])("envInherit of '%s' is not a project variable (no prototype lookup)", (name) => {
    for (const env of [undefined, {}, { OTHER: "1" }]) {
      const issues = issuesOf("LabProject", { name: "p", env, services: [{ name: "s", image: "r/x:1", envInherit: [name] }] }, "p");
      expect(issues.map((i) => i.field)).toEqual(["services[0].envInherit[0]"]);
    }
  });

  it("validates services the environment leaves out, not only the rendered ones", () => {
    const service = {
      name: "batch-api",
      image: "r/x:1",
      scope: ["noninteractive"],
      ports: [
        { name: "http", port: 1 },
        { name: "http", port: 2 },
      ],
    };
    expect(issuesOf("LabProject", { name: "p", environment: "interactive", services: [service] }, "p").map((i) => i.field)).toEqual([
      "services[0].ports[1].name",
    ]);
  });

  it("still renders only the services of the environment, also when a left-out one binds project files", () => {
    const objects = kindHandlers.LabProject.resolveAndRender(
      {
        name: "p",
        environment: "interactive",
        services: [
          { name: "app", image: "r/x:1" },
          { name: "nightly", image: "r/y:1", scope: ["noninteractive"], binds: { "/data": "/data" } },
        ],
      },
      { name: "p" },
    );
    expect(objects.filter((o) => o.kind === "Deployment").map((o) => o.metadata.name)).toEqual(["app"]);
    expect(objects.filter((o) => o.kind === "PersistentVolumeClaim")).toEqual([]);
  });
});
