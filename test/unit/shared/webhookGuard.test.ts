import {
	checkBasicAuth,
	checkContentEncoding,
	checkIpAllowlist,
	checkToken,
	readRawBody,
	receiveRawBody,
	type GuardedRequest,
} from '../../../nodes/shared/webhookGuard';

const request = (overrides: Partial<GuardedRequest> = {}): GuardedRequest => ({
	rawBody: Buffer.from('a=1'),
	headers: {},
	ip: '203.0.113.7',
	query: {},
	...overrides,
});
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('webhook guard', () => {
	it('returns the exact raw body within the bound, 400 when empty, 413 when too large', () => {
		expect(readRawBody(request(), 10)).toEqual(Buffer.from('a=1'));
		expect(readRawBody(request({ rawBody: undefined }), 10)).toMatchObject({ status: 400 });
		expect(readRawBody(request({ rawBody: Buffer.alloc(0) }), 10)).toMatchObject({ status: 400 });
		expect(readRawBody(request({ rawBody: Buffer.alloc(11) }), 10)).toMatchObject({ status: 413 });
	});

	it('allows everyone with an empty allowlist, 403 outside it or for an invalid entry', () => {
		expect(checkIpAllowlist(request(), '')).toBeUndefined();
		expect(checkIpAllowlist(request(), '203.0.113.0/24')).toBeUndefined();
		expect(checkIpAllowlist(request(), '198.51.100.0/24')).toEqual({ status: 403, reason: 'IP address not allowed', headers: undefined });
		expect(checkIpAllowlist(request(), '203.0.113.0/24, 300.1.1.1')).toMatchObject({ status: 403, reason: expect.stringContaining('300.1.1.1') });
		// An entry with host bits set refuses everyone and says which and what it would mean, instead of allowing every IPv4 client.
		expect(checkIpAllowlist(request(), '203.0.113.5/0')).toEqual({
			status: 403,
			reason: 'IP allowlist has invalid entries: 203.0.113.5/0 (host bits set: the network would be 0.0.0.0/0)',
			headers: undefined,
		});
	});

	it('checks HTTP Basic credentials, with a challenge on failure', () => {
		const expected = { user: 'fundraising', password: 'pa:ss' };
		expect(checkBasicAuth(request({ headers: { authorization: basic('fundraising', 'pa:ss') } }), expected)).toBeUndefined();
		expect(checkBasicAuth(request({ headers: { authorization: basic('fundraising', 'wrong') } }), expected)).toMatchObject({
			status: 401,
			headers: { 'WWW-Authenticate': 'Basic realm="Webhook"' },
		});
		expect(checkBasicAuth(request(), expected)).toMatchObject({ status: 401, reason: 'Missing HTTP Basic credentials' });
		expect(checkBasicAuth(request({ headers: { authorization: 'Bearer x' } }), expected)).toMatchObject({ status: 401 });
	});

	it('checks a token in a header or the query string', () => {
		const check = { expected: 's3cret', header: 'x-webhook-token', queryParameter: 'token' };
		expect(checkToken(request({ headers: { 'x-webhook-token': 's3cret' } }), check)).toBeUndefined();
		expect(checkToken(request({ query: { token: 's3cret' } }), check)).toBeUndefined();
		expect(checkToken(request({ query: { token: 's3cre' } }), check)).toEqual({ status: 401, reason: 'Wrong webhook token', headers: undefined });
		expect(checkToken(request(), check)).toMatchObject({ status: 401, reason: 'Missing webhook token' });
		expect(checkToken(request({ query: { token: ['s3cret', 'x'] } }), check)).toMatchObject({ status: 401 });
		expect(checkToken(request({ query: { token: 'x' } }), { ...check, expected: '' })).toMatchObject({ status: 401 });
	});

	it('reads a body n8n has not read yet, refusing a declared oversize before reading anything', async () => {
		let reads = 0;
		const unread = (body: string, headers: Record<string, string> = {}) => {
			const req: GuardedRequest & { readRawBody: () => Promise<void> } = {
				headers,
				readRawBody: async () => {
					reads++;
					req.rawBody = Buffer.from(body);
				},
			};
			return req;
		};
		expect(await receiveRawBody(unread('<x/>'), 10)).toEqual(Buffer.from('<x/>'));
		expect(await receiveRawBody(unread('x'.repeat(5), { 'content-length': '50' }), 10)).toMatchObject({ status: 413 });
		expect(reads).toBe(1);
		expect(await receiveRawBody(unread('x'.repeat(50)), 10)).toMatchObject({ status: 413 });
		const failing = { headers: {}, readRawBody: async () => Promise.reject(Object.assign(new Error('too large'), { status: 413 })) };
		expect(await receiveRawBody(failing, 10)).toMatchObject({ status: 413 });
		const aborted = { headers: {}, readRawBody: async () => Promise.reject(new Error('aborted')) };
		expect(await receiveRawBody(aborted, 10)).toEqual({ status: 400, reason: 'Could not read the request body', headers: undefined });
	});

	it('refuses a compressed body with 415 before n8n reads (and would inflate) it', async () => {
		let reads = 0;
		const encoded = (coding: string) => ({
			headers: { 'content-encoding': coding, 'content-length': '20' },
			readRawBody: async () => {
				reads++;
			},
		});
		for (const coding of ['gzip', 'deflate', 'GZIP', 'br', 'x-gzip', 'identity, gzip']) {
			expect(await receiveRawBody(encoded(coding), 1024)).toEqual({
				status: 415,
				reason: `Content-Encoding "${coding.toLowerCase()}" not accepted: send the body uncompressed`,
				headers: { 'Accept-Encoding': 'identity' },
			});
		}
		expect(reads).toBe(0);
		expect(checkContentEncoding(request({ headers: { 'content-encoding': `gzip\u0000<script>${'x'.repeat(99)}` } }))?.reason).toBe(
			`Content-Encoding "gzipscript${'x'.repeat(30)}" not accepted: send the body uncompressed`,
		);
		expect(checkContentEncoding(request({ headers: { 'content-encoding': ' Identity ' } }))).toBeUndefined();
		expect(checkContentEncoding(request({ headers: { 'content-encoding': '' } }))).toBeUndefined();
		expect(await receiveRawBody({ headers: { 'content-encoding': 'identity' }, rawBody: Buffer.from('a=1') }, 10)).toEqual(Buffer.from('a=1'));
	});

	it('accepts any password when only the user name is checked (a token as user name)', () => {
		expect(checkBasicAuth(request({ headers: { authorization: basic('tok', 'anything') } }), { user: 'tok' })).toBeUndefined();
		expect(checkBasicAuth(request({ headers: { authorization: basic('other', '') } }), { user: 'tok' })).toMatchObject({ status: 401 });
	});
});
