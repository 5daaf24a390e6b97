#!/usr/bin/env bash
# `npm test`: type-check, unit tests, then the end-to-end tests against a real n8n (one server per
# test file, one file at a time). Ends with one plain "N passed, N failed" line for CI.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh || exit 1
mkdir -p .e2e
status=0

npx tsc -p tsconfig.test.json || status=1
npx jest --selectProjects unit --json --outputFile=.e2e/unit-results.json "$@" || status=1
npx jest --selectProjects e2e --runInBand --json --outputFile=.e2e/e2e-results.json "$@" || status=1

node -e '
let passed = 0, failed = 0;
for (const file of [".e2e/unit-results.json", ".e2e/e2e-results.json"]) {
	try { const r = require("./" + file); passed += r.numPassedTests; failed += r.numFailedTests + r.numRuntimeErrorTestSuites; }
	catch { failed += 1; }
}
console.log(`tests: ${passed} passed, ${failed} failed`);
'
exit $status
