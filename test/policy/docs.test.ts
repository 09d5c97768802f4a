import fs from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { policyChecks } from "../../lib";

it("docs/quality-gates.md lists every check with its severity", () => {
  const doc = fs.readFileSync(path.join(__dirname, "..", "..", "docs", "quality-gates.md"), "utf8");
  for (const check of policyChecks) expect(doc).toContain(`| \`${check.name}\` | ${check.severity} |`);
});
