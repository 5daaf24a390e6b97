import * as fc from 'fast-check';
import { readFileSync } from 'fs';
import { join } from 'path';
import { flagSet, fundraisingBoxTime, listOf, normalizeFundraisingBoxWebhook, personList, phoneNumber } from '../../../nodes/FundraisingBox/toCanonicalEvent';
import { amountString } from '../../../nodes/shared/canonicalEvent';
import { VENDOR_SAMPLE_EVENT } from '../../fixtures/fundraisingbox/vendorSample';
import { parseFundraisingBoxXml } from '../../../nodes/FundraisingBox/trigger/xml';
import { parseWebhookBody } from '../../../nodes/FundraisingBox/trigger/payload';

const JSON_WEBHOOK = {
	fb_person: {
		id: 1706519,
		salutation: 'Mr.',
		title: '',
		first_name: 'Markus',
		last_name: 'Muster',
		company_name: '',
		fb_person_addresses: [
			{ address: 'Alte Gasse 1', post_code: '86150', city: 'Augsburg', country: 'de', is_main: 0 },
			{ address: 'Hauptstr. 5', post_code: '80331', city: 'München', country: 'de', is_main: 1 },
		],
		fb_person_email_addresses: [{ email: 'Markus@Example.org', is_main: 1 }],
		fb_person_phones: [
			{ number: '+49 821 123', type: 'home', is_main: 1 },
			{ number: '+49 170 456', type: 'mobile' },
		],
	},
	fb_donation: {
		id: 8594118,
		ident_id: 4424,
		transaction_id: 'FB-T-6341087',
		amount: 25.5,
		currency: 'EUR',
		interval: 1,
		fb_type_id: 8,
		fb_project_id: 4921,
		status: 'confirmed',
		is_test: 0,
		received_at: '2020-04-15 10:12:00',
		fb_recurring_payment_id: 377586,
	},
	fb_recurring_payment: { id: 377586, interval: 1, amount: 25.5, next_payment_date: '2020-05-15' },
	fb_sepa_mandate: { id: 658136, reference_id: 'FB-SEPA-6341087', mandate_status: 'active' },
};

