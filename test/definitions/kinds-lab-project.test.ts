import { expect, it } from "vitest";
import { kindHandlers } from "../../lib/definitions/kinds";
import { expectValidObjects } from "../support/schema-check";
import { demoProject } from "../support/lab-fixtures";

it("LabProject is a registered kind rendering through the same validation", () => {
  const objects = kindHandlers.LabProject.resolveAndRender(demoProject(), { name: "demo" });
  expect(objects[0]).toMatchObject({ kind: "Namespace", metadata: { name: "demo" } });
  expectValidObjects(objects);
  expect(() => kindHandlers.LabProject.resolveAndRender({ services: [{ name: "x" }] }, { name: "demo", path: "modelship.yaml" })).toThrow(
    /LabProject 'demo' \(at modelship.yaml\): 'services\[0\].image' is required/,
  );
});
