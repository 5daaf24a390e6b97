/**
 * "Donors As Person Accounts" in the Contacts and Opportunities model, inside a real n8n, against
 * fake orgs with Person Accounts (test/fakes/salesforceApi.ts, `personAccounts`), with and without
 * NPSP: a person donor is one Person Account found by PersonEmail, and everything that names a
 * Contact takes its PersonContactId. Each event delivered again changes nothing but update stamps.
 * The same org with the option off keeps today's Contacts.
 */
import { normalizeDigistore24Ipn } from '../../../nodes/Digistore24/toCanonicalEvent';
import { normalizeFundraisingBoxWebhook } from '../../../nodes/FundraisingBox/toCanonicalEvent';
import type { CanonicalEvent } from '../../../nodes/shared/canonicalEvent';
import { FakeSalesforceApi } from '../../fakes/salesforceApi';
import type { CredentialSpec } from '../../../tools/n8n/n8n';
import { N8nInstance } from '../../../tools/n8n/n8n';
import { nodeType } from '../../../tools/n8n/workflows';
import { chainRunner, webhookChain } from '../helpers/actionChain';
import { CAPTURED_ON_PAYMENT } from '../helpers/digistore24';
import { JSON_WEBHOOK } from '../helpers/fundraisingbox';

const CLIENT_ID = '3MVG9e2ePersonAccounts';
const CLIENT_SECRET = 'sf-person-accounts-secret-0123456789';
const clock = new Date('2026-11-23T08:00:00Z');
const org = new FakeSalesforceApi({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, personAccounts: true, now: () => clock });
const npspOrg = new FakeSalesforceApi({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, personAccounts: true, npsp: true, now: () => clock });

const credential = (id: string, name: string, target: FakeSalesforceApi): CredentialSpec => ({
	id,
	name,
	type: 'salesforceMapperApi',
	data: { loginKind: 'clientCredentials', myDomainUrl: target.baseUrl, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, apiVersion: '62.0' },
});
const ORG_CREDENTIAL = () => credential('sfPersonAcctCred1', 'Salesforce person accounts e2e', org);
const NPSP_CREDENTIAL = () => credential('sfPersonNpspCred1', 'Salesforce person accounts NPSP e2e', npspOrg);

/** The record type and campaign come with each request (the fake's Ids are made when it starts). */
const PERSON_OPTIONS = {
	personAccounts: true,
	personAccountRecordTypeId: "={{ $('Webhook').item.json.body.recordTypeId }}",
	campaignId: { __rl: true, mode: 'id', value: "={{ $('Webhook').item.json.body.campaignId || '' }}" },
};
const mapper = (parameters: Record<string, unknown>) => ({ name: 'Salesforce Mapper', type: nodeType('salesforceMapper'), typeVersion: 1, parameters });
/** Webhook → Split Out (`events`: canonical events) → the mapper. */
const chain = (id: string, path: string, spec: CredentialSpec, parameters: Record<string, unknown>) =>
	webhookChain(id, path, spec, [{ name: 'Events', type: 'n8n-nodes-base.splitOut', typeVersion: 1, parameters: { fieldToSplitOut: 'body.events', options: {} } }, mapper(parameters)]);

const personChain = () => chain('sfPersonChain001', 'sf-person', ORG_CREDENTIAL(), { operation: 'write', options: PERSON_OPTIONS });
const personNpspChain = () =>
	chain('sfPersonNpspChn1', 'sf-person-npsp', NPSP_CREDENTIAL(), {
		operation: 'write',
		opportunityKeyField: 'Payment_Id__c',
		contactLinkField: 'npsp__Primary_Contact__c',
		options: { ...PERSON_OPTIONS, recurringDonations: true },
	});
const optionOffChain = () => chain('sfPersonOffChn01', 'sf-person-off', ORG_CREDENTIAL(), { operation: 'write' });
const mapOnlyChain = () => chain('sfPersonMapChn01', 'sf-person-map', ORG_CREDENTIAL(), { operation: 'map', options: PERSON_OPTIONS });

let n8n: N8nInstance;
const { run } = chainRunner(() => n8n);

