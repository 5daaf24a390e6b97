import { ALL_EVENTS, isEventSelected } from '../../../nodes/shared/eventFilter';

describe('isEventSelected', () => {
	const documented = new Set(['a.created', 'a.deleted']);
	it('passes everything with All Events, selected events, and events the node does not know', () => {
		expect(isEventSelected([ALL_EVENTS], 'a.deleted', documented)).toBe(true);
		expect(isEventSelected(['a.created'], 'a.created', documented)).toBe(true);
		expect(isEventSelected(['a.created'], 'a.deleted', documented)).toBe(false);
		expect(isEventSelected(['a.created'], 'b.new', documented)).toBe(true);
		expect(isEventSelected([], 'a.created', documented)).toBe(false);
	});
});
