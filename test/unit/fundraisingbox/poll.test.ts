import { advancePollState, initialPollState, selectChanges, startDateWallClock, versionOf, type PolledObject } from '../../../nodes/FundraisingBox/poll';

const donation = (id: number, updatedAt: string, createdAt = updatedAt): PolledObject => ({
	kind: 'donation',
	object: { id, created_at: createdAt, updated_at: updatedAt },
});

/** One poll: select, then advance with `now`. */
function poll(state: ReturnType<typeof initialPollState>, polled: PolledObject[], now: string) {
	const changes = selectChanges(state, polled);
	return { ids: changes.map((change) => `${String(change.object.id)}@${change.version}`), state: advancePollState(state, changes, now) };
}

describe('scheduled pull: what a poll emits', () => {
	it('emits nothing from before activation, then each new object once, even when several share a timestamp', () => {
		let state = initialPollState('cfg', '2026-11-23 10:00:00');
		const history = [donation(1, '2026-11-23 09:59:59'), donation(2, '2026-11-22 12:00:00')];
		let result = poll(state, history, '2026-11-23 10:00:00');
		expect(result.ids).toEqual([]);
		state = result.state;
		const batch = [donation(3, '2026-11-23 10:00:05'), donation(4, '2026-11-23 10:00:05'), donation(5, '2026-11-23 10:00:05')];
		result = poll(state, [...history, ...batch], '2026-11-23 10:01:00');
		expect(result.ids).toEqual(['3@2026-11-23 10:00:05', '4@2026-11-23 10:00:05', '5@2026-11-23 10:00:05']);
		state = result.state;
		// A sixth donation with the very same timestamp, committed after the last poll.
		result = poll(state, [...history, ...batch, donation(6, '2026-11-23 10:00:05')], '2026-11-23 10:02:00');
		expect(result.ids).toEqual(['6@2026-11-23 10:00:05']);
		expect(poll(result.state, [...history, ...batch, donation(6, '2026-11-23 10:00:05')], '2026-11-23 10:03:00').ids).toEqual([]);
	});

	it('emits an object again when it changes, once per version, and ignores pages that repeat it', () => {
		let state = initialPollState('cfg', '2026-11-23 10:00:00');
		let result = poll(state, [donation(7, '2026-11-23 10:00:10'), donation(7, '2026-11-23 10:00:10')], '2026-11-23 10:01:00');
		expect(result.ids).toEqual(['7@2026-11-23 10:00:10']);
		state = result.state;
		result = poll(state, [donation(7, '2026-11-23 10:05:00', '2026-11-23 10:00:10')], '2026-11-23 10:06:00');
		expect(result.ids).toEqual(['7@2026-11-23 10:05:00']);
		// An older copy of the object (a stale page) is not a change.
		expect(poll(result.state, [donation(7, '2026-11-23 10:00:10')], '2026-11-23 10:07:00').ids).toEqual([]);
	});

	it('starts from a date the user chose (history on purpose), oldest first', () => {
		const state = initialPollState('cfg', '2026-11-01 00:00:00');
		expect(state.queryDay).toBe('2026-11-01');
		const result = poll(state, [donation(9, '2026-11-20 08:00:00'), donation(8, '2026-11-02 08:00:00'), donation(1, '2026-10-31 23:59:59')], '2026-11-23 10:00:00');
		expect(result.ids).toEqual(['8@2026-11-02 08:00:00', '9@2026-11-20 08:00:00']);
	});

	it('moves the query day with the clock (minus the lookback) and forgets only what is before it', () => {
		let state = initialPollState('cfg', '2026-11-22 23:00:00');
		let result = poll(state, [donation(1, '2026-11-22 23:30:00')], '2026-11-22 23:40:00');
		state = advancePollState(result.state, [], '2026-11-22 23:30:00');
		expect(state.queryDay).toBe('2026-11-22');
		expect(Object.keys(state.emitted)).toEqual(['donation:1']);
		state = advancePollState(state, [], '2026-11-23 00:30:00');
		expect(state).toMatchObject({ queryDay: '2026-11-23', emitted: {} });
		// The query day never moves back, and the API ignoring updated_min cannot bring old objects back.
		expect(advancePollState(state, [], '2026-11-22 00:00:00').queryDay).toBe('2026-11-23');
		result = poll(state, [donation(1, '2026-11-22 23:30:00')], '2026-11-23 02:00:00');
		expect(result.ids).toEqual([]);
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