describe('normalizeFundraisingBoxWebhook', () => {
	it('maps the JSON webhook to the canonical event', () => {
		const event = normalizeFundraisingBoxWebhook(JSON_WEBHOOK, {
			vendorEvent: 'online_donation.create',
			requestId: 'req-42',
			rawBody: '{"…":1}',
			receivedAt: new Date('2020-04-15T08:12:05Z'),
		});
		expect(event).toMatchObject({
			source: 'fundraisingbox',
			event: 'payment.succeeded',
			vendorEvent: 'online_donation.create',
			eventId: 'fundraisingbox:req-42',
			occurredAt: '2020-04-15T10:12:00+02:00',
			testMode: false,
			amount: '25.50',
			currency: 'EUR',
			contact: {
				id: '1706519',
				salutation: 'Mr.',
				title: null,
				firstName: 'Markus',
				lastName: 'Muster',
				email: 'markus@example.org',
				phone: '+49 821 123',
				mobile: '+49 170 456',
				address: { street: 'Hauptstr. 5', postalCode: '80331', city: 'München', country: 'DE' },
			},
			payment: { id: '8594118', orderId: 'FB-T-6341087', method: 'SEPA Direct Debit' },
			subscription: { id: '377586', interval: 'monthly', nextPaymentAt: '2020-05-15' },
			product: { id: '4921' },
			raw: '{"…":1}',
		});
		expect(event.vendor.fb_sepa_mandate).toEqual(JSON_WEBHOOK.fb_sepa_mandate);
	});

	it('maps the XML merge webhook after parsing, with one-element lists', () => {
		const xml = `<fb_transaction><fb_donation><id type="integer">1</id><amount type="float">10.00</amount><interval type="integer">0</interval>
			<fb_type_id type="integer">3</fb_type_id><status>reversed</status></fb_donation>
			<fb_person><last_name><![CDATA[Muster]]></last_name><fb_person_email_addresses><fb_person_email_address><email>a@example.org</email></fb_person_email_address></fb_person_email_addresses></fb_person></fb_transaction>`;
		const parsed = parseFundraisingBoxXml(xml);
		if (!parsed.ok) throw new Error(parsed.reason);
		const event = normalizeFundraisingBoxWebhook(parsed.value.fb_transaction as Record<string, never>, { vendorEvent: 'donation.payment_error' });
		expect(event).toMatchObject({
			event: 'payment.refunded',
			eventId: 'fundraisingbox:donation.payment_error:1',
			amount: '10.00',
			payment: { method: 'PayPal' },
			subscription: null,
			contact: { lastName: 'Muster', email: 'a@example.org' },
		});
	});

	// test/fixtures/fundraisingbox/README.md: which vendor page each element follows.
	it('maps a merge webhook shaped like FundraisingBox\'s own XML samples: e-mail, main address, phone and mobile', () => {
		const parsed = parseFundraisingBoxXml(readFileSync(join(__dirname, '../../fixtures/fundraisingbox/merge-webhook-vendor-sample.xml')));
		if (!parsed.ok) throw new Error(parsed.reason);
		const event = normalizeFundraisingBoxWebhook(parsed.value.fb_transaction as Record<string, never>, { vendorEvent: 'donation.create', requestId: 'req-1' });
		expect(event).toMatchObject({ ...VENDOR_SAMPLE_EVENT, eventId: 'fundraisingbox:req-1', occurredAt: '2026-04-16T09:30:00+02:00' });
	});

	it('reads the untyped test flag of the vendor samples', () => {
		const donation = (isTest: unknown) => ({ fb_donation: { id: 1, is_test: isTest } });
		expect(normalizeFundraisingBoxWebhook(donation('1'), { vendorEvent: 'donation.create' }).testMode).toBe(true);
		expect(normalizeFundraisingBoxWebhook(donation('0'), { vendorEvent: 'donation.create' }).testMode).toBe(false);
		expect(normalizeFundraisingBoxWebhook(donation(''), { vendorEvent: 'donation.create' }).testMode).toBe(false);
	});

	it('maps events without a donation, and unknown events as other', () => {
		expect(normalizeFundraisingBoxWebhook({ fb_person: { id: 5, last_name: 'X' } }, { vendorEvent: 'person.create' })).toMatchObject({
			event: 'contact.created',
			payment: null,
			amount: null,
		});
		expect(normalizeFundraisingBoxWebhook({ fb_recurring_payment: { id: 9, interval: 12 } }, { vendorEvent: 'recurring_payment.delete' })).toMatchObject({
			event: 'subscription.cancelled',
			subscription: { id: '9', interval: 'yearly' },
		});
		expect(normalizeFundraisingBoxWebhook({}, { vendorEvent: 'fundraising_page.goal_reached' }).event).toBe('other');
	});
});

