/**
 * When to send an API request again, for every action node of this pack. A request is repeated
 * only when the vendor cannot have acted on it (429 and 503 refuse before doing anything; a refused
 * connection never arrived), or when repeating it changes nothing (GET, PUT, DELETE). A POST or
 * PATCH that timed out or failed with another 5xx is not repeated: it may have created an invoice
 * or sent an e-mail, and a second one would be a duplicate.
 */
import { sleep } from 'n8n-workflow';

export interface RequestFailure {
	/** The HTTP status, when an answer came. */
	status?: number;
	headers?: Record<string, unknown>;
	/** A network-level error code (ECONNREFUSED, ETIMEDOUT, …), when no answer came. */
	code?: string;
}

/**
 * Status, headers and body (as sent) or the network error code of what n8n's HTTP helpers threw:
 * they wrap the HTTP client's error, whose `response` holds the answer. Neither, when n8n refused
 * before sending (e.g. a credential not connected).
 */
export function requestFailureOf(error: unknown): RequestFailure & { body?: unknown } {
	let code: string | undefined;
	for (let level = error as Record<string, unknown> | undefined, depth = 0; level && depth < 5; depth++) {
		const response = level.response as Record<string, unknown> | undefined;
		if (response && typeof response === 'object' && typeof response.status === 'number') {
			return { status: response.status, headers: response.headers as Record<string, unknown>, body: response.data ?? response.body };
		}
		if (typeof level.code === 'string' && /^[A-Z_]+$/.test(level.code)) code ??= level.code;
		level = level.cause as Record<string, unknown> | undefined;
	}
	return code ? { code } : {};
}

export interface RetryPolicy {
	/** Repeats after the first attempt. */
	maxRetries: number;
	/** Back-off before repeat n (0-based) is baseDelayMs × 2ⁿ. */
	baseDelayMs: number;
	/** A 429 whose rate-limit period resets later than this is not waited for. */
	maxRateLimitWaitMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxRetries: 3, baseDelayMs: 1000, maxRateLimitWaitMs: 60_000 };

const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);
/** Answered before the vendor did anything, so safe to repeat for any method. */
const NOT_PROCESSED_STATUSES = new Set([429, 503]);
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'EAI_AGAIN', 'ENOTFOUND']);

export function headerValue(headers: Record<string, unknown> | undefined, name: string): string | undefined {
	if (!headers) return undefined;
	const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name);
	const value = key === undefined ? undefined : headers[key];
	return Array.isArray(value) ? String(value[0]) : value === undefined || value === null ? undefined : String(value);
}

/** A reset value this large is a point in time (UTC epoch seconds, as FundraisingBox sends), not a delay. */
const EPOCH_SECONDS_FROM = 1e9;

/**
 * Seconds until the rate-limit period resets (`X-Rate-Limit-Reset`, else `Retry-After`), or undefined.
 * A value is seconds to wait, or epoch seconds (≥ 10⁹), or for Retry-After an HTTP-date (RFC 9110 §10.2.3).
 */
export function rateLimitResetSeconds(headers: Record<string, unknown> | undefined, now = Date.now()): number | undefined {
	for (const name of ['x-rate-limit-reset', 'x-ratelimit-reset', 'retry-after']) {
		const text = headerValue(headers, name)?.trim();
		if (!text) continue;
		const isDate = name === 'retry-after' && /[a-z]/i.test(text);
		let seconds = /^\d+(\.\d+)?$/.test(text) ? Number(text) : isDate ? (Date.parse(text) - now) / 1000 : NaN;
		if (seconds >= EPOCH_SECONDS_FROM) seconds -= now / 1000;
		if (Number.isFinite(seconds)) return Math.max(0, seconds);
	}
	return undefined;
}

function isRetryable(failure: RequestFailure, method: string): boolean {
	if (failure.status !== undefined && NOT_PROCESSED_STATUSES.has(failure.status)) return true;
	if (failure.status === undefined && failure.code !== undefined && NOT_SENT_CODES.has(failure.code)) return true;
	const transient = failure.status === undefined ? failure.code !== undefined : failure.status >= 500;
	return transient && IDEMPOTENT_METHODS.has(method.toUpperCase());
}

/** Milliseconds to wait before repeat `retry` (0-based) of a failed request, or undefined: give up. */
export function retryDelayMs(failure: RequestFailure, method: string, retry: number, policy: RetryPolicy = DEFAULT_RETRY_POLICY): number | undefined {
	if (retry >= policy.maxRetries || !isRetryable(failure, method)) return undefined;
	if (failure.status === 429) {
		const reset = rateLimitResetSeconds(failure.headers);
		if (reset === undefined) return policy.baseDelayMs * 2 ** retry;
		const wait = Math.max(reset * 1000, 250);
		return wait > policy.maxRateLimitWaitMs ? undefined : wait;
	}
	return policy.baseDelayMs * 2 ** retry;
}

/**
 * Runs `attempt` until it succeeds or retryDelayMs gives up, and says how it ended; the caller turns
 * the last error into one for its node. `failureOf` reads status, headers and error code out of
 * whatever the HTTP helper threw.
 */
export async function withRetries<T>(
	method: string,
	attempt: () => Promise<T>,
	failureOf: (error: unknown) => RequestFailure,
	policy: RetryPolicy = DEFAULT_RETRY_POLICY,
): Promise<{ value: T } | { error: unknown }> {
	for (let retry = 0; ; retry++) {
		let error: unknown;
		try {
			return { value: await attempt() };
		} catch (caught) {
			error = caught;
		}
		const wait = retryDelayMs(failureOf(error), method, retry, policy);
		if (wait === undefined) return { error };
		await sleep(wait);
	}
}
