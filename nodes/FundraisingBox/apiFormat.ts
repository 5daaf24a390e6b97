/**
 * n8n parameter values → FundraisingBox request bodies and list queries. FundraisingBox writes
 * dates as `YYYY-MM-DD` and times as `YYYY-MM-DD HH:MM:SS` without offset (German local time,
 * see toCanonicalEvent.ts), ids as integers, custom fields as `fb_custom_fields: [{ id, value }]` with
 * string values.
 */
import type { IDataObject } from 'n8n-workflow';
import { wallClockIn } from '../shared/canonicalEvent';
import { FUNDRAISINGBOX_TIME_ZONE } from './toCanonicalEvent';

export interface ValueFormats {
	/** Parameters sent as `YYYY-MM-DD`. */
	dates?: readonly string[];
	/** Parameters sent as `YYYY-MM-DD HH:MM:SS`. */
	dateTimes?: readonly string[];
	/** Filters the reference types `date`: sent as `YYYY-MM-DD` only (see finerDateBounds). */
	dateFilters?: readonly string[];
	/** Filters the reference types `datetime`: sent as `YYYY-MM-DD HH:MM:SS`. */
	dateTimeFilters?: readonly string[];
	/** Boolean filters: sent as `1` / `0` (PHP reads the text "false" as true). */
	booleanFilters?: readonly string[];
}

const DATE_ONLY = /^(\d{4}-\d{2}-\d{2})$/;
const LOCAL_DATE_TIME = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(?::(\d{2}))?(?:\.\d+)?$/;

const inGermanTime = (instant: Date) => wallClockIn(instant, FUNDRAISINGBOX_TIME_ZONE);

/**
 * A date/time parameter (`2024-05-01`, `2024-05-01T10:00:00` as n8n's date picker gives it, an
 * ISO string with offset, a Date or a Luxon DateTime) as FundraisingBox's `YYYY-MM-DD HH:MM:SS`.
 * Values without offset are taken as the wall-clock time they show; values with an offset are
 * converted to German time. Returns undefined for anything that is not a date.
 */
export function fundraisingBoxDateTime(value: unknown): string | undefined {
	let candidate: unknown = value;
	if (candidate && typeof candidate === 'object' && typeof (candidate as { toISO?: unknown }).toISO === 'function') {
		candidate = (candidate as { toISO: () => string }).toISO();
	}
	if (candidate instanceof Date) return Number.isNaN(candidate.getTime()) ? undefined : inGermanTime(candidate);
	if (typeof candidate !== 'string') return undefined;
	const text = candidate.trim();
	const dateOnly = DATE_ONLY.exec(text);
	if (dateOnly) return `${dateOnly[1]} 00:00:00`;
	const local = LOCAL_DATE_TIME.exec(text);
	if (local) return `${local[1]} ${local[2]}:${local[3] ?? '00'}`;
	const instant = new Date(text);
	return /\d{4}-\d{2}-\d{2}/.test(text) && !Number.isNaN(instant.getTime()) ? inGermanTime(instant) : undefined;
}

export function fundraisingBoxDate(value: unknown): string | undefined {
	return fundraisingBoxDateTime(value)?.slice(0, 10);
}

/** A filter FundraisingBox types `date`: the day only, as the reference documents it. */
export function fundraisingBoxDateFilter(value: unknown): string | undefined {
	return fundraisingBoxDate(value);
}

/** The time of day of a date filter value, as `YYYY-MM-DD HH:MM:SS`; undefined at midnight (the whole day). */
function timeOfDayBound(value: unknown): string | undefined {
	const dateTime = fundraisingBoxDateTime(value);
	return dateTime === undefined || dateTime.endsWith(' 00:00:00') ? undefined : dateTime;
}

