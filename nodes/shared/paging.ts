/**
 * The bound every paging loop of this pack keeps. A list is read page by page while the API says
 * there is more; an API that ignores the page parameter answers the first page again and again
 * with "more to come", and a loop without a bound then runs until n8n's memory runs out. So each
 * loop stops with a PagingError naming the list when a page repeats (same records as an earlier
 * page of this read, or the API names the same page twice), or after more pages than its cap.
 */
import { createHash } from 'crypto';

/**
 * The most records one node call collects from a list: n8n keeps a node's whole output in memory
 * and in the saved execution, and at the 1–5 KB a donation, contact or invoice takes, 100,000 of
 * them are 0.1–0.5 GB. None of the vendors states a maximum of records per account (ASSUMED,
 * README "Limits"); a larger read should be narrowed with filters or a limit.
 */
export const MAX_LISTED_RECORDS = 100_000;

/** Pages of `pageSize` needed for `maxRecords` records: the page cap of a read. */
export function maxPagesFor(pageSize: number, maxRecords = MAX_LISTED_RECORDS): number {
	return Math.ceil(maxRecords / Math.max(1, Math.floor(pageSize)));
}

export class PagingError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'PagingError';
	}
}

/** Same records in the same order give the same fingerprint; a page is kept as 32 bytes, not its records. */
function fingerprint(records: readonly unknown[]): string {
	return createHash('sha256').update(JSON.stringify(records)).digest('base64');
}

/** Watches one read of a list (`what` names it in errors, e.g. "FundraisingBox /donations.json"). */
export class PageGuard {
	private pages = 0;
	private readonly seen = new Map<string, number>();
	private readonly positions = new Map<string, number>();

	/** `firstPage`: the number of the first page this read asks for, so errors name the pages as the API numbers them. */
	constructor(
		private readonly what: string,
		private readonly maxPages: number,
		private readonly firstPage = 1,
	) {}

	/**
	 * Call with each page just read, before keeping its records. `position` is where the API says
	 * the page stands, when it says so (its `next` link, the page number it echoes): it must change
	 * from page to page. Throws a PagingError when the page repeats an earlier one or the cap is
	 * passed. An empty page never counts as a repeat.
	 */
	check(records: readonly unknown[], position?: string): void {
		const page = this.firstPage + this.pages++;
		if (this.pages > this.maxPages) {
			throw new PagingError(
				`${this.what}: stopped after ${this.maxPages} pages, the most one read takes; the API keeps announcing more. Narrow the list with filters or a limit.`,
			);
		}
		const repeated = (earlier: number | undefined, how: string) => {
			if (earlier === undefined) return;
			throw new PagingError(`${this.what}: page ${page} ${how} page ${earlier}; the API ignores paging, so the read stopped.`);
		};
		if (position !== undefined) {
			repeated(this.positions.get(position), 'has the same paging position as');
			this.positions.set(position, page);
		}
		if (records.length === 0) return;
		const content = fingerprint(records);
		repeated(this.seen.get(content), 'repeats the records of');
		this.seen.set(content, page);
	}
}
