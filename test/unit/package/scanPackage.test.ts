import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import type { ESLint } from 'eslint';
import {
	findingsOf,
	foreignRequire,
	judgeFindings,
	parseAcceptedFindings,
	requiredModules,
	vendoredVersion,
	type Finding,
} from '../../../scripts/scanPackage';

const RULE = '@n8n/community-nodes/webhook-lifecycle-complete';
const finding = (file: string, rule = RULE): Finding => ({ file, rule, line: 1, message: 'm' });

describe('parseAcceptedFindings', () => {
	it('reads "- `file`, rule `rule`: why" bullets under the heading, and nothing after the next heading', () => {
		const readme = [
			'## Development',
			'- `a.ts`, rule `r1`: not this one (above the heading)',
			'### Accepted scanner findings',
			'',
			'- `nodes/A.node.ts`, rule `r2`: why,',
			'  on two lines.',
			'- `tarball:dist/x.js`, rule `r3`: why',
			'## Assumptions',
			'- `b.ts`, rule `r4`: not this one either',
		].join('\n');
		expect(parseAcceptedFindings(readme)).toEqual([
			{ file: 'nodes/A.node.ts', rule: 'r2' },
			{ file: 'tarball:dist/x.js', rule: 'r3' },
		]);
	});

	it('finds none without the heading', () => {
		expect(parseAcceptedFindings('# x\n- `a.ts`, rule `r`: y\n')).toEqual([]);
	});

	it("reads the README's list: the two webhook triggers that cannot register their webhooks", () => {
		const readme = readFileSync(join(__dirname, '../../../README.md'), 'utf8');
		expect(parseAcceptedFindings(readme)).toEqual([
			{ file: 'nodes/FundraisingBox/FundraisingBoxTrigger.node.ts', rule: RULE },
			{ file: 'nodes/OnlineFundraising/OnlineFundraisingTrigger.node.ts', rule: RULE },
		]);
	});
});

describe('judgeFindings', () => {
	const accepted = [{ file: 'nodes/A.node.ts', rule: RULE }];

	it('lets an accepted finding pass and fails any other file or rule', () => {
		const other = finding('nodes/B.node.ts');
		const otherRule = finding('nodes/A.node.ts', 'no-console');
		expect(judgeFindings([finding('nodes/A.node.ts'), other, otherRule], accepted)).toEqual({ unexpected: [other, otherRule], stale: [] });
	});

	it('reports an accepted finding that no longer occurs, so the README list stays true', () => {
		expect(judgeFindings([], accepted)).toEqual({ unexpected: [], stale: accepted });
	});
});

describe('findingsOf', () => {
	it('keeps every message, errors and warnings, with the path relative to the scanned folder', () => {
		const results = [
			{ filePath: '/pkg/nodes/A.node.ts', messages: [{ ruleId: RULE, line: 3, message: 'x', severity: 2 }] },
			{ filePath: '/pkg/package.json', messages: [{ ruleId: null, line: 1, message: 'Parsing error', severity: 1 }] },
			{ filePath: '/pkg/clean.js', messages: [] },
		] as unknown as ESLint.LintResult[];
		expect(findingsOf(results, '/pkg')).toEqual([
			{ file: 'nodes/A.node.ts', rule: RULE, line: 3, message: 'x' },
			{ file: 'package.json', rule: '(parse error)', line: 1, message: 'Parsing error' },
		]);
	});
});

describe('requiredModules', () => {
	it("lists what tsc's CommonJS output requires", () => {
		const code = 'const n8n_workflow_1 = require("n8n-workflow");\nvar x = require("../../vendor/fast-xml-parser/fxp.js");\nrequire(\'crypto\');';
		expect(requiredModules(code)).toEqual(['n8n-workflow', '../../vendor/fast-xml-parser/fxp.js', 'crypto']);
	});

	it('does not take a property or method named like require for one', () => {
		expect(requiredModules('x.requireAll("a"); notrequire("b")')).toEqual([]);
	});
});

describe('foreignRequire', () => {
	let dir: string;
	beforeAll(() => {
		dir = mkdtempSync(join(tmpdir(), 'scan-test-'));
		mkdirSync(join(dir, 'pkg/dist/vendor'), { recursive: true });
		writeFileSync(join(dir, 'pkg/dist/vendor/lib.js'), '');
		writeFileSync(join(dir, 'outside.js'), '');
	});
	afterAll(() => rmSync(dir, { recursive: true, force: true }));
	const from = () => join(dir, 'pkg/dist/index.js');
	const pkg = () => join(dir, 'pkg');

	it('allows Node built-ins, peer dependencies and files inside the package', () => {
		expect(foreignRequire('crypto', from(), pkg(), ['n8n-workflow'])).toBeNull();
		expect(foreignRequire('node:crypto', from(), pkg(), ['n8n-workflow'])).toBeNull();
		expect(foreignRequire('n8n-workflow', from(), pkg(), ['n8n-workflow'])).toBeNull();
		expect(foreignRequire('./vendor/lib.js', from(), pkg(), [])).toBeNull();
	});

	it('refuses any other package, a missing file and a file outside the package', () => {
		expect(foreignRequire('fast-xml-parser', from(), pkg(), ['n8n-workflow'])).toBe('requires the package "fast-xml-parser"');
		expect(foreignRequire('./vendor/missing.js', from(), pkg(), [])).toBe('requires ./vendor/missing.js, which is not in the package');
		expect(foreignRequire('../../outside.js', from(), pkg(), [])).toBe('requires ../../outside.js, outside the package');
	});
});

describe('vendoredVersion', () => {
	it('reads the version from the header the build writes, and nothing from a file without it', () => {
		expect(vendoredVersion('/*! fast-xml-parser 5.12.1 | MIT | bundled by gulpfile.js */\n(()=>{})();')).toBe('5.12.1');
		expect(vendoredVersion('(()=>{})();')).toBeNull();
	});
});
