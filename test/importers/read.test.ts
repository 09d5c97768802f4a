import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readDefinitionDocuments } from "../../lib/importers/read";
import { SourceError } from "../../lib/importers/source";

const errorOf = (run: () => unknown): SourceError => {
  try {
    run();
  } catch (error) {
    return error as SourceError;
  }
  throw new Error("expected an error");
};

describe("readDefinitionDocuments: the one reader of the CLI and the Pulumi DefinitionFile", () => {
  it("reads a file through the first importer that recognises it", () => {
    const documents = readDefinitionDocuments("examples/bodywork/serve-model/bodywork.yaml", { gateway: "gateway-system/public:https" });
    expect(documents.map((d) => d.kind)).toEqual(["Workflow"]);
  });

  it("an unreadable file is a SourceError naming the file, the reason and the fix", () => {
    const error = errorOf(() => readDefinitionDocuments("does/not/exist.yaml"));
    expect(error).toBeInstanceOf(SourceError);
    expect(error.message).toBe("does/not/exist.yaml: cannot read the file (ENOENT). Fix: check the path.");
  });

  it("a file no importer recognises is a SourceError listing the readers", () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "modelship-read-")), "notes.txt");
    fs.writeFileSync(file, "hello\n");
    const error = errorOf(() => readDefinitionDocuments(file));
    expect(error).toBeInstanceOf(SourceError);
    expect(error.message).toMatch(
      /notes\.txt: not a format modelship reads\. Fix: give a bodywork\.yaml, .*\(readers: bodywork, orchest, mllab, bodywork-ini, modelship\)\./,
    );
  });
});