/** The buyer (Digistore24 reads buyer_email before email). */
const buyer = (email: string, firstName: string, lastName: string) => ({ buyer_email: email, email, address_first_name: firstName, address_last_name: lastName });
const ds24 = (overrides: Record<string, string>): CanonicalEvent =>
	normalizeDigistore24Ipn({ ...CAPTURED_ON_PAYMENT, api_mode: 'live', pay_method: 'creditcard', ...overrides }, { receivedAt: clock });
const fbBase = (): CanonicalEvent => ({ ...normalizeFundraisingBoxWebhook(JSON.parse(JSON_WEBHOOK) as Record<string, never>, { vendorEvent: 'donation.recurrent', requestId: 'pa-1', receivedAt: clock }), testMode: false });

const STAMPS = ['LastModifiedDate', 'SystemModstamp'];
/** Every record of the objects, without the update stamps: what a redelivery must leave as it is. */
const snapshot = (target: FakeSalesforceApi, objects: string[]) =>
	objects.flatMap((object) => target.records(object).map((record) => Object.fromEntries(Object.entries(record).filter(([key]) => !STAMPS.includes(key)))));

type Item = { status: string; error?: string; records: Array<{ role: string; object: string; result: string; id?: string; errors?: unknown }> };
const items = (body: unknown) => body as Item[];

beforeAll(async () => {
	npspOrg.addField('Opportunity', 'Payment_Id__c', { type: 'string', externalId: true, unique: true, length: 64 });
	await org.start();
	await npspOrg.start();
	n8n = await N8nInstance.start({
		name: 'sf-person-accounts',
		credentials: [ORG_CREDENTIAL(), NPSP_CREDENTIAL()],
		workflows: [personChain(), personNpspChain(), optionOffChain(), mapOnlyChain()],
	});
}, 600_000);

afterAll(async () => {
	await n8n?.dispose();
	await org.stop();
	await npspOrg.stop();
});

