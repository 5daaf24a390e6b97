/**
 * Digistore24 IPN fields (flat strings) → the canonical event. Field names from the captured
 * ipn_version 1.6 payload (test/fixtures/digistore24/captured-on-payment.json); every field is optional.
 */
import { createHash } from 'crypto';
import {
	CANONICAL_EVENT_VERSION,
	address,
	decimalString,
	integerOrNull,
	lowerOrNull,
	text,
	upperOrNull,
	zonedToIso,
	type CanonicalAddress,
	type CanonicalAffiliate,
	type CanonicalContact,
	type CanonicalEvent,
	type CanonicalSubscription,
	type SubscriptionInterval,
} from '../shared/canonicalEvent';
import { canonicalEventType } from './events';

/** Digistore24 writes dates as wall-clock time without offset; the account's zone says which. */
export const DEFAULT_DIGISTORE24_TIME_ZONE = 'Europe/Berlin';

const FLAG_FIELD = /^(is_|has_)|_is_/;

/** Y/N flags become booleans; everything else stays the string Digistore24 sent. */
export function typedFields(fields: Record<string, string>): Record<string, unknown> {
	const typed: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(fields)) {
		typed[key] = FLAG_FIELD.test(key) && (value === 'Y' || value === 'N') ? value === 'Y' : value;
	}
	return typed;
}

/** `transaction_id` + event; when an event has no transaction, a hash of its content instead. */
export function digistore24EventId(fields: Record<string, string>): string {
	const event = fields.event ?? 'unknown';
	const transactionId = text(fields.transaction_id);
	if (transactionId) return `digistore24:${transactionId}:${event}`;
	const content = Object.keys(fields)
		.filter((key) => key !== 'sha_sign' && key !== 'SHASIGN')
		.sort()
		.map((key) => `${key}=${fields[key]}`)
		.join('\n');
	const digest = createHash('sha256').update(content, 'utf8').digest('hex').slice(0, 32);
	return `digistore24:${text(fields.order_id) ?? 'no-order'}:${event}:${digest}`;
}

const INTERVALS: Record<string, SubscriptionInterval> = {
	'1_month': 'monthly',
	'3_month': 'quarterly',
	'6_month': 'half-yearly',
	'12_month': 'yearly',
	'1_year': 'yearly',
};

function subscription(fields: Record<string, string>): CanonicalSubscription | null {
	const billingType = text(fields.billing_type);
	if (billingType !== 'subscription' && billingType !== 'installment') return null;
	const intervalText = text(fields.other_billing_intervals) ?? text(fields.first_billing_interval);
	return {
		id: text(fields.order_id),
		interval: intervalText ? (INTERVALS[intervalText] ?? 'other') : null,
		status: text(fields.billing_status),
		nextPaymentAt: text(fields.next_payment_at),
	};
}

function occurredAt(fields: Record<string, string>, timeZone: string): string | null {
	const date = text(fields.transaction_date);
	const time = text(fields.transaction_time);
	const candidates = [date && time ? `${date} ${time}` : null, text(fields.order_date_time), date, text(fields.order_date)];
	for (const candidate of candidates) {
		const iso = candidate ? zonedToIso(candidate, timeZone) : null;
		if (iso) return iso;
	}
	return null;
}

/** First non-empty value among the given fields. */
function first(fields: Record<string, string>, ...names: string[]): string | null {
	for (const name of names) {
		const value = text(fields[name]);
		if (value !== null) return value;
	}
	return null;
}

/** The event whose `email` and `address_*` describe a new affiliate (Digistore24's IPN receiver example). */
const AFFILIATION_EVENT = 'on_affiliation';

/** The `address_*` block; `country` from the first of the given fields that is set. */
function addressOf(fields: Record<string, string>, ...countryFields: string[]): CanonicalAddress | null {
	return address({
		street:
			first(fields, 'address_street') ??
			([text(fields.address_street_name), text(fields.address_street_number)].filter(Boolean).join(' ') || null),
		street2: first(fields, 'address_street2'),
		postalCode: first(fields, 'address_zipcode'),
		city: first(fields, 'address_city'),
		state: first(fields, 'address_state'),
		country: upperOrNull(first(fields, ...countryFields)),
	});
}

