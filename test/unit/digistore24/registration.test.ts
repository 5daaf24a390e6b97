import { ipnDomainId, readIpnSetupAnswer, registeredUrl, registrationScope } from '../../../nodes/Digistore24/transport';
import { DOCUMENTED_TRANSACTIONS } from '../../fakes/digistore24Api';
import { DIGISTORE24_EVENTS } from '../../../nodes/Digistore24/events';

describe('registrationScope (ipnSetup categories and transactions)', () => {
	it('asks for every documented transaction of the selected events', () => {
		expect(registrationScope(['on_payment', 'on_refund'])).toEqual({ categories: 'orders', transactions: 'payment,refund' });
		expect(registrationScope(['on_affiliation'])).toEqual({ categories: 'affiliations', transactions: 'payment' });
		expect(registrationScope(['*'])).toEqual({ categories: 'orders,affiliations', transactions: 'all' });
	});

	it('asks for "all" when payment_denial is selected: it is no documented transactions value', () => {
		expect(registrationScope(['payment_denial'])).toEqual({ categories: 'orders', transactions: 'all' });
		expect(registrationScope(['on_payment', 'payment_denial', 'on_affiliation'])).toEqual({ categories: 'orders,affiliations', transactions: 'all' });
	});

	it('never sends a transactions value outside the documented list, whatever the selection', () => {
		for (const { value } of DIGISTORE24_EVENTS) {
			for (const sent of registrationScope([value]).transactions.split(',')) expect(DOCUMENTED_TRANSACTIONS).toContain(sent);
		}
	});
});

describe('ipnDomainId', () => {
	const production = { webhookUrl: 'https://n8n.example.org/webhook/ds24-abc', workflowId: 'wf1', nodeId: '7f3c9a1e-0000-4000-8000-000000000001' };

	it('is stable: the same instance, workflow and node give the same id after a restart', () => {
		expect(ipnDomainId(production)).toBe(ipnDomainId({ ...production }));
	});

	it('differs between two instances running the same imported workflow (other webhook URL)', () => {
		const staging = { ...production, webhookUrl: 'https://staging.example.org/webhook/ds24-abc' };
		expect(ipnDomainId(staging)).not.toBe(ipnDomainId(production));
	});

	it('differs for the test URL, so "Listen for test event" cannot re-point or delete the production connection', () => {
		expect(ipnDomainId({ ...production, webhookUrl: 'https://n8n.example.org/webhook-test/ds24-abc' })).not.toBe(ipnDomainId(production));
	});

	it('differs per workflow and per node', () => {
		expect(ipnDomainId({ ...production, workflowId: 'wf2' })).not.toBe(ipnDomainId(production));
		expect(ipnDomainId({ ...production, nodeId: 'other' })).not.toBe(ipnDomainId(production));
	});

	it('is a short slug like the ids Digistore24’s own setup script derives', () => {
		expect(ipnDomainId(production)).toMatch(/^n8n-[a-z0-9]{20}$/);
	});
});

describe('readIpnSetupAnswer ({created, updated, deleted, sha_passphrase, ipn_id})', () => {
	it('reads the Y/N strings as Digistore24 sends them, and the ipn_id', () => {
		expect(readIpnSetupAnswer({ created: 'Y', updated: 'N', deleted: 'N', sha_passphrase: 'x', ipn_id: '300001' })).toEqual({ action: 'created', ipnId: '300001' });
		expect(readIpnSetupAnswer({ created: 'N', updated: 'Y', deleted: 'N', sha_passphrase: 'x', ipn_id: 300001 })).toEqual({ action: 'updated', ipnId: '300001' });
		expect(readIpnSetupAnswer({ created: 'N', updated: 'N', deleted: 'N' })).toEqual({ action: 'unchanged', ipnId: null });
	});
});

describe('registeredUrl (ipnInfo)', () => {
	it('finds the URL of the connection, or none when the answer does not name it', () => {
		expect(registeredUrl({ have_settings: 'Y', ipn_settings: { ipn_url: 'https://a.example/x' } })).toBe('https://a.example/x');
		expect(registeredUrl({ have_settings: 'Y', url: 'https://a.example/y' })).toBe('https://a.example/y');
		expect(registeredUrl({ have_settings: 'Y' })).toBeNull();
		expect(registeredUrl({ have_settings: 'N', ipn_settings: { ipn_url: 'https://a.example/x' } })).toBeNull();
	});
});
