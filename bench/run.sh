#!/usr/bin/env bash
# Runs the benchmark (see bench/README.md): compiles, then runs the runner with the given flags.
# Helm is fetched on first use by scripts/helm.mjs (into ~/.cache/modelship-helm).
set -euo pipefail
cd "$(dirname "$0")/.."
npx tsc -p tsconfig.json
node build/bench/run.js "$@"