/** The buyer of an order event: `address_*`, then `buyer_*`, then `billing_*`. */
function buyer(fields: Record<string, string>): CanonicalContact | null {
	const email = first(fields, 'buyer_email', 'email', 'address_email');
	const firstName = first(fields, 'address_first_name', 'buyer_first_name', 'billing_first_name');
	const lastName = first(fields, 'address_last_name', 'buyer_last_name', 'billing_last_name');
	if (!email && !firstName && !lastName) return null;
	return {
		id: first(fields, 'buyer_id'),
		salutation: first(fields, 'address_salutation'),
		title: first(fields, 'address_title'),
		firstName,
		lastName,
		company: first(fields, 'address_company', 'billing_company'),
		email: lowerOrNull(email),
		phone: first(fields, 'address_phone_no', 'billing_phone_no'),
		mobile: first(fields, 'address_mobile_no', 'billing_mobile_no'),
		language: lowerOrNull(first(fields, 'buyer_language', 'language')),
		address: addressOf(fields, 'address_country', 'buyer_address_country'),
	};
}

/**
 * On `on_affiliation` the `email`, `address_*` and `language` fields are the new affiliate's;
 * on an order, `affiliate_name` names the affiliate who referred it (only that name is used).
 */
function affiliate(fields: Record<string, string>): CanonicalAffiliate | null {
	const id = first(fields, 'affiliate_name');
	if (fields.event !== AFFILIATION_EVENT) {
		return id ? { id, firstName: null, lastName: null, email: null, phone: null, language: null, promoLink: null, address: null } : null;
	}
	return {
		id,
		firstName: first(fields, 'address_first_name'),
		lastName: first(fields, 'address_last_name'),
		email: lowerOrNull(first(fields, 'email')),
		phone: first(fields, 'address_phone_no', 'address_mobile_no'),
		language: lowerOrNull(first(fields, 'language')),
		promoLink: first(fields, 'affiliate_link'),
		address: addressOf(fields, 'address_country'),
	};
}

export function normalizeDigistore24Ipn(
	fields: Record<string, string>,
	options: { timeZone?: string; receivedAt?: Date; rawBody?: string } = {},
): CanonicalEvent {
	const vendorEvent = fields.event ?? '';
	const timeZone = options.timeZone || DEFAULT_DIGISTORE24_TIME_ZONE;
	const orderId = text(fields.order_id);

	return {
		schemaVersion: CANONICAL_EVENT_VERSION,
		source: 'digistore24',
		event: canonicalEventType(vendorEvent),
		vendorEvent,
		eventId: digistore24EventId(fields),
		occurredAt: occurredAt(fields, timeZone),
		receivedAt: (options.receivedAt ?? new Date()).toISOString(),
		testMode: fields.api_mode === 'test' || fields.pay_method === 'test',
		amount: decimalString(first(fields, 'transaction_amount', 'amount_brutto', 'amount')),
		currency: upperOrNull(first(fields, 'transaction_currency', 'currency')),
		// An affiliation names no buyer: its person is the affiliate, and sinks create people from contact.
		contact: vendorEvent === AFFILIATION_EVENT ? null : buyer(fields),
		affiliate: affiliate(fields),
		payment: orderId
			? {
					id: first(fields, 'transaction_id'),
					orderId,
					method: first(fields, 'pay_method'),
					sequenceNo: integerOrNull(fields.pay_sequence_no),
					parentId: first(fields, 'parent_transaction_id'),
					invoiceUrl: first(fields, 'invoice_url'),
				}
			: null,
		subscription: subscription(fields),
		product: text(fields.product_id)
			? { id: text(fields.product_id), name: first(fields, 'product_name'), quantity: integerOrNull(fields.quantity) }
			: null,
		vendor: typedFields(fields),
		// The exact form body when the caller has it (what was signed), else the fields.
		raw: options.rawBody ?? { ...fields },
	};
}
