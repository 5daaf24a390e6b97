/**
 * `npm run docs:screenshots`: the PNGs in docs/screenshots/, taken from the real n8n editor. The
 * package is packed and installed into n8n 2.40.7 the way users install it (the end-to-end harness),
 * five of the six templates (not yet the Nonprofit Cloud one) and one FundraisingBox workflow are imported with credentials pointing at the
 * vendor fakes (so the dropdowns load real-looking values), and headless Chromium (Debian's, installed
 * with apt-get when missing) opens each template's canvas, each node type's panel and one credential.
 */
import { mkdirSync } from 'fs';
import { join, relative } from 'path';
import type { CredentialSpec, WorkflowSpec } from '../tools/n8n/n8n';
import { N8nInstance } from '../tools/n8n/n8n';
import { REPO_ROOT } from '../tools/n8n/paths';
import { log, prepareRuntime } from '../tools/n8n/provision';
import { triggerWorkflow } from '../tools/n8n/workflows';
import { DS24_CREDENTIAL } from '../test/e2e/helpers/digistore24';
import { fbNode } from '../test/e2e/helpers/fundraisingBoxAction';
import { FB_BASIC_CREDENTIAL } from '../test/e2e/helpers/fundraisingbox';
import {
	fundraisingBoxAccount,
	fundraisingBoxRestCredential,
	onlineFundraisingAccount,
	onlineFundraisingCredential,
	readTemplate,
	salesforceCredential,
	salesforceOrg,
	smartBusinessAccount,
	smartBusinessCredential,
	templateWorkflow,
	UNIT_PIECES,
} from '../test/e2e/helpers/templates';
import { Browser, findOrInstallChromium, type Page } from './chromium';

const OUT_DIR = join(REPO_ROOT, 'docs', 'screenshots');
const VIEWPORT = { width: 1440, height: 900 };

// ---- What is shown.

/** The Unit the templates leave to the user, chosen as their sticky notes ask (the fake's "pieces"). */
const CHOSEN_UNIT = { 'Invoice From Event': { unitId: UNIT_PIECES } };

/** Workflow ids in this n8n (16 characters, as n8n's own). */
const IDS = {
	ds24ToSalesforce: 'docsDs24ToSf0001',
	fbToSmartBusiness: 'docsFbToSb000001',
	ofToSalesforce: 'docsOfToSf000001',
	fbPullToSalesforce: 'docsFbPullToSf01',
	ds24ToSmartBusiness: 'docsDs24ToSb0001',
	fundraisingBoxNode: 'docsFbNode000001',
};

const TEMPLATES = [
	{ file: 'digistore24-to-salesforce.json', id: IDS.ds24ToSalesforce },
	{ file: 'fundraisingbox-to-smartbusiness.json', id: IDS.fbToSmartBusiness, parameters: CHOSEN_UNIT },
	{ file: 'onlinefundraising-to-salesforce.json', id: IDS.ofToSalesforce },
	{ file: 'fundraisingbox-pull-to-salesforce.json', id: IDS.fbPullToSalesforce },
	{ file: 'digistore24-to-smartbusiness.json', id: IDS.ds24ToSmartBusiness, parameters: CHOSEN_UNIT },
];

/** No template uses the FundraisingBox node: a manual start and a donation with its dropdowns. */
const fundraisingBoxWorkflow = (credential: CredentialSpec): WorkflowSpec =>
	triggerWorkflow({
		id: IDS.fundraisingBoxNode,
		name: 'FundraisingBox: record a donation',
		type: 'n8n-nodes-base.manualTrigger',
		parameters: {},
		then: [
			fbNode(
				'Create Donation',
				{ resource: 'donation', operation: 'create', fb_type_id: 8, amount: 25, created_at: '2026-11-20T10:15:00', additionalFields: { fb_project_id: 4922 } },
				{ id: 'docs-fundraisingbox-node', credentials: { fundraisingBoxRestApi: { id: credential.id, name: credential.name } } },
			),
		],
	});

