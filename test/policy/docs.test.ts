import fs from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { policyChecks } from "../../lib";
import { modelServiceSchema } from "../../lib/model/model-service";
import { knownKeys } from "../../lib/model/validate";

it("docs/quality-gates.md lists every check with its severity", () => {
  const doc = fs.readFileSync(path.join(__dirname, "..", "..", "docs", "quality-gates.md"), "utf8");
  for (const check of policyChecks) expect(doc).toContain(`| \`${check.name}\` | ${check.severity} |`);
});

it("docs/model-service.md lists every ModelService prop in its props table", () => {
  const doc = fs.readFileSync(path.join(__dirname, "..", "..", "docs", "model-service.md"), "utf8");
  const rows = doc.split("\n").filter((line) => line.startsWith("| `"));
  const missing = Object.keys(modelServiceSchema.shape).filter((prop) => !rows.some((row) => row.includes(`\`${prop}\``) || row.includes(`\`${prop}.`)));
  expect(missing).toEqual([]);
  // and each field of an object-valued prop (of a list's items too), in a row naming the prop
  const rowsOf = (prop: string) => rows.filter((row) => (row.split("|")[1] ?? "").includes(`\`${prop}`));
  const fields = Object.keys(modelServiceSchema.shape).flatMap((prop) =>
    [...new Set([...knownKeys(modelServiceSchema, [prop]), ...knownKeys(modelServiceSchema, [prop, 0])])].map((field) => [prop, field] as const),
  );
  expect(fields.length).toBeGreaterThan(50);
  const undocumented = fields.filter(
    ([prop, field]) => !rowsOf(prop).some((row) => row.includes(`${prop}.${field}`) || new RegExp(`\\b${field}\\b`).test(row)),
  );
  expect(undocumented.map(([prop, field]) => `${prop}.${field}`)).toEqual([]);
});
