/**
 * The workflow templates (templates/*.json) as the end-to-end harness imports them. The template
 * file is never changed: a copy gets a test id, the test credentials in place of the `{ id: null }`
 * references (matched by credential type, as n8n asks the user to pick them), and the overrides a
 * test needs where the template leaves a value to the user (documented at each call).
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { FakeFundraisingBoxApi } from '../../fakes/fundraisingBoxApi';
import { FakeOnlineFundraisingApi } from '../../fakes/onlineFundraisingApi';
import { FakeSalesforceApi } from '../../fakes/salesforceApi';
import { FakeSmartBusinessApi } from '../../fakes/smartBusinessApi';
import type { CredentialSpec, WorkflowSpec } from '../../../tools/n8n/n8n';
import { REPO_ROOT } from '../../../tools/n8n/paths';
import { fbCredential } from './fundraisingBoxAction';

export const TEMPLATES_DIR = join(REPO_ROOT, 'templates');

export interface TemplateNode {
	name: string;
	type: string;
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string | null; name: string }>;
	webhookId?: string;
	[key: string]: unknown;
}

export interface TemplateWorkflow {
	name: string;
	nodes: TemplateNode[];
	connections: Record<string, unknown>;
	settings?: Record<string, unknown>;
	active: boolean;
}

export function readTemplate(file: string): TemplateWorkflow {
	return JSON.parse(readFileSync(join(TEMPLATES_DIR, file), 'utf8')) as TemplateWorkflow;
}

export interface TemplateOptions {
	/** The workflow id in the test's n8n. */
	id: string;
	/** One test credential per credential type the template references. */
	credentials: CredentialSpec[];
	/** Parameters replaced per node name (shallow: a key given replaces the template's value). */
	parameters?: Record<string, Record<string, unknown>>;
	/** Published at start (default true). */
	active?: boolean;
}

/** A template as a workflow for `N8nInstance.start()`, with test credentials attached by type. */
export function templateWorkflow(file: string, options: TemplateOptions): WorkflowSpec {
	const template = readTemplate(file);
	const byType = new Map(options.credentials.map((credential) => [credential.type, credential]));
	const unknownNodes = Object.keys(options.parameters ?? {}).filter((name) => !template.nodes.some((node) => node.name === name));
	if (unknownNodes.length) throw new Error(`${file} has no node ${unknownNodes.join(', ')}`);
	const nodes = template.nodes.map((node) => {
		const copy: TemplateNode = structuredClone(node);
		if (copy.credentials) {
			copy.credentials = Object.fromEntries(
				Object.keys(copy.credentials).map((type) => {
					const credential = byType.get(type);
					if (!credential) throw new Error(`${file}: no test credential of type ${type} for node ${node.name}`);
					return [type, { id: credential.id, name: credential.name }];
				}),
			);
		}
		const overrides = options.parameters?.[node.name];
		if (overrides) copy.parameters = { ...copy.parameters, ...overrides };
		return copy;
	});
	return {
		id: options.id,
		name: template.name,
		nodes,
		connections: structuredClone(template.connections),
		settings: template.settings,
		active: options.active ?? true,
	};
}

/** The webhook id of the template's node of a type (e.g. `digistore24Trigger`), to post to it. */
export function webhookIdOf(workflow: WorkflowSpec, typeSuffix: string): string {
	const node = workflow.nodes.find((candidate) => String(candidate.type).endsWith(`.${typeSuffix}`));
	if (typeof node?.webhookId !== 'string') throw new Error(`${workflow.name} has no ${typeSuffix} with a webhookId`);
	return node.webhookId;
}

// ---- The vendor fakes the templates talk to, and credentials of the templates' types pointing at them
// (the templates' end-to-end test and the documentation screenshots, scripts/screenshots.ts).

const SF_CLIENT_ID = '3MVG9templatesE2e';
const SF_CLIENT_SECRET = 'sf-templates-secret-0123456789';
/** A fake org for the templates' credentials; `options` e.g. `{ npc: true, now }` for the Nonprofit Cloud template. */
export const salesforceOrg = (options: Omit<ConstructorParameters<typeof FakeSalesforceApi>[0], 'clientId' | 'clientSecret'> = {}) =>
	new FakeSalesforceApi({ clientId: SF_CLIENT_ID, clientSecret: SF_CLIENT_SECRET, ...options });
export const salesforceCredential = (id: string, org: FakeSalesforceApi): CredentialSpec => ({
	id,
	name: `Salesforce ${id}`,
	type: 'salesforceMapperApi',
	data: { loginKind: 'clientCredentials', myDomainUrl: org.baseUrl, clientId: SF_CLIENT_ID, clientSecret: SF_CLIENT_SECRET, apiVersion: '62.0' },
});

const SB_CLIENT_ID = 'templates-e2e-client';
const SB_CLIENT_SECRET = 'sb-templates-secret-0123456789abcdef';
export const smartBusinessAccount = () => new FakeSmartBusinessApi({ clientId: SB_CLIENT_ID, clientSecret: SB_CLIENT_SECRET });
export const smartBusinessCredential = (id: string, account: FakeSmartBusinessApi): CredentialSpec => ({
	id,
	name: `SmartBusiness ${id}`,
	type: 'smartBusinessOAuth2Api',
	data: { product: 'custom', baseUrl: account.baseUrl, grantType: 'clientCredentials', clientId: SB_CLIENT_ID, clientSecret: SB_CLIENT_SECRET, scope: 'profile contact invoice configuration catalog' },
});
/** The fake SmartBusiness's unit "pieces": the Unit the templates ask the user to choose. */
export const UNIT_PIECES = 7;

const OF_API_KEY = 'a1b2c3d4e5f60718293a4b5c6d7e8f90'.repeat(2);
export const onlineFundraisingAccount = () => new FakeOnlineFundraisingApi({ apiKey: OF_API_KEY });
export const onlineFundraisingCredential = (id: string, account: FakeOnlineFundraisingApi): CredentialSpec => ({
	id,
	name: 'OnlineFundraising (fake)',
	type: 'onlineFundraisingApi',
	data: { baseUrl: account.baseUrl, apiKey: OF_API_KEY },
});

const FB_TOKEN = 'templates-e2e-token-01';
export const fundraisingBoxAccount = () => new FakeFundraisingBoxApi({ tokens: { [FB_TOKEN]: 'readonly' } });
export const fundraisingBoxRestCredential = (id: string, account: FakeFundraisingBoxApi): CredentialSpec =>
	fbCredential(id, 'FundraisingBox REST (fake)', FB_TOKEN, account.baseUrl);
