import type { KubeObject } from "../lib";
import { writeYamlFile } from "../lib/output/write";
import { toYamlDocuments } from "../lib/output/yaml";
import { kindHandlers } from "../lib/definitions/kinds";
import { benchRoute, benchServiceProps, serviceName } from "./workload";

/**
 * One service's objects, validated and rendered through the kind registry (as the CLI does), plus
 * its route unless `BENCH_ROUTES=0` (the definition-file workload: a definition file has no route kind).
 */
function serviceObjects(i: number, routes = process.env.BENCH_ROUTES !== "0"): KubeObject[] {
  const objects = kindHandlers.ModelService.resolveAndRender(benchServiceProps(i), { name: serviceName(i) });
  if (routes) objects.push(benchRoute(i));
  return objects;
}

function* services(n: number): Generator<KubeObject[]> {
  for (let i = 0; i < n; i++) yield serviceObjects(i);
}

/** The YAML of `n` services, one chunk per service (for tests). */
export function renderBenchServices(n: number): string[] {
  return Array.from({ length: n }, (_, i) => (i === 0 ? "" : "---\n") + toYamlDocuments(serviceObjects(i)));
}

/**
 * (a) modelship direct render: what the CLI's synth does, without cdk8s. Props go through the
 * kind registry (validation + render, the same pure path the constructs take) and straight to
 * the fast YAML writer, streamed by `writeYamlFile` (flat memory; nothing is left behind if a
 * service fails to validate).
 */
export function writeBenchServices(n: number, file: string): number {
  return writeYamlFile(file, services(n));
}

if (require.main === module) {
  writeBenchServices(Number(process.argv[2]), process.argv[3]);
}
