#!/usr/bin/env bash
# `npm start`: dependencies first (scripts/ensure-deps.sh), then scripts/start.ts (build, pack,
# install into .n8n-local/, run n8n in the foreground).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
exec npx --no-install tsx scripts/start.ts "$@"
