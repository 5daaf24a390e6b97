/**
 * `npm run scan` (part of `npm test`): what n8n checks before it verifies a community package, plus
 * proof that the published tarball runs without dependencies.
 *
 * 1. n8n's scanner, `@n8n/scan-community-package` (pinned): its `analyzePackage()` on the source (its
 *    `SOURCE_FILE_PATTERNS`: package.json, nodes/, credentials/) and on the tarball `npm pack` makes
 *    (compiled `.js` and package.json, as its `analyzePackageByName()` scans a download), with its
 *    cloud rule set and inline `eslint-disable` comments ignored. Its CLI downloads a published
 *    version by name; here the same function reads this checkout and the local tarball. Every finding
 *    fails except those listed under "Accepted scanner findings" in the README (file and rule); an
 *    accepted finding that no longer occurs fails too, so that list stays true.
 * 2. The tarball is self-contained: no `dependencies`; every `require` names a file inside the
 *    package, a Node built-in or a peer dependency; the bundled fast-xml-parser is the pinned dev
 *    dependency's file; installed the way n8n installs packages (`--omit=dev`) in a folder with no
 *    node_modules above it, the parser loads from the package alone and parses.
 */
import { execFileSync } from 'child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'fs';
import { createRequire, isBuiltin } from 'module';
import { tmpdir } from 'os';
import { dirname, join, relative, sep } from 'path';
import { ESLint } from 'eslint';
import { installPackageInto, log, packPackage } from '../tools/n8n/provision';
import { PACKAGE_NAME, REPO_ROOT } from '../tools/n8n/paths';

/** The tarball leg's files, as `analyzePackageByName()` of scanner 0.32.0 passes them (not exported). */
const TARBALL_FILE_PATTERNS = ['**/*.js', 'package.json'];
export const VENDORED_XML_PARSER = 'dist/vendor/fast-xml-parser/fxp.js';
const XML_PARSER_WRAPPER = 'dist/nodes/shared/xmlParser.js';
const ACCEPTED_HEADING = '### Accepted scanner findings';

export interface Finding {
	file: string;
	rule: string;
	line: number;
	message: string;
}
export interface AcceptedFinding {
	file: string;
	rule: string;
}

