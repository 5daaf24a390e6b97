/**
 * OnlineFundraising's value formats, both ways.
 *
 * Answers: OnlineFundraising's values as n8n items carry them ("General notes", reference B.1): timestamps
 * `yyyy-MM-dd HH:mm:ss Z` in Europe/Copenhagen become ISO 8601 with the same offset, amounts become
 * decimal strings, and empty values (`""`) become null. Used by the action node and the trigger.
 */
import type { IDataObject } from 'n8n-workflow';
import { decimalString } from '../shared/canonicalEvent';
import { explainCode } from './errors';

/** Money fields (Agreement, Payment); `vatPercentage` is a rate and stays a number. */
export const AMOUNT_FIELDS: ReadonlySet<string> = new Set(['amount', 'amountVat', 'amountTotal', 'unitPrice']);

/** Code fields that get a `<field>Meaning` when the code is in the documented table (./errors.ts). */
const CODE_FIELDS = ['errorCode', 'cancelCode', 'gatewayErrorCode'];

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2}):?(\d{2})$/;

/** `2019-12-31 15:59:59 +0100` → `2019-12-31T15:59:59+01:00`; null for anything else. */
export function copenhagenTimestampToIso(text: unknown): string | null {
	if (typeof text !== 'string') return null;
	const match = TIMESTAMP.exec(text.trim());
	if (!match) return null;
	const [, year, month, day, hour, minute, second, sign, offsetHours, offsetMinutes] = match;
	const date = new Date(Date.UTC(+year, +month - 1, +day));
	if (date.getUTCMonth() !== +month - 1 || date.getUTCDate() !== +day || +hour > 23 || +minute > 59 || +second > 59) return null;
	return `${year}-${month}-${day}T${hour}:${minute}:${second}${sign}${offsetHours}:${offsetMinutes}`;
}

function converted(key: string, value: unknown): unknown {
	if (value === '') return null;
	// `…Ts` are timestamps; `…Date` fields are dates, except where OnlineFundraising answers a timestamp
	// (the newest Subscription example has `"startDate": "2019-12-31 15:59:59 +0100"`): ISO 8601 either way.
	if ((key.endsWith('Ts') || key.endsWith('Date')) && typeof value === 'string') return copenhagenTimestampToIso(value) ?? value;
	if (AMOUNT_FIELDS.has(key) && (typeof value === 'number' || typeof value === 'string')) return decimalString(value) ?? value;
	return value;
}

/**
 * An entity as n8n shows it. Only the entity's own properties (and a DataSet's
 * `jsonElement.paymentSessionResult`, which OnlineFundraising writes) are converted: the rest of a
 * DataSet's `jsonElement` is form data stored as received, and stays exactly so.
 */
export function fromOnlineFundraising(entity: IDataObject): IDataObject {
	const result: IDataObject = {};
	for (const [key, value] of Object.entries(entity)) {
		result[key] = converted(key, value) as IDataObject[string];
		const meaning = CODE_FIELDS.includes(key) ? explainCode(value) : undefined;
		if (meaning) result[`${key}Meaning`] = meaning;
	}
	const jsonElement = entity.jsonElement;
	if (typeof jsonElement === 'object' && jsonElement !== null && !Array.isArray(jsonElement)) {
		const sessionResult = (jsonElement as IDataObject).paymentSessionResult;
		if (typeof sessionResult === 'object' && sessionResult !== null && !Array.isArray(sessionResult)) {
			result.jsonElement = { ...(jsonElement as IDataObject), paymentSessionResult: fromOnlineFundraising(sessionResult as IDataObject) };
		}
	}
	return result;
}

/** A date for a request: `YYYY-MM-DD` from n8n's date-time value (its date part), or undefined when empty. */
export function toApiDate(value: unknown): string | undefined {
	if (typeof value !== 'string' || value.trim() === '') return undefined;
	const match = /^(\d{4}-\d{2}-\d{2})(?:[T ].*)?$/.exec(value.trim());
	return match ? match[1] : value.trim();
}

// Requests: bodies and list queries for OnlineFundraising, from the node's field values (pure).

/**
 * The fields as OnlineFundraising takes them: dates as `YYYY-MM-DD`, comma lists as arrays, JSON
 * text parsed; empty optional values are left out (OnlineFundraising stores what it is given as is).
 */
export function entityBody(fields: IDataObject, formats: { dates?: string[]; lists?: string[]; json?: string[] } = {}): IDataObject {
	const body: IDataObject = {};
	for (const [key, value] of Object.entries(fields)) {
		if (value === undefined || value === null || value === '') continue;
		if (formats.dates?.includes(key)) body[key] = toApiDate(value);
		else if (formats.lists?.includes(key)) body[key] = String(value).split(',').map((entry) => entry.trim()).filter(Boolean);
		else if (formats.json?.includes(key)) body[key] = parsedJson(key, value) as IDataObject;
		else body[key] = value;
	}
	return body;
}

function parsedJson(key: string, value: unknown): unknown {
	if (typeof value !== 'string') return value;
	let parsed: unknown;
	let valid = true;
	try {
		parsed = JSON.parse(value);
	} catch {
		valid = false;
	}
	if (!valid) throw new Error(`${key} is not valid JSON`);
	return parsed;
}

const cents = (amount: number) => Math.round(amount * 100);

/**
 * Agreement amounts from the amount excluding VAT and the VAT rate: `amountVat` and `amountTotal`
 * ("Total amount including VAT used when charging") to the øre; `unitPrice` is the amount, as the
 * quantity fields are deprecated.
 */
export function agreementAmounts(amount: number, vatPercentage: number): IDataObject {
	if (!Number.isFinite(amount) || amount < 0) throw new Error(`Amount must be a number of at least 0, not ${String(amount)}`);
	if (!Number.isFinite(vatPercentage) || vatPercentage < 0) throw new Error(`VAT Percentage must be a number of at least 0, not ${String(vatPercentage)}`);
	const vatCents = Math.round((cents(amount) * vatPercentage) / 100);
	return {
		unitPrice: cents(amount) / 100,
		amount: cents(amount) / 100,
		amountVat: vatCents / 100,
		amountTotal: (cents(amount) + vatCents) / 100,
		vatPercentage,
	};
}

/** The list query from the Filters collection: dates as `YYYY-MM-DD`, empty values left out. */
export function listQuery(filters: IDataObject, dates: string[] = []): IDataObject {
	return entityBody(filters, { dates });
}
