/**
 * The Nonprofit Cloud mapping's first slice (internal, not offered by the node yet): the donor as a
 * Person Account or organisation Account, `payment.succeeded` as a Paid Gift Transaction, checked
 * against the fake NPC org's required fields and redelivery.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { normalizeDigistore24Ipn } from '../../../nodes/Digistore24/toCanonicalEvent';
import { normalizeFundraisingBoxWebhook } from '../../../nodes/FundraisingBox/toCanonicalEvent';
import { MappingError } from '../../../nodes/SalesforceMapper/fromCanonicalEvent/contacts';
import {
	donorRecord,
	giftCommitmentRecord,
	giftRefundRecord,
	giftTransactionDesignationRecord,
	giftTransactionRecord,
	instalmentToTakeOver,
	mapNpcEvent,
	npcPaymentMethod,
	transactionDay,
	type NpcConfig,
	type NpcRecord,
} from '../../../nodes/SalesforceMapper/fromCanonicalEvent/nonprofitCloud';
import type { CanonicalEvent } from '../../../nodes/shared/canonicalEvent';
import { FakeSalesforceApi, NPC_PAYMENT_METHODS } from '../../fakes/salesforceApi';
import { addNpcKeyFields, NPC_TEST_CONFIG, sessionToken } from './npcOrg';

const fixture = (path: string) => JSON.parse(readFileSync(join(__dirname, '../../fixtures', path), 'utf8'));
/** A real FundraisingBox donation (PayPal, fb_type_id 3; its sample is a test donation, taken as live here). */
const donation: CanonicalEvent = { ...normalizeFundraisingBoxWebhook(fixture('fundraisingbox/json-webhook.json'), { vendorEvent: 'online_donation.create', requestId: 'req-9' }), testMode: false };
/** A real Digistore24 payment by credit card. */
const ds24 = normalizeDigistore24Ipn({ ...(fixture('digistore24/captured-on-payment.json') as Record<string, string>), api_mode: 'live', pay_method: 'creditcard' }, { receivedAt: new Date('2026-08-18T06:41:50Z') });

const config: NpcConfig = NPC_TEST_CONFIG;

const records = (event: CanonicalEvent, settings = config): NpcRecord[] => {
	const mapping = mapNpcEvent(event, settings);
	if ('skipped' in mapping) throw new Error(mapping.skipped);
	return mapping.records;
};

