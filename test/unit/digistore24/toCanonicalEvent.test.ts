import { readFileSync } from 'fs';
import { join } from 'path';
import { digistore24EventId, normalizeDigistore24Ipn } from '../../../nodes/Digistore24/toCanonicalEvent';

const captured = JSON.parse(
	readFileSync(join(__dirname, '../../fixtures/digistore24/captured-on-payment.json'), 'utf8'),
) as Record<string, string>;
/** An on_affiliation with the fields Digistore24's IPN receiver example reads for it. */
const affiliation = JSON.parse(
	readFileSync(join(__dirname, '../../fixtures/digistore24/on-affiliation.json'), 'utf8'),
) as Record<string, string>;
const receivedAt = new Date('2026-08-18T06:41:50.000Z');

describe('normalizeDigistore24Ipn', () => {
	it('maps the captured on_payment to the canonical event', () => {
		const event = normalizeDigistore24Ipn(captured, { receivedAt });
		expect(event).toMatchObject({
			schemaVersion: 1,
			source: 'digistore24',
			event: 'payment.succeeded',
			vendorEvent: 'on_payment',
			eventId: 'digistore24:3999938:on_payment',
			occurredAt: '2026-08-18T08:41:48+02:00',
			receivedAt: '2026-08-18T06:41:50.000Z',
			testMode: true,
			amount: '49.00',
			currency: 'EUR',
			contact: {
				id: '333222',
				firstName: 'Test',
				lastName: 'Kauf',
				email: 'kaeufer@example.de',
				language: 'de',
				address: { country: 'CH', street: null, city: null },
			},
			payment: { id: '3999938', orderId: 'A1B2C3D4', method: 'test', sequenceNo: 0, parentId: '3999937' },
			subscription: null,
			product: { id: '512345', name: 'basic_monthly__de__dev', quantity: 1 },
		});
		expect(event.vendor.is_gdpr_country).toBe(false);
		expect(event.vendor.has_custom_forms).toBe(false);
		expect(event.vendor.amount).toBe('49.00');
		expect(event.raw).toEqual(captured);
		expect(normalizeDigistore24Ipn(captured, { rawBody: 'a=1&b=2' }).raw).toBe('a=1&b=2');
	});

	it('maps every documented event and keeps unknown ones as other', () => {
		const mapped = (name: string) => normalizeDigistore24Ipn({ ...captured, event: name }).event;
		expect(mapped('on_refund')).toBe('payment.refunded');
		expect(mapped('on_chargeback')).toBe('payment.chargeback');
		expect(mapped('on_payment_missed')).toBe('payment.missed');
		expect(mapped('payment_denial')).toBe('payment.failed');
		expect(mapped('on_rebill_cancelled')).toBe('subscription.cancelled');
		expect(mapped('on_rebill_resumed')).toBe('subscription.resumed');
		expect(mapped('last_paid_day')).toBe('subscription.ended');
		expect(mapped('connection_test')).toBe('test');
		expect(mapped('on_something_new')).toBe('other');
	});

	it('describes subscriptions', () => {
		const event = normalizeDigistore24Ipn({
			...captured,
			billing_type: 'subscription',
			billing_status: 'paying',
			other_billing_intervals: '1_month',
			next_payment_at: '2026-09-18',
		});
		expect(event.subscription).toEqual({ id: 'A1B2C3D4', interval: 'monthly', status: 'paying', nextPaymentAt: '2026-09-18' });
	});

	it('gives a stable id: the same IPN twice has the same id, another event another id', () => {
		expect(digistore24EventId(captured)).toBe(digistore24EventId({ ...captured, sha_sign: 'OTHER' }));
		expect(digistore24EventId({ ...captured, event: 'on_refund' })).not.toBe(digistore24EventId(captured));
		const affiliation = { event: 'on_affiliation', email: 'a@example.org', affiliate_name: 'aff1' };
		expect(digistore24EventId(affiliation)).toBe(digistore24EventId({ ...affiliation }));
		expect(digistore24EventId(affiliation)).not.toBe(digistore24EventId({ ...affiliation, affiliate_name: 'aff2' }));
	});

	it('puts the new affiliate of on_affiliation into affiliate, never into contact', () => {
		const event = normalizeDigistore24Ipn(affiliation, { receivedAt });
		expect(event).toMatchObject({ event: 'affiliate.created', vendorEvent: 'on_affiliation', contact: null, payment: null, amount: null });
		expect(event.affiliate).toEqual({
			id: 'partner42',
			firstName: 'Petra',
			lastName: 'Partner',
			email: 'partner@example.org',
			phone: '+49 30 1234567',
			language: 'de',
			promoLink: 'https://www.checkout-ds24.com/redir/512345/partner42/',
			address: { street: 'Hauptstraße 7', street2: null, postalCode: '10115', city: 'Berlin', state: null, country: null },
		});
		expect(event.product).toEqual({ id: '512345', name: 'basic_monthly__de__dev', quantity: null });
		// Whatever else an affiliation carries (buyer_* included), it never makes a contact.
		expect(normalizeDigistore24Ipn({ ...affiliation, buyer_email: 'x@example.org', buyer_id: '1' }).contact).toBeNull();
	});

	it('names the referring affiliate of an order, and only the buyer as contact', () => {
		expect(normalizeDigistore24Ipn(captured).affiliate).toBeNull();
		const referred = normalizeDigistore24Ipn({ ...captured, affiliate_name: 'partner42' });
		expect(referred.affiliate).toEqual({ id: 'partner42', firstName: null, lastName: null, email: null, phone: null, language: null, promoLink: null, address: null });
		expect(referred.contact?.email).toBe('kaeufer@example.de');
	});

	it('has no contact, payment or amount for a connection test', () => {
		const event = normalizeDigistore24Ipn({ event: 'connection_test' });
		expect(event).toMatchObject({ event: 'test', contact: null, payment: null, amount: null, occurredAt: null });
	});
});
