#!/usr/bin/env node
// Writes schemas/modelship-definitions.schema.json, the JSON Schema of definition-file documents, from the zod
// schemas (lib/definitions/json-schema.ts). Run after `npm run build` whenever a props schema changes;
// test/definitions/json-schema.test.ts fails while the committed file is out of date.
//
// Usage: npm run build && node scripts/write-definitions-schema.mjs
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);
const { definitionJsonSchema, DEFINITION_SCHEMA_FILE } = require(path.join(root, "build", "lib", "definitions", "json-schema.js"));
fs.writeFileSync(path.join(root, DEFINITION_SCHEMA_FILE), `${JSON.stringify(definitionJsonSchema(), null, 2)}\n`);
console.log(`wrote ${DEFINITION_SCHEMA_FILE}`);
