/**
 * The Salesforce Mapper inside a real n8n, against the fake Salesforce REST API built from the
 * documented contract (test/fakes/salesforceApi.ts): client-credentials and SOAP logins, sessions
 * that expire, sObject Collections upsert with per-record results, SOQL, NPSP installments.
 *
 * The main flow is the real one: Digistore24 IPN Trigger (signed IPNs) → Salesforce Mapper
 * (upsert). Other checks drive the mapper through Webhook → Split Out (canonical events) chains.
 */
import { normalizeDigistore24Ipn } from '../../../nodes/Digistore24/toCanonicalEvent';
import { normalizeFundraisingBoxWebhook } from '../../../nodes/FundraisingBox/toCanonicalEvent';
import type { CanonicalEvent } from '../../../nodes/shared/canonicalEvent';
import { FakeSalesforceApi } from '../../fakes/salesforceApi';
import type { CredentialSpec } from '../../../tools/n8n/n8n';
import { N8nInstance } from '../../../tools/n8n/n8n';
import { nodeType, triggerWorkflow } from '../../../tools/n8n/workflows';
import { chainRunner, itemsOf, latestRun, webhookChain } from '../helpers/actionChain';
import { CAPTURED_ON_PAYMENT, DS24_CREDENTIAL, credentialRef, signedIpn } from '../helpers/digistore24';
import { FORM, formBody, send } from '../helpers/http';
import { JSON_WEBHOOK } from '../helpers/fundraisingbox';

const CLIENT_ID = '3MVG9e2eClientId';
const CLIENT_SECRET = 'sf-client-secret-0123456789';
const SOAP_PASSWORD = 'pa55word';
const SECURITY_TOKEN = 'TOKEN123';
let clock = new Date('2026-11-23T08:00:00Z');
const fake = new FakeSalesforceApi({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, username: 'integration@example.org', password: SOAP_PASSWORD, securityToken: SECURITY_TOKEN, now: () => clock });
const npspOrg = new FakeSalesforceApi({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, npsp: true, now: () => clock });
/** NPSP with multiple currencies (EUR corporate, CHF active) and NPSP Opportunity Naming set up. */
const npspCurrencyOrg = new FakeSalesforceApi({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, npsp: true, multiCurrency: true, currencies: ['EUR', 'CHF'], opportunityNaming: true, now: () => clock });
/** NPSP with "First Installment Create Mode" Asynchronous: a new RD gets its first installment from a later job too. */
const npspAsyncOrg = new FakeSalesforceApi({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, npsp: true, npspFirstInstallment: 'asynchronous', now: () => clock });
/** An org with state and country picklists on. */
const picklistOrg = new FakeSalesforceApi({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, statePicklists: true, now: () => clock });
/** An org with the Standard Contact Duplicate Rule active. */
const duplicateRuleOrg = new FakeSalesforceApi({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, duplicateRules: true, now: () => clock });
/** Digistore24's captured IPN is a test purchase (api_mode=test, pay_method=test): these fields make it a live one. */
const LIVE = { api_mode: 'live', pay_method: 'creditcard' };

const clientCredentials = (id: string, name: string, org: FakeSalesforceApi, secret = CLIENT_SECRET): CredentialSpec => ({
	id,
	name,
	type: 'salesforceMapperApi',
	data: { loginKind: 'clientCredentials', myDomainUrl: org.baseUrl, clientId: CLIENT_ID, clientSecret: secret, apiVersion: '62.0' },
});
const CREDENTIAL = () => clientCredentials('sfMapperCredE2e1', 'Salesforce e2e', fake);
const WRONG_SECRET = () => clientCredentials('sfMapperCredBad1', 'Salesforce wrong secret', fake, 'not-the-secret');
const NPSP_CREDENTIAL = () => clientCredentials('sfMapperNpspE2e1', 'Salesforce NPSP e2e', npspOrg);
const NPSP_CURRENCY_CREDENTIAL = () => clientCredentials('sfMapperNpspCur1', 'Salesforce NPSP multi-currency e2e', npspCurrencyOrg);
const NPSP_ASYNC_CREDENTIAL = () => clientCredentials('sfMapperNpspAsy1', 'Salesforce NPSP async e2e', npspAsyncOrg);
const PICKLIST_CREDENTIAL = () => clientCredentials('sfMapperPickE2e1', 'Salesforce picklists e2e', picklistOrg);
const DUPLICATE_RULE_CREDENTIAL = () => clientCredentials('sfMapperDupE2e01', 'Salesforce duplicate rules e2e', duplicateRuleOrg);
const SOAP_CREDENTIAL = (): CredentialSpec => ({
	id: 'sfMapperSoapE2e1',
	name: 'Salesforce e2e (SOAP, legacy)',
	type: 'salesforceMapperApi',
	data: { loginKind: 'soap', loginUrl: fake.baseUrl, username: 'integration@example.org', password: SOAP_PASSWORD, securityToken: SECURITY_TOKEN, apiVersion: '62.0' },
});

const mapperNode = (name: string, parameters: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
	name,
	type: nodeType('salesforceMapper'),
	typeVersion: 1,
	parameters,
	...extra,
});

const DS24_FLOW_ID = 'sfDs24Flow000001';
const DS24_TEST_FLOW_ID = 'sfDs24TestFlow01';
const ds24Flow = (id = DS24_FLOW_ID, webhookId = 'sf-ds24', options: Record<string, unknown> = {}) =>
	triggerWorkflow({
		id,
		name: id,
		type: 'digistore24Trigger',
		webhookId,
		parameters: { events: ['*'] },
		credentials: credentialRef(DS24_CREDENTIAL),
		then: [{ ...mapperNode('Salesforce Mapper', { operation: 'write', options }), credentials: credentialRef(CREDENTIAL()) }],
	});