describe('Donors As Person Accounts, Contacts and Opportunities model (no NPSP)', () => {
	const OBJECTS = ['Account', 'Contact', 'Opportunity', 'CampaignMember'];

	it('a one-off payment with a campaign: one Person Account, its Opportunity and membership on the PersonContactId; again: nothing changes', async () => {
		const campaign = org.addRecord('Campaign', { Name: 'Winter Appeal 2026', IsActive: true });
		const body = { recordTypeId: org.recordTypeId('PersonAccount'), campaignId: campaign.Id, events: [ds24({ transaction_id: '7100001', ...buyer('Ada@Example.org', 'Ada', 'Lovelace') })] };
		const first = await run('sf-person', body);
		expect(items(first.body)).toEqual([
			expect.objectContaining({
				status: 'ok',
				records: [
					expect.objectContaining({ role: 'account', object: 'Account', result: 'created' }),
					expect.objectContaining({ role: 'opportunity', result: 'created' }),
					expect.objectContaining({ role: 'campaignMember', result: 'created' }),
				],
			}),
		]);
		const [account] = org.findBy('Account', 'PersonEmail', 'ada@example.org');
		expect(account).toMatchObject({ IsPersonAccount: true, RecordTypeId: org.recordTypeId('PersonAccount'), FirstName: 'Ada', LastName: 'Lovelace', Name: 'Ada Lovelace' });
		// The only Contact is the person contact Salesforce made with the account.
		expect(org.records('Contact')).toEqual([expect.objectContaining({ Id: account.PersonContactId, AccountId: account.Id, IsPersonAccount: true })]);
		expect(org.records('Opportunity')).toEqual([expect.objectContaining({ Name: 'Digistore24 7100001', StageName: 'Closed Won', ContactId: account.PersonContactId, AccountId: account.Id })]);
		expect(org.records('CampaignMember')).toEqual([expect.objectContaining({ CampaignId: campaign.Id, ContactId: account.PersonContactId })]);
		// PersonContactId read back once for the batch.
		expect(org.calls.filter((call) => call.query.q?.startsWith('SELECT Id, PersonContactId FROM Account WHERE Id IN'))).toHaveLength(1);

		const before = snapshot(org, OBJECTS);
		const again = await run('sf-person', body);
		expect(items(again.body)[0]).toMatchObject({ status: 'ok', records: [{ result: 'updated' }, { result: 'updated' }, { result: 'unchanged' }] });
		expect(snapshot(org, OBJECTS)).toEqual(before);
	});

	it('a refund moves the payment’s stage; delivered again, nothing changes', async () => {
		const body = { recordTypeId: org.recordTypeId('PersonAccount'), events: [ds24({ event: 'on_refund', transaction_id: '7100002', parent_transaction_id: '7100001', transaction_type: 'refund', amount: '-49.00', ...buyer('ada@example.org', 'Ada', 'Lovelace') })] };
		const reply = await run('sf-person', body);
		expect(items(reply.body)[0]).toMatchObject({ status: 'ok', records: [{ role: 'account', result: 'updated' }, { role: 'opportunity', result: 'updated' }] });
		expect(org.findBy('Opportunity', 'Name', 'Digistore24 7100001')).toEqual([expect.objectContaining({ StageName: 'Closed Lost', Amount: 49 })]);
		const before = snapshot(org, OBJECTS);
		await run('sf-person', body);
		expect(snapshot(org, OBJECTS)).toEqual(before);
		expect(org.count('Account')).toBe(1);
		expect(org.count('Contact')).toBe(1);
	});

	it('with the option off the same org keeps today’s Contacts; an existing person account’s contact is updated, not doubled', async () => {
		const reply = await run('sf-person-off', { events: [ds24({ transaction_id: '7100003', ...buyer('grace@example.org', 'Grace', 'Hopper') })] });
		expect(items(reply.body)[0]).toMatchObject({ status: 'ok', records: [{ role: 'contact', object: 'Contact', result: 'created' }, { role: 'opportunity', result: 'created' }] });
		const [grace] = org.findBy('Contact', 'Email', 'grace@example.org');
		expect(grace.IsPersonAccount).toBe(false);
		expect(grace.AccountId ?? null).toBeNull();
		expect(org.findBy('Account', 'PersonEmail', 'grace@example.org')).toEqual([]);
		// Ada is a person account: the Contact upsert by Email finds her person contact and updates it (API-PA: it can be updated).
		const ada = await run('sf-person-off', { events: [ds24({ transaction_id: '7100004', ...buyer('ada@example.org', 'Ada', 'Lovelace'), address_city: 'London' })] });
		const [account] = org.findBy('Account', 'PersonEmail', 'ada@example.org');
		expect(items(ada.body)[0]).toMatchObject({ status: 'ok', records: [{ role: 'contact', result: 'updated', id: account.PersonContactId }, { role: 'opportunity', result: 'created' }] });
		expect(account).toMatchObject({ PersonMailingCity: 'London' });
		expect(org.findBy('Contact', 'Email', 'ada@example.org')).toHaveLength(1);
	});

	it('Map Only says which field takes the PersonContactId and how to read it', async () => {
		const calls = org.calls.length;
		const reply = await run('sf-person-map', { recordTypeId: '012000000000002AAA', events: [ds24({ transaction_id: '7100005', ...buyer('ada@example.org', 'Ada', 'Lovelace') })] });
		expect(reply.body).toEqual([
			expect.objectContaining({ role: 'account', object: 'Account', externalIdField: '', findBy: 'PersonEmail', externalIdValue: 'ada@example.org', fields: expect.objectContaining({ RecordTypeId: '012000000000002AAA', PersonEmail: 'ada@example.org' }), links: [] }),
			expect.objectContaining({
				role: 'opportunity',
				links: [
					{ field: 'ContactId', role: 'account', valueField: 'PersonContactId', note: expect.stringContaining("SELECT Id, PersonContactId FROM Account WHERE Id = '<its Id>'") },
					{ field: 'AccountId', role: 'account' },
				],
			}),
		]);
		expect(org.calls.length).toBe(calls);
	});

	it('lists the org’s person account record types', async () => {
		const options = await n8n.dynamicParameters('options', {
			nodeTypeAndVersion: { name: nodeType('salesforceMapper'), version: 1 },
			credentials: { salesforceMapperApi: { id: ORG_CREDENTIAL().id, name: ORG_CREDENTIAL().name } },
			currentNodeParameters: { operation: 'write', options: {} },
			methodName: 'getPersonAccountRecordTypes',
			path: 'options.personAccountRecordTypeId',
		});
		expect(options).toEqual([{ name: 'Person Account', value: org.recordTypeId('PersonAccount') }]);
	});
});

