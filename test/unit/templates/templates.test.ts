/**
 * The workflow templates in templates/*.json: each parses, explains itself in sticky notes, uses
 * only node types that exist (this pack's nodes as package.json registers them, and the few n8n
 * nodes named below), names no one's credential ids, and sets only parameters the nodes have:
 * n8n silently ignores a parameter that does not exist, so a misspelt one would go unnoticed.
 */
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import type { INodeProperties, INodePropertyCollection, INodePropertyOptions, INodeTypeDescription } from 'n8n-workflow';

const REPO_ROOT = join(__dirname, '../../..');
const TEMPLATES_DIR = join(REPO_ROOT, 'templates');
const PACKAGE = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { name: string; n8n: { nodes: string[] } };

/** n8n's own nodes the templates may use, with the versions they were written for (n8n 2.40.7). */
const N8N_NODES: Record<string, number[]> = {
	'n8n-nodes-base.stickyNote': [1],
	'n8n-nodes-base.filter': [2.2],
	'n8n-nodes-base.set': [3.4],
};

/** This pack's node descriptions by type, loaded from the sources package.json's `n8n.nodes` point at. */
const PACK_NODES = new Map<string, INodeTypeDescription>(
	PACKAGE.n8n.nodes.map((distPath) => {
		const source = join(REPO_ROOT, distPath.replace(/^dist\//, '').replace(/\.js$/, '.ts'));
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const exported = Object.values(require(source) as Record<string, new () => { description: INodeTypeDescription }>);
		const description = new exported[0]().description;
		return [`${PACKAGE.name}.${description.name}`, description];
	}),
);

interface TemplateNode {
	id?: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id?: unknown; name?: unknown }>;
	webhookId?: string;
}

interface Template {
	id?: string;
	name: string;
	active: boolean;
	nodes: TemplateNode[];
	connections: Record<string, { main: Array<Array<{ node: string; type: string; index: number }>> }>;
}

const FILES = readdirSync(TEMPLATES_DIR).filter((file) => file.endsWith('.json')).sort();
const load = (file: string) => JSON.parse(readFileSync(join(TEMPLATES_DIR, file), 'utf8')) as Template;

const isExpression = (value: unknown) => typeof value === 'string' && value.startsWith('=');

/** Whether a property is shown for these parameter values (its displayOptions' show/hide on sibling parameters). */
function isShown(property: INodeProperties, parameters: Record<string, unknown>, siblings: INodeProperties[]): boolean {
	const valueOf = (name: string) => (name in parameters ? parameters[name] : siblings.find((sibling) => sibling.name === name)?.default);
	const matches = (name: string, allowed: unknown[]) => {
		const value = valueOf(name);
		return Array.isArray(value) ? value.some((entry) => allowed.includes(entry)) : allowed.includes(value);
	};
	const { show = {}, hide = {} } = property.displayOptions ?? {};
	return (
		Object.entries(show).every(([name, allowed]) => name.startsWith('@') || matches(name, allowed as unknown[])) &&
		!Object.entries(hide).some(([name, allowed]) => !name.startsWith('@') && matches(name, allowed as unknown[]))
	);
}

/** Every way `parameters` do not fit `properties`: unknown names, hidden ones, values outside a list, misnamed collection fields. */
function parameterProblems(parameters: Record<string, unknown>, properties: INodeProperties[], path: string, extraNames: string[] = []): string[] {
	const problems: string[] = [];
	for (const [name, value] of Object.entries(parameters)) {
		if (extraNames.includes(name)) continue;
		const candidates = properties.filter((property) => property.name === name);
		const property = candidates.find((candidate) => isShown(candidate, parameters, properties));
		if (!property) {
			problems.push(candidates.length ? `${path}${name} is not shown for these settings` : `${path}${name} does not exist`);
			continue;
		}
		problems.push(...valueProblems(value, property, `${path}${name}`));
	}
	return problems;
}

function valueProblems(value: unknown, property: INodeProperties, path: string): string[] {
	if (isExpression(value)) return [];
	switch (property.type) {
		case 'options': {
			// Options loaded from the API (e.g. SmartBusiness units) cannot be checked here.
			if (property.typeOptions?.loadOptionsMethod) return [];
			const allowed = (property.options as INodePropertyOptions[]).map((option) => option.value);
			return allowed.includes(value as string) ? [] : [`${path} = ${JSON.stringify(value)} is not one of its options`];
		}
		case 'multiOptions': {
			const allowed = (property.options as INodePropertyOptions[]).map((option) => option.value);
			return (value as unknown[]).filter((entry) => !allowed.includes(entry as string)).map((entry) => `${path} has unknown option ${JSON.stringify(entry)}`);
		}
		case 'collection':
			return parameterProblems(value as Record<string, unknown>, property.options as INodeProperties[], `${path}.`);
		case 'fixedCollection': {
			const groups = property.options as INodePropertyCollection[];
			return Object.entries(value as Record<string, unknown>).flatMap(([groupName, entries]) => {
				const group = groups.find((candidate) => candidate.name === groupName);
				if (!group) return [`${path}.${groupName} does not exist`];
				return (Array.isArray(entries) ? entries : [entries]).flatMap((entry) => parameterProblems(entry as Record<string, unknown>, group.values, `${path}.${groupName}.`));
			});
		}
		default:
			return [];
	}
}

describe.each(FILES)('template %s', (file) => {
	const template = load(file);
	const workNodes = template.nodes.filter((node) => node.type !== 'n8n-nodes-base.stickyNote');
	const stickyNotes = template.nodes.filter((node) => node.type === 'n8n-nodes-base.stickyNote');

	it('is an inactive workflow with a name, no id, unique node names and connections between its nodes', () => {
		expect(template.name).toMatch(/\S.*→.*\S/);
		expect(template.active).toBe(false);
		expect(template.id).toBeUndefined();
		const names = template.nodes.map((node) => node.name);
		expect(new Set(names).size).toBe(names.length);
		for (const [from, { main }] of Object.entries(template.connections)) {
			expect(names).toContain(from);
			for (const target of main.flat()) expect(names).toContain(target.node);
		}
		// Every node but the sticky notes is connected: one trigger, then a chain.
		const connected = new Set([...Object.keys(template.connections), ...Object.values(template.connections).flatMap(({ main }) => main.flat().map((target) => target.node))]);
		expect(workNodes.map((node) => node.name).filter((name) => !connected.has(name))).toEqual([]);
		for (const node of template.nodes) expect(node.position).toEqual([expect.any(Number), expect.any(Number)]);
	});

	it('explains its set-up in sticky notes', () => {
		expect(stickyNotes.length).toBeGreaterThanOrEqual(2);
		const text = stickyNotes.map((note) => String(note.parameters.content)).join('\n');
		for (const note of stickyNotes) expect(String(note.parameters.content).length).toBeGreaterThan(200);
		// Each credential the workflow needs is named in a note, by its display name.
		for (const node of workNodes) {
			for (const credential of PACK_NODES.get(node.type)?.credentials ?? []) {
				if (!node.credentials?.[credential.name]) continue;
				// eslint-disable-next-line @typescript-eslint/no-require-imports
				const credentialClasses = Object.values(require(join(REPO_ROOT, 'credentials', `${credential.name.charAt(0).toUpperCase()}${credential.name.slice(1)}.credentials.ts`)) as Record<string, new () => { displayName: string }>);
				expect(text).toContain(new credentialClasses[0]().displayName);
			}
		}
	});

	it('uses only node types that exist, in versions they have', () => {
		for (const node of workNodes) {
			const pack = PACK_NODES.get(node.type);
			if (pack) {
				expect({ node: node.name, versions: [pack.version].flat() }).toEqual({ node: node.name, versions: expect.arrayContaining([node.typeVersion]) });
			} else {
				expect({ node: node.name, type: node.type, versions: N8N_NODES[node.type] }).toEqual({ node: node.name, type: node.type, versions: expect.arrayContaining([node.typeVersion]) });
			}
		}
		for (const note of stickyNotes) expect(note.typeVersion).toBe(1);
	});

	it('names credentials by type only, never by anyone’s id, and only types the node takes', () => {
		for (const node of template.nodes) {
			const pack = PACK_NODES.get(node.type);
			const accepted = (pack?.credentials ?? []).map((credential) => credential.name);
			for (const [type, reference] of Object.entries(node.credentials ?? {})) {
				expect({ node: node.name, type, accepted: accepted.includes(type) }).toEqual({ node: node.name, type, accepted: true });
				expect(reference).toEqual({ id: null, name: expect.any(String) });
			}
			// A node whose credential is required has it referenced, so n8n asks for it.
			for (const credential of pack?.credentials ?? []) {
				if (credential.required && !credential.displayOptions) expect({ node: node.name, has: Object.keys(node.credentials ?? {}) }).toEqual({ node: node.name, has: [credential.name] });
			}
		}
		expect(JSON.stringify(template)).not.toMatch(/"id":\s*"[^"]*"\s*,\s*"name":\s*"[^"]*"\s*}\s*}/);
	});

	it('sets only parameters the nodes have, with values they offer', () => {
		for (const node of workNodes) {
			const pack = PACK_NODES.get(node.type);
			if (!pack) continue;
			const extra = pack.polling ? ['pollTimes'] : [];
			expect({ node: node.name, problems: parameterProblems(node.parameters, pack.properties, '', extra) }).toEqual({ node: node.name, problems: [] });
			if (pack.webhooks?.length) expect(node.webhookId).toMatch(/^[0-9a-f-]{36}$/);
		}
	});
});