describe('mapNpcEvent: payment.succeeded', () => {
	it('a FundraisingBox donation becomes a Person Account found by PersonEmail and a Paid Gift Transaction keyed by the source id', () => {
		const [donor, gift] = records(donation);
		expect(donor).toEqual({
			role: 'donor',
			object: 'Account',
			externalIdField: 'PersonEmail',
			externalIdValue: 'beate@example.ch',
			lookupField: 'PersonEmail',
			fields: {
				FirstName: 'Beate', LastName: 'Beispiel', PersonEmail: 'beate@example.ch',
				PersonMailingStreet: 'Bahnhofstrasse 12', PersonMailingPostalCode: '8001', PersonMailingCity: 'Zürich', PersonMailingCountry: 'Switzerland',
			},
			createOnly: { RecordTypeId: '012000000000001AAA' },
			ifNew: {},
			links: [],
		});
		expect(gift).toEqual({
			role: 'giftTransaction',
			object: 'GiftTransaction',
			externalIdField: 'Payment_Id__c',
			externalIdValue: 'FB-8594200',
			fields: {
				Name: 'FundraisingBox 8594200', Status: 'Paid', OriginalAmount: 100, TransactionDate: '2026-11-20', TransactionDueDate: '2026-11-20', PaymentMethod: 'PayPal',
			},
			createOnly: {},
			ifNew: {},
			links: [{ field: 'DonorId', role: 'donor' }],
		});
	});

	it('a Digistore24 credit-card payment takes the org\'s Credit Card value; campaign and currency when set', () => {
		const [, gift] = records(ds24, { ...config, campaignId: '701000000000001AAA', sendCurrency: true });
		expect(gift.fields).toMatchObject({ PaymentMethod: 'Credit Card', CampaignId: '701000000000001AAA', CurrencyIsoCode: ds24.currency, Status: 'Paid' });
		expect(gift.externalIdValue).toBe(`DS24-${ds24.payment?.id}`);
	});

	it('a company without a personal name is an organisation Account found by Name, with the business record type if set', () => {
		const company: CanonicalEvent = { ...donation, contact: { ...donation.contact!, firstName: null, lastName: null, company: 'Analytical Engines Ltd' } };
		const donor = donorRecord(company, { ...config, businessRecordTypeId: '012000000000002AAA' });
		expect(donor).toMatchObject({ object: 'Account', externalIdField: 'Name', lookupField: 'Name', externalIdValue: 'Analytical Engines Ltd', createOnly: { RecordTypeId: '012000000000002AAA' } });
		expect(donor.fields).toMatchObject({ BillingCity: 'Zürich', BillingCountry: 'Switzerland' });
		expect(Object.keys(donor.fields).some((field) => field.startsWith('Person'))).toBe(false);
	});

	it('gives a new person without a last name a stand-in, never over an existing one', () => {
		const nameless: CanonicalEvent = { ...donation, contact: { ...donation.contact!, lastName: null } };
		const donor = donorRecord(nameless, config);
		expect(donor.fields.LastName).toBeUndefined();
		expect(donor.ifNew).toEqual({ LastName: 'beate' });
	});

	it('refuses what would duplicate or break a record: no e-mail, no key field, no person record type, no amount, no payment method', () => {
		const noEmail: CanonicalEvent = { ...donation, contact: { ...donation.contact!, email: null } };
		expect(() => donorRecord(noEmail, config)).toThrow(MappingError);
		expect(() => donorRecord(donation, { ...config, personRecordTypeId: '' })).toThrow(/Person Accounts/);
		expect(() => giftTransactionRecord(donation, { ...config, giftTransactionKeyField: ' ' })).toThrow(/External ID field/);
		expect(() => giftTransactionRecord({ ...donation, amount: null }, config)).toThrow(/no amount/);
		expect(() => giftTransactionRecord(donation, { ...config, paymentMethods: ['Cash'] })).toThrow(/set a fallback/);
		expect(giftTransactionRecord(donation, { ...config, paymentMethods: ['Cash'], fallbackPaymentMethod: 'Cash' }).fields.PaymentMethod).toBe('Cash');
	});
});

/** Digistore24's refund of the payment: it names the reversed payment in parent_transaction_id. */
const ds24Refund = normalizeDigistore24Ipn(
	{ ...(fixture('digistore24/captured-on-payment.json') as Record<string, string>), api_mode: 'live', pay_method: 'creditcard', event: 'on_refund', transaction_id: '4000100', parent_transaction_id: String(ds24.payment?.id), transaction_type: 'refund', transaction_amount: '-20.00', amount_brutto: '-20.00', amount: '-20.00' },
	{ receivedAt: new Date('2026-08-20T10:00:00Z') },
);

describe('giftTransactionDesignationRecord (option Gift Designation)', () => {
	const designated = { ...config, giftDesignationId: '0gd000000000001AAA' };

	it('a paid payment: one GiftTransactionDesignation of 100 % to the designation, linked to its transaction, only ever created', () => {
		const mapped = records(donation, designated);
		expect(mapped.map((record) => record.role)).toEqual(['donor', 'giftTransaction', 'giftTransactionDesignation']);
		expect(mapped[2]).toMatchObject({
			object: 'GiftTransactionDesignation',
			externalIdField: '',
			externalIdValue: 'FB-8594200',
			fields: { GiftDesignationId: '0gd000000000001AAA', Percent: 100 },
			links: [{ field: 'GiftTransactionId', role: 'giftTransaction' }],
		});
	});

	it('none without the option, and none for a failed payment or a refund', () => {
		expect(giftTransactionDesignationRecord(giftTransactionRecord(donation, config), config)).toBeUndefined();
		expect(records({ ...donation, event: 'payment.failed' }, designated).map((record) => record.role)).toEqual(['donor', 'giftTransaction']);
		expect(records({ ...donation, event: 'payment.refunded' }, designated).map((record) => record.role)).toEqual(['donor', 'giftTransaction', 'giftRefund']);
	});
});