/** The README's accepted findings: bullets "- `<file>`, rule `<rule>`: why" under ACCEPTED_HEADING. */
export function parseAcceptedFindings(readme: string): AcceptedFinding[] {
	const start = readme.indexOf(`\n${ACCEPTED_HEADING}\n`);
	if (start === -1) return [];
	const section = readme.slice(start + ACCEPTED_HEADING.length + 2).split(/\n#{1,3} /)[0];
	return [...section.matchAll(/^- `([^`]+)`, rule `([^`]+)`/gm)].map(([, file, rule]) => ({ file, rule }));
}

const isAccepted = (finding: Finding, accepted: AcceptedFinding[]) =>
	accepted.some((entry) => entry.file === finding.file && entry.rule === finding.rule);

/** Findings nobody accepted, and accepted entries that no longer occur. */
export function judgeFindings(findings: Finding[], accepted: AcceptedFinding[]): { unexpected: Finding[]; stale: AcceptedFinding[] } {
	return {
		unexpected: findings.filter((finding) => !isAccepted(finding, accepted)),
		stale: accepted.filter((entry) => !findings.some((finding) => isAccepted(finding, [entry]))),
	};
}

/** Every message ESLint reported (errors and warnings), with paths relative to the scanned folder. */
export function findingsOf(results: ESLint.LintResult[], root: string): Finding[] {
	return results.flatMap((result) =>
		result.messages.map((message) => ({
			file: relative(root, result.filePath).split(sep).join('/'),
			rule: message.ruleId ?? '(parse error)',
			line: message.line,
			message: message.message,
		})),
	);
}

/** The module names a compiled CommonJS file requires (tsc writes `require("…")`). */
export function requiredModules(code: string): string[] {
	return [...code.matchAll(/\brequire\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map(([, name]) => name);
}

/** Why `specifier`, required from `file` inside `packageDir`, would need something the package does not ship; null when it would not. */
export function foreignRequire(specifier: string, file: string, packageDir: string, peers: string[]): string | null {
	if (isBuiltin(specifier) || peers.includes(specifier)) return null;
	if (!specifier.startsWith('.')) return `requires the package "${specifier}"`;
	try {
		const target = require.resolve(specifier, { paths: [dirname(file)] });
		return target.startsWith(packageDir + sep) ? null : `requires ${specifier}, outside the package`;
	} catch {
		return `requires ${specifier}, which is not in the package`;
	}
}

/** The version in the header the build writes on the bundled parser: `/*! fast-xml-parser <version> | … *\/`. */
export function vendoredVersion(code: string): string | null {
	return /^\/\*! fast-xml-parser (\S+) \|/.exec(code)?.[1] ?? null;
}

function jsFiles(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true, recursive: true })
		.filter((entry) => entry.isFile() && entry.name.endsWith('.js'))
		.map((entry) => join(entry.parentPath, entry.name));
}

/** Problems that would make the installed tarball need anything but itself, Node and n8n. */
function selfContainmentProblems(packageDir: string): string[] {
	const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
	const problems: string[] = [];
	if (Object.keys(manifest.dependencies ?? {}).length > 0) problems.push(`package.json has dependencies: ${Object.keys(manifest.dependencies).join(', ')}`);
	const peers = Object.keys(manifest.peerDependencies ?? {});
	for (const file of jsFiles(packageDir)) {
		for (const specifier of requiredModules(readFileSync(file, 'utf8'))) {
			const problem = foreignRequire(specifier, file, packageDir, peers);
			if (problem) problems.push(`${relative(packageDir, file)} ${problem}`);
		}
	}
	if (!existsSync(join(packageDir, VENDORED_XML_PARSER))) return [...problems, `${VENDORED_XML_PARSER} is missing`];
	const pinned = manifest.devDependencies?.['fast-xml-parser'];
	const bundled = readFileSync(join(packageDir, VENDORED_XML_PARSER), 'utf8');
	const upstream = readFileSync(join(REPO_ROOT, 'node_modules/fast-xml-parser/lib/fxp.cjs'), 'utf8');
	const installed = JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules/fast-xml-parser/package.json'), 'utf8')).version;
	if (vendoredVersion(bundled) !== pinned || installed !== pinned) {
		problems.push(`bundled fast-xml-parser ${vendoredVersion(bundled)}, dev dependency ${pinned}, installed ${installed}: all three must match`);
	}
	if (!bundled.endsWith(upstream)) problems.push(`${VENDORED_XML_PARSER} is not fast-xml-parser's lib/fxp.cjs`);
	return problems;
}

/** Loads the bundled parser from an installed copy in a fresh Node: it must parse, and load no file from outside the package. */
function loadProblems(installedDir: string): string[] {
	const probe = `
		const { XMLParser } = require(${JSON.stringify(join(installedDir, XML_PARSER_WRAPPER))});
		const parsed = new XMLParser().parse('<donation><amount>5</amount></donation>');
		console.log(JSON.stringify({ parsed, loaded: Object.keys(require.cache) }));`;
	let output: string;
	try {
		output = execFileSync(process.execPath, ['-e', probe], { cwd: installedDir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
	} catch (error) {
		const reason = String((error as { stderr?: string }).stderr ?? error).split('\n').find((line) => /Error/.test(line));
		return [`the installed package cannot load its XML parser: ${reason}`];
	}
	const { parsed, loaded } = JSON.parse(output);
	const problems = loaded.filter((file: string) => !file.startsWith(installedDir + sep)).map((file: string) => `the parser loaded ${file}, outside the package`);
	if (parsed?.donation?.amount !== 5) problems.push(`the bundled parser returned ${JSON.stringify(parsed)}`);
	return problems;
}

interface Scanner {
	analyzePackage(dir: string, patterns: string[]): Promise<{ passed: boolean; message?: string; details?: string }>;
	SOURCE_FILE_PATTERNS: string[];
}

/** Runs the scanner's own `analyzePackage()` and keeps the ESLint results it lints (it returns only formatted text). */
async function scan(scanner: Scanner, dir: string, patterns: string[]): Promise<Finding[]> {
	// The scanner's `eslint` is the project's (same version, one copy in node_modules); the results
	// are taken where its ESLint instance returns them and passed on unchanged.
	const lintFiles = ESLint.prototype.lintFiles;
	const results: ESLint.LintResult[] = [];
	ESLint.prototype.lintFiles = async function (this: ESLint, ...args: Parameters<ESLint['lintFiles']>) {
		const lintResults = await lintFiles.apply(this, args);
		results.push(...lintResults);
		return lintResults;
	};
	try {
		const outcome = await scanner.analyzePackage(dir, patterns);
		// No results: the scanner failed before linting, or linted with another ESLint than the one watched here.
		if (results.length === 0) throw new Error(`scanner linted nothing in ${dir}: ${outcome.message ?? 'no message'}`);
		log(`scanner: ${results.length} files linted in ${dir}`);
		return findingsOf(results, dir);
	} finally {
		ESLint.prototype.lintFiles = lintFiles;
	}
}

async function main(): Promise<void> {
	const started = Date.now();
	// The scanner makes a temporary folder when loaded (for downloads, unused here); its `tmp` removes it at exit only when asked.
	const scannerModule = require.resolve('@n8n/scan-community-package/scanner/scanner.mjs');
	(createRequire(scannerModule)('tmp') as { setGracefulCleanup(): void }).setGracefulCleanup();
	const scanner: Scanner = await import(scannerModule);
	const work = mkdtempSync(join(tmpdir(), 'fundraising-sync-scan-'));
	try {
		const tarball = packPackage(join(work, 'pack'));
		const unpacked = join(work, 'package');
		mkdirSync(unpacked);
		execFileSync('tar', ['-xzf', tarball, '-C', unpacked, '--strip-components=1']);
		installPackageInto(join(work, 'user'), tarball);
		const installed = join(work, 'user/.n8n/nodes/node_modules', PACKAGE_NAME);
		const installedPackages = readdirSync(join(work, 'user/.n8n/nodes/node_modules')).filter((name) => !name.startsWith('.'));

		log('running n8n\'s community package scanner on the source and on the tarball');
		const findings = [
			...(await scan(scanner, REPO_ROOT, scanner.SOURCE_FILE_PATTERNS)),
			...(await scan(scanner, unpacked, TARBALL_FILE_PATTERNS)).map((finding) => ({ ...finding, file: `tarball:${finding.file}` })),
		];
		const accepted = parseAcceptedFindings(readFileSync(join(REPO_ROOT, 'README.md'), 'utf8'));
		const { unexpected, stale } = judgeFindings(findings, accepted);
		const problems = [
			...unexpected.map((f) => `scanner: ${f.file}:${f.line} ${f.rule}: ${f.message}`),
			...stale.map((a) => `README accepts ${a.file} ${a.rule}, but the scanner no longer reports it: remove it from the list`),
			...(installedPackages.length === 1 ? [] : [`installing the tarball with --omit=dev added ${installedPackages.join(', ')}`]),
			...selfContainmentProblems(unpacked),
			...loadProblems(installed),
		];
		for (const finding of findings.filter((f) => isAccepted(f, accepted))) log(`accepted (README): ${finding.file}:${finding.line} ${finding.rule}`);
		for (const problem of problems) log(`FAIL ${problem}`);
		log(`scan: ${findings.length} finding(s), ${findings.length - unexpected.length} accepted; ${problems.length} problem(s); ${((Date.now() - started) / 1000).toFixed(1)} s`);
		process.exitCode = problems.length === 0 ? 0 : 1;
	} finally {
		rmSync(work, { recursive: true, force: true });
	}
}

if (require.main === module) {
	main().catch((error) => {
		log(`scan failed: ${error instanceof Error ? error.stack : String(error)}`);
		process.exitCode = 1;
	});
}