describe('FundraisingBox value helpers', () => {
	it('formats amounts and times', () => {
		expect(amountString(12.3)).toBe('12.30');
		expect(amountString('12.34')).toBe('12.34');
		expect(amountString(null)).toBeNull();
		expect(fundraisingBoxTime('2016-08-24 22:49:05')).toBe('2016-08-24T22:49:05+02:00');
		expect(fundraisingBoxTime('2020-04-15T10:12:00+02:00')).toBe('2020-04-15T10:12:00+02:00');
		expect(fundraisingBoxTime('')).toBeNull();
	});

	it('finds a person\'s list under either container spelling: the samples\' `…addresss`, and `…addresses`', () => {
		const address = { city: 'Augsburg' };
		expect(personList({ fb_person_addresss: [address] }, 'fb_person_address')).toEqual([address]);
		expect(personList({ fb_person_addresses: [address] }, 'fb_person_address')).toEqual([address]);
		expect(personList({ fb_person_addresses: { fb_person_address: address } }, 'fb_person_address')).toEqual([address]);
		expect(personList({ fb_person_email_addresss: [{ email: 'a@b.c' }] }, 'fb_person_email_address')).toEqual([{ email: 'a@b.c' }]);
		expect(personList({ fb_person_phones: [{ phone: '1' }] }, 'fb_person_phone')).toEqual([{ phone: '1' }]);
		expect(personList({ fb_person_addresses: [address], fb_person_addresss: [{ city: 'Wien' }] }, 'fb_person_address')).toEqual([{ city: 'Wien' }, address]);
		expect(personList({}, 'fb_person_address')).toEqual([]);
	});

	it('takes a phone\'s number from <phone> (the samples), else from number', () => {
		expect(phoneNumber({ phone: '1234856478', type: 'mobile' })).toBe('1234856478');
		expect(phoneNumber({ number: '+49 170 456' })).toBe('+49 170 456');
		expect(phoneNumber({ phone: '', number: '+49 170 456' })).toBe('+49 170 456');
		expect(phoneNumber({})).toBeNull();
	});

	it('reads flags typed or untyped: 1/0/empty, true/false', () => {
		for (const set of [true, 1, '1', 'true']) expect(flagSet(set)).toBe(true);
		for (const unset of [false, 0, '0', '', 'false', null, undefined]) expect(flagSet(unset)).toBe(false);
	});

	it('reads lists as arrays or wrapped in their item element', () => {
		expect(listOf([{ a: 1 }], 'x')).toEqual([{ a: 1 }]);
		expect(listOf({ x: { a: 1 } }, 'x')).toEqual([{ a: 1 }]);
		expect(listOf({ x: [{ a: 1 }, { a: 2 }] }, 'x')).toHaveLength(2);
		expect(listOf(undefined, 'x')).toEqual([]);
	});
});

