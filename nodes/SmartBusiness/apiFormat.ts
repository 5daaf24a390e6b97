/** Request bodies and list queries for SmartBusiness, from the node's field values (pure). */
import type { IDataObject } from 'n8n-workflow';
import { wallClockIn } from '../shared/canonicalEvent';

/** The fields without empty optional values (SmartBusiness would store "" as a value). */
export function compact(fields: IDataObject): IDataObject {
	return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined && value !== null && value !== '')) as IDataObject;
}

/** A date for a request: `YYYY-MM-DD` from n8n's date-time value (its date part), or undefined when empty. */
export function apiDate(value: unknown): string | undefined {
	if (typeof value !== 'string' || value.trim() === '') return undefined;
	const match = /^(\d{4}-\d{2}-\d{2})/.exec(value.trim());
	if (!match) throw new Error(`"${value}" is not a date (YYYY-MM-DD)`);
	return match[1];
}

/**
 * The list query: `filter` as the JSON SmartBusiness takes (plain equality, several keys joined
 * with `and`), `q` for full-text search, `sort`, `with`.
 */
export function listQuery(options: { equals?: IDataObject; q?: unknown; sort?: unknown; with?: string[] }): IDataObject {
	const equals = Object.entries(compact(options.equals ?? {})).map(([key, value]) => ({ [key]: value }));
	const query: IDataObject = {};
	if (equals.length === 1) query.filter = JSON.stringify(equals[0]);
	if (equals.length > 1) query.filter = JSON.stringify({ and: equals });
	if (typeof options.q === 'string' && options.q.trim() !== '') query.q = options.q.trim();
	if (typeof options.sort === 'string' && options.sort !== '') query.sort = options.sort;
	if (options.with && options.with.length > 0) query.with = options.with.join(',');
	return query;
}

/** SmartBusiness is a Swiss service: a date left empty means today in Switzerland. */
export const SMARTBUSINESS_TIME_ZONE = 'Europe/Zurich';

/** Today in Switzerland as `YYYY-MM-DD`. */
export function swissToday(now: Date = new Date()): string {
	return wallClockIn(now, SMARTBUSINESS_TIME_ZONE).slice(0, 10);
}

/** `YYYY-MM-DD` plus whole days (calendar arithmetic, no time zone involved). */
export function addDays(date: string, days: number): string {
	const [year, month, day] = date.split('-').map(Number);
	return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

/**
 * A date-time for a request: `YYYY-MM-DD HH:MM:SS` (SmartBusiness's format) from n8n's date-time
 * value as it reads on the clock (an offset or milliseconds are dropped; a bare date is midnight),
 * or undefined when empty.
 */
export function apiDateTime(value: unknown): string | undefined {
	if (typeof value !== 'string' || value.trim() === '') return undefined;
	const match = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?/.exec(value.trim());
	if (!match) throw new Error(`"${value}" is not a date and time (YYYY-MM-DD HH:MM:SS)`);
	const [, date, hours = '00', minutes = '00', seconds = '00'] = match;
	return `${date} ${hours}:${minutes}:${seconds}`;
}
