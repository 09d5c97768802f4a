#!/usr/bin/env node
// Rebuilds schemas/crds/*.json from the upstream CRD YAML files in ../shared/schemas/crds
// (or the folder given as the first argument), plus those kept verbatim in schemas/upstream/
// (CRDs the shared folder does not hold, e.g. prometheus-operator's ServiceMonitor).
//
// For every served version of every CRD, writes one compact JSON file
//   schemas/crds/<group>_<version>_<Kind>.json
// holding just spec.versions[].schema.openAPIV3Schema, with every `description`
// annotation removed to save space (a `description` that is a property NAME, i.e. a key
// inside `properties`, is kept). Nothing else is changed: the strictness rules
// (additionalProperties:false etc.) are applied at load time by test/support/schema-check.ts.
// It also writes schemas/crds/index.json ([{kind, apiVersion, file, source}]) and
// schemas/README.md (provenance of every file, from the PROVENANCE table below, which was copied
// from ../shared/schemas/README.md; update it when the shared CRDs are bumped).
//
// Usage: node scripts/vendor-crd-schemas.mjs [path/to/shared/schemas/crds]
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const srcDir = path.resolve(process.argv[2] ?? path.join(repoRoot, "..", "shared", "schemas", "crds"));
const outDir = path.join(repoRoot, "schemas", "crds");
const repoSrcDir = path.join(repoRoot, "schemas", "upstream");

// Upstream source of each shared CRD file: [repo, tag (commit), path in repo].
const EG = ["envoyproxy/gateway", "v1.9.0 (39763b1c07ec30a5526fe70434a2cfe4181de642)", "charts/gateway-helm/charts/crds/crds/generated/"];
const GW = ["kubernetes-sigs/gateway-api", "v1.6.1 (8bb74df00e56ec8f944d48c25e6c1c9c2f6848e3)", "config/crd/standard/"];
const ARGO = ["argoproj/argo-workflows", "v4.1.2 (16a52d67daf2f4a8a76fa8bec02a76a46aa46257)", "manifests/base/crds/full/"];
const ISTIO = [
  "istio/istio",
  "1.30.3 (56df41f63e513f834c9a3af33d8aed82d1d961f2)",
  "manifests/charts/base/files/crd-all.gen.yaml",
  "(the document of this CRD, cut out verbatim)",
];
const PROVENANCE = {
  "argoproj.io_": ARGO,
  "external-secrets.io_": ["external-secrets/external-secrets", "v2.9.0 (378bdb622ed9712ef4a58370f6a17af033b7d343)", "config/crds/bases/"],
  "gateway.envoyproxy.io_": EG,
  "gateway.networking.k8s.io_": GW,
  "keda.sh_": ["kedacore/keda", "v2.20.2 (68a5b5028f35b22d50597c69819ab32c4e92f21a)", "config/crd/bases/"],
  // Kept in schemas/upstream/ (not in ../shared/schemas/crds), copied byte for byte from the tag.
  "monitoring.coreos.com_": [
    "prometheus-operator/prometheus-operator",
    "v0.93.0 (f8fafd475f3d132e239432ae6172de60a6cb6516)",
    "example/prometheus-operator-crd/",
  ],
  "security.istio.io_": ISTIO,
};
function provenance(file) {
  const hit = Object.entries(PROVENANCE).find(([prefix]) => file.startsWith(prefix));
  if (!hit) throw new Error(`no provenance known for ${file}: add it to PROVENANCE in ${path.basename(fileURLToPath(import.meta.url))}`);
  const [repo, tag, where, note] = hit[1];
  return { repo, tag, path: where.endsWith("/") ? where + file : where, note };
}

function stripDescriptions(node, isPropertiesMap = false) {
  if (Array.isArray(node)) return node.map((n) => stripDescriptions(n));
  if (node === null || typeof node !== "object") return node;
  const out = {};
  for (const [k, v] of Object.entries(node)) {
    if (!isPropertiesMap && k === "description" && typeof v === "string") continue;
    // Keys of `properties` / `patternProperties` / `$defs` are field names, not keywords.
    const childIsMap = !isPropertiesMap && (k === "properties" || k === "patternProperties" || k === "definitions");
    out[k] = stripDescriptions(v, childIsMap);
  }
  return out;
}

