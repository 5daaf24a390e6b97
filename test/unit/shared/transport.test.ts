import type { IN8nHttpFullResponse } from 'n8n-workflow';
import { rateLimitResetSeconds, retryDelayMs } from '../../../nodes/shared/retry';
import { credentialsOnce, NO_RETRIES, vendorRequest, type TransportContext, type TransportFailure, type VendorTransport } from '../../../nodes/shared/transport';

const FAST = { maxRetries: 3, baseDelayMs: 5, maxRateLimitWaitMs: 60_000 };

type Step = Partial<IN8nHttpFullResponse> | Error;

/** An execution context whose HTTP helper answers `steps` in order and records what it was asked. */
function context(steps: Step[], extra: Record<string, unknown> = {}) {
	const sent: Array<{ type: string; options: Record<string, unknown>; additional: { credentialsDecrypted: { data: unknown } } }> = [];
	let reads = 0;
	const ctx = {
		getNode: () => ({ name: 'Node', credentials: { testApi: { id: 'cred1', name: 'Test' } } }),
		getCredentials: async () => {
			reads++;
			return { baseUrl: 'https://api.example.org/v1/', token: 'secret' };
		},
		helpers: {
			httpRequestWithAuthentication: async (type: string, options: Record<string, unknown>, additional: never) => {
				sent.push({ type, options, additional });
				const step = steps.shift() ?? { statusCode: 200, body: {} };
				if (step instanceof Error) throw step;
				return { statusCode: 200, headers: {}, body: {}, ...step };
			},
		},
		...extra,
	};
	return { ctx: ctx as unknown as TransportContext, sent, reads: () => reads };
}

const failures: TransportFailure[] = [];
const vendor: VendorTransport<{ baseUrl?: string }> = {
	credentialType: 'testApi',
	baseUrl: ({ baseUrl }) => String(baseUrl).replace(/\/+$/, ''),
	mapError(failure, { method, path }) {
		failures.push(failure);
		return new Error(`${method} ${path} failed: ${failure.status ?? failure.code}`);
	},
	retryPolicy: FAST,
};

const networkError = (code: string) => Object.assign(new Error('request failed'), { cause: Object.assign(new Error(code), { code }) });

beforeEach(() => (failures.length = 0));

