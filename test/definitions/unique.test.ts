import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../lib/render/types";
import { duplicateObjectProblem } from "../../lib/definitions/unique";

const object = (kind: string, name: string, namespace?: string): KubeObject => ({
  apiVersion: "v1",
  kind,
  metadata: { name, ...(namespace ? { namespace } : {}) },
});

describe("duplicateObjectProblem", () => {
  it("names the first object two documents both render", () => {
    expect(duplicateObjectProblem([object("Service", "a", "demo"), object("Namespace", "demo"), object("Service", "a", "demo")])).toBe(
      "two documents render the same object Service/demo/a. Fix: give them distinct names or namespaces.",
    );
    expect(duplicateObjectProblem([object("Namespace", "demo"), object("Namespace", "demo")])).toMatch("Namespace//demo");
  });

  it("accepts objects that differ in kind, namespace or name", () => {
    expect(
      duplicateObjectProblem([
        object("Service", "a", "demo"),
        object("Deployment", "a", "demo"),
        object("Service", "a", "other"),
        object("Service", "b", "demo"),
      ]),
    ).toBeUndefined();
  });
});
