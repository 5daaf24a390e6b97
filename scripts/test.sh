#!/usr/bin/env bash
# `npm test`: type-check, unit tests, n8n's package scanner on the source and the packed tarball
# (scripts/scanPackage.ts, about 15 s), then the end-to-end tests against a real n8n (one server per
# test file, one file at a time). Ends with one plain "N passed, N failed" line for CI (the scan
# counts as one test).
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh || exit 1
mkdir -p .e2e
status=0

npx tsc -p tsconfig.test.json || status=1
npx jest --selectProjects unit --json --outputFile=.e2e/unit-results.json "$@" || status=1
scan_failed=0
npx tsx scripts/scanPackage.ts || { scan_failed=1; status=1; }
npx jest --selectProjects e2e --runInBand --json --outputFile=.e2e/e2e-results.json "$@" || status=1

SCAN_FAILED=$scan_failed node -e '
let passed = 1 - Number(process.env.SCAN_FAILED), failed = Number(process.env.SCAN_FAILED);
for (const file of [".e2e/unit-results.json", ".e2e/e2e-results.json"]) {
	try { const r = require("./" + file); passed += r.numPassedTests; failed += r.numFailedTests + r.numRuntimeErrorTestSuites; }
	catch { failed += 1; }
}
console.log(`tests: ${passed} passed, ${failed} failed`);
'
exit $status
