import fs from "node:fs";
import path from "node:path";
import { parseAllDocuments } from "yaml";
import { describe, expect, it } from "vitest";
import { loadAllFast } from "../../lib/importers/fast-yaml";
import { loadDefinitionFile, definitionFieldLine } from "../../lib/importers/definition-file";

const ROOT = path.resolve(__dirname, "..", "..");
const viaYaml = (text: string) => parseAllDocuments(text).map((doc) => doc.toJS());

describe("loadAllFast reads values as yaml's YAML 1.2 core schema does", () => {
  it.each([
    ["ints", "a: 012\nb: 0o12\nc: 0x1F\nd: +12\ne: -0\nf: 1_000\ng: 0b101\n"],
    ["floats", "a: .5\nb: -.5\nc: 1e3\nd: 1.\ne: 1_0.5\nf: -.inf\ng: .NaN\nh: 1e\n"],
    ["booleans and nulls", "a: yes\nb: True\nc: FALSE\nd: ~\ne: Null\nf:\ng: off\n"],
    ["strings", 'a: "1.0"\nb: 2001-12-14\nc: 1:20\nd: !!str 3\ne: "\\u00e9"\nf: |\n  line\n  two\n'],
    ["documents", "---\na: 1\n---\n---\nb: [1, {c: d}]\n"],
    ["the example definition file", fs.readFileSync(path.join(ROOT, "examples", "ml-pipeline", "modelship.yaml"), "utf8")],
  ])("%s", (_name, text) => {
    expect(loadAllFast(text)).toStrictEqual(viaYaml(text));
  });

  it("returns undefined for what js-yaml refuses, so the yaml path reports it", () => {
    expect(loadAllFast("a: 1\na: 2\n")).toBeUndefined(); // duplicate key
    expect(loadAllFast("a: [1, 2\n")).toBeUndefined();
  });
});

describe("loadDefinitionFile locates lines only when asked, and finds the same lines", () => {
  const text =
    "kind: ModelService\nname: a\nimage: registry.example.com/ml/a:1.0.0\n---\nkind: BatchStage\nname: b\nimage: registry.example.com/ml/b:1.0.0\nschedule:\n  cron: '61 * * * *'\n";

  it("gives each document's line and a field's line", () => {
    const [a, b] = loadDefinitionFile("modelship.yaml", text);
    expect(a.source?.line).toBe(1);
    expect(b.source?.line).toBe(5);
    expect(definitionFieldLine(b.props, "schedule.cron")).toBe(9);
    expect(definitionFieldLine(a.props, "image")).toBe(3);
  });

  it("reports a syntax error with its line", () => {
    expect(() => loadDefinitionFile("modelship.yaml", "kind: ModelService\nname: a\nname: b\n")).toThrow(/modelship\.yaml:3:/);
  });
});
