// API reports and type rollups for every entry point of the package, with api-extractor.
//
//   node scripts/api-report.mjs          check: fail when the public surface differs from api/*.api.md
//   node scripts/api-report.mjs --update update api/*.api.md
//
// Both also write build/types/<entry>.d.ts: the entry's public declarations rolled into one file,
// which package.json points `types` at. Only what an entry exports is in it, so the zod schemas
// behind the props (internal) never reach a user's compilation. Needs build/lib (tsc) first.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Extractor, ExtractorConfig } from "@microsoft/api-extractor";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const update = process.argv.includes("--update");

/** Report name -> compiled entry declaration file (see package.json `exports`). */
export const ENTRIES = {
  modelship: "build/lib/index.d.ts",
  "modelship-render": "build/lib/render/index.d.ts",
  "modelship-pulumi": "build/lib/pulumi/index.d.ts",
  "modelship-pulumi-testing": "build/lib/pulumi/testing.d.ts",
};

// Doc comments follow the cdk8s/aws-cdk style (`@default - none`), not TSDoc; release tags are
// not used. Everything else is reported.
const messages = {
  compilerMessageReporting: { default: { logLevel: "warning" } },
  extractorMessageReporting: {
    default: { logLevel: "warning" },
    "ae-missing-release-tag": { logLevel: "none" },
    "ae-forgotten-export": { logLevel: "none", addToApiReportFile: true },
    "ae-unresolved-link": { logLevel: "none" },
    "ae-undocumented": { logLevel: "none" },
  },
  tsdocMessageReporting: { default: { logLevel: "none" } },
};

let changed = [];
let failed = false;
for (const [name, entry] of Object.entries(ENTRIES)) {
  const config = ExtractorConfig.prepare({
    configObject: {
      projectFolder: root,
      mainEntryPointFilePath: path.join(root, entry),
      compiler: {
        overrideTsconfig: {
          compilerOptions: {
            target: "ES2022",
            module: "commonjs",
            moduleResolution: "node",
            lib: ["ES2022"],
            types: ["node"],
            strict: true,
            skipLibCheck: true,
          },
          files: [path.join(root, entry)],
        },
      },
      apiReport: {
        enabled: true,
        reportFileName: `${name}.api.md`,
        reportFolder: path.join(root, "api"),
        reportTempFolder: path.join(root, "build/api"),
      },
      docModel: { enabled: false },
      dtsRollup: { enabled: true, publicTrimmedFilePath: path.join(root, "build/types", `${name}.d.ts`) },
      tsdocMetadata: { enabled: false },
      newlineKind: "lf",
      messages,
    },
    configObjectFullPath: path.join(root, "api", `${name}.json`),
    packageJsonFullPath: path.join(root, "package.json"),
  });
  const result = Extractor.invoke(config, { localBuild: update, showVerboseMessages: false });
  if (!result.succeeded) failed = true;
  if (result.apiReportChanged) changed.push(name);
}
if (changed.length > 0 && !update) {
  console.error(`api: the public surface changed (${changed.join(", ")}): review build/api/*.api.md, then run \`npm run api:update\` and commit api/.`);
  process.exit(1);
}
if (failed) process.exit(1);
console.log(update ? `api: updated ${changed.length} report(s) in api/` : `api: ${Object.keys(ENTRIES).length} entry points match api/*.api.md`);
