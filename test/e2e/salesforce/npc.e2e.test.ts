/**
 * The Salesforce Mapper's Nonprofit Cloud data model inside a real n8n, against the fake NPC org
 * (test/fakes/salesforceApi.ts, `npc: true`). Digistore24: the real trigger with signed IPNs → the
 * mapper. FundraisingBox: its JSON webhook normalized by its own code, sent through Webhook → Split
 * Out → the mapper (as test/e2e/salesforce/mapper.e2e.test.ts does); OnlineFundraising likewise, with
 * the donor's contact copied in as its template does. Between payments the test runs
 * the org's jobs (`runJobs()`), as NPC's scheduled job creates the schedule's next Unpaid instalment.
 */
import { normalizeFundraisingBoxWebhook } from '../../../nodes/FundraisingBox/toCanonicalEvent';
import { normalizeOnlineFundraisingWebhook } from '../../../nodes/OnlineFundraising/toCanonicalEvent';
import type { CanonicalEvent } from '../../../nodes/shared/canonicalEvent';
import { FakeSalesforceApi, NPC_PAYMENT_METHODS } from '../../fakes/salesforceApi';
import type { CredentialSpec } from '../../../tools/n8n/n8n';
import { N8nInstance } from '../../../tools/n8n/n8n';
import { nodeType, triggerWorkflow } from '../../../tools/n8n/workflows';
import { chainRunner, itemsOf, latestRun, webhookChain } from '../helpers/actionChain';
import { DS24_CREDENTIAL, credentialRef, signedIpn } from '../helpers/digistore24';
import { JSON_WEBHOOK } from '../helpers/fundraisingbox';
import { FORM, formBody, send } from '../helpers/http';
import { addNpcKeyFields, instalmentsOf, npcSnapshot } from '../helpers/npcOrg';

const CLIENT_ID = '3MVG9npcClientId';
const CLIENT_SECRET = 'sf-npc-secret-0123456789';
let clock = new Date('2026-11-20T10:00:00Z');
const org = new FakeSalesforceApi({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, npc: true, now: () => clock });
/** An org without Nonprofit Cloud, to see the error that says what is missing. */
const plainOrg = new FakeSalesforceApi({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, now: () => clock });

const credential = (id: string, name: string, target: FakeSalesforceApi, apiVersion = '62.0'): CredentialSpec => ({
	id,
	name,
	type: 'salesforceMapperApi',
	data: { loginKind: 'clientCredentials', myDomainUrl: target.baseUrl, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, apiVersion },
});
const NPC_CREDENTIAL = () => credential('sfNpcCredE2e0001', 'Salesforce NPC e2e', org);
const OLD_VERSION_CREDENTIAL = () => credential('sfNpcCredV58E2e1', 'Salesforce NPC e2e (API 58.0)', org, '58.0');
const PLAIN_CREDENTIAL = () => credential('sfNpcCredPlain01', 'Salesforce without NPC', plainOrg);

/** The mapper set to Nonprofit Cloud with the org's External ID fields. */
const npcMapper = (operation: 'write' | 'map' = 'write') => ({
	name: 'Salesforce Mapper',
	type: nodeType('salesforceMapper'),
	typeVersion: 1,
	parameters: {
		operation,
		dataModel: 'nonprofitCloud',
		personRecordTypeId: org.recordTypeId('PersonAccount'),
		giftTransactionKeyField: 'Payment_Id__c',
		giftCommitmentKeyField: 'Subscription_Id__c',
		giftRefundKeyField: 'Refund_Id__c',
	},
});

const DS24_FLOW_ID = 'sfNpcDs24Flow001';
/** The Digistore24 flow designates every new Gift Transaction (option Gift Designation); set in beforeAll. */
let designationId = '';
const ds24Flow = () =>
	triggerWorkflow({
		id: DS24_FLOW_ID,
		name: DS24_FLOW_ID,
		type: 'digistore24Trigger',
		webhookId: 'sf-npc-ds24',
		parameters: { events: ['*'] },
		credentials: credentialRef(DS24_CREDENTIAL),
		then: [{ ...npcMapper(), parameters: { ...npcMapper().parameters, npcOptions: { giftDesignationId: designationId } }, credentials: credentialRef(NPC_CREDENTIAL()) }],
	});
