import {
	advancePollState,
	initialPollState,
	planScan,
	MAX_PASS_PAGES,
	readScan,
	selectChanges,
	startDateWallClock,
	upgradePollState,
	versionOf,
	type PolledKind,
	type PollState,
} from '../../../nodes/FundraisingBox/poll/scan';

type FbObject = Record<string, unknown>;
const object = (id: number, updatedAt: string, createdAt = updatedAt): FbObject => ({ id, created_at: createdAt, updated_at: updatedAt });

/**
 * One poll of one kind against `list` (the API's whole answer, filter ignored), pages of `perPage`;
 * `lookbackStart` = now − 1 hour. Returns the emitted ids and the pages read.
 */
async function poll(state: PollState, kind: PolledKind, list: FbObject[], lookbackStart: string, maxPages = 20, perPage = 2) {
	const pages: number[] = [];
	const read = await readScan(planScan(state, kind, lookbackStart), maxPages, async (page) => {
		pages.push(page);
		const start = (page - 1) * perPage;
		return { hasMore: list.length > start + perPage, data: list.slice(start, start + perPage) };
	});
	const changes = selectChanges(state, read.objects.map((entry) => ({ kind, object: entry })));
	return {
		ids: changes.map((change) => `${String(change.object.id)}@${change.version}`),
		pages,
		state: advancePollState(state, changes, { [kind]: read.scan }),
	};
}

describe('scheduled pull: what a poll emits', () => {
	it('emits nothing from before activation, then each new object once, even when several share a timestamp', async () => {
		let state = initialPollState('cfg', '2026-11-23 10:00:00');
		const history = [object(1, '2026-11-23 09:59:59'), object(2, '2026-11-22 12:00:00')];
		let result = await poll(state, 'donation', history, '2026-11-23 09:00:00');
		expect(result.ids).toEqual([]);
		state = result.state;
		const batch = [object(3, '2026-11-23 10:00:05'), object(4, '2026-11-23 10:00:05'), object(5, '2026-11-23 10:00:05')];
		result = await poll(state, 'donation', [...history, ...batch], '2026-11-23 09:01:00');
		expect(result.ids).toEqual(['3@2026-11-23 10:00:05', '4@2026-11-23 10:00:05', '5@2026-11-23 10:00:05']);
		state = result.state;
		// A sixth object with the very same timestamp, committed after the last poll.
		const all = [...history, ...batch, object(6, '2026-11-23 10:00:05')];
		result = await poll(state, 'donation', all, '2026-11-23 09:02:00');
		expect(result.ids).toEqual(['6@2026-11-23 10:00:05']);
		expect((await poll(result.state, 'donation', all, '2026-11-23 09:03:00')).ids).toEqual([]);
	});

	it('emits an object again when it changes, once per version, and ignores pages that repeat it', async () => {
		let state = initialPollState('cfg', '2026-11-23 10:00:00');
		let result = await poll(state, 'donation', [object(7, '2026-11-23 10:00:10'), object(7, '2026-11-23 10:00:10')], '2026-11-23 09:01:00');
		expect(result.ids).toEqual(['7@2026-11-23 10:00:10']);
		state = result.state;
		result = await poll(state, 'donation', [object(7, '2026-11-23 10:05:00', '2026-11-23 10:00:10')], '2026-11-23 09:06:00');
		expect(result.ids).toEqual(['7@2026-11-23 10:05:00']);
		// An older copy of the object (a stale page) is not a change.
		expect((await poll(result.state, 'donation', [object(7, '2026-11-23 10:00:10')], '2026-11-23 09:07:00')).ids).toEqual([]);
	});

	it('starts from a date the user chose (history on purpose), oldest first', async () => {
		const state = initialPollState('cfg', '2026-11-01 00:00:00');
		expect(planScan(state, 'donation', '2026-11-23 09:00:00').scan.queryDay).toBe('2026-11-01');
		const list = [object(9, '2026-11-20 08:00:00'), object(8, '2026-11-02 08:00:00'), object(1, '2026-10-31 23:59:59')];
		expect((await poll(state, 'donation', list, '2026-11-23 09:00:00')).ids).toEqual(['8@2026-11-02 08:00:00', '9@2026-11-20 08:00:00']);
	});
});

