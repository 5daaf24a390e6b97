/**
 * FundraisingBox webhook payloads (merge webhook: fb_donation, fb_person, optional
 * fb_recurring_payment and fb_sepa_mandate; from XML via ./xml.ts or from the JSON webhook)
 * → the canonical event. Field names from the FundraisingBox developer reference (docs/fundraisingbox.md).
 */
import {
	CANONICAL_EVENT_VERSION,
	address,
	amountString,
	lowerOrNull,
	text,
	upperOrNull,
	zonedToIso,
	type CanonicalContact,
	type CanonicalEvent,
	type SubscriptionInterval,
} from '../shared/canonicalEvent';
import { canonicalEventType } from './events';

/** FundraisingBox writes `YYYY-MM-DD HH:MM:SS` without offset; assumed German local time. */
export const FUNDRAISINGBOX_TIME_ZONE = 'Europe/Berlin';

/** Predefined payment types (`fb_type_id`); organisations can add their own ids. */
export const PAYMENT_TYPES: Record<number, string> = {
	3: 'PayPal',
	4: 'Direct Debit',
	5: 'Klarna',
	6: 'micropayment Direct Debit',
	7: 'micropayment Credit Card',
	8: 'SEPA Direct Debit',
	9: 'micropayment Prepay',
	10: 'Bank Transfer',
	11: 'EPS',
	13: 'Stripe Credit Card',
	14: 'Amazon Pay',
	15: 'Wikando Direct Debit',
	16: 'Stripe Apple Pay',
	17: 'Stripe Google Pay',
	2458: 'Burda Charity SMS',
	2547: 'BFS Direct Debit',
};

export const INTERVALS: Record<number, SubscriptionInterval> = {
	0: 'one-off',
	1: 'monthly',
	3: 'quarterly',
	6: 'half-yearly',
	12: 'yearly',
};

export type FundraisingBoxObject = Record<string, unknown>;

export interface FundraisingBoxPayload {
	fb_donation?: FundraisingBoxObject;
	fb_person?: FundraisingBoxObject;
	fb_recurring_payment?: FundraisingBoxObject;
	fb_sepa_mandate?: FundraisingBoxObject;
	[key: string]: unknown;
}

/** A list that arrives as an array (JSON, `type="array"`) or wrapped in its item element (XML). */
export function listOf(value: unknown, itemElement: string): FundraisingBoxObject[] {
	if (Array.isArray(value)) return value as FundraisingBoxObject[];
	if (value && typeof value === 'object') {
		const inner = (value as Record<string, unknown>)[itemElement];
		if (Array.isArray(inner)) return inner as FundraisingBoxObject[];
		if (inner && typeof inner === 'object') return [inner as FundraisingBoxObject];
	}
	return [];
}

export interface CustomField {
	id: number | string | null;
	name: string | null;
	/** FundraisingBox gives every custom field value as a string ("" when empty, "1"/"" for checkboxes). */
	value: string;
}

/** Keys under which FundraisingBox sends custom fields (objects, Transaction JSON). */
export const CUSTOM_FIELD_KEYS = ['fb_custom_fields', 'fb_donation_custom_fields', 'fb_person_custom_fields'];

const customFieldId = (value: unknown) => (typeof value === 'number' ? value : /^\d+$/.test(String(value ?? '')) ? Number(value) : text(value));

/**
 * Custom fields as one list of `{id, name, value}`, whether they arrive as JSON's
 * `[{id, name, value}]`, as XML list items (id and name as child elements or attributes), or as
 * a name → value object.
 */
export function customFieldList(value: unknown): CustomField[] {
	if (Array.isArray(value)) {
		return value
			.filter((entry) => entry !== null && entry !== undefined)
			.map((entry) => {
				const field = (typeof entry === 'object' ? entry : { value: entry }) as Record<string, unknown>;
				return { id: customFieldId(field.id), name: text(field.name), value: field.value === null || field.value === undefined ? '' : String(field.value) };
			});
	}
	if (value && typeof value === 'object') {
		return Object.entries(value).map(([name, fieldValue]) => ({ id: null, name, value: fieldValue === null || fieldValue === undefined ? '' : String(fieldValue) }));
	}
	return [];
}

/** The payload with every custom field list (top level and inside each fb_* object) as `{id, name, value}`. */
export function withCustomFieldLists(payload: FundraisingBoxPayload): Record<string, unknown> {
	const normalizeObject = (object: Record<string, unknown>) => {
		const copy: Record<string, unknown> = { ...object };
		for (const key of CUSTOM_FIELD_KEYS) if (key in copy) copy[key] = customFieldList(copy[key]);
		return copy;
	};
	const result = normalizeObject(payload);
	for (const [key, value] of Object.entries(result)) {
		if (key.startsWith('fb_') && value && typeof value === 'object' && !Array.isArray(value)) result[key] = normalizeObject(value as Record<string, unknown>);
	}
	return result;
}

/** A flag as FundraisingBox sends it: JSON `true`/`1`, typed XML `true`, the XML samples' untyped `1` (`0`/empty is unset). */
export const flagSet = (value: unknown) => value === true || value === 1 || value === '1' || value === 'true';

