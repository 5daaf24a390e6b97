/**
 * Rotating rounds: machines here are noisy (2 cores, shared), so a benchmark runs every contestant
 * once per round, several rounds, and compares only within one run. The order rotates so that no
 * contestant always runs first or last in a round (after another one's leftovers, or on a quiet machine).
 */

/** The order of the contestants in round `round` (from 1): round 1 as given, each next one shifted by one. */
export function roundOrder<C>(contestants: readonly C[], round: number): C[] {
	return contestants.map((_, index) => contestants[(index + round - 1) % contestants.length]);
}

export interface RotatingRounds<C extends { key: string }, R> {
	contestants: readonly C[];
	rounds: number;
	/** One measurement of one contestant; `round` counts from 1 (0 in the warm-up). */
	measure: (contestant: C, round: number) => Promise<R>;
	/** Given: each contestant is measured once as round 0 before the rounds (JIT, caches, logins), not counted. */
	warmedUp?: (contestant: C, result: R) => void;
	/** After each measurement (progress on stderr, for example). */
	measured?: (contestant: C, round: number, result: R) => void;
}

/** Every contestant's results by key, in round order. */
export async function runRotatingRounds<C extends { key: string }, R>(options: RotatingRounds<C, R>): Promise<Map<string, R[]>> {
	const results = new Map<string, R[]>(options.contestants.map((contestant) => [contestant.key, []]));
	if (options.warmedUp) for (const contestant of options.contestants) options.warmedUp(contestant, await options.measure(contestant, 0));
	for (let round = 1; round <= options.rounds; round++) {
		for (const contestant of roundOrder(options.contestants, round)) {
			const result = await options.measure(contestant, round);
			results.get(contestant.key)!.push(result);
			options.measured?.(contestant, round, result);
		}
	}
	return results;
}
