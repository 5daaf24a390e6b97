import { MAX_LISTED_RECORDS, maxPagesFor, PageGuard, PagingError } from '../../../nodes/shared/paging';

const records = (from: number, count: number) => Array.from({ length: count }, (_, index) => ({ id: from + index }));

describe('paging guard', () => {
	it('caps a read at the pages the record bound takes at the page size', () => {
		expect(MAX_LISTED_RECORDS).toBe(100_000);
		expect(maxPagesFor(100)).toBe(1000);
		expect(maxPagesFor(200)).toBe(500);
		expect(maxPagesFor(50)).toBe(2000);
		expect(maxPagesFor(30)).toBe(3334);
		expect(maxPagesFor(0)).toBe(100_000);
		expect(maxPagesFor(100, 1_000_000)).toBe(10_000);
	});

	it('lets distinct pages through up to the cap, then stops with the list named', () => {
		const guard = new PageGuard('FundraisingBox /donations.json', 3);
		for (let page = 0; page < 3; page++) guard.check(records(page * 10, 10));
		expect(() => guard.check(records(30, 10))).toThrow(
			new PagingError(
				'FundraisingBox /donations.json: stopped after 3 pages, the most one read takes; the API keeps announcing more. Narrow the list with filters or a limit.',
			),
		);
	});

	it('stops when a page repeats the records of an earlier one (the API ignores the page parameter)', () => {
		const guard = new PageGuard('SmartBusiness /contacts', 500);
		guard.check(records(0, 2));
		let thrown: unknown;
		try {
			guard.check(records(0, 2));
		} catch (error) {
			thrown = error;
		}
		expect(thrown).toBeInstanceOf(PagingError);
		expect((thrown as Error).message).toBe('SmartBusiness /contacts: page 2 repeats the records of page 1; the API ignores paging, so the read stopped.');

		// A cycle over two pages is caught as well.
		const cycling = new PageGuard('list', 500);
		cycling.check(records(0, 2));
		cycling.check(records(2, 2));
		expect(() => cycling.check(records(0, 2))).toThrow('page 3 repeats the records of page 1');
	});

	it('stops when the API gives the same paging position twice, and never counts empty pages as repeats', () => {
		const guard = new PageGuard('OnlineFundraising /payments', 500);
		guard.check(records(0, 1), '1');
		expect(() => guard.check(records(1, 1), '1')).toThrow('OnlineFundraising /payments: page 2 has the same paging position as page 1');

		const empty = new PageGuard('list', 500);
		empty.check([]);
		expect(() => empty.check([])).not.toThrow();
	});

	it('names pages as the API numbers them when a read starts further on', () => {
		const guard = new PageGuard('list', 2, 7);
		guard.check(records(0, 1));
		expect(() => guard.check(records(0, 1))).toThrow('list: page 8 repeats the records of page 7');
	});

	it('tells records apart by content and order, not by identity', () => {
		const guard = new PageGuard('list', 500);
		guard.check([{ id: 1 }, { id: 2 }]);
		expect(() => guard.check([{ id: 2 }, { id: 1 }])).not.toThrow();
		expect(() => guard.check([{ id: 1, name: 'x' }])).not.toThrow();
		expect(() => guard.check([{ id: 1 }, { id: 2 }])).toThrow(PagingError);
	});
});
