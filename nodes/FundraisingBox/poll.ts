/**
 * Which polled FundraisingBox objects are new or changed since the last poll, each exactly once.
 *
 * FundraisingBox's list filters take whole days (`updated_min=YYYY-MM-DD`) and list donations
 * newest-created first, so a poll cannot ask for "changed since 10:42:17". Instead each poll asks
 * for everything changed since `queryDay` and keeps, per object, the `updated_at` it last emitted:
 * an object is emitted when its `updated_at` is newer than that. This holds when several objects
 * share a timestamp, when pages shift because donations arrive during the poll, and when the API
 * ignores the filter. `queryDay` trails the clock by LOOKBACK_MS, so objects committed a little
 * late (with a timestamp before the last poll) are still caught; only what is kept for that day and
 * later is remembered.
 *
 * Times are FundraisingBox wall-clock strings ("YYYY-MM-DD HH:MM:SS", German time), compared as strings.
 */
import { wallClockIn } from '../shared/canonicalEvent';

export const LOOKBACK_MS = 60 * 60 * 1000;

export type PolledKind = 'donation' | 'recurring';

export interface PollState {
	version: 1;
	/** The settings the state was made for; other settings start afresh. */
	configKey: string;
	/** Nothing changed before this moment is emitted (activation, or the start date the user chose). */
	floor: string;
	/** `updated_min` of the next poll (a date). */
	queryDay: string;
	/** `<kind>:<id>` → the `updated_at` last emitted, for objects changed on or after `queryDay`. */
	emitted: Record<string, string>;
}

export interface PolledObject {
	kind: PolledKind;
	object: Record<string, unknown>;
}

export interface Change extends PolledObject {
	/** `updated_at` (else `created_at`) of the version emitted. */
	version: string;
}

const WALL_CLOCK = /^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}:\d{2})?$/;

export function versionOf(object: Record<string, unknown>): string {
	for (const value of [object.updated_at, object.created_at]) {
		const text = typeof value === 'string' ? value.trim().replace('T', ' ').slice(0, 19) : '';
		if (WALL_CLOCK.test(text)) return text;
	}
	return '';
}

export function initialPollState(configKey: string, floor: string): PollState {
	return { version: 1, configKey, floor, queryDay: floor.slice(0, 10), emitted: {} };
}

/** The objects to emit, oldest change first, each key once even if it came on several pages. */
export function selectChanges(state: PollState, polled: PolledObject[]): Change[] {
	const lowest = state.floor > `${state.queryDay} 00:00:00` ? state.floor : `${state.queryDay} 00:00:00`;
	const newest = new Map<string, Change>();
	for (const { kind, object } of polled) {
		const version = versionOf(object);
		const key = `${kind}:${String(object.id)}`;
		if (version < lowest || object.id === undefined || object.id === null) continue;
		const last = state.emitted[key];
		if (last !== undefined && version <= last) continue;
		const current = newest.get(key);
		if (!current || version > current.version) newest.set(key, { kind, object, version });
	}
	return [...newest.values()].sort((a, b) => a.version.localeCompare(b.version));
}

/** The state after emitting `changes`, with the query day moved up to the day of `lookbackStart` (now − LOOKBACK_MS). */
export function advancePollState(state: PollState, changes: Change[], lookbackStart: string): PollState {
	const emitted = { ...state.emitted };
	for (const { kind, object, version } of changes) emitted[`${kind}:${String(object.id)}`] = version;
	const candidateDay = lookbackStart.slice(0, 10);
	const queryDay = candidateDay > state.queryDay ? candidateDay : state.queryDay;
	const dayStart = `${queryDay} 00:00:00`;
	for (const [key, version] of Object.entries(emitted)) if (version < dayStart) delete emitted[key];
	return { ...state, queryDay, emitted };
}

/**
 * The user's start date as a wall clock in `timeZone`: n8n's date picker gives "2026-11-01T08:00:00"
 * (taken as that zone's time); a value with an offset or Z is converted. Null if it is not a date.
 */
export function startDateWallClock(value: string, timeZone: string): string | null {
	const match = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/.exec(value.trim());
	if (!match) return null;
	const [, date, hours = '00', minutes = '00', seconds = '00', offset] = match;
	if (!offset) return `${date} ${hours}:${minutes}:${seconds}`;
	const instant = new Date(value.trim());
	return Number.isNaN(instant.getTime()) ? null : wallClockIn(instant, timeZone);
}
