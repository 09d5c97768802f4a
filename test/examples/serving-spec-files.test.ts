import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { loadSpecFile } from "../../lib/importers/spec-file";
import { type ModelServiceProps } from "../../lib";
import { resolveModelService } from "../../lib/render";
import { llmServing } from "../../examples/llm-serving/spec";
import { tritonS3 } from "../../examples/triton-s3/spec";

// The YAML form of the serving props (runtime, model, keda, route, canary) goes through lib/spec
// like every spec file, and describes the same service as the TypeScript form.
describe.each([
  ["examples/llm-serving/spec.yaml", llmServing],
  ["examples/triton-s3/spec.yaml", tritonS3],
] as const)("%s", (file, fromTs) => {
  it("is the same service as spec.ts", () => {
    const [document] = loadSpecFile(file, fs.readFileSync(file, "utf8"));
    expect(document.kind).toBe("ModelService");
    const name = String(document.props.name);
    expect(resolveModelService(document.props as unknown as ModelServiceProps, { name })).toEqual(resolveModelService(fromTs, { name }));
  });
});
