import { Chart, Testing } from "cdk8s";
import { describe, expect, it } from "vitest";
import { LabPlatform } from "../../lib/cdk8s/lab-platform";
import { resolveLabPlatform } from "../../lib/model/lab";
import { renderLabPlatform } from "../../lib/render/lab-platform";
import { expectValidObjects } from "../support/schema-check";

describe("LabPlatform (cdk8s)", () => {
  it("emits exactly the rendered admission policies and bindings", () => {
    const chart = new Chart(Testing.app(), "c");
    const platform = new LabPlatform(chart, "lab-platform", { hostnames: ["lab.example.com"] });
    const synthesized = Testing.synth(chart);
    expect(synthesized).toEqual(
      JSON.parse(JSON.stringify(renderLabPlatform(resolveLabPlatform({ hostnames: ["lab.example.com"] }, { name: "lab-platform" })))),
    );
    expect(platform.apiObjects).toHaveLength(6);
    expectValidObjects(synthesized);
  });

  it("refuses bad props at construction, naming the construct and the field", () => {
    expect(() => new LabPlatform(new Chart(Testing.app(), "c"), "lab-platform", { hostnames: ["not a host"] })).toThrow(
      /LabPlatform 'lab-platform'.*'hostnames\[0\]'/,
    );
  });
});
