import { z } from "zod";
import { batchStageSchema } from "../model/batch-stage";
import { labPlatformSchema, labProjectSchema } from "../model/lab";
import { modelServiceSchema } from "../model/model-service";
import { workflowSchema } from "../model/workflow";

/** The props schema of every definition-file kind (the same zod schemas the constructs validate with). */
export const definitionKindSchemas: Readonly<Record<string, z.ZodType>> = {
  ModelService: modelServiceSchema,
  BatchStage: batchStageSchema,
  Workflow: workflowSchema,
  LabProject: labProjectSchema,
  LabPlatform: labPlatformSchema,
};

/** Where the generated schema is published in the package (and committed). */
export const DEFINITION_SCHEMA_FILE = "schemas/modelship-definitions.schema.json";

/**
 * A JSON Schema (draft 2020-12) for one document of a modelship definition file, generated from the zod
 * schemas with `z.toJSONSchema` (input types: what a user writes, before defaults), for editors
 * (`# yaml-language-server: $schema=...`). Each document is `kind:` plus that kind's props, and a
 * `name` (a definition file has no construct id to default to).
 *
 * It describes shapes, enums, patterns and ranges; the rules zod checks in code (cron and time
 * zones, cross-field checks such as `replicas` with `autoscaling`) are checked by
 * `modelship synth` only, so a document the schema accepts can still be refused there, never
 * the other way round.
 */
export function definitionJsonSchema(): Record<string, unknown> {
  const kinds = Object.keys(definitionKindSchemas);
  const defs: Record<string, unknown> = {};
  for (const [kind, schema] of Object.entries(definitionKindSchemas)) {
    const props = z.toJSONSchema(schema, { io: "input", unrepresentable: "any", target: "draft-2020-12" }) as Record<string, unknown> & {
      properties?: Record<string, unknown>;
      required?: string[];
    };
    delete props.$schema;
    defs[kind] = {
      ...props,
      properties: { kind: { const: kind }, ...props.properties },
      required: [...new Set(["kind", "name", ...(props.required ?? [])])],
    };
  }
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    title: "modelship definition file document",
    description:
      "One document of a modelship definition file: 'kind:' and that construct's props (see docs/cli.md). Generated from the zod schemas by scripts/write-definitions-schema.mjs; do not edit.",
    type: "object",
    required: ["kind"],
    properties: { kind: { enum: kinds, description: "The construct: one of the kinds modelship synth reads." } },
    allOf: kinds.map((kind) => ({ if: { properties: { kind: { const: kind } }, required: ["kind"] }, then: { $ref: `#/$defs/${kind}` } })),
    $defs: defs,
  };
}
