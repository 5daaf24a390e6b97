#!/usr/bin/env bash
# The e2e subset of scripts/n8n-versions.json (every node type, the three webhook triggers with the
# crash test, the Scheduled Pull) against another n8n version. Usage: scripts/e2e-subset.sh <newest|oldest|x.y.z>
# [results file]. `npm test` runs it on `newest`, `npm run test:compat` on `oldest`.
set -uo pipefail
cd "$(dirname "$0")/.."
which="${1:?usage: scripts/e2e-subset.sh <newest|oldest|version> [results file]}"
version="$(node -p "const v = require('./scripts/n8n-versions.json'); v['$which'] ?? '$which'")"
results="${2:-.e2e/e2e-results-$version.json}"
mapfile -t subset < <(node -p "require('./scripts/n8n-versions.json').subset.join('\n')")
mkdir -p .e2e
echo "[e2e-subset] n8n $version: ${subset[*]}" >&2
N8N_VERSION="$version" npx jest --selectProjects e2e --runInBand --json --outputFile="$results" "${subset[@]}"