// Issue 14: whatever a body holds, every value that reaches the canonical event is a string, a
// finite number, a boolean or null of our making, and normalizing never throws (n8n would answer 500).
describe('normalizeFundraisingBoxWebhook on hostile values', () => {
	const HOSTILE = { toString: null, valueOf: null };
	const CANONICAL_FIELDS = ['event', 'eventId', 'occurredAt', 'testMode', 'amount', 'currency', 'contact', 'payment', 'subscription', 'product'] as const;

	/** Every leaf under the canonical fields (not `vendor`, not `raw`): string, finite number, boolean or null. */
	function badLeaves(value: unknown, path: string, found: string[] = []): string[] {
		if (value === null || typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) return found;
		if (typeof value === 'object' && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype) {
			for (const [key, child] of Object.entries(value)) badLeaves(child, `${path}.${key}`, found);
			return found;
		}
		found.push(`${path}: ${typeof value}`);
		return found;
	}
	const normalizeJson = (body: string) => {
		const parsed = parseWebhookBody(Buffer.from(body));
		if (!parsed.ok) throw new Error(parsed.reason);
		const event = normalizeFundraisingBoxWebhook(parsed.payload, { vendorEvent: 'donation.create', requestId: 'req-1', rawBody: parsed.text });
		JSON.stringify(event);
		return event;
	};
	const canonicalPart = (event: Record<string, unknown>) => Object.fromEntries(CANONICAL_FIELDS.map((field) => [field, event[field]]));

	it('reads an object with toString: null where a scalar belongs as no value, without throwing', () => {
		const fields = ['id', 'transaction_id', 'amount', 'currency', 'status', 'fb_type_id', 'interval', 'received_at', 'is_test', 'fb_project_id', 'project_name', 'fb_recurring_payment_id'];
		const donation = Object.fromEntries(fields.map((field) => [field, HOSTILE]));
		const person = Object.fromEntries(['id', 'first_name', 'email', 'language', 'country', 'city', 'phone'].map((field) => [field, HOSTILE]));
		const body = JSON.stringify({ fb_donation: donation, fb_person: person, fb_recurring_payment: { id: HOSTILE, interval: HOSTILE, next_payment_date: HOSTILE } });
		const event = normalizeJson(body);
		expect(badLeaves(canonicalPart(event as unknown as Record<string, unknown>), 'event')).toEqual([]);
		expect(event).toMatchObject({ eventId: 'fundraisingbox:req-1', amount: null, currency: null, occurredAt: null, payment: { id: null, orderId: null, method: null } });
		expect(event.contact).toMatchObject({ id: null, firstName: null, email: null, address: null });
	});

	it('does not turn arrays, objects or numbers out of range into text ("[object Object]", "1,2") or numbers', () => {
		const event = normalizeJson(
			JSON.stringify({ fb_donation: { id: [1, 2], transaction_id: { a: 1 }, amount: [25], fb_type_id: '8.5', interval: true, currency: ['EUR'] }, fb_person: { id: {} } }),
		);
		expect(event).toMatchObject({ amount: null, currency: null, payment: { id: null, orderId: null, method: null }, subscription: null, contact: { id: null } });
	});

	it('skips list entries that are not objects (null, numbers, text, arrays)', () => {
		const event = normalizeJson(
			JSON.stringify({
				fb_person: {
					id: 5,
					fb_person_addresses: [null, 5, 'x', [1], { city: 'Bern', is_main: 1 }],
					fb_person_email_addresses: [null, { email: 'A@B.CH' }],
					fb_person_phones: [null, 'x', { phone: '+41 1', type: HOSTILE }],
				},
			}),
		);
		expect(event.contact).toMatchObject({ id: '5', email: 'a@b.ch', phone: '+41 1', address: { city: 'Bern' } });
	});

	it('treats fb_* objects that are not objects as absent, and prototype names as ordinary fields', () => {
		const event = normalizeJson('{"fb_donation":"x","fb_person":[1],"__proto__":{"fb_donation":{"id":9}},"constructor":{"fb_person":{"id":1}}}');
		expect(event).toMatchObject({ event: 'payment.succeeded', payment: null, contact: null, eventId: 'fundraisingbox:req-1' });
		expect(({} as Record<string, unknown>).fb_donation).toBeUndefined();
	});

	it('never throws and emits only scalars of our making, for any JSON under the fields it reads (property)', () => {
		const hostile = fc.oneof(
			fc.jsonValue({ maxDepth: 2 }),
			fc.constant(HOSTILE),
			fc.dictionary(fc.constantFrom('toString', 'valueOf', '__proto__', 'constructor', 'toJSON', 'id'), fc.jsonValue({ maxDepth: 1 })),
		);
		const object = (keys: string[]) => fc.dictionary(fc.constantFrom(...keys), hostile);
		const donationKeys = ['id', 'transaction_id', 'amount', 'currency', 'status', 'fb_type_id', 'interval', 'received_at', 'updated_at', 'is_test', 'fb_project_id', 'project_name', 'fb_custom_fields'];
		const personKeys = ['id', 'first_name', 'email', 'language', 'country', 'fb_person_addresses', 'fb_person_email_addresss', 'fb_person_phones', 'fb_custom_fields'];
		const payload = fc.record(
			{
				fb_donation: fc.oneof(object(donationKeys), hostile),
				fb_person: fc.oneof(object(personKeys), hostile),
				fb_recurring_payment: fc.oneof(object(['id', 'interval', 'status', 'next_payment_date', 'amount']), hostile),
				fb_donation_custom_fields: hostile,
			},
			{ requiredKeys: [] },
		);
		fc.assert(
			fc.property(payload, (body) => {
				const event = normalizeJson(JSON.stringify(body));
				expect(badLeaves(canonicalPart(event as unknown as Record<string, unknown>), 'event')).toEqual([]);
			}),
			{ numRuns: 300 },
		);
	});
});
