/**
 * OnlineFundraising's values as n8n items carry them ("General notes", reference B.1): timestamps
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
