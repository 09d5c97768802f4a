import { describe, expect, it } from "vitest";
import { KIND_NAMES } from "../../lib/definitions/kind-names";
import { kindHandlers } from "../../lib/definitions/kinds";

describe("KIND_NAMES", () => {
  it("lists exactly the kinds of the registry (the definition-file reader checks `kind:` against it)", () => {
    expect([...KIND_NAMES]).toEqual(Object.keys(kindHandlers));
    for (const kind of KIND_NAMES) expect(kindHandlers[kind].kind).toBe(kind);
  });
});
