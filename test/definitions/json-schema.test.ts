import fs from "node:fs";
import path from "node:path";
import Ajv2020 from "ajv/dist/2020";
import { parseAllDocuments } from "yaml";
import { describe, expect, it } from "vitest";
import { kindHandlers } from "../../lib/definitions/kinds";
import { DEFINITION_SCHEMA_FILE, definitionJsonSchema, definitionKindSchemas } from "../../lib/definitions/json-schema";
import { benchServiceProps } from "../../bench/workload";

const ROOT = path.resolve(__dirname, "..", "..");
const committed = JSON.parse(fs.readFileSync(path.join(ROOT, DEFINITION_SCHEMA_FILE), "utf8")) as Record<string, unknown>;
const validate = new Ajv2020({ strict: false, allErrors: true }).compile(committed);

describe("the definition file JSON Schema", () => {
  it("is up to date with the zod schemas (regenerate: npm run build && node scripts/write-definitions-schema.mjs)", () => {
    expect(fs.readFileSync(path.join(ROOT, DEFINITION_SCHEMA_FILE), "utf8")).toBe(`${JSON.stringify(definitionJsonSchema(), null, 2)}\n`);
  });

  it("covers every kind the CLI reads", () => {
    expect(Object.keys(definitionKindSchemas).sort()).toEqual(Object.keys(kindHandlers).sort());
  });

  it("accepts the documents of the example definition file and the benchmark's services", () => {
    const text = fs.readFileSync(path.join(ROOT, "examples", "ml-pipeline", "modelship.yaml"), "utf8");
    const documents = [...parseAllDocuments(text).map((d) => d.toJS()), ...[0, 1, 2].map((i) => ({ kind: "ModelService", ...benchServiceProps(i) }))];
    for (const document of documents) expect(validate(document), JSON.stringify(validate.errors)).toBe(true);
    expect(documents.length).toBeGreaterThan(3);
  });

  it("refuses what the CLI refuses by shape: unknown kinds and fields, a missing name, a wrong enum", () => {
    const ok = { kind: "ModelService", name: "iris", image: "registry.example.com/ml/iris:1.0.0" };
    expect(validate(ok)).toBe(true);
    expect(validate({ ...ok, kind: "ModelServce" })).toBe(false);
    expect(validate({ ...ok, replicaz: 2 })).toBe(false);
    expect(validate({ kind: "ModelService", image: ok.image })).toBe(false);
    expect(validate({ ...ok, health: { probe: { type: "sse" } } })).toBe(false);
    expect(validate({ kind: "BatchStage", name: "train", image: ok.image, schedule: { cron: "0 3 * * *", concurrencyPolicy: "Sometimes" } })).toBe(false);
    const platform = {
      kind: "LabPlatform",
      name: "modelship-lab",
      hostnames: ["lab.example.com"],
      gateways: [{ name: "eg", namespace: "envoy-gateway-system", sectionName: "https" }],
    };
    expect(validate(platform), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...platform, gateways: [{ name: "eg", namespace: "envoy-gateway-system" }] })).toBe(false);
    expect(validate({ ...platform, hostnames: ["lab example com"] })).toBe(false);
  });
});