/** The same flow with test events included. */
const ds24TestFlow = () => ds24Flow(DS24_TEST_FLOW_ID, 'sf-ds24-test', { includeTestEvents: true });

/** Webhook → Split Out (`events`: canonical events) → the given nodes. */
const eventsChain = (id: string, path: string, credential: CredentialSpec, nodes: Array<Record<string, unknown>>) =>
	webhookChain(id, path, credential, [
		{ name: 'Events', type: 'n8n-nodes-base.splitOut', typeVersion: 1, parameters: { fieldToSplitOut: 'body.events', options: {} } },
		...nodes,
	]);

const batchChain = () =>
	eventsChain('sfBatchChain0001', 'sf-batch', CREDENTIAL(), [
		mapperNode('Salesforce Mapper', { operation: 'write', stages: { missed: 'Payment Missed (no such stage)' } }, { onError: 'continueRegularOutput' }),
	]);
const mapOnlyChain = () =>
	eventsChain('sfMapOnlyChain01', 'sf-map-only', CREDENTIAL(), [
		mapperNode('Salesforce Mapper', {
			operation: 'map',
			contactKeyField: 'Donor_Id__c',
			additionalOpportunityFields: { field: [{ name: 'Affiliate__c', value: '={{ $json.vendor.affiliate_name || "none" }}' }] },
		}),
	]);
const campaignChain = () =>
	eventsChain('sfCampaignChain1', 'sf-campaign', CREDENTIAL(), [
		mapperNode('Salesforce Mapper', { operation: 'write', options: { campaignId: { __rl: true, mode: 'id', value: "={{ $('Webhook').item.json.body.campaignId }}" }, campaignMemberStatus: 'Responded' } }),
	]);
const npspCurrencyChain = () =>
	eventsChain('sfNpspCurChain01', 'sf-npsp-currency', NPSP_CURRENCY_CREDENTIAL(), [
		mapperNode('Salesforce Mapper', {
			operation: 'write',
			opportunityKeyField: 'Payment_Id__c',
			contactLinkField: 'npsp__Primary_Contact__c',
			options: { recurringDonations: true, multiCurrency: true },
		}),
	]);
const picklistChain = () =>
	eventsChain('sfPicklistChain1', 'sf-picklists', PICKLIST_CREDENTIAL(), [mapperNode('Salesforce Mapper', { operation: 'write', options: { countryFormat: 'code' } })]);
/** Country as a name (the default) on the picklist org, with Accounts. */
const picklistNamesChain = () =>
	eventsChain('sfPickNameChain1', 'sf-picklist-names', PICKLIST_CREDENTIAL(), [mapperNode('Salesforce Mapper', { operation: 'write', options: { createAccounts: true } })]);
const accountsChain = () =>
	eventsChain('sfAccountsChain1', 'sf-accounts', CREDENTIAL(), [mapperNode('Salesforce Mapper', { operation: 'write', options: { createAccounts: true } })]);
const duplicateRuleChain = (id: string, path: string, allowDuplicates: boolean) =>
	eventsChain(id, path, DUPLICATE_RULE_CREDENTIAL(), [mapperNode('Salesforce Mapper', { operation: 'write', options: { allowDuplicates } }, { onError: 'continueRegularOutput' })]);
const soapChain = () => eventsChain('sfSoapChain00001', 'sf-soap', SOAP_CREDENTIAL(), [mapperNode('Salesforce Mapper', { operation: 'write' })]);
const wrongSecretChain = () => eventsChain('sfWrongSecret001', 'sf-wrong-secret', WRONG_SECRET(), [mapperNode('Salesforce Mapper', { operation: 'write' })]);
const npspChain = () =>
	eventsChain('sfNpspChain00001', 'sf-npsp', NPSP_CREDENTIAL(), [
		mapperNode('Salesforce Mapper', { operation: 'write', contactLinkField: 'npsp__Primary_Contact__c', options: { recurringDonations: true } }),
	]);

const npspAsyncChain = () =>
	eventsChain('sfNpspAsyncChn01', 'sf-npsp-async', NPSP_ASYNC_CREDENTIAL(), [
		mapperNode('Salesforce Mapper', { operation: 'write', contactLinkField: 'npsp__Primary_Contact__c', options: { recurringDonations: true } }),
	]);

let n8n: N8nInstance;
const { replies, run } = chainRunner(() => n8n);

/** A Digistore24 event as its trigger emits it, with fields of the captured IPN replaced. */
const ds24Event = (overrides: Record<string, string>, receivedAt = clock): CanonicalEvent => normalizeDigistore24Ipn({ ...CAPTURED_ON_PAYMENT, ...LIVE, ...overrides }, { receivedAt });

async function postIpn(overrides: Record<string, string>, webhookId = 'sf-ds24'): Promise<void> {
	const reply = await send(n8n.webhookUrl(webhookId), { body: formBody(signedIpn({ ...LIVE, ...overrides })), headers: FORM });
	expect(reply).toMatchObject({ status: 200, body: 'OK' });
}

const outcome = (workflowId: string) => {
	const { status, data } = latestRun(n8n, workflowId);
	const error = data.resultData.error;
	return error ? { status, error: `${error.message ?? ''} ${error.description ?? ''}`.trim() } : { status };
};

