/** The statistics the benchmarks report: medians over rounds, spreads, percentiles, per-round ratios. */

/** The middle value (the mean of the two middle ones for an even count); NaN for none. */
export function median(values: readonly number[]): number {
	if (values.length === 0) return NaN;
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export interface Spread {
	median: number;
	min: number;
	max: number;
}

/** Median, minimum and maximum of the rounds' values. */
export function spread(values: readonly number[]): Spread {
	return { median: median(values), min: Math.min(...values), max: Math.max(...values) };
}

/** The value at percentile `p` (0–100) of ascending `sorted` values (nearest rank below); NaN for none. */
export function percentile(sorted: readonly number[], p: number): number {
	if (sorted.length === 0) return NaN;
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/**
 * The median of per-round ratios against a baseline measured in the same rounds: on a noisy machine
 * this survives where a ratio of two medians does not (both sides of a round share its noise).
 */
export function medianRatioPerRound(values: readonly number[], baseline: readonly number[]): number {
	if (values.length !== baseline.length) throw new Error(`${values.length} rounds against ${baseline.length} baseline rounds`);
	return median(values.map((value, round) => value / baseline[round]));
}

/** The values that were measured (a contestant without memory figures leaves undefined). */
export const defined = (values: ReadonlyArray<number | undefined>): number[] => values.filter((value): value is number => value !== undefined);
