/**
 * Auto-registration: with an API key in the credential, activating the workflow registers the IPN
 * URL through Digistore24's ipnSetup (checked against a fake Digistore24 API built from the
 * contract table in docs/digistore24.md), Digistore24's IPNs then arrive signed with the
 * passphrase, a restart does not register twice, and deactivating removes the connection. The
 * credential test pings the API the documented way.
 */
import { FakeDigistore24Api } from '../../fakes/digistore24Api';
import { N8nInstance, waitFor } from '../../../tools/n8n/n8n';
import { TRIGGER_NODE_NAME } from '../../../tools/n8n/workflows';
import { CAPTURED_ON_PAYMENT, DS24_CREDENTIAL, PASSPHRASE, ds24Workflow } from '../helpers/digistore24';

const API_KEY = '1234-writableKeyForE2eTests';
const fake = new FakeDigistore24Api({ keys: { [API_KEY]: 'writable' }, allowHttpLoopback: true });
const credential = { ...DS24_CREDENTIAL, id: 'ds24CredApiKey01', name: 'Digistore24 with API key' };
const WORKFLOW = ds24Workflow(
	'ds24Registered01',
	'ds24-registered',
	{ events: ['on_payment', 'on_refund'], triggerOptions: { registrationName: 'n8n e2e', registrationProductIds: '512345, 512346' } },
	credential,
);
// Rejected payments: `payment_denial` is no documented ipnSetup `transactions` value.
const DENIALS = ds24Workflow('ds24Denials0001', 'ds24-denials', { events: ['payment_denial'] }, credential);

let n8n: N8nInstance;
const callsOf = (fn: string) => fake.calls.filter((call) => call.fn === fn);
/** The domain_id the node registered its webhook URL under. */
const domainIdFor = (webhookId: string) =>
	callsOf('ipnSetup').find((call) => call.params.ipn_url === n8n.webhookUrl(webhookId))?.params.domain_id ?? '';
const domainIdOf = () => domainIdFor('ds24-registered');

beforeAll(async () => {
	await fake.start();
	credential.data = { ...credential.data, apiKey: API_KEY, baseUrl: fake.baseUrl };
	n8n = await N8nInstance.start({ name: 'ds24-registration', credentials: [credential], workflows: [WORKFLOW, DENIALS] });
	// n8n activates in the background; registration is done when ipnSetup has been answered.
	await waitFor(() => fake.connection(API_KEY, domainIdOf()) !== undefined, 'ipnSetup');
});

afterAll(async () => {
	await n8n?.dispose();
	await fake.stop();
});

describe('Digistore24 IPN registration', () => {
	it('registers the production URL with the passphrase and the node’s event filter on activation', () => {
		const setups = callsOf('ipnSetup').filter((call) => call.params.ipn_url === n8n.webhookUrl('ds24-registered'));
		expect(setups).toHaveLength(1);
		expect(setups[0].key).toBe(API_KEY);
		const connection = fake.connection(API_KEY, domainIdOf());
		expect(connection).toMatchObject({
			ipn_url: n8n.webhookUrl('ds24-registered'),
			name: 'n8n e2e',
			product_ids: '512345,512346',
			transactions: 'payment,refund',
			categories: 'orders',
			timing: 'before_thankyou',
			sha_passphrase: PASSPHRASE,
		});
		// Unique per instance (webhook URL), workflow and node: see ipnDomainId.
		expect(domainIdOf()).toMatch(/^n8n-[a-z0-9]{20}$/);
	});

	it('registers rejected payments the documented way: transactions "all", filtered by the node', async () => {
		await waitFor(() => fake.connection(API_KEY, domainIdFor('ds24-denials')) !== undefined, 'ipnSetup for payment_denial');
		expect(fake.connection(API_KEY, domainIdFor('ds24-denials'))).toMatchObject({ transactions: 'all', categories: 'orders' });
		expect(domainIdFor('ds24-denials')).not.toBe(domainIdOf());
		// What "all" brings beyond the selection is answered OK and starts nothing.
		expect(await fake.sendIpn(API_KEY, domainIdFor('ds24-denials'), CAPTURED_ON_PAYMENT)).toEqual({ status: 200, body: 'OK' });
		const denial = await fake.sendIpn(API_KEY, domainIdFor('ds24-denials'), { ...CAPTURED_ON_PAYMENT, event: 'payment_denial', transaction_id: '3999950' });
		expect(denial).toEqual({ status: 200, body: 'OK' });
		const executions = await n8n.waitForExecutions(DENIALS.id, 1);
		expect(executions).toHaveLength(1);
		expect(n8n.nodeOutput(executions[0].id, TRIGGER_NODE_NAME)[0]).toMatchObject({ event: 'payment.failed', vendorEvent: 'payment_denial' });
	});

	it('receives the IPNs Digistore24 sends to the registered URL', async () => {
		const reply = await fake.sendIpn(API_KEY, domainIdOf(), CAPTURED_ON_PAYMENT);
		expect(reply).toEqual({ status: 200, body: 'OK' });
		const [execution] = await n8n.waitForExecutions(WORKFLOW.id, 1);
		expect(n8n.nodeOutput(execution.id, TRIGGER_NODE_NAME)[0]).toMatchObject({ event: 'payment.succeeded' });
	});

	it('does not register again after a restart, and the registered URL keeps working', async () => {
		const before = callsOf('ipnSetup').length;
		const domainId = domainIdOf();
		await n8n.restart();
		await new Promise((resolve) => setTimeout(resolve, 1_000));
		expect(callsOf('ipnSetup')).toHaveLength(before);
		expect(callsOf('ipnInfo').map((call) => call.params.domain_id)).toContain(domainId);
		expect(domainIdOf()).toBe(domainId);
		expect(await fake.sendIpn(API_KEY, domainIdOf(), { ...CAPTURED_ON_PAYMENT, transaction_id: '3999939' })).toEqual({ status: 200, body: 'OK' });
	});

	it('removes the connection when the workflow is deactivated', async () => {
		await n8n.deactivateWorkflow(WORKFLOW.id);
		await waitFor(() => callsOf('ipnDelete').length > 0, 'ipnDelete');
		expect(callsOf('ipnDelete').map((call) => call.params.domain_id)).toEqual([domainIdOf()]);
		expect(fake.connection(API_KEY, domainIdOf())).toBeUndefined();
		expect(fake.connection(API_KEY, domainIdFor('ds24-denials'))).toBeDefined();
	});
});

describe('Digistore24 API credential test', () => {
	const testCredential = async (apiKey: string) => {
		const response = await fetch(`${n8n.baseUrl}/rest/credentials/test`, {
			method: 'POST',
			headers: { ...(await n8n.ownerSession()), 'content-type': 'application/json' },
			body: JSON.stringify({
				credentials: { id: credential.id, name: credential.name, type: credential.type, data: { ipnPassphrase: PASSPHRASE, apiKey, baseUrl: fake.baseUrl } },
			}),
		});
		return ((await response.json()) as { data: { status: string; message: string } }).data;
	};

	it('pings /ping/format/json: a known key passes, an unknown one fails with Digistore24’s refusal', async () => {
		expect(await testCredential(API_KEY)).toMatchObject({ status: 'OK' });
		expect(callsOf('ping').at(-1)?.key).toBe(API_KEY);
		expect(await testCredential('999-unknownKey')).toEqual({ status: 'Error', message: 'Digistore24 refused the API key' });
	});
});