const eventsChain = (id: string, path: string, spec: CredentialSpec, operation: 'write' | 'map' = 'write', extra: Record<string, unknown> = {}) =>
	webhookChain(id, path, spec, [{ name: 'Events', type: 'n8n-nodes-base.splitOut', typeVersion: 1, parameters: { fieldToSplitOut: 'body.events', options: {} } }, { ...npcMapper(operation), ...extra }]);

let n8n: N8nInstance;
const { replies, run } = chainRunner(() => n8n);

const LIVE = { api_mode: 'live', pay_method: 'creditcard' };
let ds24Runs = 0;
/** Posts a signed IPN to the real Digistore24 trigger and waits for its execution. */
async function postIpn(fields: Record<string, string>): Promise<void> {
	const reply = await send(n8n.webhookUrl('sf-npc-ds24'), { body: formBody(signedIpn({ ...LIVE, ...fields })), headers: FORM });
	expect(reply).toMatchObject({ status: 200, body: 'OK' });
	await n8n.waitForExecutions(DS24_FLOW_ID, ++ds24Runs);
	expect(latestRun(n8n, DS24_FLOW_ID).status).toBe('success');
}

const snapshot = () => npcSnapshot(org);
const instalments = (subscriptionKey: string) => instalmentsOf(org, subscriptionKey);

beforeAll(async () => {
	addNpcKeyFields(org);
	designationId = String(org.addRecord('GiftDesignation', { Name: 'Wasserprojekt', IsActive: true }).Id);
	org.addRecord('GiftDesignation', { Name: 'Alte Kampagne', IsActive: false });
	await org.start();
	await plainOrg.start();
	n8n = await N8nInstance.start({
		name: 'sf-npc',
		credentials: [DS24_CREDENTIAL, NPC_CREDENTIAL(), OLD_VERSION_CREDENTIAL(), PLAIN_CREDENTIAL()],
		workflows: [
			ds24Flow(),
			eventsChain('sfNpcEventsChn01', 'sf-npc-events', NPC_CREDENTIAL()),
			eventsChain('sfNpcMapOnlyChn1', 'sf-npc-map', NPC_CREDENTIAL(), 'map'),
			eventsChain('sfNpcContinueCh1', 'sf-npc-continue', NPC_CREDENTIAL(), 'write', { onError: 'continueRegularOutput' }),
			eventsChain('sfNpcOldVerChn01', 'sf-npc-v58', OLD_VERSION_CREDENTIAL()),
			eventsChain('sfNpcPlainChn001', 'sf-npc-plain', PLAIN_CREDENTIAL()),
		],
	});
}, 600_000);

afterAll(async () => {
	await n8n?.dispose();
	await org.stop();
	await plainOrg.stop();
});

/** Digistore24's monthly subscription (order NPC0001) of the captured buyer, by credit card. */
const DS24_SUBSCRIPTION = { billing_type: 'subscription', other_billing_intervals: '1_month', order_id: 'NPC0001' };
const ds24Payment = (transactionId: string, date: string, sequence: string) => ({ ...DS24_SUBSCRIPTION, transaction_id: transactionId, parent_transaction_id: '', transaction_date: date, pay_sequence_no: sequence });
const DS24_REFUND = { ...DS24_SUBSCRIPTION, event: 'on_refund', transaction_id: '5000900', parent_transaction_id: '5000002', transaction_type: 'refund', transaction_date: '2027-01-25', amount: '-49.00', amount_brutto: '-49.00', transaction_amount: '-49.00' };
const DS24_CANCELLATION = { ...DS24_SUBSCRIPTION, event: 'on_rebill_cancelled', transaction_id: '', parent_transaction_id: '', transaction_date: '2027-02-03' };

