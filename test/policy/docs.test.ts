import fs from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { policyChecks } from "../../lib";
import { modelServiceSchema } from "../../lib/model/model-service";

it("docs/quality-gates.md lists every check with its severity", () => {
  const doc = fs.readFileSync(path.join(__dirname, "..", "..", "docs", "quality-gates.md"), "utf8");
  for (const check of policyChecks) expect(doc).toContain(`| \`${check.name}\` | ${check.severity} |`);
});

it("docs/model-service.md lists every ModelService prop in its props table", () => {
  const doc = fs.readFileSync(path.join(__dirname, "..", "..", "docs", "model-service.md"), "utf8");
  const rows = doc.split("\n").filter((line) => line.startsWith("| `"));
  const missing = Object.keys(modelServiceSchema.shape).filter((prop) => !rows.some((row) => row.includes(`\`${prop}\``) || row.includes(`\`${prop}.`)));
  expect(missing).toEqual([]);
});
