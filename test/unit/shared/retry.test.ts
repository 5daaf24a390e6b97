import { rateLimitResetSeconds, retryDelayMs, withRetries } from '../../../nodes/shared/retry';

const policy = { maxRetries: 3, baseDelayMs: 10, maxRateLimitWaitMs: 60_000 };

describe('retryDelayMs', () => {
	it('waits for the rate-limit reset on 429, for any method', () => {
		expect(retryDelayMs({ status: 429, headers: { 'X-Rate-Limit-Reset': '2' } }, 'POST', 0, policy)).toBe(2000);
		expect(retryDelayMs({ status: 429, headers: { 'x-rate-limit-reset': '0' } }, 'PATCH', 1, policy)).toBe(250);
		expect(retryDelayMs({ status: 429, headers: { 'retry-after': '3' } }, 'GET', 0, policy)).toBe(3000);
		expect(retryDelayMs({ status: 429 }, 'GET', 2, policy)).toBe(40);
	});

	it('gives up on a 429 whose reset is further away than it will wait', () => {
		expect(retryDelayMs({ status: 429, headers: { 'x-rate-limit-reset': '3600' } }, 'GET', 0, policy)).toBeUndefined();
	});

	it('backs off exponentially on 503 (offline: nothing was done) for any method', () => {
		expect([0, 1, 2].map((retry) => retryDelayMs({ status: 503 }, 'POST', retry, policy))).toEqual([10, 20, 40]);
		expect(retryDelayMs({ status: 503 }, 'POST', 3, policy)).toBeUndefined();
	});

	it('repeats other 5xx and timeouts only for idempotent methods', () => {
		expect(retryDelayMs({ status: 500 }, 'GET', 0, policy)).toBe(10);
		expect(retryDelayMs({ status: 502 }, 'PUT', 0, policy)).toBe(10);
		expect(retryDelayMs({ code: 'ETIMEDOUT' }, 'DELETE', 0, policy)).toBe(10);
		expect(retryDelayMs({ status: 500 }, 'POST', 0, policy)).toBeUndefined();
		expect(retryDelayMs({ code: 'ETIMEDOUT' }, 'PATCH', 0, policy)).toBeUndefined();
	});

	it('repeats a refused connection for any method (the request never arrived)', () => {
		expect(retryDelayMs({ code: 'ECONNREFUSED' }, 'POST', 0, policy)).toBe(10);
	});

	it('never repeats what was not sent at all', () => {
		expect(retryDelayMs({}, 'GET', 0, policy)).toBeUndefined();
	});

	it('never repeats client errors', () => {
		for (const status of [400, 401, 402, 403, 404, 422]) expect(retryDelayMs({ status }, 'GET', 0, policy)).toBeUndefined();
	});
});

describe('rateLimitResetSeconds', () => {
	it('reads the header case-insensitively, arrays too', () => {
		expect(rateLimitResetSeconds({ 'X-Rate-Limit-Reset': ['7'] })).toBe(7);
		expect(rateLimitResetSeconds({ other: '1' })).toBeUndefined();
		expect(rateLimitResetSeconds(undefined)).toBeUndefined();
	});
});

describe('withRetries', () => {
	it('repeats until success and reports the value', async () => {
		let calls = 0;
		const outcome = await withRetries(
			'GET',
			async () => {
				calls++;
				if (calls < 3) throw { status: 503 };
				return 'done';
			},
			(error) => error as { status: number },
			{ ...policy, baseDelayMs: 1 },
		);
		expect(outcome).toEqual({ value: 'done' });
		expect(calls).toBe(3);
	});

	it('reports the last error when it gives up, after 1 + maxRetries attempts', async () => {
		let calls = 0;
		const outcome = await withRetries(
			'GET',
			async () => {
				calls++;
				throw { status: 500, n: calls };
			},
			(error) => error as { status: number },
			{ ...policy, baseDelayMs: 1 },
		);
		expect(outcome).toEqual({ error: { status: 500, n: 4 } });
	});

	it('does not repeat a POST that failed with 500', async () => {
		let calls = 0;
		await withRetries('POST', async () => {
			calls++;
			throw { status: 500 };
		}, (error) => error as { status: number }, policy);
		expect(calls).toBe(1);
	});
});