describe('mapNpcEvent: refunds, chargebacks, failures', () => {
	it('a refund becomes a GiftRefund keyed by its own id, of the reversed payment\'s transaction, which it leaves as it is', () => {
		const [donor, gift, refund] = records(ds24Refund);
		expect(donor.role).toBe('donor');
		expect(gift).toMatchObject({ externalIdValue: `DS24-${ds24.payment?.id}`, fields: {} });
		expect(gift.ifNew).toMatchObject({ Status: 'Paid', OriginalAmount: 20, PaymentMethod: 'Credit Card' });
		expect(refund).toEqual({
			role: 'giftRefund', object: 'GiftRefund', externalIdField: 'Refund_Id__c', externalIdValue: 'DS24-4000100',
			fields: { Amount: 20, Date: ds24Refund.occurredAt?.slice(0, 10) }, createOnly: {}, ifNew: {}, links: [{ field: 'GiftTransactionId', role: 'giftTransaction' }],
		});
		expect(records({ ...ds24Refund, event: 'payment.chargeback' })[2]).toMatchObject({ object: 'GiftRefund', fields: { Amount: 20 } });
		expect(() => giftRefundRecord(ds24Refund, { ...config, giftRefundKeyField: '' })).toThrow(/GiftRefund/);
	});

	it('a failed or missed payment sets Status Failed and brings the rest only for a new transaction; no method is no obstacle then', () => {
		for (const event of ['payment.failed', 'payment.missed'] as const) {
			const [, gift] = records({ ...donation, event }, { ...config, paymentMethods: [] });
			expect(gift.fields).toEqual({ Status: 'Failed' });
			expect(gift.ifNew).toMatchObject({ OriginalAmount: 100, TransactionDueDate: '2026-11-20' });
			expect(gift.ifNew.PaymentMethod).toBeUndefined();
		}
	});
});

describe('npcPaymentMethod', () => {
	it.each([
		['PayPal', 'PayPal'],
		['creditcard', 'Credit Card'],
		['Stripe Credit Card', 'Credit Card'],
		['Stripe Apple Pay', 'Credit Card'],
		['SEPA Direct Debit', 'Direct Debit'],
		['Card', 'Credit Card'],
		['cash', 'Cash'],
	])('%s → %s with the fake org\'s values', (method, value) => {
		expect(npcPaymentMethod(method, NPC_PAYMENT_METHODS, '')).toBe(value);
	});

	it('uses the org\'s own spelling, the next value of the family, or the fallback', () => {
		expect(npcPaymentMethod('SEPA Direct Debit', ['ACH', 'Cash'], '')).toBe('ACH');
		expect(npcPaymentMethod('credit card', ['credit card'], '')).toBe('credit card');
		expect(npcPaymentMethod('Klarna', ['Cash'], 'Other')).toBe('Other');
		expect(npcPaymentMethod(null, ['Cash'], '')).toBeUndefined();
	});
});

/** A monthly FundraisingBox subscription of Beate's (subscription id 377586), started on 2026-11-20 by PayPal. */
const subscription = (event: CanonicalEvent['event'], interval: NonNullable<CanonicalEvent['subscription']>['interval'] = 'monthly', occurredAt = '2026-11-20T09:30:00+01:00'): CanonicalEvent => ({
	...donation,
	event,
	occurredAt,
	payment: event.startsWith('payment.') ? donation.payment : { ...donation.payment!, id: null },
	subscription: { id: '377586', interval, status: null, nextPaymentAt: null },
});

