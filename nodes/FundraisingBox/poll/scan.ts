/**
 * Which polled FundraisingBox objects are new or changed since the last poll, each exactly once,
 * with a bounded number of requests per poll and a bounded state.
 *
 * What FundraisingBox offers: lists of at most 100 per page (`page`, `perPage`, `hasMore`), in no
 * documented order; date filters by whole days. `/donations.json` takes `updated_min` (sent by
 * FundraisingBox's own n8n node; not in the reference table); `/recurrings.json` documents no
 * "changed since" filter at all (only start, next-payment and amount filters), so a poll cannot ask
 * it for "changed since 10:42:17".
 *
 * So each object type is read in passes over its list. A pass reads at most `maxPages` new pages per
 * poll and continues at the next poll where it stopped (re-reading the last page, so objects moving
 * up a page between polls are not skipped). An object is emitted when its `updated_at` is not older
 * than `settled` and newer than the version last emitted for it. When a pass completes, everything
 * changed before its start (minus LOOKBACK_MS, for objects committed late with an earlier
 * timestamp) has been read, so `settled` moves up to that moment and the versions kept for older
 * changes are dropped: the state holds only objects changed since then, and an API that ignores a
 * filter costs requests spread over polls, never a re-emission of the history.
 *
 * Times are FundraisingBox wall-clock strings ("YYYY-MM-DD HH:MM:SS", German time), compared as strings.
 */
import { wallClockIn } from '../../shared/canonicalEvent';
import { maxPagesFor, PageGuard, PagingError } from '../../shared/paging';

export const LOOKBACK_MS = 60 * 60 * 1000;
/** Default of "Max Pages per Poll": 2,000 objects per type and poll. */
export const DEFAULT_MAX_PAGES = 20;
/**
 * The most pages one pass reads, over all its polls: 1,000,000 objects at 100 a page. A pass holds
 * one poll's pages in memory at a time, so this bound only has to end a pass whose API never stops
 * announcing new pages; it is far above any account's donations or recurring payments (ASSUMED,
 * docs/fundraisingbox.md).
 */
export const MAX_PASS_PAGES = maxPagesFor(100, 1_000_000);

export type PolledKind = 'donation' | 'recurring';

/** Where the pass over one object type's list stands. */
export interface ScanState {
	/** The next page to read; 1 when the next poll starts a new pass. */
	page: number;
	/** `updated_min` of the current pass (a date), fixed for the pass so its pages keep their meaning. */
	queryDay: string;
	/** When the current pass completes, every change before this moment has been read. */
	settlesAt: string;
	/** Every change before this was read by a completed pass (or is before the floor): never emitted again. */
	settled: string;
}

export interface PollState {
	version: 2;
	/** The settings the state was made for; other settings start afresh. */
	configKey: string;
	/** Nothing changed before this moment is emitted (activation, or the start date the user chose). */
	floor: string;
	scans: Partial<Record<PolledKind, ScanState>>;
	/** `<kind>:<id>` → the `updated_at` last emitted, for changes not older than that kind's `settled`. */
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

export interface ListPage {
	hasMore: boolean;
	data: Array<Record<string, unknown>>;
}

const WALL_CLOCK = /^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}:\d{2})?$/;

const later = (a: string, b: string) => (a > b ? a : b);

export function versionOf(object: Record<string, unknown>): string {
	for (const value of [object.updated_at, object.created_at]) {
		const text = typeof value === 'string' ? value.trim().replace('T', ' ').slice(0, 19) : '';
		if (WALL_CLOCK.test(text)) return text;
	}
	return '';
}

export function initialPollState(configKey: string, floor: string): PollState {
	return { version: 2, configKey, floor, scans: {}, emitted: {} };
}

/**
 * A stored state as this version uses it. Version 1 (one `queryDay`, `updated_min` on every list)
 * emitted nothing before the start of its query day, so that becomes the floor; what it emitted is kept.
 */