describe('Salesforce Mapper, Nonprofit Cloud, in n8n', () => {
	it('Digistore24: a one-off payment is a Person Account and a Paid Gift Transaction', async () => {
		await postIpn({});
		expect(org.records('Account')).toEqual([expect.objectContaining({ IsPersonAccount: true, PersonEmail: 'kaeufer@example.de', RecordTypeId: org.recordTypeId('PersonAccount') })]);
		expect(org.findBy('GiftTransaction', 'Payment_Id__c', 'DS24-3999938')).toEqual([
			expect.objectContaining({ Status: 'Paid', OriginalAmount: 49, PaymentMethod: 'Credit Card', TransactionDate: '2026-08-18', TransactionDueDate: '2026-08-18', DonorId: org.records('Account')[0].Id }),
		]);
	});

	it('Digistore24: a monthly subscription and three payments, each taking over the schedule\'s instalment after the first; a refund; a cancellation', async () => {
		// The first payment starts the subscription: commitment and schedule come from it.
		await postIpn(ds24Payment('5000001', '2026-11-20', '1'));
		const [commitment] = org.findBy('GiftCommitment', 'Subscription_Id__c', 'DS24-NPC0001');
		expect(commitment).toMatchObject({ Status: 'Active', DonorId: org.records('Account')[0].Id });
		expect(org.findBy('GiftCommitmentSchedule', 'GiftCommitmentId', commitment.Id)).toEqual([
			expect.objectContaining({ TransactionAmount: 49, TransactionPeriod: 'Monthly', TransactionInterval: 1, TransactionDay: '20', StartDate: '2026-11-20', PaymentMethod: 'Credit Card', Type: 'CreateTransactions' }),
		]);
		org.runJobs();
		expect(instalments('DS24-NPC0001')).toEqual(['2026-11-20 Paid DS24-5000001', '2026-12-20 Unpaid -']);
		clock = new Date('2026-12-20T10:00:00Z');
		await postIpn(ds24Payment('5000002', '2026-12-20', '2'));
		org.runJobs();
		clock = new Date('2027-01-21T10:00:00Z');
		await postIpn(ds24Payment('5000003', '2027-01-21', '3'));
		org.runJobs();
		expect(instalments('DS24-NPC0001')).toEqual(['2026-11-20 Paid DS24-5000001', '2026-12-20 Paid DS24-5000002', '2027-01-20 Paid DS24-5000003', '2027-02-20 Unpaid -']);

		clock = new Date('2027-01-25T10:00:00Z');
		await postIpn(DS24_REFUND);
		expect(org.records('GiftRefund')).toEqual([expect.objectContaining({ Refund_Id__c: 'DS24-5000900', Amount: 49, Date: '2027-01-25' })]);
		expect(org.findBy('GiftTransaction', 'Payment_Id__c', 'DS24-5000002')[0]).toMatchObject({ Status: 'Paid', CurrentAmount: 0, RefundedAmount: 49 });

		clock = new Date('2027-02-03T10:00:00Z');
		await postIpn(DS24_CANCELLATION);
		org.runJobs();
		expect(org.findBy('GiftCommitment', 'Subscription_Id__c', 'DS24-NPC0001')[0]).toMatchObject({ Status: 'Closed' });
		expect(org.findBy('GiftCommitmentSchedule', 'GiftCommitmentId', commitment.Id)[0]).toMatchObject({ EndDate: '2027-02-03' });
		expect(instalments('DS24-NPC0001')).toEqual(['2026-11-20 Paid DS24-5000001', '2026-12-20 Paid DS24-5000002', '2027-01-20 Paid DS24-5000003', '2027-02-20 Canceled -']);
	});

	it('Digistore24: every IPN delivered again changes nothing but the update stamps', async () => {
		const before = snapshot();
		for (const fields of [{}, ds24Payment('5000001', '2026-11-20', '1'), ds24Payment('5000002', '2026-12-20', '2'), ds24Payment('5000003', '2027-01-21', '3'), DS24_REFUND, DS24_CANCELLATION]) {
			await postIpn(fields);
		}
		org.runJobs();
		expect(snapshot()).toEqual(before);
		// One designation per Gift Transaction of the flow (new or taken over), none added by the redeliveries.
		const designations = org.records('GiftTransactionDesignation');
		expect(designations.map((designation) => `${String(org.record('GiftTransaction', String(designation.GiftTransactionId))?.Payment_Id__c)} ${String(designation.Percent)}`).sort()).toEqual(
			['DS24-3999938', 'DS24-5000001', 'DS24-5000002', 'DS24-5000003'].map((key) => `${key} 100`),
		);
	});

	it('FundraisingBox: a donation, a subscription with three payments taking over its instalments, a cancellation; all again change nothing', async () => {
		clock = new Date('2026-11-20T10:00:00Z');
		const fb = JSON.parse(JSON_WEBHOOK) as Record<string, never>;
		// FundraisingBox's sample is a test donation (is_test 1): taken as a live one here.
		const base: CanonicalEvent = { ...normalizeFundraisingBoxWebhook(fb, { vendorEvent: 'donation.recurrent', requestId: 'npc-1', receivedAt: clock }), testMode: false };
		const subscription = { id: '377586', interval: 'monthly' as const, status: 'active', nextPaymentAt: null };
		const oneOff: CanonicalEvent = { ...base, eventId: 'fundraisingbox:npc-one-off' };
		const started: CanonicalEvent = { ...base, event: 'subscription.created', vendorEvent: 'recurring_payment.create', eventId: 'fundraisingbox:npc-started', subscription, payment: { ...base.payment!, id: null } };
		const paid = (id: string, date: string): CanonicalEvent => ({ ...base, eventId: `fundraisingbox:npc-${id}`, occurredAt: `${date}T09:30:00+01:00`, subscription, payment: { ...base.payment!, id } });
		const cancelled: CanonicalEvent = { ...started, event: 'subscription.cancelled', vendorEvent: 'recurring_payment.delete', eventId: 'fundraisingbox:npc-cancelled', occurredAt: '2027-02-03T12:00:00+01:00' };
		const steps: Array<{ day: string; events: CanonicalEvent[] }> = [
			{ day: '2026-11-20', events: [oneOff, started] },
			{ day: '2026-11-20', events: [paid('8700001', '2026-11-20')] },
			{ day: '2026-12-20', events: [paid('8700002', '2026-12-20')] },
			{ day: '2027-01-20', events: [paid('8700003', '2027-01-20')] },
			{ day: '2027-02-03', events: [cancelled] },
		];
		for (const { day, events } of steps) {
			clock = new Date(`${day}T10:00:00Z`);
			const reply = await run('sf-npc-events', { events });
			expect(reply.body).toEqual(events.map(() => expect.objectContaining({ status: 'ok' })));
			org.runJobs();
		}
		expect(org.findBy('Account', 'PersonEmail', 'beate@example.ch')).toHaveLength(1);
		expect(org.findBy('GiftTransaction', 'Payment_Id__c', 'FB-8594200')).toEqual([expect.objectContaining({ Status: 'Paid', OriginalAmount: 100, PaymentMethod: 'PayPal' })]);
		expect(org.findBy('GiftCommitment', 'Subscription_Id__c', 'FB-377586')).toEqual([expect.objectContaining({ Status: 'Closed' })]);
		expect(instalments('FB-377586')).toEqual(['2026-11-20 Paid FB-8700001', '2026-12-20 Paid FB-8700002', '2027-01-20 Paid FB-8700003', '2027-02-20 Canceled -']);

		const before = snapshot();
		const reply = await run('sf-npc-events', { events: steps.flatMap(({ events }) => events) });
		expect(reply.body).toEqual(Array(6).fill(expect.objectContaining({ status: 'ok' })));
		org.runJobs();
		expect(snapshot()).toEqual(before);
	});

	it('OnlineFundraising: a monthly subscription (its agreement\'s schedule) and three payments, each taking over the schedule\'s instalment; refund, cancellation, redelivery', async () => {
		clock = new Date('2026-11-20T10:00:00Z');
		// As the OnlineFundraising → Salesforce template: the trigger's entity with its agreement, the contact fetched and copied in.
		const contact = { id: 'c0ffee00-0000-4000-8000-000000000001', salutation: null, title: null, firstName: 'Olga', lastName: 'Online', company: null, email: 'olga@example.dk', phone: null, mobile: '4535294855', language: null, address: null };
		// The documented Agreement schedule (help centre, Agreement): monthly, every 1 month; the amount charged is amountTotal.
		const AGREEMENT = 'a9a00000-0000-4000-8000-000000000001';
		const agreement = { agreementGuid: AGREEMENT, amountTotal: 150.0, currencyCode: 'DKK', scheduleType: 'Monthly', scheduleBaseTier: 1, scheduleFixedDay: 1, scheduleEveryOther: 1, scheduleCalendarUnit: 'Month' };
		const ofEvent = (entityType: string, eventType: string, entityGuid: string, entity: Record<string, unknown>): CanonicalEvent => ({
			...normalizeOnlineFundraisingWebhook(
				{ merchantId: 'm-1', webhookEventGuid: `${entityGuid}-${eventType}`, webhookGuid: 'w-1', webhookAttemptGuid: `${entityGuid}-${eventType}-1`, entityGuid, entityType, eventType },
				{ contactGuid: contact.id, currencyCode: 'DKK', ...entity } as never,
				clock,
				entity.agreementGuid ? agreement : undefined,
			),
			contact,
		});
		const SUBSCRIPTION = 'b0b00000-0000-4000-8000-000000000001';
		const payment = (guid: string, date: string, eventType = 'charged') =>
			ofEvent('payment', eventType, guid, { subscriptionGuid: SUBSCRIPTION, agreementGuid: AGREEMENT, amount: '150.00', paymentMethodType: 'Card', state: eventType === 'refunded' ? 'Refunded' : 'Charged', updatedTs: `${date} 10:00:00 +01:00` });
		const oneOff = ofEvent('payment', 'charged', 'a0a00000-0000-4000-8000-000000000001', { amount: '200.00', paymentMethodType: 'Card', state: 'Charged', updatedTs: '2026-11-20 09:00:00 +01:00' });
		const subscription = (eventType: string, state: string, updatedTs: string) => ofEvent('subscription', eventType, SUBSCRIPTION, { agreementGuid: AGREEMENT, paymentMethodType: 'Card', state, updatedTs });
		const created = subscription('created', 'Active', '2026-11-20 09:30:00 +01:00');
		expect(created).toMatchObject({ amount: '150.00', subscription: { interval: 'monthly' }, payment: { id: null, method: 'Card' } });
		const paid = [payment('d0d00000-0000-4000-8000-000000000001', '2026-11-20'), payment('d0d00000-0000-4000-8000-000000000002', '2026-12-20'), payment('d0d00000-0000-4000-8000-000000000003', '2027-01-20')];
		const refunded = payment('d0d00000-0000-4000-8000-000000000002', '2027-01-25', 'refunded');
		const cancelled = subscription('cancelled', 'Cancelled', '2027-02-03 12:00:00 +01:00');
		const all = [oneOff, created, ...paid, refunded, cancelled];
		for (const event of all) {
			clock = new Date(event.occurredAt!);
			const reply = await run('sf-npc-events', { events: [event] });
			expect(reply.body).toEqual([expect.objectContaining({ status: 'ok' })]);
			org.runJobs();
		}
		expect(org.findBy('Account', 'PersonEmail', 'olga@example.dk')).toHaveLength(1);
		expect(org.findBy('GiftTransaction', 'Payment_Id__c', 'OF-a0a00000-0000-4000-8000-000000000001')).toEqual([expect.objectContaining({ Status: 'Paid', OriginalAmount: 200, PaymentMethod: 'Credit Card' })]);
		const [commitment] = org.findBy('GiftCommitment', 'Subscription_Id__c', `OF-${SUBSCRIPTION}`);
		expect(commitment).toMatchObject({ Status: 'Closed' });
		expect(org.findBy('GiftCommitmentSchedule', 'GiftCommitmentId', commitment.Id)).toEqual([
			expect.objectContaining({ TransactionAmount: 150, TransactionPeriod: 'Monthly', TransactionInterval: 1, TransactionDay: '20', StartDate: '2026-11-20', EndDate: '2027-02-03', PaymentMethod: 'Credit Card', Type: 'CreateTransactions' }),
		]);
		// Each payment took over the instalment its schedule created: no second transaction for the same money.
		const key = (n: number) => `OF-d0d00000-0000-4000-8000-00000000000${n}`;
		expect(instalments(`OF-${SUBSCRIPTION}`)).toEqual([`2026-11-20 Paid ${key(1)}`, `2026-12-20 Paid ${key(2)}`, `2027-01-20 Paid ${key(3)}`, '2027-02-20 Canceled -']);
		// OnlineFundraising's refund names the payment itself (no refund id of its own): one GiftRefund per payment.
		expect(org.findBy('GiftRefund', 'Refund_Id__c', key(2))).toEqual([expect.objectContaining({ Amount: 150, Date: '2027-01-25' })]);
		expect(org.findBy('GiftTransaction', 'Payment_Id__c', key(2))[0]).toMatchObject({ CurrentAmount: 0 });

		const before = snapshot();
		const reply = await run('sf-npc-events', { events: all });
		expect(reply.body).toEqual(Array(all.length).fill(expect.objectContaining({ status: 'ok' })));
		org.runJobs();
		expect(snapshot()).toEqual(before);
	});

	it('Map Only: the NPC records of a subscription payment, as items for n8n\'s Salesforce node', async () => {
		const fb = JSON.parse(JSON_WEBHOOK) as Record<string, never>;
		const event: CanonicalEvent = { ...normalizeFundraisingBoxWebhook(fb, { vendorEvent: 'donation.recurrent', requestId: 'npc-map', receivedAt: clock }), testMode: false, subscription: { id: '377586', interval: 'monthly', status: 'active', nextPaymentAt: null } };
		const reply = await run('sf-npc-map', { events: [event] });
		expect(reply.body).toEqual([
			expect.objectContaining({ role: 'donor', object: 'Account', externalIdField: '', findBy: 'PersonEmail', externalIdValue: 'beate@example.ch' }),
			expect.objectContaining({ role: 'giftCommitment', object: 'GiftCommitment', externalIdField: 'Subscription_Id__c', externalIdValue: 'FB-377586' }),
			expect.objectContaining({ role: 'giftCommitmentSchedule', object: 'GiftCommitmentSchedule', findBy: 'GiftCommitmentId', findByIdOf: 'giftCommitment' }),
			expect.objectContaining({ role: 'giftTransaction', object: 'GiftTransaction', externalIdField: 'Payment_Id__c', externalIdValue: 'FB-8594200', fields: expect.objectContaining({ Status: 'Paid', PaymentMethod: 'PayPal' }) }),
		]);
		expect(itemsOf(latestRun(n8n, 'sfNpcMapOnlyChn1').data, 'Salesforce Mapper').map((item) => item.pairedItem)).toEqual(Array(4).fill({ item: 0 }));
	});

	it('continue on fail: one result per item, a refused one says why, the others are written', async () => {
		const fb = JSON.parse(JSON_WEBHOOK) as Record<string, never>;
		const base: CanonicalEvent = { ...normalizeFundraisingBoxWebhook(fb, { vendorEvent: 'online_donation.create', requestId: 'npc-cof', receivedAt: clock }), testMode: false };
		const good: CanonicalEvent = { ...base, eventId: 'fundraisingbox:cof-1', payment: { ...base.payment!, id: '8800001' } };
		const noEmail: CanonicalEvent = { ...base, eventId: 'fundraisingbox:cof-2', contact: { ...base.contact!, email: null }, payment: { ...base.payment!, id: '8800002' } };
		const klarna: CanonicalEvent = { ...base, eventId: 'fundraisingbox:cof-3', payment: { ...base.payment!, id: '8800003', method: 'Klarna' } };
		const reply = await run('sf-npc-continue', { events: [good, noEmail, klarna] });
		expect(reply.body).toEqual([
			expect.objectContaining({ eventId: 'fundraisingbox:cof-1', status: 'ok' }),
			{ error: expect.stringContaining('no e-mail address to find the donor') },
			{ error: expect.stringContaining('"Klarna" matches none of the org\'s Payment Method values; set a fallback') },
		]);
		expect(itemsOf(latestRun(n8n, 'sfNpcContinueCh1').data, 'Salesforce Mapper').map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(org.findBy('GiftTransaction', 'Payment_Id__c', 'FB-8800001')).toHaveLength(1);
		expect(org.findBy('GiftTransaction', 'Payment_Id__c', 'FB-8800003')).toHaveLength(0);
	});

	it('loads the Nonprofit Cloud dropdowns from the org through n8n: person record types, External ID fields, payment methods', async () => {
		const values = async (methodName: string, path: string) =>
			(
				(await n8n.dynamicParameters('options', {
					nodeTypeAndVersion: { name: nodeType('salesforceMapper'), version: 1 },
					credentials: credentialRef(NPC_CREDENTIAL()),
					currentNodeParameters: { operation: 'write', dataModel: 'nonprofitCloud' },
					methodName,
					path,
				})) as Array<{ name: string; value: string }>
			).map((option) => `${option.name} = ${option.value}`);
		expect(await values('getPersonAccountRecordTypes', 'personRecordTypeId')).toEqual([`Person Account = ${org.recordTypeId('PersonAccount')}`]);
		expect(await values('getGiftTransactionKeyFields', 'giftTransactionKeyField')).toEqual([expect.stringMatching(/= Payment_Id__c$/)]);
		expect(await values('getGiftCommitmentKeyFields', 'giftCommitmentKeyField')).toEqual([expect.stringMatching(/= Subscription_Id__c$/)]);
		expect(await values('getGiftRefundKeyFields', 'giftRefundKeyField')).toEqual([expect.stringMatching(/= Refund_Id__c$/)]);
		expect(await values('getGiftDesignations', 'npcOptions.giftDesignationId')).toEqual(['None = ', `Wasserprojekt = ${designationId}`]);
		expect(await values('getGiftPaymentMethods', 'fallbackPaymentMethod')).toEqual([...NPC_PAYMENT_METHODS.map((method) => `${method} = ${method}`), 'None (Refuse Such Payments) = ']);
	});

	it('never shows the client secret or a session token in any output', () => {
		const everything = [...replies, JSON.stringify(latestRun(n8n, DS24_FLOW_ID).data), JSON.stringify(latestRun(n8n, 'sfNpcEventsChn01').data)].join('\n');
		expect(everything).not.toContain(CLIENT_SECRET);
		expect(everything).not.toMatch(/00D\w{12,15}!/);
	});

	it('says what to fix when the API version is below 59.0 or the org has no Fundraising objects, and writes nothing', async () => {
		const fb = JSON.parse(JSON_WEBHOOK) as Record<string, never>;
		const event: CanonicalEvent = { ...normalizeFundraisingBoxWebhook(fb, { vendorEvent: 'online_donation.create', requestId: 'npc-org', receivedAt: clock }), testMode: false };
		await run('sf-npc-v58', { events: [event] });
		expect(latestRun(n8n, 'sfNpcOldVerChn01').data.resultData.error?.message).toContain("The credential's API version is 58.0; Nonprofit Cloud's Fundraising objects need 59.0 or later");
		await run('sf-npc-plain', { events: [event] });
		expect(latestRun(n8n, 'sfNpcPlainChn001').data.resultData.error?.message).toContain('The org has no GiftTransaction object: Nonprofit Cloud Fundraising needs the Fundraising Access license');
		expect(plainOrg.records('Account')).toHaveLength(0);
	});
});
