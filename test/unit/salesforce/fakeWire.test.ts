/**
 * The fake Salesforce org's answers as they go over the wire, and the calls it records: status lines,
 * headers (their order and case), bodies. Pins the fake's HTTP plumbing (reading requests, recording calls,
 * JSON, empty and text answers, the day's usage header, refusals) so that moving it changes nothing.
 * Requests go over a raw socket, so the test sees exactly what the fake wrote.
 */
import { connect } from 'net';
import { FakeSalesforceApi } from '../../fakes/salesforceApi';

const CLIENT_ID = '3MVG9fakeConsumerKey';
const CLIENT_SECRET = 'fake-consumer-secret';
const V = '/services/data/v64.0';

const fake = new FakeSalesforceApi({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, now: () => new Date('2026-11-23T04:51:20Z') });

beforeAll(async () => {
	fake.addField('Contact', 'Donor_Id__c', { type: 'string', externalId: true, unique: true, length: 64 });
	await fake.start();
});
afterAll(async () => await fake.stop());

/** One request on its own connection; the answer as received, its chunked framing (Node's) undone. */
async function exchange(method: string, path: string, headers: Record<string, string> = {}, body = ''): Promise<{ head: string; body: string }> {
	const lines = [`${method} ${path} HTTP/1.1`, `host: 127.0.0.1:${fake.port}`, ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`)];
	if (body !== '') lines.push(`content-length: ${Buffer.byteLength(body)}`);
	lines.push('connection: close');
	const socket = connect(fake.port, '127.0.0.1');
	socket.end(`${lines.join('\r\n')}\r\n\r\n${body}`);
	const chunks: Buffer[] = [];
	for await (const chunk of socket) chunks.push(chunk as Buffer);
	const answer = Buffer.concat(chunks);
	const end = answer.indexOf('\r\n\r\n');
	const head = answer.subarray(0, end).toString('utf8');
	const rest = answer.subarray(end + 4);
	return { head: head.replace(/^Date: .*$/m, 'Date: <date>'), body: /\r\nTransfer-Encoding: chunked$/.test(head) ? unchunk(rest) : rest.toString('utf8') };
}

function unchunk(framed: Buffer): string {
	const parts: Buffer[] = [];
	let at = 0;
	for (;;) {
		const lineEnd = framed.indexOf('\r\n', at);
		const size = parseInt(framed.subarray(at, lineEnd).toString('latin1'), 16);
		if (size === 0) break;
		parts.push(framed.subarray(lineEnd + 2, lineEnd + 2 + size));
		at = lineEnd + 2 + size + 2;
	}
	return Buffer.concat(parts).toString('utf8');
}

/** Sessions (and so the token's signature) are random and the port varies. */
const mask = (text: string) =>
	text
		.replace(/00D[0-9A-Za-z]{12}!AR[0-9A-Za-z_-]{48}/g, '<session>')
		.replace(/"signature":"[0-9A-Za-z+/=]{44}"/, '"signature":"<signature>"')
		.replaceAll(`127.0.0.1:${fake.port}`, '127.0.0.1:<port>');
const shown = ({ head, body }: { head: string; body: string }) => mask(`${head}\n\n${body}`);
const pinned = (head: string[], body = '') => `${head.join('\r\n')}\n\n${body}`;
/** The calls as recorded, masked; an undefined field shows as '<undefined>' (it is part of the shape). */
const recorded = () => JSON.parse(mask(JSON.stringify(fake.calls, (key, value: unknown) => (value === undefined ? '<undefined>' : value)))) as unknown[];

const json = 'content-type: application/json;charset=UTF-8';
const chunked = ['Date: <date>', 'Connection: close', 'Transfer-Encoding: chunked'];
const sent = (headers: Record<string, string>) => ({ host: '127.0.0.1:<port>', ...headers, connection: 'close' });
const bearer = 'Bearer <session>';

describe('fake Salesforce on the wire', () => {
	it('answers and records a token call, a collections upsert, a query, an empty answer, a 404, a text answer, a describe and a 429 as pinned', async () => {
		const token = await exchange('POST', '/services/oauth2/token', { 'content-type': 'application/x-www-form-urlencoded' }, `grant_type=client_credentials&client_id=${CLIENT_ID}&client_secret=${CLIENT_SECRET}`);
		const auth = { authorization: `Bearer ${(JSON.parse(token.body) as { access_token: string }).access_token}` };
		const withJson = { ...auth, 'content-type': 'application/json' };
		const records = [{ attributes: { type: 'Contact' }, Donor_Id__c: 'D-1', LastName: 'Muster' }, { attributes: { type: 'Contact' }, Donor_Id__c: 'D-2' }];
		const upsert = await exchange('PATCH', `${V}/composite/sobjects/Contact/Donor_Id__c`, withJson, JSON.stringify({ allOrNone: false, records }));
		const id = (JSON.parse(upsert.body) as Array<{ id: string }>)[0].id;
		const query = await exchange('GET', `${V}/query?q=${encodeURIComponent('SELECT Id, LastName FROM Contact')}`, auth);
		const update = await exchange('PATCH', `${V}/sobjects/Contact/${id}`, withJson, '{"FirstName":"Erika"}');
		const missing = await exchange('GET', `${V}/sobjects/Contact/003000000000000AAA`, auth);
		const noToken = await exchange('GET', '/services/oauth2/userinfo');
		const describe = await exchange('GET', `${V}/sobjects/Contact/describe`, auth);
		fake.refuseNext(1, 429, 7);
		const refused = await exchange('GET', `${V}/limits`, auth);

		expect(shown(token)).toBe(
			pinned(
				['HTTP/1.1 200 OK', json, ...chunked],
				'{"access_token":"<session>","signature":"<signature>","token_format":"opaque","instance_url":"http://127.0.0.1:<port>","id":"http://127.0.0.1:<port>/id/00DDn00000001DzMAI/005Dn00000001DzIAI","token_type":"Bearer","issued_at":"1795409480000"}',
			),
		);
		expect(shown(upsert)).toBe(
			pinned(
				['HTTP/1.1 200 OK', 'sforce-limit-info: api-usage=1/100000', json, ...chunked],
				'[{"id":"003Dn0000000001IAA","success":true,"errors":[],"created":true},{"success":false,"errors":[{"statusCode":"REQUIRED_FIELD_MISSING","message":"Required fields are missing: [LastName]","fields":["LastName"]}]}]',
			),
		);
		expect(shown(query)).toBe(
			pinned(
				['HTTP/1.1 200 OK', 'sforce-limit-info: api-usage=2/100000', json, ...chunked],
				'{"totalSize":1,"done":true,"records":[{"attributes":{"type":"Contact","url":"/services/data/v64.0/sobjects/Contact/003Dn0000000001IAA"},"Id":"003Dn0000000001IAA","LastName":"Muster"}]}',
			),
		);
		expect(shown(update)).toBe(pinned(['HTTP/1.1 204 No Content', 'sforce-limit-info: api-usage=3/100000', 'Date: <date>', 'Connection: close']));
		expect(shown(missing)).toBe(
			pinned(['HTTP/1.1 404 Not Found', 'sforce-limit-info: api-usage=4/100000', json, ...chunked], '[{"message":"The requested resource does not exist","errorCode":"NOT_FOUND"}]'),
		);
		expect(shown(noToken)).toBe(pinned(['HTTP/1.1 403 Forbidden', 'content-type: text/plain;charset=UTF-8', ...chunked], 'Bad_OAuth_Token'));
		// A describe is large: its head as pinned, its body the compact JSON of the object's description.
		expect(describe.head).toBe(['HTTP/1.1 200 OK', 'sforce-limit-info: api-usage=5/100000', json, ...chunked].join('\r\n'));
		expect(describe.body).toBe(JSON.stringify(JSON.parse(describe.body)));
		expect(JSON.parse(describe.body)).toMatchObject({ name: 'Contact', keyPrefix: '003', fields: expect.arrayContaining([expect.objectContaining({ name: 'Donor_Id__c', externalId: true })]) });
		expect(shown(refused)).toBe(pinned(['HTTP/1.1 429 Too Many Requests', 'content-type: application/json', 'retry-after: 7', ...chunked], '{"error":"Too Many Requests"}'));

		const expected = [
			{
				method: 'POST',
				path: '/services/oauth2/token',
				query: {},
				body: { grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: CLIENT_SECRET },
				headers: sent({ 'content-type': 'application/x-www-form-urlencoded', 'content-length': '95' }),
				auth: true,
				status: 200,
			},
			{
				method: 'PATCH',
				path: `${V}/composite/sobjects/Contact/Donor_Id__c`,
				query: {},
				body: { allOrNone: false, records },
				headers: sent({ authorization: bearer, 'content-type': 'application/json', 'content-length': '159' }),
				auth: false,
				status: 200,
			},
			{ method: 'GET', path: `${V}/query`, query: { q: 'SELECT Id, LastName FROM Contact' }, body: '<undefined>', headers: sent({ authorization: bearer }), auth: false, status: 200 },
			{
				method: 'PATCH',
				path: `${V}/sobjects/Contact/003Dn0000000001IAA`,
				query: {},
				body: { FirstName: 'Erika' },
				headers: sent({ authorization: bearer, 'content-type': 'application/json', 'content-length': '21' }),
				auth: false,
				status: 204,
			},
			{ method: 'GET', path: `${V}/sobjects/Contact/003000000000000AAA`, query: {}, body: '<undefined>', headers: sent({ authorization: bearer }), auth: false, status: 404 },
			{ method: 'GET', path: '/services/oauth2/userinfo', query: {}, body: '<undefined>', headers: sent({}), auth: true, status: 403 },
			{ method: 'GET', path: `${V}/sobjects/Contact/describe`, query: {}, body: '<undefined>', headers: sent({ authorization: bearer }), auth: false, status: 200 },
		];
		// The same fields in the same order (the JSON the tests print), refused requests apart.
		expect(JSON.stringify(recorded())).toBe(JSON.stringify(expected));
		expect(fake.refused).toStrictEqual([{ method: 'GET', path: `${V}/limits`, status: 429 }]);
	});
});
