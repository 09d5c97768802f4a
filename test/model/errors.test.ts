import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ModelshipValidationError, type ModelServiceProps } from "../../lib";
import { resolveModelService } from "../../lib/render";
import { issuesFromZod, problem } from "../../lib/model/errors";

const message = (props: unknown): string => {
  try {
    resolveModelService(props as ModelServiceProps, { name: "iris" });
  } catch (error) {
    if (error instanceof ModelshipValidationError) return error.message;
    throw error;
  }
  throw new Error("expected a validation error");
};

describe("validation messages with '|' in them", () => {
  it("keeps zod's whole message when it lists options with '|'", () => {
    const text = message({ name: "iris", image: "registry.example.com/ml/iris:1.0.0", health: { probe: { type: "sse" } } });
    expect(text).toContain("'health.probe.type'");
    expect(text).toContain("'http' | 'tcp'");
    expect(text).toContain('(got "sse")');
    expect(text).not.toMatch(/Fix: {2}/);
  });

  it("splits our own messages into problem and fix even when both hold '|'", () => {
    const schema = z.string().regex(/^a$/, { error: problem("must match a|b", "write 'a' (not 'a|b').") });
    const result = schema.safeParse("c");
    expect(result.success).toBe(false);
    const [issue] = issuesFromZod(result.error!, "c", () => []);
    expect(issue).toEqual({ field: "", problem: "must match a|b", value: "c", fix: "write 'a' (not 'a|b')." });
  });
});