describe('mapNpcEvent: subscriptions', () => {
	it('subscription.created: donor, an Active Gift Commitment keyed by the subscription id (Active only if new: redelivered after the cancellation, it does not reopen it), and its schedule (found through the commitment)', () => {
		const [donor, commitment, schedule] = records(subscription('subscription.created'));
		expect(donor.role).toBe('donor');
		expect(commitment).toEqual({
			role: 'giftCommitment', object: 'GiftCommitment', externalIdField: 'Subscription_Id__c', externalIdValue: 'FB-377586',
			fields: {},
			createOnly: {},
			ifNew: { Status: 'Active', Name: 'FundraisingBox subscription 377586', EffectiveStartDate: '2026-11-20' },
			links: [{ field: 'DonorId', role: 'donor' }],
		});
		expect(schedule).toEqual({
			role: 'giftCommitmentSchedule', object: 'GiftCommitmentSchedule', externalIdField: 'GiftCommitmentId', externalIdValue: 'FB-377586', lookupField: 'GiftCommitmentId',
			fields: { TransactionAmount: 100, TransactionPeriod: 'Monthly', TransactionInterval: 1, PaymentMethod: 'PayPal' },
			createOnly: {},
			ifNew: { StartDate: '2026-11-20', TransactionDay: '20', Type: 'CreateTransactions' },
			links: [{ field: 'GiftCommitmentId', role: 'giftCommitment' }],
		});
	});

	it.each([
		['monthly', 'Monthly', 1],
		['quarterly', 'Monthly', 3],
		['half-yearly', 'Monthly', 6],
		['yearly', 'Yearly', 1],
	] as const)('%s → %s × %i (a Yearly schedule has no TransactionDay)', (interval, period, every) => {
		const schedule = records(subscription('subscription.updated', interval))[2];
		expect(schedule.fields).toMatchObject({ TransactionPeriod: period, TransactionInterval: every });
		expect('TransactionDay' in schedule.ifNew).toBe(period === 'Monthly');
	});

	it('TransactionDay: 1–30 as they are, the 31st as LastDay', () => {
		expect(transactionDay('2026-12-01')).toBe('1');
		expect(transactionDay('2026-11-30')).toBe('30');
		expect(transactionDay('2026-12-31')).toBe('LastDay');
		expect(records(subscription('subscription.created', 'monthly', '2026-12-31T10:00:00+01:00'))[2].ifNew.TransactionDay).toBe('LastDay');
	});

	it('cancelled or ended: the commitment Closed and the schedule\'s EndDate; resumed: Active and no EndDate', () => {
		for (const event of ['subscription.cancelled', 'subscription.ended'] as const) {
			const [, commitment, schedule] = records(subscription(event, 'monthly', '2027-02-03T12:00:00+01:00'));
			expect(commitment.fields).toEqual({ Status: 'Closed' });
			expect(schedule.fields).toEqual({ EndDate: '2027-02-03' });
			expect(schedule.ifNew).toEqual({});
		}
		const cancelledWithoutInterval = records({ ...subscription('subscription.cancelled'), subscription: { id: '377586', interval: null, status: null, nextPaymentAt: null } });
		expect(cancelledWithoutInterval.map((mapped) => mapped.role)).toEqual(['donor', 'giftCommitment', 'giftCommitmentSchedule']);
		const [, resumed, schedule] = records(subscription('subscription.resumed'));
		expect(resumed.fields).toEqual({ Status: 'Active' });
		expect(schedule.fields).toMatchObject({ EndDate: null, TransactionAmount: 100 });
	});

	it('a subscription with an interval NPC has no rhythm for gets no schedule; no subscription id or key field is refused', () => {
		expect(records(subscription('subscription.created', 'other')).map((mapped) => mapped.role)).toEqual(['donor', 'giftCommitment']);
		expect(() => records({ ...subscription('subscription.created'), subscription: null })).toThrow(/no subscription id/);
		expect(() => giftCommitmentRecord(subscription('subscription.created'), { ...config, giftCommitmentKeyField: '' })).toThrow(/External ID field of GiftCommitment/);
	});

	it('a payment of the subscription: commitment and schedule only if new (a closed one stays closed), the transaction linked to both, its due date only if new', () => {
		const [, commitment, schedule, gift] = records(subscription('payment.succeeded'));
		expect(commitment.fields).toEqual({});
		expect(commitment.ifNew).toMatchObject({ Status: 'Active' });
		expect(schedule.fields).toEqual({});
		expect(schedule.ifNew).toMatchObject({ TransactionAmount: 100, TransactionPeriod: 'Monthly', StartDate: '2026-11-20' });
		expect(gift.fields).toMatchObject({ Status: 'Paid', TransactionDate: '2026-11-20' });
		expect(gift.fields).not.toHaveProperty('TransactionDueDate');
		expect(gift.ifNew).toEqual({ TransactionDueDate: '2026-11-20' });
		expect(gift.links).toEqual([
			{ field: 'DonorId', role: 'donor' },
			{ field: 'GiftCommitmentId', role: 'giftCommitment' },
			{ field: 'GiftCommitmentScheduleId', role: 'giftCommitmentSchedule' },
		]);
		const [, , , failed] = records(subscription('payment.failed'));
		expect(failed.fields).toEqual({ Status: 'Failed' });
		// A refund is about its transaction only.
		expect(records({ ...subscription('payment.refunded'), payment: { ...donation.payment!, id: 'R1', parentId: donation.payment!.id } }).map((mapped) => mapped.role)).toEqual(['donor', 'giftTransaction', 'giftRefund']);
	});
});

