import fc from "fast-check";
import { parse, parseAllDocuments, stringify } from "yaml";
import { describe, expect, it } from "vitest";
import { toYaml, toYamlDocuments, yamlString } from "../../lib/output/yaml";
import { kindHandlers } from "../../lib/definitions/kinds";
import { expectValidObjects } from "../support/schema-check";

const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);

/** JSON as the writer sees it: -0 is written 0. */
const normalize = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

describe("toYaml", () => {
  it("round-trips any JSON value, read as YAML 1.2 and as YAML 1.1 (kubectl, Helm)", () => {
    let tried = 0;
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        tried++;
        const text = toYaml(value);
        expect(parse(text)).toEqual(normalize(value));
        expect(parse(text, { version: "1.1" })).toEqual(normalize(value));
      }),
      { numRuns: RUNS },
    );
    console.log(`fuzz yaml round-trip: ${tried} cases tried`);
  });

  it.each([
    ["yes"],
    ["No"],
    ["on"],
    ["OFF"],
    ["y"],
    ["n"],
    ["true"],
    ["Null"],
    ["~"],
    [""],
    ["1:20"],
    ["0x1F"],
    ["0o17"],
    ["1e3"],
    ["1_000"],
    ["2001-12-14"],
    ["e0"],
    ["E5"],
    [".inf"],
    [".NaN"],
    ["-1"],
    ["+1"],
    ["012"],
    ["a: b"],
    ["a #b"],
    ["key:"],
    ["- x"],
    ["[x]"],
    ["{x}"],
    ["*alias"],
    ["&anchor"],
    ["!tag"],
    ["|"],
    [">"],
    ["%x"],
    ["@x"],
    ["`x"],
    ["'q'"],
    ['"q"'],
    [" lead"],
    ["trail "],
    ["multi\nline"],
    ["tab\there"],
    ["ünïcödé"],
    ["😀"],
    ["\u0000"],
    ["<<"],
    ["="],
    ["?"],
  ])("keeps the string %j a string in both YAML versions", (text) => {
    const written = toYaml({ k: text, [text]: 1 });
    expect(parse(written)).toEqual({ k: text, [text]: 1 });
    expect(parse(written, { version: "1.1" })).toEqual({ k: text, [text]: 1 });
  });

  it("writes Kubernetes strings plainly, like yaml's stringify", () => {
    for (const text of [
      "registry.example.com/ml/iris:1.0.0",
      "app.kubernetes.io/name",
      "250m",
      "512Mi",
      "25%",
      "/healthz",
      "RuntimeDefault",
      "nvidia.com/gpu",
    ]) {
      expect(yamlString(text)).toBe(text);
    }
  });

  it("writes rendered objects in yaml's block style", () => {
    // No version label: the writer double-quotes strings that start with a digit ("1.0.0"), where
    // yaml leaves them plain; both read back the same (the round-trip tests above).
    const objects = kindHandlers.ModelService.resolveAndRender(
      { name: "iris", image: "registry.example.com/iris:1.0.0", version: false, replicas: 2, env: { A: "1" } },
      { name: "iris" },
    );
    for (const object of objects) expect(toYaml(object)).toBe(stringify(object));
  });

  it("writes multi-document streams whose documents are the objects, schema-valid", () => {
    const objects = kindHandlers.ModelService.resolveAndRender(
      { name: "iris", image: "registry.example.com/iris:1.0.0", autoscaling: { maxReplicas: 4 } },
      { name: "iris" },
    );
    const text = toYamlDocuments(objects);
    const back = parseAllDocuments(text).map((d) => d.toJS());
    expect(back).toEqual(objects);
    expectValidObjects(back);
    expect(text.split("\n---\n")).toHaveLength(objects.length);
  });

  it("refuses values that are not JSON", () => {
    expect(() => toYaml({ a: Number.NaN })).toThrow(TypeError);
    expect(() => toYaml({ a: () => 1 })).toThrow(/function/);
  });
});
