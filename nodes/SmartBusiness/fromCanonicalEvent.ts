/**
 * The canonical event of this pack's triggers (docs/canonical-event.md) → SmartBusiness records,
 * so a donation or an order becomes a contact and an invoice without hand-written expressions.
 * Pure functions; the mapping table is in docs/smartbusiness.md.
 */
import type { IDataObject } from 'n8n-workflow';
import type { CanonicalContact, CanonicalEvent } from '../shared/canonicalEvent';
import { SOURCE_LABELS, sourceKey } from '../shared/canonicalEvent';
import { addDays, swissToday } from './apiFormat';

/** SmartBusiness's document languages (invoice) and contact languages. */
const INVOICE_LANGUAGES = new Set(['de', 'en', 'es', 'fr', 'it']);
const CONTACT_LANGUAGES = new Set(['de', 'en', 'es', 'fr', 'it']);

export class EventMappingError extends Error {}

const MALE = /^(herr|hr\.?|mr\.?|monsieur|m\.|signor|sig\.?|male|m)$/i;
const FEMALE = /^(frau|fr\.?|mrs\.?|ms\.?|miss|madame|mme\.?|signora|sig\.ra|female|f)$/i;

/** M or F from a salutation such as "Herr", "Frau", "Mr", "Madame"; undefined when it says neither. */
export function genderFromSalutation(salutation: string | null | undefined): 'M' | 'F' | undefined {
	const word = (salutation ?? '').trim();
	if (MALE.test(word)) return 'M';
	if (FEMALE.test(word)) return 'F';
	return undefined;
}

/** "Bahnhofstrasse 12a" → street "Bahnhofstrasse", number "12a"; a street without a trailing number stays whole. */
export function splitStreet(street: string): { street: string; street_no?: string } {
	const match = /^(.*\D)\s+(\d+\s?[a-zA-Z]?(?:[-/]\d+[a-zA-Z]?)?)$/.exec(street.trim());
	return match ? { street: match[1].trim(), street_no: match[2].replace(/\s+/g, '') } : { street: street.trim() };
}

export function contactName(contact: CanonicalContact): string {
	const person = [contact.firstName, contact.lastName].filter(Boolean).join(' ').trim();
	return (contact.company ?? '').trim() || person;
}

export interface ContactMappingOptions {
	relation: string[];
	/** Sent for a person whose salutation says no gender; empty: such a person is an EventMappingError (SmartBusiness requires a gender for type P). */
	defaultGender?: string;
	/** Country of an address that has none (ISO 3166-1 alpha-2). */
	defaultCountry: string;
	/** Set the customer number from the source's contact id (for matching by number). */
	withCustomerNumber: boolean;
}

/** The customer number for the event's contact (`FB-123`), or undefined when the source gives no id. */
export function customerNumberOf(event: CanonicalEvent): string | undefined {
	return sourceKey(event.source, event.contact?.id);
}

/** The body of `POST /contacts` for the event's contact; an EventMappingError says what is missing. */
export function contactFromEvent(event: CanonicalEvent, options: ContactMappingOptions): IDataObject {
	const contact = event.contact;
	if (!contact) throw new EventMappingError(`Event ${event.eventId} (${event.vendorEvent}) has no contact`);
	const name = contactName(contact);
	if (name === '') throw new EventMappingError(`The contact of event ${event.eventId} has no name or company`);
	const address = contact.address;
	const missing = ['street', 'postalCode', 'city'].filter((key) => !address?.[key as 'street']);
	if (!address || missing.length > 0) {
		throw new EventMappingError(
			`The contact of event ${event.eventId} has no ${missing.join(', ')} in its address; SmartBusiness needs street, postcode, city and country to create a contact`,
		);
	}
	const type = contact.company ? 'C' : 'P';
	const language = (contact.language ?? '').toLowerCase();
	const number = options.withCustomerNumber ? customerNumberOf(event) : undefined;
	if (options.withCustomerNumber && number === undefined) {
		throw new EventMappingError(`Event ${event.eventId} gives no contact id to make a customer number from; match by e-mail instead`);
	}
	const body: IDataObject = {
		relation: options.relation,
		type,
		name,
		main_address: {
			...splitStreet(address.street as string),
			...(address.street2 ? { street2: address.street2 } : {}),
			postcode: address.postalCode,
			city: address.city,
			country: (address.country ?? options.defaultCountry).toUpperCase(),
		},
	};
	if (type === 'P') {
		const gender = genderFromSalutation(contact.salutation) ?? (['M', 'F'].includes(options.defaultGender ?? '') ? options.defaultGender : undefined);
		if (!gender) {
			throw new EventMappingError(
				`The contact of event ${event.eventId} is a person whose salutation (${JSON.stringify(contact.salutation ?? null)}) gives no gender; SmartBusiness requires M or F for a person: set "Gender When Unknown"`,
			);
		}
		body.gender = gender;
	}
	if (number) body.number = number;
	if (contact.email) body.email = contact.email;
	const phone = contact.phone ?? contact.mobile;
	if (phone) body.phone = phone;
	if (CONTACT_LANGUAGES.has(language)) body.communication_language = language;
	return body;
}

