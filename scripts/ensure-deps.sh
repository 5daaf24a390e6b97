#!/usr/bin/env bash
# Installs the project's dependencies when node_modules is missing or older than package.json or
# package-lock.json, so `npm start` and `npm test` work on a fresh clone without a prior
# `npm install`. Run by scripts/start.sh, scripts/test.sh and .ci/run; does nothing when up to date.
set -euo pipefail
cd "$(dirname "$0")/.."

STAMP=node_modules/.fundraising-sync-installed

if [ -f "$STAMP" ] && [ ! package.json -nt "$STAMP" ] && [ ! package-lock.json -nt "$STAMP" ]; then
	exit 0
fi
echo "[fundraising-sync] installing dependencies (npm install; node_modules missing or older than package.json/package-lock.json)" >&2
# `npm ci` refuses this lock file: npm 11 drops optional platform bindings of unrs-resolver (pulled
# in by the lint) from the lock it writes, then asks for them. `npm install` follows the lock.
npm install --no-audit --no-fund >&2
touch "$STAMP"
