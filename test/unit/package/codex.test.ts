/**
 * The codex file next to every node package.json registers (`<Node>.node.json`; n8n's loader reads
 * `<node file>.json` beside the compiled node): it names the node by its type, says which node
 * version it describes, uses only the categories n8n's codex reference lists, and keys its
 * subcategories by those categories (n8n's `CodexData`: `subcategories: { [category]: string[] }`).
 * A codex pointing at README anchors that do not exist would send users to the top of the page.
 */
import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import type { INodeTypeDescription } from 'n8n-workflow';

const REPO_ROOT = join(__dirname, '../../..');
const PACKAGE = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { name: string; n8n: { nodes: string[] } };
const README = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
const REPO_URL = 'https://github.com/fundraising-sync/n8n-nodes-fundraising-sync';

/** https://docs.n8n.io/integrations/creating-nodes/build/reference/node-codex-files/ (Node categories). */
const CODEX_CATEGORIES = [
	'Data & Storage',
	'Finance & Accounting',
	'Marketing & Content',
	'Productivity',
	'Miscellaneous',
	'Sales',
	'Development',
	'Analytics',
	'Communication',
	'Utility',
];

interface Codex {
	node: string;
	nodeVersion: string;
	codexVersion: string;
	categories: string[];
	subcategories?: Record<string, string[]>;
	alias?: string[];
	resources: { credentialDocumentation?: Array<{ url: string }>; primaryDocumentation: Array<{ url: string }> };
}

/** GitHub's anchor for a markdown heading: lower case, punctuation dropped, spaces to hyphens. */
export const headingAnchor = (heading: string) =>
	heading
		.trim()
		.toLowerCase()
		.replace(/[^\p{L}\p{N} _-]/gu, '')
		.replace(/ /g, '-');

const README_ANCHORS = new Set(
	README.split('\n')
		.filter((line) => /^#{1,6} /.test(line))
		.map((line) => headingAnchor(line.replace(/^#+ /, '').replace(/`/g, ''))),
);

const nodes = PACKAGE.n8n.nodes.map((distPath) => {
	const source = join(REPO_ROOT, distPath.replace(/^dist\//, '').replace(/\.js$/, '.ts'));
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const exported = Object.values(require(source) as Record<string, new () => { description: INodeTypeDescription }>);
	return { source, description: new exported[0]().description, codexFile: source.replace(/\.ts$/, '.json') };
});

describe('headingAnchor', () => {
	it('follows GitHub: "### Credential: OnlineFundraising API" → credential-onlinefundraising-api', () => {
		expect(headingAnchor('Credential: OnlineFundraising API')).toBe('credential-onlinefundraising-api');
		expect(headingAnchor('FundraisingBox node: REST resources')).toBe('fundraisingbox-node-rest-resources');
	});
});

describe.each(nodes)('codex of $description.name', ({ description, codexFile }) => {
	const codex = existsSync(codexFile) ? (JSON.parse(readFileSync(codexFile, 'utf8')) as Codex) : undefined;

	it('exists next to the node source (tsc copies it to dist/ through tsconfig include)', () => {
		expect(codex).toBeDefined();
	});

	it('names the node by its type and version', () => {
		expect(codex?.node).toBe(`${PACKAGE.name}.${description.name}`);
		const versions = Array.isArray(description.version) ? description.version : [description.version];
		expect(versions.map((v) => v.toFixed(1))).toContain(codex?.nodeVersion);
		expect(codex?.codexVersion).toBe('1.0');
	});

	it("uses n8n's codex categories and keys every subcategory list by one of them", () => {
		expect(codex?.categories.length).toBeGreaterThan(0);
		for (const category of codex?.categories ?? []) expect(CODEX_CATEGORIES).toContain(category);
		const subcategories = codex?.subcategories ?? {};
		expect(Object.keys(subcategories).sort()).toEqual([...(codex?.categories ?? [])].sort());
		for (const list of Object.values(subcategories)) {
			expect(list.length).toBeGreaterThan(0);
			for (const name of list) expect(name).toMatch(/^\S.*\S$/);
		}
	});

	it('points its documentation at this repository, README anchors that exist', () => {
		const urls = [...(codex?.resources.primaryDocumentation ?? []), ...(codex?.resources.credentialDocumentation ?? [])].map((r) => r.url);
		expect(urls.length).toBeGreaterThan(0);
		for (const url of urls) {
			expect(url.startsWith(REPO_URL)).toBe(true);
			const readmeAnchor = /\?tab=readme-ov-file#(.+)$/.exec(url)?.[1];
			if (readmeAnchor) expect(README_ANCHORS).toContain(readmeAnchor);
			const docFile = /\/blob\/main\/([^#]+)/.exec(url)?.[1];
			if (docFile) expect(existsSync(join(REPO_ROOT, docFile))).toBe(true);
		}
	});
});
