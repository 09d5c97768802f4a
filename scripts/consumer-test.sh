#!/usr/bin/env bash
# What a new user does, from the packed tarball, outside the repository:
#   1. `npm pack` (prepack builds lib/ into build/lib/),
#   2. a cdk8s app laid out as `cdk8s init typescript-app` makes it (the template's tsconfig.json,
#      verbatim from cdk8s-team/cdk8s-cli templates/typescript-app: classic node resolution, no
#      esModuleInterop, no skipLibCheck), with TypeScript 4.9.5 (the template's own `^4.9.5` and
#      our stated minimum) and @types/node 14: `npm run compile`, then `cdk8s synth` of a chart
#      using every construct,
#   3. a Pulumi program laid out as `pulumi new typescript` makes it (the template's tsconfig.json,
#      verbatim from pulumi/templates typescript/: nodenext), compiled with the template's
#      TypeScript range and again with 4.9.5, run under pulumi.runtime.setMocks.
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
if tar -tzf "$tgz" | grep -Ev '^package/(build/lib/|schemas/[^/]*\.json$|package\.json$|README\.md$|LICENSE$)'; then
  echo "consumer: the tarball ships files outside build/lib, schemas/*.json, README, LICENSE" >&2
  exit 1
fi

# cdk8s app (a cdk8s-only user: no Pulumi may be installed)
cp -R "$repo/scripts/consumer/cdk8s-app" "$work/cdk8s-app"
cd "$work/cdk8s-app"
npm_install
npm_install "$tgz"
if [ -e node_modules/@pulumi ] || [ -e node_modules/cdk8s-plus-27 ]; then
  echo "consumer: a cdk8s-only install pulled in Pulumi or cdk8s-plus-27" >&2
  exit 1
fi
echo "consumer: cdk8s app node_modules $(du -sm node_modules | cut -f1) MiB, TypeScript $(npx tsc --version)"
npm run --silent compile
"$repo/node_modules/.bin/cdk8s" synth >/dev/null
for kind in Deployment Service CronJob WorkflowTemplate Namespace NetworkPolicy HTTPRoute; do
  grep -q "^kind: $kind$" dist/consumer.k8s.yaml || { echo "consumer: no $kind in dist/consumer.k8s.yaml" >&2; exit 1; }
done
echo "consumer: cdk8s synth wrote $(grep -c '^kind:' dist/consumer.k8s.yaml) objects"

# Pulumi program
cp -R "$repo/scripts/consumer/pulumi-app" "$work/pulumi-app"
cd "$work/pulumi-app"
npm_install
npm_install "$tgz"
npx tsc -p tsconfig.test.json
"$work/cdk8s-app/node_modules/.bin/tsc" -p tsconfig.test.json --outDir bin-ts49
node bin/test.js
