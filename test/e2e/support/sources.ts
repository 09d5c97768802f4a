// What the e2e tier applies: every example's synthesized YAML (dist/, from `npm run synth`) and
// every CLI example input (and test/corpus/, when present) through `modelship synth`.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseAllDocuments } from "yaml";

export const root = path.resolve(__dirname, "../../..");

export interface Source {
  /** Where the objects come from, for messages: `dist/x.k8s.yaml` or `modelship synth <input>`. */
  name: string;
  objects: any[];
  /**
   * Applied with server-side dry-run (validation and admission, nothing stored), Namespaces aside:
   * corpus projects reuse the examples' names and namespaces, so stored they would replace the
   * examples' objects that the rollout and RBAC tests check.
   */
  dryRun?: boolean;
}

/**
 * Cluster-wide admission policies (the lab-project example's LabPlatform). 10-apply holds them
 * back and 45-lab-platform applies them: once in force they judge every later lab route of
 * every example, and the examples were each written for a cluster of their own (the Orchest
 * session's routes list no host names, the CLI examples attach to another Gateway).
 */
export const ADMISSION_POLICY_KINDS: ReadonlySet<string> = new Set(["ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding"]);

function readStream(file: string): any[] {
  return parseAllDocuments(fs.readFileSync(file, "utf8"))
    .map((d) => d.toJS())
    .filter((o) => o && typeof o === "object" && o.kind);
}

function walk(dir: string, pick: (f: string) => boolean, out: string[] = []): string[] {
  if (!fs.existsSync(dir)) return out;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory() && e.name !== "node_modules" && !e.name.startsWith(".")) walk(p, pick, out);
    else if (e.isFile() && pick(e.name)) out.push(p);
  }
  return out.sort();
}

/** CLI inputs: Bodywork files, definition files, Orchest pipelines. */
export function cliInputs(): string[] {
  return [...exampleInputs(), ...corpusInputs()];
}

function exampleInputs(): string[] {
  const isInput = (f: string) => /^bodywork\.(ya?ml|ini)$/.test(f) || f === "modelship.yaml" || f.endsWith(".orchest");
  return walk(path.join(root, "examples"), isInput);
}

function corpusInputs(): string[] {
  return walk(path.join(root, "test/corpus"), (f) => /^bodywork\.ya?ml$/.test(f));
}

/** The Gateway listener Bodywork `ingress: true` routes attach to (examples/bodywork/README.md). */
const GATEWAY = ["--gateway", "gateway-system/public:https"];
/**
 * Corpus projects name Bodywork's runner image, which holds no project code: the import is given
 * the project image a user builds from the Dockerfile it prints (test/importers/corpus.test.ts).
 */
const CORPUS_IMAGE = ["--image", "registry.example.com/corpus/project:1.0.0"];

export function distSources(): Source[] {
  const dist = path.join(root, "dist");
  if (!fs.existsSync(dist)) throw new Error("dist/ is missing: run `npm run synth` first (test/e2e/run.sh does)");
  return walk(dist, (f) => f.endsWith(".yaml")).map((f) => ({ name: path.relative(root, f), objects: readStream(f) }));
}

function synth(input: string, extra: string[], optional = false): Source | undefined {
  const cli = path.join(root, "build/lib/cli/main.js");
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "modelship-e2e-cli-"));
  const name = `modelship synth ${path.relative(root, input)}${extra.length ? " " + extra.join(" ") : ""}`;
  try {
    execFileSync(process.execPath, [cli, "synth", input, "--out", out, ...extra], { stdio: ["ignore", "pipe", "pipe"] });
    return { name, objects: walk(out, (f) => f.endsWith(".yaml")).flatMap(readStream) };
  } catch (e: any) {
    // The plain engine refuses some workflows (e.g. an on-failure stage) with an input error:
    // those have no plain rendering to roll out.
    if (optional && e.status === 2) return undefined;
    throw new Error(`${name} failed: ${e.stderr?.toString() ?? e}`);
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

/**
 * Each CLI input as the CLI renders it by default, and workflow inputs (Bodywork, definition files)
 * also with `--engine plain`, whose Jobs and Deployments the controllers run here (no Argo
 * controller runs in this cluster).
 */
export function cliSources(): Source[] {
  const sources = (input: string, flags: string[], optional: boolean): Source[] => {
    const plain = /bodywork\.|modelship\.yaml$/.test(path.basename(input)) ? synth(input, [...flags, "--engine", "plain"], true) : undefined;
    const rendered = synth(input, flags, optional);
    return [...(rendered ? [rendered] : []), ...(plain ? [plain] : [])];
  };
  // A corpus file the importer refuses (checked with its reason by the unit corpus test) has nothing to apply.
  const corpus = corpusInputs().flatMap((input) => sources(input, [...GATEWAY, ...CORPUS_IMAGE], true).map((source) => ({ ...source, dryRun: true })));
  return [...exampleInputs().flatMap((input) => sources(input, GATEWAY, false)), ...corpus];
}

/** What is stored in the cluster: every source but the dry-run ones. */
export function storedSources(): Source[] {
  return allSources().filter((source) => !source.dryRun);
}

export function allSources(): Source[] {
  return [...distSources(), ...cliSources()];
}