/** The e-mail or customer number the event's contact is matched by. */
export function contactKeyOf(event: CanonicalEvent, matchBy: 'email' | 'number'): string | undefined {
	return (matchBy === 'email' ? event.contact?.email?.trim() : customerNumberOf(event)) || undefined;
}

/** What an invoice was made from: the payment (`FB-8594118`, so two webhooks about one donation make one invoice), else the event id. */
export function invoiceMarkerKey(event: CanonicalEvent): string {
	return sourceKey(event.source, event.payment?.id) ?? event.eventId;
}

/** The text in an invoice's notes that marks what it was made from, to find it again (`[payment FB-8594118]`). */
export function invoiceMarker(event: CanonicalEvent): string {
	const payment = sourceKey(event.source, event.payment?.id);
	return payment ? `[payment ${payment}]` : `[event ${event.eventId}]`;
}

/** The output item for a test event left unwritten (Include Test Events off). */
export function skippedTestEvent(event: CanonicalEvent): IDataObject {
	return {
		skipped: true,
		reason: `Event ${event.eventId} is a test event (testMode) and was not written to SmartBusiness; turn on "Include Test Events" to write test events`,
		eventId: event.eventId,
		source: event.source,
		event: event.event,
		testMode: true,
	};
}

/** The event's date in Switzerland: when it happened, else when it was received. */
export function eventDate(event: CanonicalEvent): string {
	const instant = new Date(event.occurredAt ?? event.receivedAt);
	return Number.isNaN(instant.getTime()) ? swissToday() : swissToday(instant);
}

export interface InvoiceMappingOptions {
	unitId: number;
	/** VAT rate in %, included in the amount (a payment is what was paid). */
	vat: number;
	dueDays: number;
	/** Used when the contact's language is not a document language. */
	defaultLanguage: string;
	/** Position name when the event names no product. */
	positionName: string;
	isrId?: number;
	bankAccountId?: number;
}

export const PAYABLE_EVENTS = ['payment.succeeded'];

/** The paid amount of a payment event; an EventMappingError for other events and payments without amount or currency. */
export function payableAmount(event: CanonicalEvent): number {
	if (!PAYABLE_EVENTS.includes(event.event)) {
		throw new EventMappingError(
			`Event ${event.eventId} is "${event.event}", not a payment; only ${PAYABLE_EVENTS.join(', ')} becomes an invoice (filter the others out in the trigger)`,
		);
	}
	const amount = Number(event.amount);
	if (event.amount === null || !Number.isFinite(amount) || amount <= 0) throw new EventMappingError(`Event ${event.eventId} has no positive amount`);
	if (!event.currency) throw new EventMappingError(`Event ${event.eventId} has no currency`);
	return amount;
}

/** The body of `POST /receivables/invoices` for a payment event of a contact; one position of the paid amount. */
export function invoiceFromEvent(event: CanonicalEvent, contact: IDataObject, options: InvoiceMappingOptions): IDataObject {
	const amount = payableAmount(event);
	const date = eventDate(event);
	const language = String(contact.communication_language ?? event.contact?.language ?? '').toLowerCase();
	const quantity = event.product?.quantity && event.product.quantity > 1 ? event.product.quantity : undefined;
	const body: IDataObject = {
		contact_id: contact.id,
		contact_address_id: contact.main_address_id,
		date,
		due: addDays(date, options.dueDays),
		currency: event.currency,
		language: INVOICE_LANGUAGES.has(language) ? language : options.defaultLanguage,
		vat_included: true,
		notes: `${invoiceMarker(event)} ${SOURCE_LABELS[event.source] ?? event.source} ${event.vendorEvent}, event ${event.eventId}`,
		positions: [
			{
				type: 'N',
				catalog_type: 'S',
				name: event.product?.name || options.positionName,
				...(quantity ? { description: `${quantity} ×` } : {}),
				price: amount,
				amount: 1,
				vat: options.vat,
				unit_id: options.unitId,
			},
		],
	};
	if (options.isrId) body.isr_id = options.isrId;
	if (options.bankAccountId) body.bank_account_id = options.bankAccountId;
	return body;
}

/** SmartBusiness payment channel for the event's payment method; undefined when none fits. */
export function paymentChannel(method: string | null | undefined): string | undefined {
	const value = (method ?? '').toLowerCase();
	if (value.includes('paypal')) return 'PP';
	if (value.includes('postfinance')) return 'PF';
	if (/credit|card|visa|master|amex/.test(value)) return 'CC';
	if (/sepa|debit|transfer|bank|lastschrift|ueberweisung|überweisung|betalingsservice/.test(value)) return 'T';
	if (value.includes('cash') || value.includes('bar')) return 'C';
	return undefined;
}
