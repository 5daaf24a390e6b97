/** The benchmarks' shared library (bench/lib): rounds, statistics, tables. */
import { existsSync, readFileSync, rmSync } from 'fs';
import { peakExtraKb } from '../../../bench/lib/processMemory';
import { markdownTable, mb, medianRange, nameAndFigures, ratio, writeResults } from '../../../bench/lib/report';
import { roundOrder, runRotatingRounds } from '../../../bench/lib/rounds';
import { defined, median, medianRatioPerRound, percentile, spread } from '../../../bench/lib/stats';

describe('rotating rounds', () => {
	it('shift the order by one per round, so no contestant always runs first or last', () => {
		expect([1, 2, 3, 4].map((round) => roundOrder(['a', 'b', 'c'], round).join(''))).toEqual(['abc', 'bca', 'cab', 'abc']);
	});

	it('measure every contestant once per round and keep the results by contestant, in round order', async () => {
		const order: string[] = [];
		const seen: string[] = [];
		const results = await runRotatingRounds({
			contestants: [{ key: 'a' }, { key: 'b' }],
			rounds: 3,
			measure: async (contestant, round) => {
				order.push(`${round}${contestant.key}`);
				return `${contestant.key}@${round}`;
			},
			measured: (contestant, round, result) => seen.push(result),
		});
		expect(order).toEqual(['1a', '1b', '2b', '2a', '3a', '3b']);
		expect(seen).toEqual(['a@1', 'b@1', 'b@2', 'a@2', 'a@3', 'b@3']);
		expect(Object.fromEntries(results)).toEqual({ a: ['a@1', 'a@2', 'a@3'], b: ['b@1', 'b@2', 'b@3'] });
	});
});

describe('statistics', () => {
	it('median: the middle value, the mean of the two middle ones for an even count, NaN for none', () => {
		expect(median([5, 1, 3])).toBe(3);
		expect(median([4, 1, 3, 2])).toBe(2.5);
		expect(median([])).toBeNaN();
	});

	it('spread: median, minimum and maximum', () => {
		expect(spread([3, 9, 1, 4, 2])).toEqual({ median: 3, min: 1, max: 9 });
	});

	it('percentile: nearest rank below, the last value at most', () => {
		const sorted = Array.from({ length: 100 }, (_, index) => index + 1);
		expect([percentile(sorted, 50), percentile(sorted, 99), percentile(sorted, 100)]).toEqual([51, 100, 100]);
		expect(percentile([], 50)).toBeNaN();
	});

	it('median ratio per round: each round against the baseline of the same round', () => {
		// Round 2 is slow for both: its ratio still counts as 2.
		expect(medianRatioPerRound([20, 2, 30], [10, 1, 10])).toBe(2);
		expect(() => medianRatioPerRound([1, 2], [1])).toThrow('2 rounds against 1 baseline rounds');
	});

	it('defined: leaves out what was not measured', () => {
		expect(defined([1, undefined, 0])).toEqual([1, 0]);
	});
});

describe('reports', () => {
	it('markdown table: header, alignment row (numbers right), one line per row', () => {
		expect(markdownTable([{ title: 'target' }, { title: 'req/s', align: 'right' }], [['a', '1.0'], ['b', '2.0']])).toEqual([
			'| target | req/s |',
			'| --- | ---: |',
			'| a | 1.0 |',
			'| b | 2.0 |',
		]);
		expect(() => markdownTable([{ title: 'one' }], [['a', 'b']])).toThrow('a row of 2 cells in a table of 1 columns');
	});

	it('name and figures: the first column text, the others numbers', () => {
		expect(nameAndFigures('target', ['req/s', 'errors'])).toEqual([{ title: 'target' }, { title: 'req/s', align: 'right' }, { title: 'errors', align: 'right' }]);
	});

	it('peak extra memory: peak minus before, undefined where not measured', () => {
		expect(peakExtraKb({ rssBeforeKb: 1000, rssPeakKb: 1500 })).toBe(500);
		expect(peakExtraKb({})).toBeUndefined();
		expect(peakExtraKb(undefined)).toBeUndefined();
	});

	it('ratio, median (min–max) and MB with their decimals', () => {
		expect(ratio(1, 3)).toBe('0.33');
		expect(ratio(1, 3, 4)).toBe('0.3333');
		expect(medianRange({ median: 10.4, min: 9.6, max: 12 })).toBe('10 (10–12)');
		expect(medianRange({ median: 10.44, min: 9.6, max: 12 }, 1)).toBe('10.4 (9.6–12.0)');
		expect(mb(1536)).toBe('1.5');
	});

	it('results: JSON in bench/results/<name>-<timestamp>.json', () => {
		const file = writeResults('unit-test', { rows: [1] });
		try {
			expect(file).toMatch(/bench\/results\/unit-test-\d{4}-\d\d-\d\dT[\d-]+Z\.json$/);
			expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ rows: [1] });
		} finally {
			rmSync(file, { force: true });
		}
		expect(existsSync(file)).toBe(false);
	});
});