describe('scheduled pull: bounded when the API ignores the filter', () => {
	// 2,000 recurring payments from before activation (1,000 pages of 2), in id order.
	const history = Array.from({ length: 2000 }, (_, n) => object(n + 1, '2025-03-01 12:00:00'));

	it('reads at most Max Pages (+1 re-read) per poll, goes on where it stopped, and never emits the history', async () => {
		let state = initialPollState('cfg', '2026-11-23 10:00:00');
		const list = [...history];
		let clock = 0;
		const lookback = () => `2026-11-23 ${String(9 + Math.floor(clock / 60)).padStart(2, '0')}:${String(clock % 60).padStart(2, '0')}:00`;
		const emitted: string[] = [];
		const pagesPerPoll: number[] = [];
		let passes = 0;
		for (let n = 0; n < 130; n++) {
			clock++;
			if (n === 3) list.push(object(2001, '2026-11-23 10:03:30')); // new, at the end of the list
			if (n === 40) list[9] = object(10, '2026-11-23 10:40:30', '2025-03-01 12:00:00'); // an old one changes on page 5, already read
			const result = await poll(state, 'recurring', list, lookback(), 10);
			pagesPerPoll.push(result.pages.length);
			emitted.push(...result.ids);
			if (result.state.scans.recurring!.page === 1) passes++;
			state = result.state;
		}
		expect(Math.max(...pagesPerPoll)).toBe(11);
		expect(passes).toBeGreaterThanOrEqual(1);
		expect(emitted).toEqual(['2001@2026-11-23 10:03:30', '10@2026-11-23 10:40:30']);
		// The state holds the objects changed since the last completed pass began (minus the lookback), not the list.
		expect(Object.keys(state.emitted).length).toBeLessThanOrEqual(2);
		expect(JSON.stringify(state).length).toBeLessThan(500);
	});

	it('moves `settled` only when a pass completes, then forgets versions before it', async () => {
		let state = initialPollState('cfg', '2026-11-23 10:00:00');
		const list = [object(1, '2026-11-23 10:10:00'), object(2, '2025-01-01 00:00:00'), object(3, '2026-11-23 10:20:00'), object(4, '2025-01-01 00:00:00')];
		let result = await poll(state, 'recurring', list, '2026-11-23 09:30:00', 1);
		expect(result).toMatchObject({ ids: ['1@2026-11-23 10:10:00'], pages: [1] });
		expect(result.state.scans.recurring).toMatchObject({ page: 2, settled: '2026-11-23 10:00:00', settlesAt: '2026-11-23 09:30:00' });
		state = result.state;
		result = await poll(state, 'recurring', list, '2026-11-23 09:40:00', 1);
		expect(result).toMatchObject({ ids: ['3@2026-11-23 10:20:00'], pages: [1, 2] });
		// The pass began at 10:30 (09:30 + 1 hour lookback): settled stays at the floor, which is later.
		expect(result.state.scans.recurring).toMatchObject({ page: 1, settled: '2026-11-23 10:00:00' });
		state = result.state;
		// The next pass begins at 11:15 and ends at once: changes before 10:15 are settled and forgotten.
		result = await poll(state, 'recurring', list, '2026-11-23 10:15:00', 5);
		expect(result.ids).toEqual([]);
		expect(result.state.scans.recurring).toMatchObject({ page: 1, settled: '2026-11-23 10:15:00' });
		expect(result.state.emitted).toEqual({ 'recurring:3': '2026-11-23 10:20:00' });
		// A settled object coming back on a page is not emitted again.
		expect((await poll(result.state, 'recurring', list, '2026-11-23 10:16:00', 5)).ids).toEqual([]);
	});

	it('fixes the query day for a pass and moves it with `settled`', async () => {
		const state = initialPollState('cfg', '2026-11-22 23:00:00');
		expect(planScan(state, 'donation', '2026-11-22 22:40:00').scan.queryDay).toBe('2026-11-22');
		const result = await poll(state, 'donation', [object(1, '2026-11-22 23:30:00')], '2026-11-23 00:30:00');
		expect(result.state.scans.donation).toMatchObject({ settled: '2026-11-23 00:30:00' });
		expect(planScan(result.state, 'donation', '2026-11-23 00:31:00').scan.queryDay).toBe('2026-11-23');
		expect(result.state.emitted).toEqual({});
	});

	it('upgrades a version-1 state: its query day becomes the floor, what it emitted is kept', () => {
		expect(
			upgradePollState({ version: 1, configKey: 'cfg', floor: '2026-11-01 08:00:00', queryDay: '2026-11-23', emitted: { 'donation:1': '2026-11-23 10:00:00' } }),
		).toEqual({ version: 2, configKey: 'cfg', floor: '2026-11-23 00:00:00', scans: {}, emitted: { 'donation:1': '2026-11-23 10:00:00' } });
		expect(upgradePollState(undefined)).toBeUndefined();
		expect(upgradePollState({ version: 7, configKey: 'cfg', floor: 'x' })).toBeUndefined();
	});

	it('fails the poll, state untouched, when FundraisingBox ignores `page` (same page again) or a pass never ends', async () => {
		const state = initialPollState('k', '2024-05-01 00:00:00');
		const plan = planScan(state, 'donation', '2024-05-01 09:00:00');
		const samePage = async () => ({ hasMore: true, data: [object(1, '2024-05-01 10:00:00'), object(2, '2024-05-01 10:00:00')] });
		const pages: number[] = [];
		await expect(
			readScan(plan, 20, async (page) => (pages.push(page), await samePage()), 'FundraisingBox /donations.json'),
		).rejects.toThrow('FundraisingBox /donations.json: page 2 repeats the records of page 1; the API ignores paging, so the read stopped.');
		expect(pages).toEqual([1, 2]);
		expect(state.scans).toEqual({});

		const endless = { scan: { ...plan.scan, page: MAX_PASS_PAGES }, firstPage: MAX_PASS_PAGES - 1 };
		await expect(readScan(endless, 20, async (page) => ({ hasMore: true, data: [object(page, '2024-05-01 10:00:00')] }))).rejects.toThrow(
			`FundraisingBox list: the pass reached page ${MAX_PASS_PAGES + 1}, beyond the ${MAX_PASS_PAGES} pages one pass reads`,
		);
	});

	it('reads versions and start dates', () => {
		expect(versionOf({ updated_at: '2026-11-23 10:00:00', created_at: '2026-11-22 10:00:00' })).toBe('2026-11-23 10:00:00');
		expect(versionOf({ created_at: '2026-11-22T10:00:00' })).toBe('2026-11-22 10:00:00');
		expect(versionOf({ updated_at: null })).toBe('');
		expect(startDateWallClock('2026-11-01T08:30:00', 'Europe/Berlin')).toBe('2026-11-01 08:30:00');
		expect(startDateWallClock('2026-11-01', 'Europe/Berlin')).toBe('2026-11-01 00:00:00');
		expect(startDateWallClock('2026-07-01T08:30:00.000Z', 'Europe/Berlin')).toBe('2026-07-01 10:30:00');
		expect(startDateWallClock('yesterday', 'Europe/Berlin')).toBeNull();
	});
});
