import fs from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";

// The Pulumi adapter is a separate entry point: cdk8s users never load Pulumi, and the two
// adapters never import each other; the engine entry point loads neither.
const root = path.resolve(__dirname, "../..");
const IMPORT = /(?:import|export)[^"']*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)|require\(\s*["']([^"']+)["']\s*\)/g;

function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, "utf8");
  return [...text.matchAll(IMPORT)].map((m) => m[1] ?? m[2] ?? m[3]);
}

/** Every module reachable from `entry` through relative imports, and the packages they import. */
function closure(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    for (const spec of importsOf(file)) {
      if (!spec.startsWith(".")) {
        packages.add(spec);
        continue;
      }
      const base = path.resolve(path.dirname(file), spec);
      const target = [`${base}.ts`, path.join(base, "index.ts")].find((candidate) => fs.existsSync(candidate));
      if (target) visit(target);
    }
  };
  visit(entry);
  return { files, packages };
}

it("the main entry point (cdk8s) never reaches Pulumi", () => {
  const { files, packages } = closure(path.join(root, "lib/index.ts"));
  expect([...packages].filter((p) => p.startsWith("@pulumi"))).toEqual([]);
  expect([...files].filter((f) => f.includes(`${path.sep}pulumi${path.sep}`))).toEqual([]);
});

it("the Pulumi entry points never reach cdk8s", () => {
  for (const entry of ["lib/pulumi/index.ts", "lib/pulumi/testing.ts"]) {
    const { files, packages } = closure(path.join(root, entry));
    expect([...packages].filter((p) => p.startsWith("cdk8s") || p === "constructs")).toEqual([]);
    expect([...files].filter((f) => f.includes(`${path.sep}cdk8s${path.sep}`))).toEqual([]);
    expect(files.size).toBeGreaterThan(5);
  }
});

it("the engine entry point (modelship/render) reaches neither cdk8s nor Pulumi", () => {
  const { files, packages } = closure(path.join(root, "lib/render/index.ts"));
  expect([...packages].filter((p) => p.startsWith("cdk8s") || p === "constructs" || p.startsWith("@pulumi"))).toEqual([]);
  expect([...files].filter((f) => f.includes(`${path.sep}cdk8s${path.sep}`) || f.includes(`${path.sep}pulumi${path.sep}`))).toEqual([]);
});

it("no entry point needs cdk8s-plus (FromKplus reads names structurally)", () => {
  for (const entry of ["lib/index.ts", "lib/render/index.ts", "lib/pulumi/index.ts", "lib/pulumi/testing.ts"]) {
    expect([...closure(path.join(root, entry)).packages].filter((p) => p.startsWith("cdk8s-plus"))).toEqual([]);
  }
});

it("package.json maps every entry point to its module and its rolled-up types, for both module resolutions", () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as {
    exports: Record<string, { types: string; default: string }>;
    typesVersions: Record<string, Record<string, string[]>>;
    types: string;
  };
  const entries: Record<string, [string, string]> = {
    ".": ["./build/lib/index.js", "./build/types/modelship.d.ts"],
    "./render": ["./build/lib/render/index.js", "./build/types/modelship-render.d.ts"],
    "./pulumi": ["./build/lib/pulumi/index.js", "./build/types/modelship-pulumi.d.ts"],
    "./pulumi/testing": ["./build/lib/pulumi/testing.js", "./build/types/modelship-pulumi-testing.d.ts"],
  };
  for (const [entry, [js, types]] of Object.entries(entries)) {
    expect(pkg.exports[entry]).toEqual({ types, default: js });
    // classic `node` resolution (the cdk8s app template) reads typesVersions, not exports
    if (entry === ".") expect(`./${pkg.types}`).toBe(types);
    else expect(pkg.typesVersions["*"][entry.slice(2)]).toEqual([types.slice(2)]);
    expect(fs.existsSync(path.join(root, js.replace("./build/", "").replace(/\.js$/, ".ts")))).toBe(true);
  }
});