beforeAll(async () => {
	await fake.start();
	await npspOrg.start();
	await duplicateRuleOrg.start();
	npspCurrencyOrg.addField('Opportunity', 'Payment_Id__c', { type: 'string', externalId: true, unique: true, length: 64 });
	await npspCurrencyOrg.start();
	await picklistOrg.start();
	await npspAsyncOrg.start();
	n8n = await N8nInstance.start({
		name: 'sf-mapper',
		credentials: [DS24_CREDENTIAL, CREDENTIAL(), WRONG_SECRET(), NPSP_CREDENTIAL(), SOAP_CREDENTIAL(), DUPLICATE_RULE_CREDENTIAL(), NPSP_CURRENCY_CREDENTIAL(), PICKLIST_CREDENTIAL(), NPSP_ASYNC_CREDENTIAL()],
		workflows: [
			ds24Flow(),
			ds24TestFlow(),
			batchChain(),
			mapOnlyChain(),
			campaignChain(),
			soapChain(),
			wrongSecretChain(),
			npspChain(),
			accountsChain(),
			npspCurrencyChain(),
			picklistChain(),
			npspAsyncChain(),
			picklistNamesChain(),
			duplicateRuleChain('sfDupRuleChain01', 'sf-dup-rule', false),
			duplicateRuleChain('sfDupAllowChain1', 'sf-dup-allow', true),
		],
	});
}, 600_000);

afterAll(async () => {
	await n8n?.dispose();
	await fake.stop();
	await npspOrg.stop();
	await duplicateRuleOrg.stop();
	await npspCurrencyOrg.stop();
	await picklistOrg.stop();
	await npspAsyncOrg.stop();
});

