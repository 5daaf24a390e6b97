/**
 * Peak memory of another process (n8n's main process) during a benchmark round, shared by the
 * benchmarks. Linux only: reads /proc/<pid>/status.
 */
import { readFileSync, writeFileSync } from 'fs';

/** A field of /proc/<pid>/status in kB. */
export function statusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
	const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
	if (!match) throw new Error(`/proc/${pid}/status has no ${field}`);
	return Number(match[1]);
}

export type MemoryMethod = 'VmHWM after clear_refs' | 'VmRSS sampled every 20 ms';
/** How peak memory was measured in this run (reported with the results). */
export const memoryMethods = new Set<MemoryMethod>();

/**
 * Runs `run` and reports the process's resident memory before it and at its peak during it: the
 * kernel's high-water mark after resetting it (`clear_refs` 5), or sampling every 20 ms where that
 * is not permitted.
 */
export async function withPeakRss<T>(pid: number, run: () => Promise<T>): Promise<{ value: T; beforeKb: number; peakKb: number }> {
	let reset = false;
	try {
		writeFileSync(`/proc/${pid}/clear_refs`, '5');
		reset = true;
	} catch {
		// not permitted here: sample instead
	}
	memoryMethods.add(reset ? 'VmHWM after clear_refs' : 'VmRSS sampled every 20 ms');
	const beforeKb = statusKb(pid, 'VmRSS');
	let sampled = beforeKb;
	const timer = reset ? undefined : setInterval(() => (sampled = Math.max(sampled, statusKb(pid, 'VmRSS'))), 20);
	try {
		const value = await run();
		const peakKb = reset ? statusKb(pid, 'VmHWM') : Math.max(sampled, statusKb(pid, 'VmRSS'));
		return { value, beforeKb, peakKb };
	} finally {
		clearInterval(timer);
	}
}

/** A round's memory figures (kB) where it ran in the measured process. */
export interface RssFigures {
	rssBeforeKb?: number;
	rssPeakKb?: number;
}

/** How far above its resident memory before the round the process peaked (kB); undefined where not measured. */
export const peakExtraKb = (round: RssFigures | undefined): number | undefined =>
	round?.rssPeakKb === undefined || round.rssBeforeKb === undefined ? undefined : round.rssPeakKb - round.rssBeforeKb;