export function upgradePollState(stored: unknown): PollState | undefined {
	const state = stored as Partial<PollState> & { version?: number; queryDay?: string };
	if (!state || typeof state !== 'object' || typeof state.configKey !== 'string' || typeof state.floor !== 'string') return undefined;
	if (state.version === 2) return state as PollState;
	if (state.version !== 1 || typeof state.queryDay !== 'string') return undefined;
	return { version: 2, configKey: state.configKey, floor: later(state.floor, `${state.queryDay} 00:00:00`), scans: {}, emitted: { ...state.emitted } };
}

/** The pass to continue (or start, at `lookbackStart` = now − LOOKBACK_MS) and the first page to read. */
export function planScan(state: PollState, kind: PolledKind, lookbackStart: string): { scan: ScanState; firstPage: number } {
	const current = state.scans[kind];
	if (current && current.page > 1) return { scan: current, firstPage: current.page - 1 };
	const settled = current?.settled ?? state.floor;
	return { scan: { page: 1, queryDay: settled.slice(0, 10), settlesAt: lookbackStart, settled }, firstPage: 1 };
}

/**
 * Reads one poll's share of a pass: from `firstPage` up to `maxPages` pages beyond the one re-read,
 * or to the end of the list. Returns the objects read and the scan state after them. A page that
 * repeats another of this poll (an API ignoring `page`), or a pass beyond MAX_PASS_PAGES, fails the
 * poll with a PagingError naming `what`; the state stays where it was.
 */
export async function readScan(
	plan: { scan: ScanState; firstPage: number },
	maxPages: number,
	fetchPage: (page: number) => Promise<ListPage>,
	what = 'FundraisingBox list',
): Promise<{ objects: Array<Record<string, unknown>>; scan: ScanState; pagesRead: number }> {
	const { scan, firstPage } = plan;
	const lastPage = scan.page + Math.max(1, Math.floor(maxPages)) - 1;
	const guard = new PageGuard(what, lastPage - firstPage + 1, firstPage);
	const objects: Array<Record<string, unknown>> = [];
	for (let page = firstPage; page <= lastPage; page++) {
		if (page > MAX_PASS_PAGES) {
			throw new PagingError(`${what}: the pass reached page ${page}, beyond the ${MAX_PASS_PAGES} pages one pass reads; the API keeps announcing more.`);
		}
		const { hasMore, data } = await fetchPage(page);
		guard.check(data);
		objects.push(...data);
		// An empty page ends the pass even if hasMore says otherwise, so a bad answer cannot loop forever.
		if (!hasMore || data.length === 0) {
			return { objects, scan: { ...scan, page: 1, settled: later(scan.settled, scan.settlesAt) }, pagesRead: page - firstPage + 1 };
		}
	}
	return { objects, scan: { ...scan, page: lastPage + 1 }, pagesRead: lastPage - firstPage + 1 };
}

/** The objects to emit, oldest change first, each key once even if it came on several pages. */
export function selectChanges(state: PollState, polled: PolledObject[]): Change[] {
	const newest = new Map<string, Change>();
	for (const { kind, object } of polled) {
		const version = versionOf(object);
		const key = `${kind}:${String(object.id)}`;
		const lowest = later(state.floor, state.scans[kind]?.settled ?? '');
		if (version < lowest || object.id === undefined || object.id === null) continue;
		const last = state.emitted[key];
		if (last !== undefined && version <= last) continue;
		const current = newest.get(key);
		if (!current || version > current.version) newest.set(key, { kind, object, version });
	}
	return [...newest.values()].sort((a, b) => a.version.localeCompare(b.version));
}

/** The state after emitting `changes` with the scans moved on; versions older than their kind's `settled` are dropped. */
export function advancePollState(state: PollState, changes: Change[], scans: Partial<Record<PolledKind, ScanState>>): PollState {
	const nextScans = { ...state.scans, ...scans };
	const emitted: Record<string, string> = {};
	for (const [key, version] of Object.entries(state.emitted)) emitted[key] = version;
	for (const { kind, object, version } of changes) emitted[`${kind}:${String(object.id)}`] = version;
	for (const [key, version] of Object.entries(emitted)) {
		const settled = nextScans[key.slice(0, key.indexOf(':')) as PolledKind]?.settled;
		if (settled !== undefined && version < settled) delete emitted[key];
	}
	return { ...state, scans: nextScans, emitted };
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
