#!/usr/bin/env bash
# What a new user does, from the packed tarball, outside the repository:
#   1. `npm pack` (prepack builds lib/ and the type rollups, and checks the API reports),
#   2. a cdk8s app as `cdk8s init typescript-app` lays it out: package.json and tsconfig.json from
#      the template of the cdk8s-cli we pin (node_modules/cdk8s-cli/templates/typescript-app:
#      classic node resolution, no esModuleInterop, no skipLibCheck), main.ts using every
#      construct; `npm run compile` and `cdk8s synth`,
#   3. a Pulumi program as `pulumi new typescript` lays it out (tsconfig.json verbatim from
#      pulumi/templates typescript/: nodenext), run under pulumi.runtime.setMocks,
#   4. both compiled again with the oldest TypeScript we support (README: 5.0).
# Only the npm registry is used, through the shared npm cache (--prefer-offline).
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/modelship-consumer.XXXXXX")"
trap 'rm -rf "$work"' EXIT
npm_install() { npm install --prefer-offline --no-audit --no-fund --loglevel=error "$@"; }

cd "$repo"
tarball="$(npm pack --silent --pack-destination "$work" | tail -1)"
tgz="$work/$tarball"
echo "consumer: packed $tarball ($(tar -tzf "$tgz" | wc -l) files, $(du -k "$tgz" | cut -f1) KiB)"
if tar -tzf "$tgz" | grep -Ev '^package/(build/lib/[^ ]*\.js$|build/types/[^/]*\.d\.ts$|schemas/[^/]*\.json$|package\.json$|README\.md$|LICENSE$)'; then
  echo "consumer: the tarball ships files other than build/lib/**/*.js, build/types/*.d.ts, schemas/*.json, README, LICENSE" >&2
  exit 1
fi

# cdk8s app (a cdk8s-only user: no Pulumi may be installed)
template="$repo/node_modules/cdk8s-cli/templates/typescript-app"
cp -R "$repo/scripts/consumer/cdk8s-app" "$work/cdk8s-app"
cp "$template/tsconfig.json" "$work/cdk8s-app/tsconfig.json"
# The template's package.json with its placeholders filled in: cdk8s and constructs at the versions
# we test with, its cdk8s-plus; without jest (the template's own test) and the CLI (we run ours).
node -e '
  const fs = require("fs");
  const [template, repo, out, plus] = process.argv.slice(1);
  const lock = require(repo + "/package-lock.json").packages;
  const pkg = JSON.parse(fs.readFileSync(template + "/package.json", "utf8").replace("{{ $base }}", "consumer"));
  const filled = {};
  for (const [name, range] of Object.entries(pkg.dependencies)) {
    filled[name] = name.startsWith("cdk8s-plus-") ? plus : lock["node_modules/" + name].version;
  }
  pkg.dependencies = filled;
  for (const name of ["cdk8s-cli", "@types/jest", "jest", "ts-jest", "ts-node"]) delete pkg.devDependencies[name];
  fs.writeFileSync(out, JSON.stringify(pkg, null, 2));
' "$template" "$repo" "$work/cdk8s-app/package.json" 2.5.57
cd "$work/cdk8s-app"
npm_install
npm_install "$tgz"
if [ -e node_modules/@pulumi ] || [ -e node_modules/cdk8s-plus-27 ]; then
  echo "consumer: a cdk8s-only install pulled in Pulumi or cdk8s-plus-27" >&2
  exit 1
fi
echo "consumer: cdk8s app node_modules $(du -sm node_modules | cut -f1) MiB, TypeScript $(npx tsc --version)"
npm run --silent compile
# cdk8s-cli asks registry.npmjs.org for its latest version unless ~/.cdk8s-cli.version is fresh.
mkdir -p "$work/home" && node -p 'require(process.argv[1]).version' "$repo/node_modules/cdk8s-cli/package.json" >"$work/home/.cdk8s-cli.version"
HOME="$work/home" "$repo/node_modules/.bin/cdk8s" synth >/dev/null
for kind in Deployment Service CronJob WorkflowTemplate Namespace NetworkPolicy HTTPRoute; do
  grep -q "^kind: $kind$" dist/consumer.k8s.yaml || { echo "consumer: no $kind in dist/consumer.k8s.yaml" >&2; exit 1; }
done
echo "consumer: cdk8s synth wrote $(grep -c '^kind:' dist/consumer.k8s.yaml) objects"
# The CLI from the tarball, on a definition file written as a user would
printf 'kind: ModelService\nname: iris\nnamespace: scoring\nimage: registry.example.com/ml/iris:1.0.0\nport: 5000\n' >iris.yaml
npx --no-install modelship synth iris.yaml --out cli-out >/dev/null
grep -q '^kind: Deployment$' cli-out/*.yaml || { echo "consumer: modelship synth wrote no Deployment" >&2; exit 1; }

# Pulumi program
cp -R "$repo/scripts/consumer/pulumi-app" "$work/pulumi-app"
cd "$work/pulumi-app"
npm_install
npm_install "$tgz"
npx tsc -p tsconfig.test.json
node bin/test.js

# The oldest TypeScript we support, on both projects
mkdir "$work/ts-min" && cd "$work/ts-min" && echo '{"private":true}' >package.json && npm_install typescript@5.0.4
tsc_min="$work/ts-min/node_modules/.bin/tsc"
(cd "$work/cdk8s-app" && "$tsc_min" -p tsconfig.json --noEmit)
(cd "$work/pulumi-app" && "$tsc_min" -p tsconfig.test.json --noEmit)
# modelship/pulumi and modelship/pulumi/testing under classic node resolution (typesVersions)
(cd "$work/pulumi-app" && "$tsc_min" -p tsconfig.test.json --noEmit --module commonjs --moduleResolution node)
echo "consumer: both projects compile with TypeScript $("$tsc_min" --version)"
