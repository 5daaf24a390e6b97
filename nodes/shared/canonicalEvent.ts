/**
 * The canonical event: the one item shape every trigger of this pack emits and every sink
 * (SmartBusiness, Salesforce Mapper) accepts. Documented field by field in docs/canonical-event.md.
 * Vendor specifics stay in `vendor` (parsed, typed) and `raw` (untouched); nothing is dropped.
 * The writer side: the shape and the helpers below, used by the triggers' normalize functions (the
 * writers); the reader side, for sinks: readCanonicalEvent in ./canonicalEventReader.ts.
 */

export const CANONICAL_EVENT_VERSION = 1;

export type EventSource = 'digistore24' | 'fundraisingbox' | 'onlinefundraising';

/** Small normalized vocabulary; the vendor's own event name is kept in `vendorEvent`. */
export const CANONICAL_EVENT_TYPES = [
	'payment.succeeded',
	'payment.refunded',
	'payment.chargeback',
	'payment.failed',
	'payment.missed',
	'subscription.created',
	'subscription.updated',
	'subscription.cancelled',
	'subscription.resumed',
	'subscription.ended',
	'contact.created',
	'contact.updated',
	'affiliate.created',
	'test',
	'other',
] as const;
export type CanonicalEventType = (typeof CANONICAL_EVENT_TYPES)[number];

export interface CanonicalAddress {
	street: string | null;
	street2: string | null;
	postalCode: string | null;
	city: string | null;
	state: string | null;
	/** ISO 3166-1 alpha-2, upper case. */
	country: string | null;
}

export interface CanonicalContact {
	/** The vendor's id of the person or buyer, when it has one. */
	id: string | null;
	salutation: string | null;
	title: string | null;
	firstName: string | null;
	lastName: string | null;
	company: string | null;
	email: string | null;
	phone: string | null;
	mobile: string | null;
	/** ISO 639-1 language code, lower case. */
	language: string | null;
	address: CanonicalAddress | null;
}

/**
 * An affiliate (a partner who promotes the vendor's products), never a buyer or donor: sinks that
 * create people read `contact` only. Set by sources that have affiliates (Digistore24).
 */
export interface CanonicalAffiliate {
	/** The vendor's id or user name of the affiliate (Digistore24: `affiliate_name`). */
	id: string | null;
	firstName: string | null;
	lastName: string | null;
	email: string | null;
	phone: string | null;
	/** ISO 639-1 language code, lower case. */
	language: string | null;
	/** The affiliate's promotion link. */
	promoLink: string | null;
	address: CanonicalAddress | null;
}

export interface CanonicalPayment {
	/** The vendor's id of this payment or transaction. */
	id: string | null;
	/** The order or donation this payment belongs to (stable across rebills, refunds, chargebacks). */
	orderId: string | null;
	method: string | null;
	/** 1-based position in a subscription or instalment plan, 0 for a single payment, when known. */
	sequenceNo: number | null;
	/** For refunds and chargebacks: the payment being reversed. */
	parentId: string | null;
	invoiceUrl: string | null;
}

export type SubscriptionInterval = 'one-off' | 'monthly' | 'quarterly' | 'half-yearly' | 'yearly' | 'other';

export interface CanonicalSubscription {
	id: string | null;
	interval: SubscriptionInterval | null;
	status: string | null;
	/** ISO 8601 date or date-time of the next planned payment, when the vendor says. */
	nextPaymentAt: string | null;
}

export interface CanonicalProduct {
	id: string | null;
	name: string | null;
	quantity: number | null;
}

export interface CanonicalEvent {
	schemaVersion: typeof CANONICAL_EVENT_VERSION;
	source: EventSource;
	event: CanonicalEventType;
	vendorEvent: string;
	/** Stable idempotency key: a redelivered event carries the same id. */
	eventId: string;
	/** When the vendor says it happened, ISO 8601 with offset; null when the vendor does not say. */
	occurredAt: string | null;
	/** When this trigger received it, ISO 8601 UTC. */
	receivedAt: string;
	/** True for the vendor's test mode (test purchases, sandbox); false for live money. */
	testMode: boolean;
	/** Decimal string with a dot (e.g. "49.00"), never a float; null when the event has no amount. */
	amount: string | null;
	/** ISO 4217 upper case. */
	currency: string | null;
	contact: CanonicalContact | null;
	/** A new affiliate (`affiliate.created`) or the one who referred an order; absent where the source has none. */
	affiliate?: CanonicalAffiliate | null;
	payment: CanonicalPayment | null;
	subscription: CanonicalSubscription | null;
	product: CanonicalProduct | null;
	/** The vendor payload, parsed and typed (booleans, numbers), vendor field names kept. */
	vendor: Record<string, unknown>;
	/** The request body exactly as received, as text (form-encoded, JSON or XML), for audit and re-verification. */
	raw: unknown;
}

/** How each source is named to people (e.g. in a record name). */
export const SOURCE_LABELS: Readonly<Record<EventSource, string>> = {
	digistore24: 'Digistore24',
	fundraisingbox: 'FundraisingBox',
	onlinefundraising: 'OnlineFundraising',
};