describe('mapNpcEvent: other events', () => {
	it('skips test payments, events that are never written and events without a contact; a contact event is its donor', () => {
		expect(mapNpcEvent({ ...donation, testMode: true }, config)).toEqual({ skipped: expect.stringContaining('testMode') });
		expect(records({ ...donation, testMode: true }, { ...config, includeTestEvents: true })).toHaveLength(2);
		expect(mapNpcEvent({ ...donation, event: 'other' }, config)).toEqual({ skipped: '"other" events are not written to Salesforce' });
		expect(mapNpcEvent({ ...donation, contact: null }, config)).toEqual({ skipped: expect.stringContaining('has no contact') });
		for (const event of ['contact.created', 'contact.updated'] as const) expect(records({ ...donation, event }).map((mapped) => mapped.role)).toEqual(['donor']);
	});
});

describe('the mapped records on the fake Nonprofit Cloud org', () => {
	const fake = new FakeSalesforceApi({ clientId: 'id', clientSecret: 'secret', npc: true });
	const V = '/services/data/v62.0';
	let token = '';

	beforeAll(async () => {
		addNpcKeyFields(fake);
		await fake.start();
		token = await sessionToken(fake);
	});
	afterAll(async () => await fake.stop());

	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	async function api(method: string, path: string, body?: unknown): Promise<any> {
		const response = await fetch(`${fake.baseUrl}${V}${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body), headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } });
		return response.json();
	}

	/** What the upsert step will do (next session): find the donor by its lookup field, write it by Id, then the gift by its key. */
	async function write(event: CanonicalEvent): Promise<{ donorCreated: boolean; giftCreated: boolean }> {
		const [donor, gift] = records(event, { ...config, personRecordTypeId: fake.recordTypeId('PersonAccount') });
		const found = await api('GET', `/query?${new URLSearchParams({ q: `SELECT Id FROM Account WHERE ${donor.lookupField} = '${donor.externalIdValue}'` }).toString()}`);
		const existing = found.records[0]?.Id as string | undefined;
		const donorBody = { attributes: { type: 'Account' }, Id: existing ?? null, ...donor.fields, ...(existing ? {} : { ...donor.createOnly, ...donor.ifNew }) };
		const [donorResult] = await api('PATCH', '/composite/sobjects/Account/Id', { allOrNone: false, records: [donorBody] });
		expect(donorResult).toMatchObject({ success: true });
		const giftBody = { attributes: { type: 'GiftTransaction' }, [gift.externalIdField]: gift.externalIdValue, ...gift.fields, DonorId: donorResult.id };
		const [giftResult] = await api('PATCH', `/composite/sobjects/GiftTransaction/${gift.externalIdField}`, { allOrNone: false, records: [giftBody] });
		expect(giftResult).toMatchObject({ success: true });
		const refund = records(event, { ...config, personRecordTypeId: fake.recordTypeId('PersonAccount') })[2];
		if (refund) {
			const existingRefund = fake.findBy('GiftRefund', refund.externalIdField, refund.externalIdValue)[0];
			const refundBody = { attributes: { type: 'GiftRefund' }, [refund.externalIdField]: refund.externalIdValue, ...refund.fields, ...(existingRefund ? {} : { GiftTransactionId: giftResult.id }) };
			const [refundResult] = await api('PATCH', `/composite/sobjects/GiftRefund/${refund.externalIdField}`, { allOrNone: false, records: [refundBody] });
			expect(refundResult).toMatchObject({ success: true });
		}
		return { donorCreated: donorResult.created as boolean, giftCreated: giftResult.created as boolean };
	}

	it('meets every required field, and a redelivery updates the same donor and gift', async () => {
		expect(await write(donation)).toEqual({ donorCreated: true, giftCreated: true });
		expect(await write(donation)).toEqual({ donorCreated: false, giftCreated: false });
		expect(fake.count('Account')).toBe(1);
		expect(fake.count('Contact')).toBe(1);
		expect(fake.records('GiftTransaction')).toEqual([expect.objectContaining({ Status: 'Paid', OriginalAmount: 100, CurrentAmount: 100, PaymentMethod: 'PayPal', GiftType: 'Individual' })]);
		expect(fake.records('Account')[0]).toMatchObject({ IsPersonAccount: true, Name: 'Beate Beispiel' });
	});

	it('a partial refund lowers the payment\'s CurrentAmount once, however often it is delivered', async () => {
		await write(ds24);
		await write(ds24Refund);
		await write(ds24Refund);
		const gift = fake.findBy('GiftTransaction', 'Payment_Id__c', `DS24-${ds24.payment?.id}`)[0];
		expect(gift).toMatchObject({ Status: 'Paid', OriginalAmount: Math.abs(Number(ds24.amount)), RefundedAmount: 20, CurrentAmount: Math.abs(Number(ds24.amount)) - 20 });
		expect(fake.count('GiftRefund')).toBe(1);
	});
});

describe('instalmentToTakeOver (for the next step: a subscription payment takes over its instalment)', () => {
	const unpaid = (Id: string, TransactionDueDate: string, Status = 'Unpaid') => ({ Id, Status, TransactionDueDate });

	it('takes the Unpaid instalment due that day, else the nearest within 3 days (the earlier on a tie)', () => {
		expect(instalmentToTakeOver([unpaid('a', '2026-12-14'), unpaid('b', '2026-12-15')], '2026-12-15')).toBe('b');
		expect(instalmentToTakeOver([unpaid('a', '2026-12-12'), unpaid('b', '2026-12-17')], '2026-12-15')).toBe('b');
		expect(instalmentToTakeOver([unpaid('a', '2026-12-13'), unpaid('b', '2026-12-17')], '2026-12-15')).toBe('a');
		expect(instalmentToTakeOver([unpaid('a', '2026-12-18')], '2026-12-15')).toBe('a');
	});

	it('takes none that is paid, failed, too far away or undated: the payment is then a new transaction', () => {
		expect(instalmentToTakeOver([unpaid('a', '2026-12-15', 'Paid'), unpaid('b', '2026-12-15', 'Failed')], '2026-12-15')).toBeUndefined();
		expect(instalmentToTakeOver([unpaid('a', '2026-12-19'), unpaid('b', '2026-12-11')], '2026-12-15')).toBeUndefined();
		expect(instalmentToTakeOver([{ Id: 'a', Status: 'Unpaid', TransactionDueDate: null }], '2026-12-15')).toBeUndefined();
		expect(instalmentToTakeOver([unpaid('a', '2026-12-15')], 'not a date')).toBeUndefined();
	});
});
