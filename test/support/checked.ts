import { expect } from "vitest";
import { checkObjects, formatViolation, type KubeObject, type ModelServiceProps } from "../../lib";
import type { ConstructRef } from "../../lib/model/validate";
import { renderModelService, resolveModelService } from "../../lib/render";
import { expectValidObjects } from "./schema-check";

/** Renders a ModelService and checks what it wrote: every object valid against its schema, and no policy check failing with an error. */
export function renderCheckedService(props: ModelServiceProps, ref: ConstructRef = { name: "iris" }): KubeObject[] {
  const objects = renderModelService(resolveModelService(props, ref));
  expectValidObjects(objects);
  expect(
    checkObjects(objects)
      .filter((v) => v.severity === "error")
      .map(formatViolation),
  ).toEqual([]);
  return objects;
}
