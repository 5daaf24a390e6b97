/**
 * Auto-registration: with an API key in the credential, activating the workflow registers the IPN
 * URL through Digistore24's ipnSetup (checked against a fake Digistore24 API built from the
 * documented contract), Digistore24's IPNs then arrive signed with the passphrase, a restart
 * does not register twice, and deactivating removes the connection.
 */
import { FakeDigistore24Api } from '../../fakes/digistore24Api';
import { N8nInstance, waitFor } from '../harness/n8n';
import { TRIGGER_NODE_NAME } from '../harness/workflows';
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

let n8n: N8nInstance;
const domainIdOf = () => fake.calls.find((call) => call.fn === 'ipnSetup')?.params.domain_id ?? '';

beforeAll(async () => {
	await fake.start();
	credential.data = { ...credential.data, apiKey: API_KEY, baseUrl: fake.baseUrl };
	n8n = await N8nInstance.start({ name: 'ds24-registration', credentials: [credential], workflows: [WORKFLOW] });
	// n8n activates in the background; registration is done when ipnSetup has been answered.
	await waitFor(() => fake.connection(API_KEY, domainIdOf()) !== undefined, 'ipnSetup');
});
const callsOf = (fn: string) => fake.calls.filter((call) => call.fn === fn);

afterAll(async () => {
	await n8n?.dispose();
	await fake.stop();
});

describe('Digistore24 IPN registration', () => {
	it('registers the production URL with the passphrase and the node’s event filter on activation', () => {
		const setups = callsOf('ipnSetup');
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
		expect(domainIdOf()).toMatch(/^n8n-ds24Registered01-/);
	});

	it('receives the IPNs Digistore24 sends to the registered URL', async () => {
		const reply = await fake.sendIpn(API_KEY, domainIdOf(), CAPTURED_ON_PAYMENT);
		expect(reply).toEqual({ status: 200, body: 'OK' });
		const [execution] = await n8n.waitForExecutions(WORKFLOW.id, 1);
		expect(n8n.nodeOutput(execution.id, TRIGGER_NODE_NAME)[0]).toMatchObject({ event: 'payment.succeeded' });
	});

	it('does not register again after a restart, and the registered URL keeps working', async () => {
		await n8n.restart();
		await new Promise((resolve) => setTimeout(resolve, 1_000));
		expect(callsOf('ipnSetup')).toHaveLength(1);
		expect(await fake.sendIpn(API_KEY, domainIdOf(), { ...CAPTURED_ON_PAYMENT, transaction_id: '3999939' })).toEqual({ status: 200, body: 'OK' });
	});

	it('removes the connection when the workflow is deactivated', async () => {
		await n8n.deactivateWorkflow(WORKFLOW.id);
		await waitFor(() => callsOf('ipnDelete').length > 0, 'ipnDelete');
		expect(callsOf('ipnDelete')).toHaveLength(1);
		expect(fake.connection(API_KEY, domainIdOf())).toBeUndefined();
	});
});
