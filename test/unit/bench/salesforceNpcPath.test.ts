/** The Nonprofit Cloud path of the Salesforce benchmark (bench/salesforceNpcPath.ts): its events, call kinds and the naive client against the fake org. */
import { checkNpcOrg, npcEvents, npcKindOf, npcNaiveConfig, upsertNpcDirectly, NPC_CLOCK } from '../../../bench/salesforceNpcPath';
import { CANONICAL_EVENT_VERSION, type CanonicalEvent } from '../../../nodes/shared/canonicalEvent';
import { addNpcKeyFields } from '../../e2e/helpers/npcOrg';
import { FakeSalesforceApi, type SalesforceFakeCall } from '../../fakes/salesforceApi';

const payment = (index: number): CanonicalEvent => ({
	schemaVersion: CANONICAL_EVENT_VERSION,
	source: 'digistore24',
	event: 'payment.succeeded',
	vendorEvent: 'on_payment',
	eventId: `digistore24:${index}`,
	occurredAt: '2026-10-01T10:00:00+02:00',
	receivedAt: '2026-10-01T08:00:01Z',
	testMode: false,
	amount: '25.00',
	currency: 'EUR',
	contact: { id: null, salutation: null, title: null, firstName: 'Anna', lastName: `Muster${index}`, company: null, email: `anna${index}@example.ch`, phone: null, mobile: null, language: null, address: null },
	payment: { id: String(5000 + index), orderId: `O${index}`, method: 'creditcard', sequenceNo: null, parentId: null, invoiceUrl: null },
	subscription: null,
	product: null,
	vendor: {},
	raw: '',
});
const PAYMENTS = Array.from({ length: 10 }, (_, index) => payment(index));

describe('the NPC benchmark events', () => {
	it('are 60 % one-off payments, 30 % subscription payments on the instalment due date, 10 % refunds; the history holds what they need', () => {
		const set = npcEvents(PAYMENTS, 1);
		expect(set.counts).toEqual({ oneOff: 6, takeover: 3, refund: 1 });
		expect(set.measured.map((event) => `${event.event} ${event.subscription ? 'sub' : '-'}`)).toEqual([
			...Array(6).fill('payment.succeeded -'),
			...Array(3).fill('payment.succeeded sub'),
			'payment.refunded -',
		]);
		expect(set.history).toHaveLength(4);
		expect(set.measured[6]).toMatchObject({ occurredAt: '2026-12-20T09:00:00+01:00', payment: { id: 'G1X5006N2' }, subscription: { id: 'SUBG1X5006', interval: 'monthly' } });
		expect(set.history[0]).toMatchObject({ occurredAt: '2026-11-20T09:00:00+01:00', payment: { id: 'G1X5006' }, subscription: { id: 'SUBG1X5006' } });
		expect(set.measured[9].payment).toMatchObject({ id: 'G1X5009R', parentId: 'G1X5009' });
	});

	it('of another generation share no donor and no key', () => {
		const keys = (generation: number) => npcEvents(PAYMENTS, generation).measured.flatMap((event) => [event.contact!.email, event.payment!.id]);
		expect(keys(1).filter((key) => keys(2).includes(key))).toEqual([]);
	});
});

it('call kinds leave out the API version, record Ids, key values and query text', () => {
	const kind = (method: string, path: string) => npcKindOf({ method, path } as SalesforceFakeCall);
	expect(kind('GET', '/services/data/v62.0/query?q=SELECT+Id')).toBe('GET /query');
	expect(kind('PATCH', '/services/data/v62.0/sobjects/GiftTransaction/Payment_Id__c/DS24-1')).toBe('PATCH /sobjects/GiftTransaction/Payment_Id__c/<value>');
	expect(kind('PATCH', '/services/data/v62.0/sobjects/Account/001000000000001AAA')).toBe('PATCH /sobjects/Account/<id>');
	expect(kind('PATCH', '/services/data/v62.0/composite/sobjects/GiftTransaction/Payment_Id__c')).toBe('PATCH /composite/sobjects/GiftTransaction/Payment_Id__c');
});

describe('the naive NPC client against the fake org', () => {
	const fake = new FakeSalesforceApi({ clientId: 'c', clientSecret: 's', npc: true, now: () => NPC_CLOCK });
	beforeAll(async () => {
		addNpcKeyFields(fake);
		await fake.start();
	});
	afterAll(async () => await fake.stop());

	it('writes what the mapper would: takeovers add no transaction, refunds point at their payment; one call per record plus lookups', async () => {
		const config = npcNaiveConfig(fake.recordTypeId('PersonAccount'));
		const set = npcEvents(PAYMENTS, 1);
		// The history as the mapper leaves it: the refunded payments written; each subscription with its schedule and the Unpaid instalment NPC's job created.
		await upsertNpcDirectly(fake, fake.issueSession(), '/services/data/v62.0', set.history.filter((event) => !event.subscription), config);
		for (const event of set.history.filter((candidate) => candidate.subscription)) {
			const donor = fake.addRecord('Account', { RecordTypeId: config.personRecordTypeId, LastName: event.contact!.lastName, PersonEmail: event.contact!.email });
			const commitment = fake.addRecord('GiftCommitment', { Name: 'c', DonorId: donor.Id, Status: 'Active', Subscription_Id__c: `DS24-${event.subscription!.id!}` });
			const schedule = fake.addRecord('GiftCommitmentSchedule', { GiftCommitmentId: commitment.Id, StartDate: '2026-11-20', TransactionAmount: 25, TransactionPeriod: 'Monthly', TransactionInterval: 1, TransactionDay: '20', PaymentMethod: 'Credit Card' });
			fake.addRecord('GiftTransaction', { Name: 'i', DonorId: donor.Id, GiftCommitmentId: commitment.Id, GiftCommitmentScheduleId: schedule.Id, Status: 'Unpaid', OriginalAmount: 25, TransactionDate: '2026-12-20', TransactionDueDate: '2026-12-20', PaymentMethod: 'Credit Card' });
		}
		const before = { transactions: fake.count('GiftTransaction'), refunds: fake.count('GiftRefund') };
		fake.calls.length = 0;
		await upsertNpcDirectly(fake, fake.issueSession(), '/services/data/v62.0', set.measured, config);
		checkNpcOrg(fake, set, before, 'naive');
		// One-off 3 (find, create donor, transaction), takeover 5 (find, update donor, commitment, instalment, transaction), refund 4.
		expect(fake.calls.filter((call) => !call.auth)).toHaveLength(6 * 3 + 3 * 5 + 4);
	});
});