/**
 * FundraisingBox's date filters take whole days (inclusive), so a bound with a time of day is
 * applied here, to the listed objects: `fields` names the object field each filter compares
 * (`{ updated_min: 'updated_at' }`), `*_min` keeps objects at or after the bound, `*_max` at or
 * before it. Objects without the field are kept (FundraisingBox already matched them by day).
 * Returns undefined when no filter has a time of day.
 */
export function finerDateBounds(filters: IDataObject, fields: Readonly<Record<string, string>>): ((object: IDataObject) => boolean) | undefined {
	const checks: Array<(object: IDataObject) => boolean> = [];
	for (const [name, field] of Object.entries(fields)) {
		const bound = timeOfDayBound(filters[name]);
		if (bound === undefined) continue;
		const atOrAfter = name.endsWith('_min');
		checks.push((object) => {
			const value = fundraisingBoxDateTime(object[field]);
			if (value === undefined) return true;
			return atOrAfter ? value >= bound : value <= bound;
		});
	}
	return checks.length === 0 ? undefined : (object) => checks.every((check) => check(object));
}

/** A positive integer id as text, or undefined (also for paths: no `/`, `..` or spaces get through). */
export function parseId(value: unknown): string | undefined {
	const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
	return /^[1-9]\d*$/.test(text) ? text : undefined;
}

/** Reference fields (`fb_*_id`, `company_id`) are integers in FundraisingBox. */
const ID_FIELD = /^(fb_\w+_id|company_id)$/;

function idValue(value: unknown): unknown {
	const id = parseId(value);
	return id === undefined ? value : Number(id);
}

/** The `customFields` fixedCollection (`{ field: [{ id, value }] }`) as `fb_custom_fields`. */
export function customFieldsBody(customFields: unknown): Array<{ id: number; value: string }> {
	const entries = (customFields as { field?: Array<{ id?: unknown; value?: unknown }> } | undefined)?.field ?? [];
	return entries
		.filter((entry) => parseId(entry.id) !== undefined)
		.map((entry) => ({
			id: Number(parseId(entry.id)),
			value: entry.value === undefined || entry.value === null ? '' : String(entry.value),
		}));
}

function formatValue(name: string, value: unknown, formats: ValueFormats): unknown {
	if (formats.dates?.includes(name)) return fundraisingBoxDate(value) ?? value;
	if (formats.dateTimes?.includes(name)) return fundraisingBoxDateTime(value) ?? value;
	if (formats.dateFilters?.includes(name)) return fundraisingBoxDateFilter(value) ?? value;
	if (formats.dateTimeFilters?.includes(name)) return fundraisingBoxDateTime(value) ?? value;
	if (formats.booleanFilters?.includes(name) && typeof value === 'boolean') return value ? 1 : 0;
	if (ID_FIELD.test(name)) return idValue(value);
	return value;
}

/**
 * The body of a create or update: the fields the user set, dates and ids in FundraisingBox's
 * format, custom fields as `fb_custom_fields`. An empty date stays empty (clears the field).
 */
export function requestBody(fields: IDataObject, formats: ValueFormats = {}): IDataObject {
	const body: IDataObject = {};
	for (const [name, value] of Object.entries(fields)) {
		if (value === undefined) continue;
		if (name === 'customFields') {
			const customFields = customFieldsBody(value);
			if (customFields.length > 0) body.fb_custom_fields = customFields;
			continue;
		}
		body[name] = value === '' ? '' : (formatValue(name, value, formats) as IDataObject[string]);
	}
	return body;
}

/** The query of a list call: only the filters with a value, dates and ids formatted. */
export function listQuery(filters: IDataObject, formats: ValueFormats = {}): IDataObject {
	const query: IDataObject = {};
	for (const [name, value] of Object.entries(filters)) {
		if (value === undefined || value === null || value === '') continue;
		if (Array.isArray(value)) {
			if (value.length > 0) query[name] = value.join(',');
			continue;
		}
		query[name] = formatValue(name, value, formats) as IDataObject[string];
	}
	return query;
}