describe('vendorRequest', () => {
	it('reads the credential once per execution and hands it to n8n with every request, at the credential’s base URL', async () => {
		const { ctx, sent, reads } = context([]);
		for (const path of ['/a.json', '/b.json', '/c.json']) await vendorRequest.call(ctx, vendor, { method: 'GET', path });
		expect(reads()).toBe(1);
		expect(sent.map((call) => call.options.url)).toEqual(['https://api.example.org/v1/a.json', 'https://api.example.org/v1/b.json', 'https://api.example.org/v1/c.json']);
		for (const call of sent) {
			expect(call.type).toBe('testApi');
			expect(call.options).toMatchObject({ returnFullResponse: true, ignoreHttpStatusErrors: true });
			expect(call.additional.credentialsDecrypted).toMatchObject({ id: 'cred1', type: 'testApi', data: { token: 'secret' } });
		}
	});

	it('reads again after a failed read (e.g. a credential not connected yet)', async () => {
		let reads = 0;
		const { ctx } = context([], {
			getCredentials: async () => {
				if (reads++ === 0) throw new Error('not connected');
				return { baseUrl: 'https://x' };
			},
		});
		await expect(credentialsOnce(ctx, 'testApi')).rejects.toThrow('not connected');
		await expect(credentialsOnce(ctx, 'testApi')).resolves.toEqual({ baseUrl: 'https://x' });
		await credentialsOnce(ctx, 'testApi');
		expect(reads).toBe(2);
	});

	it('waits out a 429 (Retry-After) and a 503 for a POST, then returns the answer', async () => {
		const { ctx, sent } = context([{ statusCode: 429, headers: { 'retry-after': '0' } }, { statusCode: 503 }, { statusCode: 201, body: { id: 7 } }]);
		const answer = await vendorRequest.call(ctx, vendor, { method: 'POST', path: '/persons.json', body: { name: 'A' } });
		expect(answer).toMatchObject({ statusCode: 201, body: { id: 7 } });
		expect(sent).toHaveLength(3);
		// A fresh body object per attempt: what a credential's authenticate adds to one does not carry over.
		expect(new Set(sent.map((call) => call.options.body)).size).toBe(3);
		expect(sent.map((call) => call.options.body)).toEqual([{ name: 'A' }, { name: 'A' }, { name: 'A' }]);
	});

	it('never repeats a POST or PATCH that may have taken effect (connection reset, timeout, 500)', async () => {
		for (const [method, step] of [
			['POST', networkError('ECONNRESET')],
			['PATCH', networkError('ETIMEDOUT')],
			['POST', { statusCode: 500, body: '{"error":"boom"}' }],
		] as Array<[string, Step]>) {
			const { ctx, sent } = context([step]);
			await expect(vendorRequest.call(ctx, vendor, { method: method as 'POST', path: '/x' })).rejects.toThrow(`${method} /x failed`);
			expect(sent).toHaveLength(1);
		}
		expect(failures.map(({ status, code, body }) => ({ status, code, body }))).toEqual([
			{ status: undefined, code: 'ECONNRESET', body: undefined },
			{ status: undefined, code: 'ETIMEDOUT', body: undefined },
			{ status: 500, code: undefined, body: { error: 'boom' } },
		]);
		expect(failures[0].error).toBeInstanceOf(Error);
	});

	it('repeats a reset or a 500 for GET, PUT and DELETE, and a refused connection for any method', async () => {
		for (const [method, step] of [
			['GET', networkError('ECONNRESET')],
			['PUT', { statusCode: 502 }],
			['DELETE', { statusCode: 500 }],
			['POST', networkError('ECONNREFUSED')],
		] as Array<[string, Step]>) {
			const { ctx, sent } = context([step]);
			await expect(vendorRequest.call(ctx, vendor, { method: method as 'GET', path: '/x' })).resolves.toMatchObject({ statusCode: 200 });
			expect(sent).toHaveLength(2);
		}
	});

	it('gives up after the policy’s repeats and maps the last answer; a client error is never repeated', async () => {
		const { ctx, sent } = context([{ statusCode: 503 }, { statusCode: 503 }, { statusCode: 503 }, { statusCode: 503 }, { statusCode: 200 }]);
		await expect(vendorRequest.call(ctx, vendor, { method: 'GET', path: '/x' })).rejects.toThrow('GET /x failed: 503');
		expect(sent).toHaveLength(4);
		const client = context([{ statusCode: 404, body: { message: 'gone' } }]);
		await expect(vendorRequest.call(client.ctx, vendor, { method: 'GET', path: '/y' })).rejects.toThrow('GET /y failed: 404');
		expect(client.sent).toHaveLength(1);
		expect(failures.at(-1)?.body).toEqual({ message: 'gone' });
	});

	it('answerErrors returns a final non-2xx answer for the caller to read; refusals are still waited out', async () => {
		const { ctx, sent } = context([{ statusCode: 429, headers: { 'x-ratelimit-reset': '0' } }, { statusCode: 400, body: { error: 'invalid' } }]);
		await expect(vendorRequest.call(ctx, vendor, { method: 'POST', path: '/payment', answerErrors: true })).resolves.toMatchObject({ statusCode: 400 });
		expect(sent).toHaveLength(2);
	});

	it('NO_RETRIES (inside a webhook) asks once, and uses credentials already read', async () => {
		const { ctx, sent, reads } = context([{ statusCode: 503 }]);
		await expect(vendorRequest.call(ctx, vendor, { method: 'GET', path: '/x', retryPolicy: NO_RETRIES, credentials: { baseUrl: 'https://given' } })).rejects.toThrow('503');
		expect(sent).toHaveLength(1);
		expect(sent[0].options.url).toBe('https://given/x');
		expect(reads()).toBe(0);
	});

	it('a 429 whose reset is further away than a minute is not waited for', async () => {
		const { ctx, sent } = context([{ statusCode: 429, headers: { 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600) } }]);
		await expect(vendorRequest.call(ctx, vendor, { method: 'GET', path: '/x' })).rejects.toThrow('429');
		expect(sent).toHaveLength(1);
	});

	it('renewsOn401 leaves error statuses to n8n (which renews the token on a thrown 401) and reads the failure from the error', async () => {
		const thrown = (status: number, headers: Record<string, string> = {}) =>
			Object.assign(new Error(`status ${status}`), { cause: { response: { status, headers, data: '{"code":8000}' } } });
		const { ctx, sent } = context([thrown(429, { 'x-rate-limit-reset': '0' }), thrown(503)]);
		const renewing = { ...vendor, renewsOn401: true };
		await expect(vendorRequest.call(ctx, renewing, { method: 'PATCH', path: '/x' })).resolves.toMatchObject({ statusCode: 200 });
		expect(sent.map((call) => call.options.ignoreHttpStatusErrors)).toEqual([false, false, false]);
		const failing = context([thrown(422)]);
		await expect(vendorRequest.call(failing.ctx, renewing, { method: 'POST', path: '/y' })).rejects.toThrow('POST /y failed: 422');
		expect(failures.at(-1)).toMatchObject({ status: 422, body: { code: 8000 } });
	});

	it('finds status, headers and body under the errors n8n wraps them in; neither when n8n refused before sending', async () => {
		const renewing = { ...vendor, retryPolicy: NO_RETRIES, renewsOn401: true };
		const axiosLike = { response: { status: 429, headers: { 'x-rate-limit-reset': '1' }, data: Buffer.from('{"code":6000}') } };
		const notConnected = new Error('OAuth credentials not connected');
		for (const thrown of [Object.assign(new Error('wrapped'), { cause: axiosLike }), Object.assign(new Error('timeout'), { cause: { code: 'ETIMEDOUT' } }), notConnected]) {
			await expect(vendorRequest.call(context([thrown]).ctx, renewing, { method: 'GET', path: '/x' })).rejects.toThrow('GET /x failed');
		}
		expect(failures[0]).toMatchObject({ status: 429, headers: { 'x-rate-limit-reset': '1' }, body: { code: 6000 } });
		expect(failures[1]).toMatchObject({ code: 'ETIMEDOUT' });
		expect(failures[1].status).toBeUndefined();
		// A credential not connected: neither a status nor a code, so it is not repeated.
		expect(failures[2]).toEqual({ error: notConnected });
	});

	it('a webhook reads the credential through the short-lived cache (one read for several requests)', async () => {
		const { ctx, reads } = context([], { getRequestObject: () => ({}) });
		await vendorRequest.call(ctx, vendor, { method: 'GET', path: '/x' });
		await vendorRequest.call(ctx, vendor, { method: 'GET', path: '/y' });
		expect(reads()).toBeLessThanOrEqual(1);
	});
});

