import fs from "node:fs";
import { toYamlDocuments } from "../lib/output/yaml";
import { kindHandlers } from "../lib/spec/kinds";
import { benchRoute, benchServiceProps, serviceName } from "./workload";

/** One service's objects, validated and rendered through the kind registry, as YAML. */
function serviceYaml(i: number): string {
  const objects = kindHandlers.ModelService.render(benchServiceProps(i), { name: serviceName(i) });
  objects.push(benchRoute(i));
  return toYamlDocuments(objects);
}

/** The YAML of `n` services, one chunk per service (for tests and small N). */
export function renderBenchServices(n: number): string[] {
  return Array.from({ length: n }, (_, i) => (i === 0 ? "" : "---\n") + serviceYaml(i));
}

/**
 * (a) modelship direct render: what the CLI's synth does, without cdk8s. Props go through the
 * kind registry (validation + render, the same pure path the constructs take) and straight to
 * the fast YAML writer, streamed to a temporary file in 1 MiB writes; the file is renamed into
 * place only when every service has rendered, so bad input leaves no partial output, and memory
 * stays flat however many services there are.
 */
export function writeBenchServices(n: number, file: string): void {
  const temp = `${file}.${process.pid}.tmp`;
  const fd = fs.openSync(temp, "w");
  try {
    let buffer = "";
    for (let i = 0; i < n; i++) {
      buffer += (i === 0 ? "" : "---\n") + serviceYaml(i);
      if (buffer.length > 1 << 20) {
        fs.writeSync(fd, buffer);
        buffer = "";
      }
    }
    if (buffer) fs.writeSync(fd, buffer);
  } catch (error) {
    fs.closeSync(fd);
    fs.rmSync(temp, { force: true });
    throw error;
  }
  fs.closeSync(fd);
  fs.renameSync(temp, file);
}

if (require.main === module) {
  writeBenchServices(Number(process.argv[2]), process.argv[3]);
}
