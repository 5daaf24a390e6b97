import { readFileSync } from 'fs';
import { join } from 'path';
import { normalizeDigistore24Ipn } from '../../../nodes/Digistore24/toCanonicalEvent';
import { normalizeFundraisingBoxWebhook } from '../../../nodes/FundraisingBox/toCanonicalEvent';
import {
	contactFromEvent,
	customerNumberOf,
	invoiceMarker,
	genderFromSalutation,
	invoiceFromEvent,
	paymentChannel,
	splitStreet,
} from '../../../nodes/SmartBusiness/fromCanonicalEvent';
import type { CanonicalEvent } from '../../../nodes/shared/canonicalEvent';
import { readCanonicalEvent as asCanonicalEvent } from '../../../nodes/shared/canonicalEventReader';

const fixture = (path: string) => JSON.parse(readFileSync(join(__dirname, '../../fixtures', path), 'utf8'));

/** A real FundraisingBox donation as the trigger emits it (JSON webhook fixture). */
const donation = normalizeFundraisingBoxWebhook(fixture('fundraisingbox/json-webhook.json'), {
	vendorEvent: 'online_donation.create',
	requestId: 'req-77',
	receivedAt: new Date('2026-11-20T08:30:05Z'),
});
/** A real Digistore24 payment: its buyer has a country but no street. */
const order = normalizeDigistore24Ipn(fixture('digistore24/captured-on-payment.json'), { receivedAt: new Date('2026-08-18T06:41:50Z') });

const contactOptions = { relation: ['CL'], defaultCountry: 'CH', withCustomerNumber: false };

describe('contactFromEvent', () => {
	it('maps a FundraisingBox donor to a person contact with a structured main address', () => {
		expect(contactFromEvent(donation, contactOptions)).toEqual({
			relation: ['CL'],
			type: 'P',
			name: 'Beate Beispiel',
			gender: 'F',
			email: 'beate@example.ch',
			main_address: { street: 'Bahnhofstrasse', street_no: '12', postcode: '8001', city: 'Zürich', country: 'CH' },
		});
	});

	it('makes a customer number from the source and its contact id when matching by number', () => {
		expect(contactFromEvent(donation, { ...contactOptions, withCustomerNumber: true }).number).toBe('FB-1706520');
		expect(customerNumberOf(order)).toBe('DS24-333222');
	});

	it('a company becomes a company contact, without gender', () => {
		const event: CanonicalEvent = { ...donation, contact: { ...donation.contact!, company: 'Verein Beispiel' } };
		const body = contactFromEvent(event, contactOptions);
		expect(body).toMatchObject({ type: 'C', name: 'Verein Beispiel' });
		expect(body.gender).toBeUndefined();
	});

	it('uses the default gender and country only when the event says nothing', () => {
		const event: CanonicalEvent = {
			...donation,
			contact: { ...donation.contact!, salutation: null, address: { ...donation.contact!.address!, country: null } },
		};
		expect(contactFromEvent(event, { ...contactOptions, defaultGender: 'M', defaultCountry: 'de' })).toMatchObject({ gender: 'M', main_address: { country: 'DE' } });
	});

	it('refuses a person without a gender (required for type P) rather than send an invalid contact', () => {
		const event: CanonicalEvent = { ...donation, contact: { ...donation.contact!, salutation: null } };
		expect(() => contactFromEvent(event, contactOptions)).toThrow(/gives no gender; SmartBusiness requires M or F for a person: set "Gender When Unknown"/);
		expect(() => contactFromEvent(event, { ...contactOptions, defaultGender: 'X' })).toThrow(/requires M or F/);
	});

	it('keeps Spanish as the contact language (one of the documented document languages)', () => {
		const event: CanonicalEvent = { ...donation, contact: { ...donation.contact!, language: 'ES' } };
		expect(contactFromEvent(event, contactOptions).communication_language).toBe('es');
	});

	it('says which address parts are missing rather than sending an invalid contact', () => {
		expect(() => contactFromEvent(order, contactOptions)).toThrow(/has no street, postalCode, city in its address; SmartBusiness needs street, postcode, city and country/);
	});

	it('refuses items that are not canonical events', () => {
		expect(() => asCanonicalEvent({ name: 'x' })).toThrow(/not an event from a trigger of this pack/);
		expect(asCanonicalEvent(donation as never)).toBe(donation);
	});
});

describe('invoiceFromEvent', () => {
	const contact = { id: 525765968, main_address_id: 889044143, communication_language: 'de' };
	const options = { unitId: 7, vat: 0, dueDays: 30, defaultLanguage: 'de', positionName: 'Spende' };

	it('turns a donation into a one-position invoice of the paid amount, VAT included, marked with the event', () => {
		expect(invoiceFromEvent(donation, contact, options)).toEqual({
			contact_id: 525765968,
			contact_address_id: 889044143,
			date: '2026-11-20',
			due: '2026-12-20',
			currency: 'EUR',
			language: 'de',
			vat_included: true,
			notes: `[payment FB-${donation.payment!.id}] FundraisingBox online_donation.create, event fundraisingbox:req-77`,
			positions: [{ type: 'N', catalog_type: 'S', name: 'Spende', price: 100, amount: 1, vat: 0, unit_id: 7 }],
		});
	});

	it('names the position after the product and takes the date in Swiss time', () => {
		const body = invoiceFromEvent(order, { ...contact, communication_language: 'xx' }, { ...options, isrId: 380627389 });
		expect(body).toMatchObject({ date: '2026-08-18', currency: 'EUR', language: 'de', isr_id: 380627389, positions: [{ name: order.product!.name, price: 49 }] });
	});

	it('marks the invoice with the payment, so two webhooks about one donation find one invoice', () => {
		expect(invoiceMarker(donation)).toBe(`[payment FB-${donation.payment!.id}]`);
		expect(invoiceMarker({ ...donation, eventId: 'fundraisingbox:other-request' })).toBe(invoiceMarker(donation));
		expect(invoiceMarker({ ...donation, payment: null })).toBe('[event fundraisingbox:req-77]');
	});

	it('refuses events that are not payments, and payments without an amount', () => {
		expect(() => invoiceFromEvent({ ...donation, event: 'payment.refunded' }, contact, options)).toThrow(/"payment.refunded", not a payment/);
		expect(() => invoiceFromEvent({ ...donation, amount: null }, contact, options)).toThrow(/no positive amount/);
	});
});

describe('small mappings', () => {
	it.each([
		['Herr', 'M'],
		['Mr.', 'M'],
		['Frau', 'F'],
		['Mrs.', 'F'],
		['Madame', 'F'],
		['Dr.', undefined],
		[null, undefined],
	])('salutation %j → %j', (salutation, gender) => expect(genderFromSalutation(salutation)).toBe(gender));

	it.each([
		['Bahnhofstrasse 12', { street: 'Bahnhofstrasse', street_no: '12' }],
		['Hauptstr. 5a', { street: 'Hauptstr.', street_no: '5a' }],
		['Rue du Lac 177 B', { street: 'Rue du Lac', street_no: '177B' }],
		['Avenue 4-6', { street: 'Avenue', street_no: '4-6' }],
		['Postfach', { street: 'Postfach' }],
	])('street %j', (street, split) => expect(splitStreet(street)).toEqual(split));

	it.each([
		['PayPal', 'PP'],
		['creditcard', 'CC'],
		['sepa_direct_debit', 'T'],
		['postfinance_card', 'PF'],
		['twint', undefined],
	])('payment method %j → channel %j', (method, channel) => expect(paymentChannel(method)).toBe(channel));
});
