#!/usr/bin/env node
// Writes schemas/modelship-spec.schema.json, the JSON Schema of spec-file documents, from the zod
// schemas (lib/spec/json-schema.ts). Run after `npm run build` whenever a props schema changes;
// test/spec/json-schema.test.ts fails while the committed file is out of date.
//
// Usage: npm run build && node scripts/write-spec-schema.mjs
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);
const { specJsonSchema, SPEC_SCHEMA_FILE } = require(path.join(root, "build", "lib", "spec", "json-schema.js"));
fs.writeFileSync(path.join(root, SPEC_SCHEMA_FILE), `${JSON.stringify(specJsonSchema(), null, 2)}\n`);
console.log(`wrote ${SPEC_SCHEMA_FILE}`);
