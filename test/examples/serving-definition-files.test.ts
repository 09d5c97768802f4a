import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { loadDefinitionFile } from "../../lib/importers/definition-file";
import { type LabProjectProps, type ModelServiceProps } from "../../lib";
import { resolveLabProject } from "../../lib/model/lab";
import { resolveModelService } from "../../lib/render";
import { llmServing } from "../../examples/llm-serving/props";
import { tritonS3 } from "../../examples/triton-s3/props";

// The YAML form of the serving props (runtime, model, keda, route, canary) goes through
// lib/definitions like every definition file, and describes the same service (or project) as the
// TypeScript form.
describe.each([["examples/triton-s3/modelship.yaml", tritonS3]] as const)("%s", (file, fromTs) => {
  it("is the same service as props.ts", () => {
    const [document] = loadDefinitionFile(file, fs.readFileSync(file, "utf8"));
    expect(document.kind).toBe("ModelService");
    const name = String(document.props.name);
    expect(resolveModelService(document.props as unknown as ModelServiceProps, { name })).toEqual(resolveModelService(fromTs, { name }));
  });
});

describe("examples/llm-serving/modelship.yaml", () => {
  it("is the same project as props.ts", () => {
    const file = "examples/llm-serving/modelship.yaml";
    const [document] = loadDefinitionFile(file, fs.readFileSync(file, "utf8"));
    expect(document.kind).toBe("LabProject");
    const name = String(document.props.name);
    expect(resolveLabProject(document.props as unknown as LabProjectProps, { name })).toEqual(resolveLabProject(llmServing, { name }));
  });
});
