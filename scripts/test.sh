#!/usr/bin/env bash
# `npm test`: type-check, unit tests, n8n's package scanner on the source and the packed tarball
# (scripts/scanPackage.ts, about 15 s), then the end-to-end tests against a real n8n (one server per
# test file, one file at a time): the whole suite on the primary n8n version, the subset on the
# newest (scripts/n8n-versions.json). Ends with one plain "N passed, N failed" line for CI (the scan
# counts as one test).
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh || exit 1
mkdir -p .e2e
rm -f .e2e/*results*.json
status=0

# Both n8n versions are provisioned side by side in the background while the type-check, unit
# tests and scan run; on a fresh machine the two installs overlap and sqlite3 is built once for both.
versions=("$(node -p "require('./scripts/n8n-versions.json').primary")" "$(node -p "require('./scripts/n8n-versions.json').newest")")
provisioning=()
for version in "${versions[@]}"; do
	bash scripts/provision.sh "$version" >".e2e/provision-$version.log" 2>&1 &
	provisioning+=($!)
done

npx tsc -p tsconfig.test.json || status=1
npx jest --selectProjects unit --json --outputFile=.e2e/unit-results.json "$@" || status=1
scan_failed=0
npx tsx scripts/scanPackage.ts || { scan_failed=1; status=1; }
for index in "${!provisioning[@]}"; do
	wait "${provisioning[$index]}" || { status=1; cat ".e2e/provision-${versions[$index]}.log" >&2; }
done
N8N_VERSION="${versions[0]}" npx jest --selectProjects e2e --runInBand --json --outputFile=.e2e/e2e-results.json "$@" || status=1
# The subset ignores this script's arguments (jest would run the union of both file lists).
bash scripts/e2e-subset.sh newest .e2e/e2e-results-newest.json || status=1

SCAN_FAILED=$scan_failed node -e '
let passed = 1 - Number(process.env.SCAN_FAILED), failed = Number(process.env.SCAN_FAILED);
for (const file of [".e2e/unit-results.json", ".e2e/e2e-results.json", ".e2e/e2e-results-newest.json"]) {
	try { const r = require("./" + file); passed += r.numPassedTests; failed += r.numFailedTests + r.numRuntimeErrorTestSuites; }
	catch { failed += 1; }
}
console.log(`tests: ${passed} passed, ${failed} failed`);
'
exit $status