/**
 * A person's list (`fb_person_address`, `fb_person_email_address`, `fb_person_phone`, ...) under
 * either container name: the XML samples (docs/get-personsidxml) add an "s" to the item element
 * (`fb_person_addresss`, `fb_person_email_addresss`, `fb_person_phones`); our earlier fixtures and
 * the JSON webhook use the English plural (`fb_person_addresses`).
 */
export function personList(person: FundraisingBoxObject, itemElement: string): FundraisingBoxObject[] {
	const containers = new Set([`${itemElement}s`, `${itemElement}es`]);
	return [...containers].flatMap((container) => listOf(person[container], itemElement));
}

/** A phone's number: `<phone>` in the XML samples, `number` as a fallback. */
export const phoneNumber = (phone: FundraisingBoxObject): string | null => text(phone.phone) ?? text(phone.number);

/** The entry marked `is_main`, else the first. */
function main(entries: FundraisingBoxObject[]): FundraisingBoxObject | undefined {
	return entries.find((entry) => flagSet(entry.is_main)) ?? entries[0];
}

export function fundraisingBoxTime(value: unknown): string | null {
	const raw = text(value);
	if (raw === null) return null;
	if (/[zZ]|[+-]\d{2}:?\d{2}$/.test(raw)) {
		const date = new Date(raw);
		return Number.isNaN(date.getTime()) ? null : raw;
	}
	return zonedToIso(raw, FUNDRAISINGBOX_TIME_ZONE);
}

function contact(person: FundraisingBoxObject | undefined): CanonicalContact | null {
	if (!person) return null;
	const mainAddress = main(personList(person, 'fb_person_address'));
	const mainEmail = main(personList(person, 'fb_person_email_address'));
	const phones = personList(person, 'fb_person_phone');
	const mobile = phones.find((phone) => text(phone.type)?.startsWith('mobile'));
	const landline = phones.find((phone) => phone !== mobile && flagSet(phone.is_main)) ?? phones.find((phone) => phone !== mobile);
	return {
		id: text(person.id),
		salutation: text(person.salutation),
		title: text(person.title),
		firstName: text(person.first_name),
		lastName: text(person.last_name),
		company: text(person.company_name),
		email: lowerOrNull(mainEmail?.email ?? person.email),
		phone: (landline && phoneNumber(landline)) ?? text(person.phone),
		mobile: mobile ? phoneNumber(mobile) : null,
		language: lowerOrNull(person.language),
		address: address({
			street: text(mainAddress?.address ?? person.address),
			street2: text(mainAddress?.address_addition),
			postalCode: text(mainAddress?.post_code ?? person.post_code),
			city: text(mainAddress?.city ?? person.city),
			state: text(mainAddress?.state),
			country: upperOrNull(mainAddress?.country ?? person.country),
		}),
	};
}

export function normalizeFundraisingBoxWebhook(
	payload: FundraisingBoxPayload,
	request: { vendorEvent: string; requestId?: string; eventId?: string; rawBody?: string; receivedAt?: Date },
): CanonicalEvent {
	const donation = payload.fb_donation;
	const recurring = payload.fb_recurring_payment;
	const person = payload.fb_person;
	const typeId = Number(donation?.fb_type_id ?? recurring?.fb_type_id);
	const intervalNumber = Number(recurring?.interval ?? donation?.interval);
	const subject = donation ?? recurring ?? person;
	const fallbackId = `${request.vendorEvent}:${text(subject?.id) ?? 'unknown'}`;
	return {
		schemaVersion: CANONICAL_EVENT_VERSION,
		source: 'fundraisingbox',
		event: canonicalEventType(request.vendorEvent, text(donation?.status), donation !== undefined),
		vendorEvent: request.vendorEvent,
		eventId: request.eventId ?? `fundraisingbox:${text(request.requestId) ?? fallbackId}`,
		occurredAt: fundraisingBoxTime(donation?.received_at) ?? fundraisingBoxTime(subject?.updated_at) ?? fundraisingBoxTime(subject?.created_at),
		receivedAt: (request.receivedAt ?? new Date()).toISOString(),
		testMode: flagSet(donation?.is_test ?? recurring?.is_test),
		amount: amountString(donation?.amount ?? recurring?.amount),
		currency: upperOrNull(donation?.currency ?? recurring?.currency),
		contact: contact(person),
		payment: donation
			? {
					id: text(donation.id),
					orderId: text(donation.transaction_id) ?? text(donation.id),
					method: Number.isFinite(typeId) ? (PAYMENT_TYPES[typeId] ?? `fb_type_id ${typeId}`) : null,
					sequenceNo: null,
					parentId: null,
					invoiceUrl: null,
				}
			: null,
		// A recurring payment, or a donation with an interval, belongs to a plan.
		subscription:
			recurring || intervalNumber > 0
				? {
						id: text(recurring?.id ?? donation?.fb_recurring_payment_id),
						interval: Number.isFinite(intervalNumber) ? (INTERVALS[intervalNumber] ?? 'other') : null,
						status: text(recurring?.status),
						nextPaymentAt: text(recurring?.next_payment_date),
					}
				: null,
		product: donation?.fb_project_id !== undefined && donation?.fb_project_id !== null
			? { id: text(donation.fb_project_id), name: text(donation.project_name), quantity: null }
			: null,
		vendor: withCustomFieldLists(payload),
		raw: request.rawBody ?? JSON.stringify(payload),
	};
}
