/** The plumbing every vendor fake shares (test/fakes/loopbackFake.ts): reading requests, recording them, JSON answers. */
import type { IncomingMessage, ServerResponse } from 'http';
import { request } from 'undici';
import { jsonOrText, LoopbackFake, type ReceivedRequest } from '../../fakes/loopbackFake';

/** Records what it received and answers JSON, or an empty 204 for DELETE. */
class EchoFake extends LoopbackFake<Omit<ReceivedRequest, 'url' | 'raw'> & { path: string; bytes: number }> {
	protected override readonly jsonContentType = 'application/json; charset=utf-8';

	protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const { method, url, headers, raw, text } = await this.receive(req);
		this.calls.push({ method, path: url.pathname, headers, text, bytes: raw.length });
		if (method === 'DELETE') return this.sendEmpty(res, 204, { 'x-deleted': 'yes' });
		this.sendJson(res, 201, { received: jsonOrText(text) }, { 'x-fake': 'echo' });
	}
}

describe('loopback fake plumbing', () => {
	const fake = new EchoFake();
	beforeAll(async () => await fake.start());
	afterAll(async () => await fake.stop());

	it('reads the whole body and flattens repeated headers; records each call; answers JSON in the fake’s content type', async () => {
		const body = JSON.stringify({ name: 'Zoë', big: 'x'.repeat(100_000) });
		const response = await request(`http://127.0.0.1:${fake.port}/v1/things?page=2`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'x-tag': ['a', 'b'] },
			body,
		});
		expect(response.statusCode).toBe(201);
		expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
		expect(response.headers['x-fake']).toBe('echo');
		expect(await response.body.json()).toEqual({ received: JSON.parse(body) });
		const [call] = fake.calls;
		expect(call).toMatchObject({ method: 'POST', path: '/v1/things', text: body, bytes: Buffer.byteLength(body) });
		expect(call.headers['x-tag']).toBe('a, b');
	});

	it('answers without a body where asked', async () => {
		const response = await request(`http://127.0.0.1:${fake.port}/v1/things/1`, { method: 'DELETE' });
		expect([response.statusCode, response.headers['x-deleted'], await response.body.text()]).toEqual([204, 'yes', '']);
		expect(fake.calls.map((call) => call.method)).toEqual(['POST', 'DELETE']);
	});
});

describe('jsonOrText', () => {
	it('records an empty body as undefined, JSON parsed, anything else as its text', () => {
		expect(jsonOrText('')).toBeUndefined();
		expect(jsonOrText('{"a":[1]}')).toEqual({ a: [1] });
		expect(jsonOrText('"text"')).toBe('text');
		expect(jsonOrText('a=1&b=2')).toBe('a=1&b=2');
	});
});