it('finds all six templates', () => {
	expect(FILES).toEqual([
		'digistore24-to-salesforce.json',
		'digistore24-to-smartbusiness.json',
		'fundraisingbox-pull-to-salesforce.json',
		'fundraisingbox-to-salesforce-npc.json',
		'fundraisingbox-to-smartbusiness.json',
		'onlinefundraising-to-salesforce.json',
	]);
	expect(new Set(FILES.map((file) => load(file).name)).size).toBe(FILES.length);
});

it('the parameter check catches a misspelt parameter, an option value that does not exist and a misnamed collection field', () => {
	const mapper = PACK_NODES.get(`${PACKAGE.name}.salesforceMapper`)!;
	expect(parameterProblems({ operation: 'write', contactKey: 'Email', options: { recurringDonation: true } }, mapper.properties, '')).toEqual([
		'contactKey does not exist',
		'options.recurringDonation does not exist',
	]);
	expect(parameterProblems({ operation: 'upsert' }, mapper.properties, '')).toEqual(['operation = "upsert" is not one of its options']);
	const smartBusiness = PACK_NODES.get(`${PACKAGE.name}.smartBusiness`)!;
	expect(parameterProblems({ resource: 'invoice', operation: 'createFromEvent', subject: 'x' }, smartBusiness.properties, '')).toEqual(['subject is not shown for these settings']);
});
