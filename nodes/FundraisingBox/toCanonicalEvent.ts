/**
 * FundraisingBox webhook payloads (merge webhook: fb_donation, fb_person, optional
 * fb_recurring_payment and fb_sepa_mandate; from XML via ./trigger/xml.ts or from the JSON webhook)
 * → the canonical event. Field names from the FundraisingBox developer reference (docs/fundraisingbox.md).
 * The body is untrusted: objects are read by their own fields and values only as scalars
 * (./untrusted.ts), so the canonical fields hold strings, numbers, booleans and null of our making.
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
import { integerOf, objectsIn, ownFields, plainData, scalarOf } from './untrusted';

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

/** A field as trimmed text, or null: only strings, numbers and booleans are read as text. */
const textOf = (value: unknown) => text(scalarOf(value));

/**
 * A list that arrives as an array (JSON, `type="array"`) or wrapped in its item element (XML); its
 * entries that are objects, read by their own fields only.
 */
export function listOf(value: unknown, itemElement: string): FundraisingBoxObject[] {
	if (Array.isArray(value)) return objectsIn(value);
	const inner = ownFields(value)?.[itemElement];
	if (Array.isArray(inner)) return objectsIn(inner);
	const single = ownFields(inner);
	return single ? [single] : [];
}

export interface CustomField {
	id: number | string | null;
	name: string | null;
	/** FundraisingBox gives every custom field value as a string ("" when empty, "1"/"" for checkboxes). */
	value: string;
}

/** Keys under which FundraisingBox sends custom fields (objects, Transaction JSON). */
export const CUSTOM_FIELD_KEYS = ['fb_custom_fields', 'fb_donation_custom_fields', 'fb_person_custom_fields'];

const customFieldId = (value: unknown) => integerOf(value) ?? textOf(value);
/** FundraisingBox sends custom field values as strings: a value that is no scalar is empty. */
const customFieldValue = (value: unknown) => {
	const scalar = scalarOf(value);
	return scalar === null ? '' : String(scalar);
};

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
				const field: Record<string, unknown> = ownFields(entry) ?? { value: entry };
				return { id: customFieldId(field.id), name: textOf(field.name), value: customFieldValue(field.value) };
			});
	}
	const fields = ownFields(value);
	return fields ? Object.entries(fields).map(([name, fieldValue]) => ({ id: null, name, value: customFieldValue(fieldValue) })) : [];
}

/** The payload with every custom field list (top level and inside each fb_* object) as `{id, name, value}`. */
export function withCustomFieldLists(payload: FundraisingBoxPayload): Record<string, unknown> {
	const normalizeObject = (object: Record<string, unknown>) => {
		const copy: Record<string, unknown> = { ...object };
		for (const key of CUSTOM_FIELD_KEYS) if (Object.hasOwn(copy, key)) copy[key] = customFieldList(copy[key]);
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
export const phoneNumber = (phone: FundraisingBoxObject): string | null => textOf(phone.phone) ?? textOf(phone.number);

/** The entry marked `is_main`, else the first. */
function main(entries: FundraisingBoxObject[]): FundraisingBoxObject | undefined {
	return entries.find((entry) => flagSet(entry.is_main)) ?? entries[0];
}

export function fundraisingBoxTime(value: unknown): string | null {
	const raw = textOf(value);
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
	const mobile = phones.find((phone) => textOf(phone.type)?.startsWith('mobile'));
	const landline = phones.find((phone) => phone !== mobile && flagSet(phone.is_main)) ?? phones.find((phone) => phone !== mobile);
	return {
		id: textOf(person.id),
		salutation: textOf(person.salutation),
		title: textOf(person.title),
		firstName: textOf(person.first_name),
		lastName: textOf(person.last_name),
		company: textOf(person.company_name),
		email: lowerOrNull(scalarOf(mainEmail?.email ?? person.email)),
		phone: (landline && phoneNumber(landline)) ?? textOf(person.phone),
		mobile: mobile ? phoneNumber(mobile) : null,
		language: lowerOrNull(scalarOf(person.language)),
		address: address({
			street: textOf(mainAddress?.address ?? person.address),
			street2: textOf(mainAddress?.address_addition),
			postalCode: textOf(mainAddress?.post_code ?? person.post_code),
			city: textOf(mainAddress?.city ?? person.city),
			state: textOf(mainAddress?.state),
			country: upperOrNull(scalarOf(mainAddress?.country ?? person.country)),
		}),
	};
}

export function normalizeFundraisingBoxWebhook(
	payload: FundraisingBoxPayload,
	request: { vendorEvent: string; requestId?: string; eventId?: string; rawBody?: string; receivedAt?: Date },
): CanonicalEvent {
	// An fb_* value that is not an object (text, a list) is no such object.
	const objects = ownFields(payload) ?? {};
	const donation = ownFields(objects.fb_donation);
	const recurring = ownFields(objects.fb_recurring_payment);
	const person = ownFields(objects.fb_person);
	const typeId = integerOf(donation?.fb_type_id ?? recurring?.fb_type_id);
	const intervalNumber = integerOf(recurring?.interval ?? donation?.interval);
	const projectId = textOf(donation?.fb_project_id);
	const subject = donation ?? recurring ?? person;
	const fallbackId = `${request.vendorEvent}:${textOf(subject?.id) ?? 'unknown'}`;
	return {
		schemaVersion: CANONICAL_EVENT_VERSION,
		source: 'fundraisingbox',
		event: canonicalEventType(request.vendorEvent, textOf(donation?.status), donation !== undefined),
		vendorEvent: request.vendorEvent,
		eventId: request.eventId ?? `fundraisingbox:${text(request.requestId) ?? fallbackId}`,
		occurredAt: fundraisingBoxTime(donation?.received_at) ?? fundraisingBoxTime(subject?.updated_at) ?? fundraisingBoxTime(subject?.created_at),
		receivedAt: (request.receivedAt ?? new Date()).toISOString(),
		testMode: flagSet(donation?.is_test ?? recurring?.is_test),
		amount: amountString(scalarOf(donation?.amount ?? recurring?.amount)),
		currency: upperOrNull(scalarOf(donation?.currency ?? recurring?.currency)),
		contact: contact(person),
		payment: donation
			? {
					id: textOf(donation.id),
					orderId: textOf(donation.transaction_id) ?? textOf(donation.id),
					method: typeId === null ? null : (PAYMENT_TYPES[typeId] ?? `fb_type_id ${typeId}`),
					sequenceNo: null,
					parentId: null,
					invoiceUrl: null,
				}
			: null,
		// A recurring payment, or a donation with an interval, belongs to a plan.
		subscription:
			recurring || (intervalNumber ?? 0) > 0
				? {
						id: textOf(recurring?.id ?? donation?.fb_recurring_payment_id),
						interval: intervalNumber === null ? null : (INTERVALS[intervalNumber] ?? 'other'),
						status: textOf(recurring?.status),
						nextPaymentAt: textOf(recurring?.next_payment_date),
					}
				: null,
		product: projectId === null ? null : { id: projectId, name: textOf(donation?.project_name), quantity: null },
		// Plain objects for n8n's item JSON, as JSON.parse builds them (XML arrives prototype-free).
		vendor: plainData(withCustomFieldLists(payload)) as Record<string, unknown>,
		raw: request.rawBody ?? JSON.stringify(payload),
	};
}
