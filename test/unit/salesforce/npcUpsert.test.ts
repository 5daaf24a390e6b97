/**
 * The Nonprofit Cloud data model written by upsertEvents (NPC_MODEL) to the fake NPC org over real
 * HTTP: a subscription's commitment and schedule, its payments taking over the schedule's Unpaid
 * instalments (the fake's job creates them, as NPC's scheduled job does), redeliveries, a
 * cancellation and a refund. The e2e test (test/e2e/salesforce/npc.e2e.test.ts) runs the same in n8n.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IExecuteFunctions } from 'n8n-workflow';
import { normalizeFundraisingBoxWebhook } from '../../../nodes/FundraisingBox/toCanonicalEvent';
import { mapNpcEvent, type NpcConfig, type NpcRole } from '../../../nodes/SalesforceMapper/fromCanonicalEvent/nonprofitCloud';
import { NPC_MODEL, npcGiftTransactionFields } from '../../../nodes/SalesforceMapper/upsert/nonprofitCloud';
import { upsertEvents, type EventPlan, type RecordOutcome } from '../../../nodes/SalesforceMapper/upsert/collections';
import type { CanonicalEvent } from '../../../nodes/shared/canonicalEvent';
import { FakeSalesforceApi, NPC_PAYMENT_METHODS } from '../../fakes/salesforceApi';
import { addNpcKeyFields, NPC_TEST_CONFIG, sessionToken } from './npcOrg';

const fixture = (path: string) => JSON.parse(readFileSync(join(__dirname, '../../fixtures', path), 'utf8'));
const donation: CanonicalEvent = { ...normalizeFundraisingBoxWebhook(fixture('fundraisingbox/json-webhook.json'), { vendorEvent: 'online_donation.create', requestId: 'req-1' }), testMode: false };

let clock = new Date('2026-11-20T10:00:00Z');
const fake = new FakeSalesforceApi({ clientId: 'id', clientSecret: 'secret', npc: true, now: () => clock });
let token = '';

/** An n8n execution context whose authenticated requests go to the fake with a session token. */
function contextFor(apiVersion = '62.0'): IExecuteFunctions {
	return {
		getCredentials: async () => ({ apiVersion }),
		getNode: () => ({ name: 'Salesforce Mapper', type: 'n8n-nodes-fundraising-sync.salesforceMapper', typeVersion: 1, parameters: {}, credentials: {} }),
		helpers: {
			async httpRequestWithAuthentication(_type: string, options: { method: string; url: string; qs?: Record<string, string>; body?: unknown; headers?: Record<string, string> }) {
				const url = new URL(`${fake.baseUrl}${options.url}`);
				for (const [name, value] of Object.entries(options.qs ?? {})) url.searchParams.set(name, value);
				const response = await fetch(url, { method: options.method, headers: { ...options.headers, authorization: `Bearer ${token}` }, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
				const text = await response.text();
				return { statusCode: response.status, body: text ? JSON.parse(text) : undefined, headers: {} };
			},
		},
	} as unknown as IExecuteFunctions;
}

const config = (): NpcConfig => ({ ...NPC_TEST_CONFIG, personRecordTypeId: fake.recordTypeId('PersonAccount') });

const SUBSCRIPTION = { id: '377586', interval: 'monthly' as const, status: null, nextPaymentAt: null };
const subscriptionEvent = (event: CanonicalEvent['event'], day: string): CanonicalEvent => ({ ...donation, event, occurredAt: `${day}T09:30:00+01:00`, payment: { ...donation.payment!, id: null }, subscription: SUBSCRIPTION });
const payment = (id: string, day: string, event: CanonicalEvent['event'] = 'payment.succeeded'): CanonicalEvent => ({ ...donation, event, eventId: `pay-${id}`, occurredAt: `${day}T09:30:00+01:00`, payment: { ...donation.payment!, id }, subscription: SUBSCRIPTION });

/** Maps and writes events as the node does (one item each); returns each item's outcomes. */
async function write(...events: CanonicalEvent[]): Promise<RecordOutcome[][]> {
	const plans: Array<EventPlan<NpcRole>> = events.map((event, itemIndex) => {
		const mapping = mapNpcEvent(event, config());
		if ('skipped' in mapping) throw new Error(mapping.skipped);
		return { itemIndex, records: mapping.records };
	});
	const outcomes = await upsertEvents.call(contextFor(), plans, { allowDuplicates: false }, NPC_MODEL);
	return plans.map((plan) => outcomes.get(plan.itemIndex)!);
}

const gifts = () => fake.records('GiftTransaction').sort((a, b) => String(a.TransactionDueDate).localeCompare(String(b.TransactionDueDate)));
/** A commitment's transactions as "due date, status, key". */
const instalmentsOf = (subscriptionKey: string) => {
	const [commitment] = fake.findBy('GiftCommitment', 'Subscription_Id__c', subscriptionKey);
	return fake
		.findBy('GiftTransaction', 'GiftCommitmentId', commitment.Id)
		.map((gift) => `${String(gift.TransactionDueDate)} ${String(gift.Status)} ${String(gift.Payment_Id__c ?? '-')}`)
		.sort();
};
const summary = () => gifts().map((gift) => `${String(gift.TransactionDueDate)} ${String(gift.Status)} ${String(gift.Payment_Id__c ?? '-')}`);

beforeAll(async () => {
	addNpcKeyFields(fake);
	await fake.start();
	token = await sessionToken(fake);
});
afterAll(async () => await fake.stop());

describe('upsertEvents with the Nonprofit Cloud model', () => {
	it('a subscription: its commitment and schedule once, however often delivered', async () => {
		const [first] = await write(subscriptionEvent('subscription.created', '2026-11-20'));
		expect(first.map((outcome) => `${outcome.role} ${outcome.result}`)).toEqual(['donor created', 'giftCommitment created', 'giftCommitmentSchedule created']);
		const [again] = await write(subscriptionEvent('subscription.created', '2026-11-20'));
		expect(again.map((outcome) => outcome.result)).toEqual(['updated', 'updated', 'updated']);
		expect(again.map((outcome) => outcome.id)).toEqual(first.map((outcome) => outcome.id));
		expect(fake.records('GiftCommitment')).toEqual([expect.objectContaining({ Status: 'Active', Subscription_Id__c: 'FB-377586', DonorId: first[0].id })]);
		expect(fake.records('GiftCommitmentSchedule')).toEqual([
			expect.objectContaining({ GiftCommitmentId: first[1].id, TransactionAmount: 100, TransactionPeriod: 'Monthly', TransactionInterval: 1, TransactionDay: '20', StartDate: '2026-11-20', PaymentMethod: 'PayPal', Type: 'CreateTransactions' }),
		]);
		fake.runJobs();
		expect(summary()).toEqual(['2026-11-20 Unpaid -']);
	});

	it('three monthly payments each take over the schedule\'s instalment (one a day late); redelivered, they take over nothing', async () => {
		await write(payment('P1', '2026-11-20'));
		fake.runJobs();
		clock = new Date('2026-12-20T10:00:00Z');
		await write(payment('P2', '2026-12-20'));
		fake.runJobs();
		clock = new Date('2027-01-21T10:00:00Z');
		await write(payment('P3', '2027-01-21'));
		fake.runJobs();
		expect(summary()).toEqual(['2026-11-20 Paid FB-P1', '2026-12-20 Paid FB-P2', '2027-01-20 Paid FB-P3', '2027-02-20 Unpaid -']);
		const schedule = fake.records('GiftCommitmentSchedule')[0];
		expect(gifts().every((gift) => gift.GiftCommitmentScheduleId === schedule.Id && gift.GiftCommitmentId === schedule.GiftCommitmentId)).toBe(true);
		expect(gifts()[2]).toMatchObject({ TransactionDate: '2027-01-21', TransactionDueDate: '2027-01-20' });
		const outcomes = await write(payment('P1', '2026-11-20'), payment('P2', '2026-12-20'), payment('P3', '2027-01-21'));
		expect(outcomes.map((item) => item.map((outcome) => outcome.result).join(' '))).toEqual(Array(3).fill('updated updated updated updated'));
		fake.runJobs();
		expect(summary()).toEqual(['2026-11-20 Paid FB-P1', '2026-12-20 Paid FB-P2', '2027-01-20 Paid FB-P3', '2027-02-20 Unpaid -']);
	});

	it('a refund of a subscription payment: one GiftRefund, however often delivered', async () => {
		const refund: CanonicalEvent = { ...donation, event: 'payment.refunded', eventId: 'refund-1', amount: '-100.00', occurredAt: '2027-01-25T10:00:00+01:00', payment: { ...donation.payment!, id: 'R1', parentId: 'P2' }, subscription: SUBSCRIPTION };
		await write(refund);
		await write(refund);
		expect(fake.records('GiftRefund')).toEqual([expect.objectContaining({ Refund_Id__c: 'FB-R1', Amount: 100 })]);
		expect(fake.findBy('GiftTransaction', 'Payment_Id__c', 'FB-P2')[0]).toMatchObject({ Status: 'Paid', CurrentAmount: 0 });
	});

	it('a cancellation closes the commitment (its open instalment canceled, as closeGiftCommitment does) and ends its schedule; nothing follows', async () => {
		clock = new Date('2027-02-03T10:00:00Z');
		await write(subscriptionEvent('subscription.cancelled', '2027-02-03'));
		await write(subscriptionEvent('subscription.cancelled', '2027-02-03'));
		fake.runJobs();
		expect(fake.records('GiftCommitment')[0]).toMatchObject({ Status: 'Closed' });
		expect(fake.records('GiftCommitmentSchedule')).toEqual([expect.objectContaining({ EndDate: '2027-02-03' })]);
		expect(summary()).toEqual(['2026-11-20 Paid FB-P1', '2026-12-20 Paid FB-P2', '2027-01-20 Paid FB-P3', '2027-02-20 Canceled -']);
		expect(fake.count('Account')).toBe(1);
	});

	it('a payment whose schedule has no instalment for its date is created, linked to commitment and schedule', async () => {
		clock = new Date('2027-03-10T10:00:00Z');
		const [outcomes] = await write(payment('P9', '2027-03-10', 'payment.failed'));
		expect(outcomes.map((outcome) => outcome.result)).toEqual(['updated', 'updated', 'updated', 'created']);
		expect(fake.findBy('GiftTransaction', 'Payment_Id__c', 'FB-P9')[0]).toMatchObject({ Status: 'Failed', TransactionDueDate: '2027-03-10', GiftCommitmentScheduleId: fake.records('GiftCommitmentSchedule')[0].Id });
	});
});

describe('upsertEvents with the Nonprofit Cloud model: a failed payment of a subscription', () => {
	it('takes over the instalment as Failed; the payment that follows takes over the next one', async () => {
		clock = new Date('2027-04-01T10:00:00Z');
		const monthly = { id: '880001', interval: 'monthly' as const, status: null, nextPaymentAt: null };
		await write({ ...subscriptionEvent('subscription.created', '2027-04-01'), subscription: monthly });
		fake.runJobs();
		await write({ ...payment('F1', '2027-04-01', 'payment.failed'), subscription: monthly });
		fake.runJobs();
		clock = new Date('2027-05-01T10:00:00Z');
		await write({ ...payment('F2', '2027-05-01'), subscription: monthly });
		fake.runJobs();
		expect(instalmentsOf('FB-880001')).toEqual(['2027-04-01 Failed FB-F1', '2027-05-01 Paid FB-F2', '2027-06-01 Unpaid -']);
	});
});

describe('upsertEvents with the Nonprofit Cloud model: a subscription without a known rhythm', () => {
	it('is a commitment without a schedule; its cancellation closes it and creates no schedule to end', async () => {
		const other = { id: '990001', interval: null, status: null, nextPaymentAt: null };
		const started = { ...subscriptionEvent('subscription.created', '2027-03-01'), subscription: other };
		await write(started);
		const [cancelled] = await write({ ...started, event: 'subscription.cancelled', occurredAt: '2027-03-05T10:00:00+01:00' });
		expect(cancelled.map((outcome) => `${outcome.role} ${outcome.result}${outcome.note ? ` (${outcome.note})` : ''}`)).toEqual([
			'donor updated',
			'giftCommitment updated',
			'giftCommitmentSchedule unchanged (The commitment has no schedule to end)',
		]);
		const [commitment] = fake.findBy('GiftCommitment', 'Subscription_Id__c', 'FB-990001');
		expect(commitment).toMatchObject({ Status: 'Closed' });
		expect(fake.findBy('GiftCommitmentSchedule', 'GiftCommitmentId', commitment.Id)).toHaveLength(0);
	});
});

describe('npcGiftTransactionFields: what the org must have', () => {
	it('returns the describe with the org\'s payment methods', async () => {
		const fields = await npcGiftTransactionFields.call(contextFor());
		expect(fields.find((field) => field.name === 'PaymentMethod')?.picklistValues?.map((entry) => entry.value)).toEqual(NPC_PAYMENT_METHODS);
	});

	it('says what to fix: an API version below 59.0, or an org without the Fundraising objects', async () => {
		await expect(npcGiftTransactionFields.call(contextFor('58.0'))).rejects.toThrow("The credential's API version is 58.0; Nonprofit Cloud's Fundraising objects need 59.0 or later: raise the API version in the Salesforce credential");
		const plain = new FakeSalesforceApi({ clientId: 'id', clientSecret: 'secret' });
		await plain.start();
		const saved = fake.baseUrl;
		Object.defineProperty(fake, 'baseUrl', { get: () => plain.baseUrl, configurable: true });
		try {
			const own = token;
			token = await sessionToken(plain);
			await expect(npcGiftTransactionFields.call(contextFor())).rejects.toThrow(/no GiftTransaction object: Nonprofit Cloud Fundraising needs the Fundraising Access license/);
			token = own;
		} finally {
			Object.defineProperty(fake, 'baseUrl', { get: () => saved, configurable: true });
			await plain.stop();
		}
	});
});

describe('upsertEvents with the Nonprofit Cloud model: a Gift Designation', () => {
	const designated = (designationId: string) => async (...events: CanonicalEvent[]) => {
		const plans: Array<EventPlan<NpcRole>> = events.map((event, itemIndex) => {
			const mapping = mapNpcEvent(event, { ...config(), giftDesignationId: designationId });
			if ('skipped' in mapping) throw new Error(mapping.skipped);
			return { itemIndex, records: mapping.records };
		});
		const outcomes = await upsertEvents.call(contextFor(), plans, { allowDuplicates: false }, NPC_MODEL);
		return plans.map((plan) => outcomes.get(plan.itemIndex)!.find((outcome) => outcome.role === 'giftTransactionDesignation'));
	};
	const designationsOf = (key: string) => fake.findBy('GiftTransactionDesignation', 'GiftTransactionId', fake.findBy('GiftTransaction', 'Payment_Id__c', key)[0].Id);

	it('each new Gift Transaction gets one of 100 %; a redelivery, and an instalment designated already, get no second one', async () => {
		const designation = fake.addRecord('GiftDesignation', { Name: 'Wasserprojekt', IsActive: true });
		const writeDesignated = designated(designation.Id as string);
		const oneOff = { ...payment('D1', '2027-03-20'), subscription: null };
		expect(await writeDesignated(oneOff)).toEqual([expect.objectContaining({ result: 'created', object: 'GiftTransactionDesignation' })]);
		expect(designationsOf('FB-D1')).toEqual([expect.objectContaining({ GiftDesignationId: designation.Id, Percent: 100 })]);
		expect(await writeDesignated(oneOff)).toEqual([expect.objectContaining({ result: 'unchanged', note: 'The Gift Transaction has a designation already' })]);
		expect(designationsOf('FB-D1')).toHaveLength(1);

		// A subscription's instalment that NPC designated from its schedule, then taken over by the payment.
		const subscription = { ...SUBSCRIPTION, id: 'SUBD' };
		clock = new Date('2027-03-20T10:00:00Z');
		await writeDesignated({ ...payment('D2', '2027-03-20'), subscription });
		fake.runJobs();
		const [instalment] = fake.findBy('GiftTransaction', 'TransactionDueDate', '2027-04-20').filter((gift) => gift.Status === 'Unpaid');
		fake.addRecord('GiftTransactionDesignation', { GiftTransactionId: instalment.Id, GiftDesignationId: designation.Id, Percent: 100 });
		clock = new Date('2027-04-20T10:00:00Z');
		expect(await writeDesignated({ ...payment('D3', '2027-04-20'), subscription })).toEqual([expect.objectContaining({ result: 'unchanged' })]);
		expect(fake.findBy('GiftTransaction', 'Payment_Id__c', 'FB-D3')[0].Id).toBe(instalment.Id);
		expect(designationsOf('FB-D2')).toHaveLength(1);
		expect(designationsOf('FB-D3')).toHaveLength(1);
	});
});