/** Prefixes that keep one source's ids apart from another's in a sink: `FB-123` ≠ `OF-123`. */
export const SOURCE_KEY_PREFIX: Readonly<Record<EventSource, string>> = { digistore24: 'DS24-', fundraisingbox: 'FB-', onlinefundraising: 'OF-' };

/** A source's id made unique across sources (`DS24-333222`), or undefined without an id. */
export function sourceKey(source: EventSource | string, id: string | null | undefined): string | undefined {
	return id ? `${SOURCE_KEY_PREFIX[source as EventSource] ?? `${source}-`}${id}` : undefined;
}

/**
 * Trimmed string, or null when missing or empty. Only strings, finite numbers and booleans are text:
 * an object from a request body (whose `toString` may be null, so `String()` would throw) is not.
 */
export function text(value: unknown): string | null {
	if (typeof value === 'number' ? !Number.isFinite(value) : typeof value !== 'string' && typeof value !== 'boolean') return null;
	const trimmed = String(value).trim();
	return trimmed === '' ? null : trimmed;
}

/** A decimal amount as a canonical string ("49", "49.00", "-12.5", "1,50"), or null if not a number. */
export function decimalString(value: unknown): string | null {
	const raw = text(value);
	if (raw === null) return null;
	const normalized = raw.replace(',', '.');
	return /^[-+]?\d+(\.\d+)?$/.test(normalized) ? normalized.replace(/^\+/, '') : null;
}

/**
 * An amount that vendors send as a JSON number (a float: 12.3, 125.0) or as text, as a decimal
 * string; numbers get two decimals ("12.30"), since a float has lost how many the vendor meant.
 */
export function amountString(value: unknown): string | null {
	if (typeof value === 'number' && Number.isFinite(value)) return value.toFixed(2);
	return decimalString(value);
}

export function upperOrNull(value: unknown): string | null {
	const raw = text(value);
	return raw === null ? null : raw.toUpperCase();
}

export function lowerOrNull(value: unknown): string | null {
	const raw = text(value);
	return raw === null ? null : raw.toLowerCase();
}

export function integerOrNull(value: unknown): number | null {
	const raw = text(value);
	return raw !== null && /^-?\d+$/.test(raw) ? Number(raw) : null;
}

/** Builds an address, or null when every part is empty. */
export function address(parts: CanonicalAddress): CanonicalAddress | null {
	return Object.values(parts).some((part) => part !== null) ? parts : null;
}

/**
 * Converts a wall-clock date-time in an IANA time zone ("2026-08-18 08:41:48", "Europe/Berlin")
 * to ISO 8601 with the zone's offset at that moment ("2026-08-18T08:41:48+02:00").
 */
export function zonedToIso(dateTime: string, timeZone: string): string | null {
	const match = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(dateTime.trim());
	if (!match) return null;
	const [, y, mo, d, h = '00', mi = '00', s = '00'] = match;
	const asUtc = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s);
	if (Number.isNaN(asUtc)) return null;
	// The offset is the zone's wall clock minus UTC; evaluate it near the target instant twice
	// so that a date-time right after a DST switch resolves to the offset in force then.
	let offsetMinutes = zoneOffsetMinutes(asUtc, timeZone);
	offsetMinutes = zoneOffsetMinutes(asUtc - offsetMinutes * 60000, timeZone);
	const sign = offsetMinutes < 0 ? '-' : '+';
	const abs = Math.abs(offsetMinutes);
	const offset = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
	return `${y}-${mo}-${d}T${h}:${mi}:${s}${offset}`;
}

const zoneFormatters = new Map<string, Intl.DateTimeFormat>();

/** One cached formatter per zone; throws a RangeError for an unknown zone. */
function zoneFormatter(timeZone: string): Intl.DateTimeFormat {
	let format = zoneFormatters.get(timeZone);
	if (!format) {
		format = new Intl.DateTimeFormat('en-US', {
			timeZone,
			hourCycle: 'h23',
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit',
			second: '2-digit',
		});
		zoneFormatters.set(timeZone, format);
	}
	return format;
}

/** An instant as the wall-clock time `YYYY-MM-DD HH:MM:SS` in a time zone. */
export function wallClockIn(instant: Date, timeZone: string): string {
	const parts: Record<string, string> = {};
	for (const part of zoneFormatter(timeZone).formatToParts(instant)) parts[part.type] = part.value;
	return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}

function zoneOffsetMinutes(utcMillis: number, timeZone: string): number {
	const format = zoneFormatter(timeZone);
	const parts: Record<string, number> = {};
	for (const part of format.formatToParts(new Date(utcMillis))) {
		if (part.type !== 'literal') parts[part.type] = Number(part.value);
	}
	const wallClock = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
	return Math.round((wallClock - Math.floor(utcMillis / 1000) * 1000) / 60000);
}

/** True for an IANA time zone name this runtime knows. */
export function isTimeZone(timeZone: string): boolean {
	try {
		zoneFormatter(timeZone);
		return true;
	} catch {
		return false;
	}
}