describe('Donors As Person Accounts with NPSP', () => {
	const OBJECTS = ['Account', 'Contact', 'Opportunity', 'npe03__Recurring_Donation__c'];
	const subscription = { id: '377999', interval: 'monthly' as const, status: 'active', nextPaymentAt: null };

	it('a subscription and its payment: the Recurring Donation on the PersonContactId, the installment taken over; redelivery and a refund', async () => {
		const recordTypeId = npspOrg.recordTypeId('PersonAccount');
		const base = fbBase();
		const started: CanonicalEvent = { ...base, event: 'subscription.created', eventId: 'fundraisingbox:pa-0', subscription, payment: null };
		const paid: CanonicalEvent = { ...base, event: 'payment.succeeded', eventId: 'fundraisingbox:pa-1', subscription, payment: { ...base.payment!, id: '8700001', parentId: null } };
		const refunded: CanonicalEvent = { ...paid, event: 'payment.refunded', eventId: 'fundraisingbox:pa-2', amount: '-100.00', payment: { ...paid.payment!, id: '8700002', parentId: '8700001' } };

		const first = await run('sf-person-npsp', { recordTypeId, events: [started] });
		expect(items(first.body)[0]).toMatchObject({ status: 'ok', records: [{ role: 'account', result: 'created' }, { role: 'recurringDonation', result: 'created' }] });
		const [account] = npspOrg.records('Account');
		expect(account).toMatchObject({ IsPersonAccount: true, PersonEmail: base.contact!.email!.toLowerCase() });
		// No household Account: the person contact came with its own account.
		expect(npspOrg.count('Account')).toBe(1);
		expect(npspOrg.records('Contact')).toEqual([expect.objectContaining({ Id: account.PersonContactId })]);
		const [donation] = npspOrg.records('npe03__Recurring_Donation__c');
		// NPSP fills the RD's Account from its Contact: the person account.
		expect(donation).toMatchObject({ npsp__CommitmentId__c: 'FB-377999', npe03__Contact__c: account.PersonContactId, npe03__Organization__c: account.Id, npsp__Status__c: 'Active' });
		const [installment] = npspOrg.records('Opportunity');
		expect(installment).toMatchObject({ npe03__Recurring_Donation__c: donation.Id, StageName: 'Pledged' });

		const payment = await run('sf-person-npsp', { recordTypeId, events: [paid] });
		expect(items(payment.body)[0]).toMatchObject({ status: 'ok' });
		expect(npspOrg.findBy('Opportunity', 'Id', installment.Id)).toEqual([
			expect.objectContaining({ Payment_Id__c: 'FB-8700001', StageName: 'Closed Won', Amount: 100, npsp__Primary_Contact__c: account.PersonContactId, AccountId: account.Id }),
		]);
		npspOrg.runJobs();

		for (const event of [started, paid]) {
			const before = snapshot(npspOrg, OBJECTS);
			const again = await run('sf-person-npsp', { recordTypeId, events: [event] });
			expect(items(again.body)[0]).toMatchObject({ status: 'ok' });
			expect(npspOrg.runJobs()).toBe(0);
			expect(snapshot(npspOrg, OBJECTS)).toEqual(before);
		}

		await run('sf-person-npsp', { recordTypeId, events: [refunded] });
		expect(npspOrg.findBy('Opportunity', 'Payment_Id__c', 'FB-8700001')).toEqual([expect.objectContaining({ StageName: 'Closed Lost' })]);
		npspOrg.runJobs();
		const before = snapshot(npspOrg, OBJECTS);
		await run('sf-person-npsp', { recordTypeId, events: [refunded] });
		expect(snapshot(npspOrg, OBJECTS)).toEqual(before);
		expect(npspOrg.count('Account')).toBe(1);
		expect(npspOrg.count('Contact')).toBe(1);
	});
});