/** One panel per node type of the pack, opened in a workflow that contains it. */
const NODE_PANELS = [
	{ shot: 'node-digistore24-trigger', workflowId: IDS.ds24ToSalesforce, node: 'Digistore24 IPN Trigger' },
	{ shot: 'node-fundraisingbox-trigger', workflowId: IDS.fbToSmartBusiness, node: 'FundraisingBox Trigger' },
	{ shot: 'node-fundraisingbox-pull-trigger', workflowId: IDS.fbPullToSalesforce, node: 'FundraisingBox Scheduled Pull Trigger' },
	{ shot: 'node-fundraisingbox', workflowId: IDS.fundraisingBoxNode, node: 'Create Donation' },
	{ shot: 'node-onlinefundraising-trigger', workflowId: IDS.ofToSalesforce, node: 'OnlineFundraising Trigger' },
	{ shot: 'node-onlinefundraising', workflowId: IDS.ofToSalesforce, node: 'Get Contact' },
	{ shot: 'node-smartbusiness', workflowId: IDS.fbToSmartBusiness, node: 'Invoice From Event' },
	{ shot: 'node-salesforce-mapper', workflowId: IDS.ds24ToSalesforce, node: 'Salesforce Mapper' },
];

/** The credential form as a user fills it in: the real SmartBusiness host (the form only renders, nothing is called), not the fake's loopback URL. */
const CREDENTIAL_FORM: CredentialSpec = {
	id: 'docsSbCredForm01',
	name: 'My SmartBusiness account',
	type: 'smartBusinessOAuth2Api',
	data: { product: 'smartBusiness', grantType: 'clientCredentials', clientId: 'my-client-id', clientSecret: 'my-client-secret', scope: 'profile contact invoice configuration catalog' },
};

// ---- The n8n side: fakes, credentials, workflows.

function createFakes() {
	const fakes = { salesforce: salesforceOrg(), smartBusiness: smartBusinessAccount(), onlineFundraising: onlineFundraisingAccount(), fundraisingBox: fundraisingBoxAccount() };
	return { fakes, all: Object.values(fakes) };
}

type Fakes = ReturnType<typeof createFakes>['fakes'];

/** The credential names the templates suggest ("Digistore24 account", …), by credential type. */
function templateCredentialNames(): Map<string, string> {
	const names = new Map<string, string>();
	for (const { file } of TEMPLATES) {
		for (const node of readTemplate(file).nodes) for (const [type, { name }] of Object.entries(node.credentials ?? {})) names.set(type, name);
	}
	return names;
}

/** One working credential per type, pointing at the fakes, named as the templates name them (the panels show the names). */
function credentialsFor(fakes: Fakes): CredentialSpec[] {
	const names = templateCredentialNames();
	return [
		DS24_CREDENTIAL,
		FB_BASIC_CREDENTIAL,
		fundraisingBoxRestCredential('docsFbRestCred01', fakes.fundraisingBox),
		onlineFundraisingCredential('docsOfCredential', fakes.onlineFundraising),
		smartBusinessCredential('docsSbCredential', fakes.smartBusiness),
		salesforceCredential('docsSfCredential', fakes.salesforce),
	].map((credential) => ({ ...credential, name: names.get(credential.type) ?? credential.name }));
}

/** Imported unpublished: the editor shows them all the same, and nothing polls or registers webhooks. */
function workflowsFor(credentials: CredentialSpec[]): WorkflowSpec[] {
	const fundraisingBoxRest = credentials.find((credential) => credential.type === 'fundraisingBoxRestApi');
	if (!fundraisingBoxRest) throw new Error('no FundraisingBox REST credential');
	return [
		...TEMPLATES.map(({ file, id, parameters }) => templateWorkflow(file, { id, credentials, parameters, active: false })),
		{ ...fundraisingBoxWorkflow(fundraisingBoxRest), active: false },
	];
}

function nodeId(workflows: WorkflowSpec[], workflowId: string, nodeName: string): string {
	const node = workflows.find((workflow) => workflow.id === workflowId)?.nodes.find((candidate) => candidate.name === nodeName);
	if (typeof node?.id !== 'string') throw new Error(`workflow ${workflowId} has no node "${nodeName}" with an id`);
	return node.id;
}

// ---- The browser side.

/** The owner's session cookie, and the browser id n8n binds it to (the editor reads it from localStorage). */
async function logIn(page: Page, n8n: N8nInstance): Promise<void> {
	const session = await n8n.ownerSession();
	const [name, value] = session.cookie.split(/=(.*)/s);
	await page.setCookie(n8n.baseUrl, name, value);
	await page.beforeEveryPage(`localStorage.setItem('n8n-browserId', ${JSON.stringify(session['browser-id'])});`);
}