if (!fs.existsSync(srcDir)) {
  console.error(`CRD source folder not found: ${srcDir}`);
  process.exit(1);
}
fs.mkdirSync(outDir, { recursive: true });
for (const f of fs.readdirSync(outDir)) {
  if (f.endsWith(".json")) fs.rmSync(path.join(outDir, f));
}

const index = [];
let total = 0;
const sources = [srcDir, repoSrcDir].flatMap((dir) =>
  fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter((f) => /\.ya?ml$/.test(f))
        .map((f) => ({ dir, file: f }))
    : [],
);
for (const { dir, file } of sources.sort((a, b) => a.file.localeCompare(b.file))) {
  const docs = parseAllDocuments(fs.readFileSync(path.join(dir, file), "utf8"));
  for (const doc of docs) {
    if (doc.errors.length) throw new Error(`${file}: ${doc.errors[0].message}`);
    const crd = doc.toJS({ maxAliasCount: -1 });
    if (!crd || crd.kind !== "CustomResourceDefinition") continue;
    const group = crd.spec.group;
    const kind = crd.spec.names.kind;
    for (const v of crd.spec.versions ?? []) {
      if (!v.served) continue;
      const schema = v.schema?.openAPIV3Schema;
      if (!schema) throw new Error(`${file}: ${kind} ${v.name} has no openAPIV3Schema`);
      const name = `${group}_${v.name}_${kind}.json`;
      const json = JSON.stringify(stripDescriptions(schema));
      fs.writeFileSync(path.join(outDir, name), json + "\n");
      total += json.length + 1;
      index.push({ kind, apiVersion: `${group}/${v.name}`, file: name, source: file });
    }
  }
}
index.sort((a, b) => a.file.localeCompare(b.file));
fs.writeFileSync(path.join(outDir, "index.json"), JSON.stringify(index, null, 1) + "\n");

const rows = index.map((e) => {
  const p = provenance(e.source);
  return `| \`crds/${e.file}\` | ${e.kind} | ${e.apiVersion} | ${p.repo} | \`${p.path}\`${p.note ? ` ${p.note}` : ""} | ${p.tag} |`;
});
const readme = `# Vendored schemas

Generated by \`node scripts/vendor-crd-schemas.mjs\` from the upstream CRD YAML files in \`../shared/schemas/crds/\`
and, for CRDs that folder does not hold, in \`upstream/\` (kept verbatim here, so the script can be rerun). Do not
edit by hand; rerun the script instead. Used by \`test/support/schema-check.ts\` to validate every custom resource
the package emits, strictly, against the schema of its kind and apiVersion.

- One compact JSON file per **served** CRD version: \`crds/<group>_<version>_<Kind>.json\`, holding only
  \`spec.versions[].schema.openAPIV3Schema\` of that version. Versions with \`served: false\` are left out on purpose
  (objects must use a served version).
- The only change from upstream: every \`description\` annotation was removed to save space. Everything else, including
  \`x-kubernetes-*\` extensions, is as upstream. Strictness (additionalProperties:false outside
  \`x-kubernetes-preserve-unknown-fields\` subtrees, int-or-string, ObjectMeta) is applied when the schema is loaded, by
  \`test/support/schema-check.ts\`.
- \`crds/index.json\` maps apiVersion/kind to file and to the upstream file it came from.
- Core Kubernetes kinds are not here: they are checked with the npm packages \`kubernetes-models\` and
  \`@kubernetes/client-node\` (see the header of \`test/support/schema-check.ts\`).

The upstream files were copied byte for byte from the release tags below (Istio: the CRD's document cut verbatim out of the
combined \`crd-all.gen.yaml\`).

| file | kind | apiVersion | source repo | path in repo | tag (commit) |
| --- | --- | --- | --- | --- | --- |
${rows.join("\n")}
`;
fs.writeFileSync(path.join(repoRoot, "schemas", "README.md"), readme);
console.log(`wrote ${index.length} schemas (${(total / 1024).toFixed(0)} KiB) to ${path.relative(repoRoot, outDir)}`);
