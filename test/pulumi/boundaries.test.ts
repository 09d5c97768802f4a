import fs from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";

// The Pulumi adapter is a separate entry point: cdk8s users never load Pulumi, and the two
// adapters never import each other.
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

it("the Pulumi entry point never reaches cdk8s", () => {
  const { files, packages } = closure(path.join(root, "lib/pulumi/index.ts"));
  expect([...packages].filter((p) => p.startsWith("cdk8s") || p === "constructs")).toEqual([]);
  expect([...files].filter((f) => f.includes(`${path.sep}cdk8s${path.sep}`))).toEqual([]);
  expect(files.size).toBeGreaterThan(5);
});

it("package.json exports the Pulumi API as modelship/pulumi", () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { exports: Record<string, { default: string }> };
  expect(pkg.exports["./pulumi"].default).toBe("./build/lib/pulumi/index.js");
  expect(pkg.exports["."].default).toBe("./build/lib/index.js");
});