describe('rate-limit reset', () => {
	const now = Date.parse('2026-12-04T10:00:00Z');

	it('reads Retry-After as seconds or as an HTTP-date', () => {
		expect(rateLimitResetSeconds({ 'Retry-After': '12' }, now)).toBe(12);
		expect(rateLimitResetSeconds({ 'retry-after': 'Fri, 04 Dec 2026 10:00:30 GMT' }, now)).toBe(30);
		// A date already past: wait the minimum, not a negative time.
		expect(rateLimitResetSeconds({ 'retry-after': 'Fri, 04 Dec 2026 09:59:00 GMT' }, now)).toBe(0);
		expect(rateLimitResetSeconds({ 'retry-after': 'soon' }, now)).toBeUndefined();
		expect(rateLimitResetSeconds({ 'retry-after': '-5' }, now)).toBeUndefined();
	});

	it('reads x-ratelimit-reset as UTC epoch seconds when it is one (FundraisingBox), as a delay otherwise (SmartBusiness)', () => {
		expect(rateLimitResetSeconds({ 'x-ratelimit-reset': String(now / 1000 + 45) }, now)).toBe(45);
		expect(rateLimitResetSeconds({ 'X-Rate-Limit-Reset': '3' }, now)).toBe(3);
	});

	it('turns an HTTP-date Retry-After into the wait before the repeat', () => {
		const inTwoSeconds = new Date(Date.now() + 2000).toUTCString();
		const wait = retryDelayMs({ status: 429, headers: { 'retry-after': inTwoSeconds } }, 'POST', 0, FAST)!;
		expect(wait).toBeGreaterThan(1000);
		expect(wait).toBeLessThanOrEqual(2000);
	});
});
