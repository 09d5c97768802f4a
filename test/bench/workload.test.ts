import { Testing, Chart } from "cdk8s";
import { parseAllDocuments } from "yaml";
import { describe, expect, it } from "vitest";
import { checkObjects, formatViolation, ModelService } from "../../lib";
import { toYamlDocuments } from "../../lib/output/yaml";
import { renderBenchServices } from "../../bench/direct";
import { benchRoute, benchServiceProps, plainServiceObjects } from "../../bench/workload";
import { expectValidObjects } from "../support/schema-check";

const N = 12;
const byId = (objects: readonly any[]) => [...objects].sort((a, b) => `${a.kind}/${a.metadata.name}`.localeCompare(`${b.kind}/${b.metadata.name}`));

describe("benchmark workload", () => {
  const direct = parseAllDocuments(renderBenchServices(N).join("")).map((d) => d.toJS());

  it("the direct path's YAML is schema-valid and policy-clean", () => {
    expect(direct).toHaveLength(N * 6);
    expectValidObjects(direct);
    expect(checkObjects(direct).map(formatViolation)).toEqual([]);
  });

  it("the hand-written objects (raw cdk8s, plain yaml, Helm) are the objects modelship renders", () => {
    const plain = Array.from({ length: N }, (_, i) => plainServiceObjects(i)).flat();
    expect(byId(JSON.parse(JSON.stringify(plain)))).toEqual(byId(direct));
    expect(toYamlDocuments(plain).length).toBeGreaterThan(0);
  });

  it("the cdk8s path synthesizes the same objects", () => {
    const app = Testing.app();
    const chart = new Chart(app, "bench");
    for (let i = 0; i < N; i++) {
      new ModelService(chart, `svc-${i}`, benchServiceProps(i));
    }
    const synthesized = Testing.synth(chart);
    const routes = Array.from({ length: N }, (_, i) => benchRoute(i));
    expect(byId([...synthesized, ...JSON.parse(JSON.stringify(routes))])).toEqual(byId(direct));
  });
});