/** Opens an editor URL and waits for a selector and for the dropdowns, icons and fonts to load. */
async function open(page: Page, url: string, selector: string): Promise<void> {
	await page.goto(url);
	const signIn = `location.pathname.startsWith('/signin')`;
	await page.waitFor(`${signIn} || document.querySelector(${JSON.stringify(selector)})`, selector);
	if (await page.evaluate<boolean>(signIn)) throw new Error(`${url} asked to sign in: the session cookie was not accepted`);
	await page.waitForNetworkIdle();
	await page.evaluate('document.fonts.ready.then(() => true)');
}

async function shoot(page: Page, name: string): Promise<string> {
	const file = join(OUT_DIR, `${name}.png`);
	await page.screenshot(file);
	log(`wrote ${relative(REPO_ROOT, file)}`);
	return file;
}

async function shootCanvas(page: Page, baseUrl: string, workflowId: string, name: string): Promise<string> {
	await open(page, `${baseUrl}/workflow/${workflowId}`, '[data-test-id="canvas-node"]');
	await page.click('[data-test-id="zoom-to-fit"]');
	// The zoom animates.
	await new Promise((resolve) => setTimeout(resolve, 800));
	return await shoot(page, name);
}

async function shootNodePanel(page: Page, baseUrl: string, workflowId: string, nodeId: string, name: string): Promise<string> {
	await open(page, `${baseUrl}/workflow/${workflowId}/${nodeId}`, '[data-test-id="ndv"] [data-test-id="node-parameters"]');
	return await shoot(page, name);
}

async function shootCredential(page: Page, baseUrl: string, credentialId: string, name: string): Promise<string> {
	await open(page, `${baseUrl}/home/credentials/${credentialId}`, '[data-test-id="credential-edit-dialog"]');
	return await shoot(page, name);
}

async function shootAll(page: Page, n8n: N8nInstance, workflows: WorkflowSpec[]): Promise<string[]> {
	const written: string[] = [];
	for (const { file, id } of TEMPLATES) written.push(await shootCanvas(page, n8n.baseUrl, id, `template-${file.replace(/\.json$/, '')}`));
	for (const { shot, workflowId, node } of NODE_PANELS) written.push(await shootNodePanel(page, n8n.baseUrl, workflowId, nodeId(workflows, workflowId, node), shot));
	written.push(await shootCredential(page, n8n.baseUrl, CREDENTIAL_FORM.id, 'credential-smartbusiness-oauth2'));
	return written;
}

/**
 * Stops what was started, newest first: at the end, on error, and on Ctrl+C (n8n and Chromium run in
 * their own process groups and would outlive this script). One shared promise, so the signal handler
 * and main()'s own clean-up, which the interruption also triggers, both wait for the whole of it.
 */
const stops: Array<() => Promise<void>> = [];
let stopping: Promise<void> | undefined;
let interrupted = false;
async function stopAll(): Promise<void> {
	stopping ??= (async () => {
		for (const stop of stops.reverse()) await stop().catch((error: Error) => log(`stopping: ${error.message}`));
	})();
	await stopping;
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
	process.once(signal, () => {
		interrupted = true;
		void stopAll().finally(() => process.exit(130));
	});
}

async function main(): Promise<void> {
	const started = Date.now();
	const chromium = findOrInstallChromium(log);
	prepareRuntime();
	mkdirSync(OUT_DIR, { recursive: true });
	const { fakes, all } = createFakes();
	try {
		for (const fake of all) {
			await fake.start();
			stops.push(async () => await fake.stop());
		}
		const credentials = credentialsFor(fakes);
		const workflows = workflowsFor(credentials);
		const n8n = await N8nInstance.start({ name: 'screenshots', credentials: [...credentials, CREDENTIAL_FORM], workflows });
		stops.push(async () => await n8n.dispose());
		const browser = await Browser.launch(chromium, VIEWPORT);
		stops.push(async () => await browser.close());
		const page = await browser.newPage(VIEWPORT);
		await logIn(page, n8n);
		const written = await shootAll(page, n8n, workflows);
		process.stdout.write(`${written.map((file) => relative(REPO_ROOT, file)).join('\n')}\n`);
		log(`${written.length} screenshots in ${Math.round((Date.now() - started) / 1000)} s`);
	} finally {
		await stopAll();
	}
}

main().catch((error) => {
	process.stderr.write(interrupted ? 'interrupted\n' : `${(error as Error).stack ?? String(error)}\n`);
	process.exit(interrupted ? 130 : 1);
});