describe('Salesforce Mapper in n8n', () => {
	it('Digistore24 IPN → a Contact and an Opportunity; the same IPN again changes only the timestamps; a refund moves the stage', async () => {
		await postIpn({});
		await n8n.waitForExecutions(DS24_FLOW_ID, 1);
		expect(outcome(DS24_FLOW_ID)).toEqual({ status: 'success' });
		const [contact] = fake.records('Contact');
		const [opportunity] = fake.records('Opportunity');
		expect(fake.records('Contact')).toHaveLength(1);
		expect(contact).toMatchObject({ Email: 'kaeufer@example.de', FirstName: 'Test', LastName: 'Kauf', MailingCountry: 'Switzerland' });
		expect(opportunity).toMatchObject({ Name: 'Digistore24 3999938', StageName: 'Closed Won', Amount: 49, CloseDate: '2026-08-18', ContactId: contact.Id });
		const [item] = itemsOf(latestRun(n8n, DS24_FLOW_ID).data, 'Salesforce Mapper');
		expect(item.json).toMatchObject({
			eventId: 'digistore24:3999938:on_payment',
			status: 'ok',
			records: [
				{ role: 'contact', object: 'Contact', externalIdField: 'Email', externalIdValue: 'kaeufer@example.de', result: 'created', id: contact.Id },
				{ role: 'opportunity', object: 'Opportunity', externalIdField: 'Name', externalIdValue: 'Digistore24 3999938', result: 'created', id: opportunity.Id },
			],
		});
		expect(item.pairedItem).toEqual({ item: 0 });

		// Digistore24 delivers the same IPN again a minute later.
		clock = new Date(clock.getTime() + 60_000);
		await postIpn({});
		await n8n.waitForExecutions(DS24_FLOW_ID, 2);
		expect(outcome(DS24_FLOW_ID)).toEqual({ status: 'success' });
		expect(fake.records('Contact')).toHaveLength(1);
		expect(fake.records('Opportunity')).toHaveLength(1);
		const timestamps = ['LastModifiedDate', 'SystemModstamp'];
		const withoutTimestamps = (record: Record<string, unknown>) => Object.fromEntries(Object.entries(record).filter(([key]) => !timestamps.includes(key)));
		const [contactAgain] = fake.records('Contact');
		const [opportunityAgain] = fake.records('Opportunity');
		expect(withoutTimestamps(contactAgain)).toEqual(withoutTimestamps(contact));
		expect(withoutTimestamps(opportunityAgain)).toEqual(withoutTimestamps(opportunity));
		expect(contactAgain.LastModifiedDate).not.toBe(contact.LastModifiedDate);
		expect(opportunityAgain.LastModifiedDate).not.toBe(opportunity.LastModifiedDate);
		expect(itemsOf(latestRun(n8n, DS24_FLOW_ID).data, 'Salesforce Mapper')[0].json).toMatchObject({ status: 'ok', records: [{ result: 'updated' }, { result: 'updated' }] });

		// The refund: Digistore24 names the refunded payment in parent_transaction_id.
		await postIpn({ event: 'on_refund', transaction_id: '4000100', parent_transaction_id: '3999938', transaction_type: 'refund', amount: '-49.00' });
		await n8n.waitForExecutions(DS24_FLOW_ID, 3);
		expect(outcome(DS24_FLOW_ID)).toEqual({ status: 'success' });
		expect(fake.records('Opportunity')).toEqual([expect.objectContaining({ Id: opportunity.Id, StageName: 'Closed Lost', Amount: 49 })]);
	});

	it('writes a run’s events in one call per object, Contacts first; each item gets its own result, failures included', async () => {
		fake.reset();
		const events = [
			ds24Event({ transaction_id: '5000001', email: 'anna@example.ch', buyer_email: 'anna@example.ch', address_first_name: 'Anna', address_last_name: 'Aebi', buyer_id: '1' }),
			ds24Event({ transaction_id: '5000002', email: 'anna@example.ch', buyer_email: 'anna@example.ch', address_first_name: 'Anna', address_last_name: 'Aebi', buyer_id: '1' }),
			ds24Event({ transaction_id: '5000003', event: 'on_payment_missed', email: 'ben@example.ch', buyer_email: 'ben@example.ch', address_first_name: 'Ben', address_last_name: 'Bühler', buyer_id: '2' }),
			{ ...ds24Event({ transaction_id: '5000004' }), event: 'test' },
		];
		const reply = await run('sf-batch', { events });
		expect(reply.status).toBe(200);
		const items = reply.body as Array<Record<string, unknown>>;
		expect(items).toHaveLength(4);
		expect(items[0]).toMatchObject({ status: 'ok', records: [{ result: 'created' }, { result: 'created' }] });
		expect(items[1]).toMatchObject({ status: 'ok', records: [{ result: 'created' }, { result: 'created' }] });
		expect(items[2]).toMatchObject({ status: 'error', error: expect.stringContaining('INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST') });
		expect(items[3]).toMatchObject({ status: 'skipped', reason: '"test" events are not written to Salesforce' });
		expect(fake.records('Contact').map((contact) => contact.Email).sort()).toEqual(['anna@example.ch', 'ben@example.ch']);
		expect(fake.records('Opportunity').map((opportunity) => opportunity.Name).sort()).toEqual(['Digistore24 5000001', 'Digistore24 5000002']);
		const writes = fake.calls.filter((call) => call.path.includes('/composite/sobjects/'));
		expect(writes.map((call) => call.path)).toEqual(['/services/data/v62.0/composite/sobjects/Contact/Email', '/services/data/v62.0/composite/sobjects/Opportunity/Name']);
	});

	it('a Digistore24 test purchase is skipped by default and written nothing; with Include Test Events it is written', async () => {
		fake.reset();
		const executions = n8n.executions(DS24_FLOW_ID).length;
		// The captured IPN as Digistore24 sent it: api_mode=test, pay_method=test.
		await postIpn({ api_mode: 'test', pay_method: 'test', transaction_id: '3999990' });
		await n8n.waitForExecutions(DS24_FLOW_ID, executions + 1);
		expect(outcome(DS24_FLOW_ID)).toEqual({ status: 'success' });
		const [skipped] = itemsOf(latestRun(n8n, DS24_FLOW_ID).data, 'Salesforce Mapper');
		expect(skipped.json).toEqual({
			eventId: 'digistore24:3999990:on_payment',
			status: 'skipped',
			reason: 'event digistore24:3999990:on_payment is a test payment (testMode); turn on the option "Include Test Events" to write it',
			records: [],
		});
		expect(skipped.pairedItem).toEqual({ item: 0 });
		expect(fake.count('Contact') + fake.count('Opportunity')).toBe(0);
		expect(fake.calls.filter((call) => !call.auth)).toHaveLength(0);

		await postIpn({ api_mode: 'test', pay_method: 'test', transaction_id: '3999990' }, 'sf-ds24-test');
		await n8n.waitForExecutions(DS24_TEST_FLOW_ID, 1);
		expect(outcome(DS24_TEST_FLOW_ID)).toEqual({ status: 'success' });
		expect(itemsOf(latestRun(n8n, DS24_TEST_FLOW_ID).data, 'Salesforce Mapper')[0].json).toMatchObject({ status: 'ok' });
		expect(fake.records('Opportunity')).toEqual([expect.objectContaining({ Name: 'Digistore24 3999990', StageName: 'Closed Won' })]);
	});

	it('Create Accounts on an org whose Account.Name is no upsert key: the company gets an Account found by Name, linked to the Contact; a redelivery updates, never duplicates', async () => {
		fake.reset();
		const company = (transactionId: string, name = 'Beispiel AG') => ds24Event({ transaction_id: transactionId, address_company: name, address_city: 'Basel' });
		const first = await run('sf-accounts', { events: [company('9100001')] });
		expect(first.body).toEqual([expect.objectContaining({ status: 'ok' })]);
		const [account] = fake.records('Account');
		const [contact] = fake.records('Contact');
		expect(fake.records('Account')).toHaveLength(1);
		expect(account).toMatchObject({ Name: 'Beispiel AG', BillingCity: 'Basel' });
		expect(contact).toMatchObject({ Email: 'kaeufer@example.de', AccountId: account.Id });
		expect(fake.records('Opportunity')).toEqual([expect.objectContaining({ Name: 'Digistore24 9100001', ContactId: contact.Id })]);
		expect((first.body as Array<Record<string, unknown>>)[0].records).toEqual([
			expect.objectContaining({ role: 'account', result: 'created', id: account.Id }),
			expect.objectContaining({ role: 'contact', result: 'created' }),
			expect.objectContaining({ role: 'opportunity', result: 'created' }),
		]);
		// Found with one query by Name, written by Id: Name is never used as an upsert key.
		expect(fake.calls.filter((call) => call.path.includes('/composite/sobjects/Account')).map((call) => call.path)).toEqual(['/services/data/v62.0/composite/sobjects/Account/Id']);

		// Redelivered, and a second purchase of the same company spelled in other case: one Account, updated.
		const again = await run('sf-accounts', { events: [company('9100001'), company('9100002', 'BEISPIEL AG')] });
		expect(again.body).toEqual([expect.objectContaining({ status: 'ok' }), expect.objectContaining({ status: 'ok' })]);
		expect((again.body as Array<Record<string, unknown>>)[0].records).toEqual(expect.arrayContaining([expect.objectContaining({ role: 'account', result: 'updated', id: account.Id })]));
		expect(fake.records('Account')).toHaveLength(1);
		expect(fake.records('Contact')).toEqual([expect.objectContaining({ Id: contact.Id, AccountId: account.Id })]);
		expect(fake.records('Opportunity').map((opportunity) => opportunity.Name).sort()).toEqual(['Digistore24 9100001', 'Digistore24 9100002']);
	});

	it('duplicate rules: a Contact like an existing one fails with DUPLICATES_DETECTED explained, and is saved with Save Despite Duplicate Alerts', async () => {
		duplicateRuleOrg.reset();
		await run('sf-dup-rule', { events: [ds24Event({ transaction_id: '9200001', email: 'erika@example.org', buyer_email: 'erika@example.org', address_first_name: 'Erika', address_last_name: 'Muster' })] });
		// The same person with another address.
		const similar = ds24Event({ transaction_id: '9200002', email: 'erika.muster@example.org', buyer_email: 'erika.muster@example.org', address_first_name: 'Erika', address_last_name: 'Muster' });
		const blocked = await run('sf-dup-rule', { events: [similar] });
		expect(blocked.body).toEqual([expect.objectContaining({ status: 'error', error: expect.stringContaining('DUPLICATES_DETECTED') })]);
		expect((blocked.body as Array<Record<string, string>>)[0].error).toContain('turn on the option "Save Despite Duplicate Alerts"');
		expect(duplicateRuleOrg.count('Contact')).toBe(1);
		const saved = await run('sf-dup-allow', { events: [similar] });
		expect(saved.body).toEqual([expect.objectContaining({ status: 'ok' })]);
		expect(duplicateRuleOrg.count('Contact')).toBe(2);
		expect(duplicateRuleOrg.calls.filter((call) => call.path.endsWith('/composite/sobjects/Contact/Email')).map((call) => call.headers['sforce-duplicate-rule-header'])).toEqual([undefined, undefined, 'allowSave=true']);
	});

	it('state and country picklists: country and state go out as the org’s own codes (its names follow), a state the org lacks is left out and said', async () => {
		const buyer = (transactionId: string, email: string, country: string, state: string) =>
			ds24Event({ transaction_id: transactionId, email, buyer_email: email, address_country: country, address_state: state });
		const reply = await run('sf-picklists', {
			events: [buyer('9500001', 'kim@example.kr', 'KR', ''), buyer('9500002', 'ny@example.com', 'US', 'NY'), buyer('9500003', 'ca@example.com', 'US', 'California'), buyer('9500004', 'by@example.com', 'US', 'Bavaria')],
		});
		const items = reply.body as Array<Record<string, unknown>>;
		expect(items.map((item) => item.status)).toEqual(['ok', 'ok', 'ok', 'ok']);
		const contact = (email: string) => picklistOrg.findBy('Contact', 'Email', email)[0];
		expect(contact('kim@example.kr')).toMatchObject({ MailingCountryCode: 'KR', MailingCountry: 'Korea, Republic of' });
		expect(contact('ny@example.com')).toMatchObject({ MailingCountryCode: 'US', MailingStateCode: 'NY', MailingState: 'New York' });
		expect(contact('ca@example.com')).toMatchObject({ MailingStateCode: 'CA', MailingState: 'California' });
		expect(contact('by@example.com')).toMatchObject({ MailingCountryCode: 'US' });
		expect(contact('by@example.com').MailingStateCode ?? null).toBeNull();
		expect(items[3].records).toEqual(expect.arrayContaining([expect.objectContaining({ role: 'contact', note: 'Left out state "Bavaria": not a value of the org\'s state and country picklists' })]));
	});

	it('state and country picklists, country as a name: the org’s own names go out ("Korea, Republic of", "Viet Nam"), a country the org lacks is left out and said', async () => {
		const buyer = (transactionId: string, email: string, country: string, state = '', company = '') =>
			ds24Event({ transaction_id: transactionId, email, buyer_email: email, address_country: country, address_state: state, address_company: company });
		const describesBefore = picklistOrg.calls.filter((call) => call.path.endsWith('/describe')).length;
		const reply = await run('sf-picklist-names', {
			events: [buyer('9600001', 'kim@example.com', 'KR'), buyer('9600002', 'lan@example.com', 'VN', '', 'Lan Trading'), buyer('9600003', 'ny2@example.com', 'US', 'NY'), buyer('9600004', 'de@example.com', 'DE'), buyer('9600005', 'ru@example.com', 'RU')],
		});
		const items = reply.body as Array<Record<string, unknown>>;
		expect(items.map((item) => item.status)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
		const contact = (email: string) => picklistOrg.findBy('Contact', 'Email', email)[0];
		expect(contact('kim@example.com')).toMatchObject({ MailingCountry: 'Korea, Republic of', MailingCountryCode: 'KR' });
		expect(contact('lan@example.com')).toMatchObject({ MailingCountry: 'Viet Nam', MailingCountryCode: 'VN' });
		expect(picklistOrg.findBy('Account', 'Name', 'Lan Trading')).toEqual([expect.objectContaining({ BillingCountry: 'Viet Nam', BillingCountryCode: 'VN' })]);
		expect(contact('ny2@example.com')).toMatchObject({ MailingCountry: 'United States', MailingStateCode: 'NY', MailingState: 'New York' });
		expect(contact('de@example.com')).toMatchObject({ MailingCountry: 'Germany', MailingCountryCode: 'DE' });
		expect(contact('ru@example.com').MailingCountry ?? null).toBeNull();
		expect(items[4].records).toEqual(expect.arrayContaining([expect.objectContaining({ role: 'contact', result: 'created', note: 'Left out country "RU": not a value of the org\'s state and country picklists' })]));
		// One describe per object, and only because Salesforce refused names.
		expect(picklistOrg.calls.filter((call) => call.path.endsWith('/describe')).length - describesBefore).toBe(2);
	});

	it('UNABLE_TO_LOCK_ROW: the locked records are sent again after a back-off and written', async () => {
		fake.reset();
		fake.lockRowsNext(1);
		const reply = await run('sf-batch', { events: [ds24Event({ transaction_id: '9300001' })] });
		expect(reply.body).toEqual([expect.objectContaining({ status: 'ok', records: [expect.objectContaining({ result: 'created' }), expect.objectContaining({ result: 'created' })] })]);
		expect(fake.calls.filter((call) => call.path.includes('/composite/sobjects/')).map((call) => call.path.split('/').slice(-2).join('/'))).toEqual(['Contact/Email', 'Contact/Email', 'Opportunity/Name']);
	});

	it('REQUEST_LIMIT_EXCEEDED: the concurrent-request limit is told apart from the daily limit', async () => {
		fake.reset();
		fake.failNext(1, 403, [{ message: 'ConcurrentRequests (Concurrent API Requests) Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }]);
		const concurrent = await run('sf-batch', { events: [ds24Event({ transaction_id: '9400001' })] });
		expect(concurrent.body).toEqual([expect.objectContaining({ status: 'error', error: expect.stringContaining('too many long-running requests run at the same time') })]);
		fake.failNext(1, 403);
		const daily = await run('sf-batch', { events: [ds24Event({ transaction_id: '9400002' })] });
		expect(daily.body).toEqual([expect.objectContaining({ status: 'error', error: expect.stringContaining("Salesforce's daily API request limit is used up") })]);
	});

	it('logs in again once when the session expires in the middle of a run', async () => {
		fake.reset();
		const before = fake.tokensIssued;
		fake.expireSessionsBeforeRequest(2);
		const reply = await run('sf-batch', { events: [ds24Event({ transaction_id: '6000001' })] });
		expect(reply.body).toEqual([expect.objectContaining({ status: 'ok' })]);
		expect(fake.tokensIssued).toBe(before + 1);
		expect(fake.calls.filter((call) => !call.auth).map((call) => call.status)).toEqual([200, 401, 200]);
	});

	it('Map Only: one item per record, with its key, fields and links, for n8n’s Salesforce node', async () => {
		fake.reset();
		const reply = await run('sf-map-only', { events: [ds24Event({})] });
		expect(reply.body).toEqual([
			expect.objectContaining({ role: 'contact', object: 'Contact', externalIdField: 'Donor_Id__c', externalIdValue: 'DS24-333222', fields: expect.objectContaining({ Email: 'kaeufer@example.de' }) }),
			expect.objectContaining({
				role: 'opportunity',
				externalIdField: 'Name',
				externalIdValue: 'Digistore24 3999938',
				fields: expect.objectContaining({ StageName: 'Closed Won', Affiliate__c: 'none' }),
				links: [{ field: 'ContactId', role: 'contact' }],
			}),
		]);
		expect(fake.calls).toHaveLength(0);
	});

	it('makes payers Campaign members once, however often they pay', async () => {
		fake.reset();
		const campaign = fake.addRecord('Campaign', { Name: 'Sommerspende 2026' });
		const events = [ds24Event({ transaction_id: '8000001' }), ds24Event({ transaction_id: '8000002' })];
		const first = await run('sf-campaign', { campaignId: campaign.Id, events });
		expect(first.body).toEqual([
			expect.objectContaining({ status: 'ok', records: [expect.anything(), expect.anything(), expect.objectContaining({ role: 'campaignMember', result: 'created' })] }),
			expect.objectContaining({ status: 'ok', records: [expect.anything(), expect.anything(), expect.objectContaining({ role: 'campaignMember', result: 'created' })] }),
		]);
		const again = await run('sf-campaign', { campaignId: campaign.Id, events: [ds24Event({ transaction_id: '8000003' })] });
		expect(again.body).toEqual([expect.objectContaining({ status: 'ok', records: [expect.anything(), expect.anything(), expect.objectContaining({ result: 'unchanged' })] })]);
		const [contact] = fake.records('Contact');
		expect(fake.records('CampaignMember')).toEqual([expect.objectContaining({ CampaignId: campaign.Id, ContactId: contact.Id, Status: 'Responded' })]);
	});

	it('legacy SOAP login (username, password and security token) writes the same records', async () => {
		fake.reset();
		const reply = await run('sf-soap', { events: [ds24Event({ transaction_id: '7000001' })] });
		expect(reply.body).toEqual([expect.objectContaining({ status: 'ok' })]);
		expect(fake.logins.soap).toBe(1);
		expect(fake.records('Opportunity')).toEqual([expect.objectContaining({ Name: 'Digistore24 7000001' })]);
	});

	it('a refused login says why and writes nothing', async () => {
		fake.reset();
		await run('sf-wrong-secret', { events: [ds24Event({})] });
		expect(outcome('sfWrongSecret001').error).toContain('Salesforce refused the login: invalid_client: invalid client credentials');
		expect(fake.records('Contact')).toHaveLength(0);
	});

	it('NPSP: a subscription payment takes over the installment NPSP created instead of adding one', async () => {
		const fb = JSON.parse(JSON_WEBHOOK) as Record<string, never>;
		// FundraisingBox's sample is a test donation (is_test 1): taken as a live one here.
		const base: CanonicalEvent = { ...normalizeFundraisingBoxWebhook(fb, { vendorEvent: 'donation.recurrent', requestId: 'npsp-1', receivedAt: clock }), testMode: false };
		const subscription = { id: '377586', interval: 'monthly' as const, status: 'active', nextPaymentAt: null };
		const started: CanonicalEvent = { ...base, event: 'subscription.created', eventId: 'fundraisingbox:npsp-0', subscription, payment: null };
		const paid: CanonicalEvent = { ...base, event: 'payment.succeeded', eventId: 'fundraisingbox:npsp-1', subscription, payment: { ...base.payment!, id: '8594200' } };
		await run('sf-npsp', { events: [started] });
		expect(outcome('sfNpspChain00001')).toEqual({ status: 'success' });
		const [donation] = npspOrg.records('npe03__Recurring_Donation__c');
		expect(donation).toMatchObject({ npsp__CommitmentId__c: 'FB-377586', npe03__Amount__c: 100, npsp__Status__c: 'Active' });
		const [installment] = npspOrg.records('Opportunity');
		expect(installment).toMatchObject({ npe03__Recurring_Donation__c: donation.Id, StageName: 'Pledged' });

		const reply = await run('sf-npsp', { events: [paid] });
		expect(reply.body).toEqual([expect.objectContaining({ status: 'ok' })]);
		expect(npspOrg.records('Opportunity').find((opportunity) => opportunity.Id === installment.Id)).toMatchObject({ Name: 'FundraisingBox 8594200', StageName: 'Closed Won', Amount: 100 });
		// NPSP's queued job opens the next installment; the payment made no Opportunity of its own.
		expect(npspOrg.runJobs()).toBe(1);
		const opportunities = npspOrg.records('Opportunity');
		expect(opportunities).toHaveLength(2);
		expect(opportunities.filter((opportunity) => opportunity.StageName === 'Pledged')).toHaveLength(1);

		await run('sf-npsp', { events: [paid] });
		expect(npspOrg.records('Opportunity')).toHaveLength(2);
	});

	it('NPSP: payments written before or after NPSP’s job that opens the next installment give the same Opportunities, none twice for a date', async () => {
		const fb = JSON.parse(JSON_WEBHOOK) as Record<string, never>;
		const base: CanonicalEvent = { ...normalizeFundraisingBoxWebhook(fb, { vendorEvent: 'donation.recurrent', requestId: 'npsp-job', receivedAt: clock }), testMode: false };
		const payment = (subscriptionId: string, id: string, date: string): CanonicalEvent => ({
			...base,
			event: 'payment.succeeded',
			eventId: `fundraisingbox:job-${id}`,
			occurredAt: `${date}T09:00:00+01:00`,
			subscription: { id: subscriptionId, interval: 'monthly', status: 'active', nextPaymentAt: null },
			payment: { ...base.payment!, id, parentId: null },
		});
		const summary = (org: FakeSalesforceApi, subscriptionId: string) => {
			const [donation] = org.findBy('npe03__Recurring_Donation__c', 'npsp__CommitmentId__c', `FB-${subscriptionId}`);
			return org
				.findBy('Opportunity', 'npe03__Recurring_Donation__c', donation.Id)
				.map((opportunity) => `${String(opportunity.CloseDate)} ${String(opportunity.StageName)}`)
				.sort();
		};
		// Today is 2026-11-23. October's and November's payments of a new subscription arrive together
		// (the RD is created from the first; NPSP opens its first installment at once, dated today):
		// once both in one run before NPSP's job ran, once with the job between them.
		await run('sf-npsp', { events: [payment('610001', '8610001', '2026-10-23'), payment('610001', '8610002', '2026-11-23')] });
		npspOrg.runJobs();
		await run('sf-npsp', { events: [payment('610002', '8610003', '2026-10-23')] });
		npspOrg.runJobs();
		await run('sf-npsp', { events: [payment('610002', '8610004', '2026-11-23')] });
		npspOrg.runJobs();
		const expected = ['2026-10-23 Closed Won', '2026-11-23 Closed Won', '2026-12-23 Pledged'];
		expect(summary(npspOrg, '610001')).toEqual(expected);
		expect(summary(npspOrg, '610002')).toEqual(expected);

		// First installment asynchronous: the first payment, in the run that creates the RD, comes before
		// NPSP's job; the job takes that payment as the installment of its date and opens the next one.
		await run('sf-npsp-async', { events: [payment('610003', '8610005', '2026-11-23')] });
		expect(npspAsyncOrg.pendingJobs).toBe(1);
		npspAsyncOrg.runJobs();
		expect(summary(npspAsyncOrg, '610003')).toEqual(['2026-11-23 Closed Won', '2026-12-23 Pledged']);
		// The next payment takes that installment over.
		await run('sf-npsp-async', { events: [payment('610003', '8610006', '2026-11-24')] });
		npspAsyncOrg.runJobs();
		expect(summary(npspAsyncOrg, '610003')).toEqual(['2026-11-23 Closed Won', '2026-11-24 Closed Won', '2026-12-23 Pledged']);
	});

	it('NPSP multi-currency with Opportunity Naming: the RD gets its currency, a payment in another currency stays true, renamed payments are found by their External ID, a refund after the cancellation leaves the RD closed', async () => {
		const fb = JSON.parse(JSON_WEBHOOK) as Record<string, never>;
		const base: CanonicalEvent = { ...normalizeFundraisingBoxWebhook(fb, { vendorEvent: 'donation.recurrent', requestId: 'npsp-cur', receivedAt: clock }), testMode: false, occurredAt: '2026-11-30T10:00:00+01:00' };
		const subscription = { id: '500001', interval: 'monthly' as const, status: 'active', nextPaymentAt: null };
		const payment = (id: string, currency: string): CanonicalEvent => ({ ...base, event: 'payment.succeeded', eventId: `fundraisingbox:pay-${id}`, subscription, currency, payment: { ...base.payment!, id, parentId: null } });
		const started: CanonicalEvent = { ...base, event: 'subscription.created', eventId: 'fundraisingbox:sub-500001', subscription, currency: 'CHF', payment: null };
		await run('sf-npsp-currency', { events: [started] });
		const [donation] = npspCurrencyOrg.records('npe03__Recurring_Donation__c');
		expect(donation).toMatchObject({ npsp__CommitmentId__c: 'FB-500001', CurrencyIsoCode: 'CHF', npsp__Day_of_Month__c: '30', npsp__Status__c: 'Active' });

		// A CHF payment takes over the installment; a EUR payment is written in EUR, without the link NPSP would refuse.
		const paidChf = payment('700001', 'CHF');
		const paidEur = payment('700002', 'EUR');
		const reply = await run('sf-npsp-currency', { events: [paidChf, paidEur] });
		expect(reply.body).toEqual([
			expect.objectContaining({ status: 'ok' }),
			expect.objectContaining({ status: 'ok', records: expect.arrayContaining([expect.objectContaining({ role: 'opportunity', note: expect.stringContaining('NPSP refuses an Opportunity in another currency') })]) }),
		]);
		const byKey = (key: string) => npspCurrencyOrg.findBy('Opportunity', 'Payment_Id__c', key);
		expect(byKey('FB-700001')).toEqual([expect.objectContaining({ StageName: 'Closed Won', CurrencyIsoCode: 'CHF', npe03__Recurring_Donation__c: donation.Id })]);
		// NPSP Opportunity Naming renamed the new Opportunity after insert.
		expect(byKey('FB-700002')).toEqual([expect.objectContaining({ StageName: 'Closed Won', CurrencyIsoCode: 'EUR', Name: expect.stringContaining('Donation 2026-11-30') })]);
		expect(byKey('FB-700002')[0].npe03__Recurring_Donation__c ?? null).toBeNull();
		const count = npspCurrencyOrg.count('Opportunity');

		// Redelivered after the rename: found by Payment_Id__c, nothing doubles.
		expect((await run('sf-npsp-currency', { events: [paidChf, paidEur] })).body).toEqual([expect.objectContaining({ status: 'ok' }), expect.objectContaining({ status: 'ok' })]);
		expect(npspCurrencyOrg.count('Opportunity')).toBe(count);

		// Cancelled: the RD closes and NPSP closes its open installment lost; a later refund leaves the RD closed.
		await run('sf-npsp-currency', { events: [{ ...started, event: 'subscription.cancelled', eventId: 'fundraisingbox:sub-500001-cancel' }] });
		npspCurrencyOrg.runJobs();
		expect(npspCurrencyOrg.record('npe03__Recurring_Donation__c', donation.Id as string)).toMatchObject({ npsp__Status__c: 'Closed' });
		expect(npspCurrencyOrg.findBy('Opportunity', 'npe03__Recurring_Donation__c', donation.Id).filter((opportunity) => !opportunity.IsClosed)).toEqual([]);
		const refund: CanonicalEvent = { ...paidChf, event: 'payment.refunded', eventId: 'fundraisingbox:refund-700001', amount: '-100.00', payment: { ...paidChf.payment!, id: '700009', parentId: '700001' } };
		expect((await run('sf-npsp-currency', { events: [refund] })).body).toEqual([expect.objectContaining({ status: 'ok' })]);
		expect(byKey('FB-700001')).toEqual([expect.objectContaining({ StageName: 'Closed Lost' })]);
		expect(npspCurrencyOrg.record('npe03__Recurring_Donation__c', donation.Id as string)).toMatchObject({ npsp__Status__c: 'Closed' });
	});

	it('loads key fields, link fields, stages and campaigns from the org through n8n', async () => {
		const campaign = fake.addRecord('Campaign', { Name: 'Winter Appeal 2026', IsActive: true });
		fake.addRecord('Campaign', { Name: "Donors' 100% Club", IsActive: true });
		const ask = async (kind: 'options' | 'resource-locator-results', body: Record<string, unknown>) =>
			await n8n.dynamicParameters(kind, {
				nodeTypeAndVersion: { name: nodeType('salesforceMapper'), version: 1 },
				credentials: credentialRef(CREDENTIAL()),
				currentNodeParameters: { operation: 'write', options: {} },
				...body,
			});
		const values = async (methodName: string, path: string) => ((await ask('options', { methodName, path })) as Array<{ value: string }>).map((option) => option.value);
		expect(await values('getContactKeyFields', 'contactKeyField')).toEqual(expect.arrayContaining(['Email']));
		expect(await values('getContactKeyFields', 'contactKeyField')).not.toContain('Id');
		expect(await values('getOpportunityKeyFields', 'opportunityKeyField')).toEqual(expect.arrayContaining(['Name']));
		expect(await values('getContactLinkFields', 'contactLinkField')).toEqual(['ContactId', '']);
		expect(await values('getStages', 'stages.succeeded')).toEqual(expect.arrayContaining(['Closed Won', 'Closed Lost', 'Prospecting']));

		const search = async (filter: string) =>
			((await ask('resource-locator-results', { methodName: 'searchCampaigns', path: 'options.campaignId', filter })) as { results: Array<{ name: string; value: string }> }).results;
		expect(await search('winter')).toEqual([{ name: 'Winter Appeal 2026', value: campaign.Id }]);
		// Quotes and LIKE wildcards in the search text are taken literally.
		expect((await search("' OR Name LIKE '")).length).toBe(0);
		expect((await search('100%')).map((result) => result.name)).toEqual(["Donors' 100% Club"]);
	});

	it('never shows a secret or a session token in any output', () => {
		const everything = [...replies, JSON.stringify(latestRun(n8n, DS24_FLOW_ID).data)].join('\n');
		for (const secret of [CLIENT_SECRET, SOAP_PASSWORD, SECURITY_TOKEN]) expect(everything).not.toContain(secret);
		expect(everything).not.toMatch(/00D\w{12,15}!/);
	});
});
