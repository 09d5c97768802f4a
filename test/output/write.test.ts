import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseAllDocuments } from "yaml";
import { expect, it } from "vitest";
import { ModelshipValidationError } from "../../lib";
import { writeYamlFile } from "../../lib/output/write";
import { kindHandlers } from "../../lib/definitions/kinds";

const dir = () => fs.mkdtempSync(path.join(os.tmpdir(), "modelship-write-"));

it("writes groups as one multi-document file and counts the objects", () => {
  const file = path.join(dir(), "out.yaml");
  const groups = [0, 1, 2].map((i) =>
    kindHandlers.ModelService.resolveAndRender({ name: `svc-${i}`, image: "registry.example.com/m:1.0" }, { name: `svc-${i}` }),
  );
  expect(writeYamlFile(file, groups)).toBe(groups.flat().length);
  expect(parseAllDocuments(fs.readFileSync(file, "utf8")).map((d) => d.toJS())).toEqual(groups.flat());
});

it("leaves the previous file untouched and no temporary file when a group fails to render", () => {
  const folder = dir();
  const file = path.join(folder, "out.yaml");
  fs.writeFileSync(file, "previous\n");
  function* groups() {
    yield kindHandlers.ModelService.resolveAndRender({ name: "good", image: "registry.example.com/m:1.0" }, { name: "good" });
    yield kindHandlers.ModelService.resolveAndRender({ name: "bad", image: "registry.example.com/m:latest" }, { name: "bad" });
  }
  expect(() => writeYamlFile(file, groups())).toThrow(ModelshipValidationError);
  expect(fs.readFileSync(file, "utf8")).toBe("previous\n");
  expect(fs.readdirSync(folder)).toEqual(["out.yaml"]);
});
