/**
 * The fake OnlineFundraising API keeps the documented contract the e2e tests rely on: the key,
 * the body MD5 on writes, the list envelope, the 404 texts, archived contacts hidden and the newest
 * Subscription shape.
 */
import { createHash } from 'crypto';
import { copenhagenMidnight, copenhagenTimestamp, FakeOnlineFundraisingApi } from '../../fakes/onlineFundraisingApi';

const KEY = 'a'.repeat(64);
const fake = new FakeOnlineFundraisingApi({ apiKey: KEY });

beforeAll(async () => await fake.start());
afterAll(async () => await fake.stop());

async function call(method: string, path: string, body?: string, headers: Record<string, string> = {}) {
	const response = await fetch(`${fake.baseUrl}${path}`, {
		method,
		body,
		headers: { authorization: KEY, 'content-type': 'application/json; charset=utf-8', ...headers },
	});
	return { status: response.status, type: response.headers.get('content-type'), json: (await response.json()) as Record<string, unknown> };
}

const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex').toUpperCase();

describe('fake OnlineFundraising API', () => {
	it('refuses a missing or wrong key', async () => {
		expect((await call('GET', '/contacts', undefined, { authorization: 'wrong' })).status).toBe(401);
		const response = await fetch(`${fake.baseUrl}/contacts`);
		expect(response.status).toBe(401);
	});

	it('creates with a matching RequestMD5 or Content-MD5 and refuses a missing or wrong one', async () => {
		const body = JSON.stringify({ firstName: 'Ærø', lastName: 'Øster', email: 'a@example.dk' });
		const created = await call('POST', '/contact', body, { requestmd5: md5(body) });
		expect(created).toMatchObject({ status: 201, type: 'application/json; charset=utf-8', json: { firstName: 'Ærø', merchantId: 'fake-organisation', updatedTs: '' } });
		expect(created.json.createdTs).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \+0[12]00$/);
		expect((await call('POST', '/contact', body, { 'content-md5': md5(body) })).status).toBe(201);
		expect(await call('POST', '/contact', body)).toMatchObject({ status: 400, json: { errorCode: '10001' } });
		expect((await call('POST', '/contact', body, { requestmd5: md5(body).toLowerCase() })).status).toBe(400);
		expect((await call('POST', '/contact', `${body} `, { requestmd5: md5(body) })).json).toEqual({
			errorCode: '10001',
			errorDescription: 'RequestMD5 does not match the request body',
		});
		const guid = created.json.contactGuid as string;
		expect((await call('GET', `/contact/${guid}`)).json).toMatchObject({ contactGuid: guid, lastName: 'Øster' });
	});

	it('lists page by page with the page size capped at 50, and answers 404 with the entity text', async () => {
		for (let index = 0; index < 60; index++) fake.addAgreement({ name: `Agreement ${index}` });
		const first = await call('GET', '/agreements?pageNumber=1&pageSize=100');
		expect(first.json).toMatchObject({ pageNumber: 1, pageSize: 50 });
		expect(first.json.list).toHaveLength(50);
		expect(((await call('GET', '/agreements?pageNumber=2&pageSize=50')).json.list as unknown[]).length).toBe(10);
		expect(await call('GET', '/subscription/nope')).toEqual({
			status: 404,
			type: 'application/json; charset=utf-8',
			json: { errorCode: '404', errorDescription: 'Subscription not found' },
		});
		expect((await call('GET', '/dataSet/nope')).json.errorDescription).toBe('Data Set was not found');
		expect((await call('GET', '/agreement/nope')).json.errorDescription).toBe('Agreement not found');
		expect((await call('GET', '/contact/nope')).json.errorDescription).toBe('Contact was not found');
	});

	it('hides archived contacts from lists unless archived=true, and (by default) from GET by GUID', async () => {
		const kept = fake.addContact({ email: 'hidden@example.dk', firstName: 'Kept' });
		const archived = fake.addContact({ email: 'hidden@example.dk', firstName: 'Gone' });
		fake.archiveContact(String(archived.contactGuid), String(kept.contactGuid));
		const names = async (query: string) => ((await call('GET', `/contacts?search=hidden@example.dk${query}`)).json.list as Array<{ firstName: string }>).map((c) => c.firstName);
		expect(await names('')).toEqual(['Kept']);
		expect(await names('&archived=false')).toEqual(['Kept']);
		expect(await names('&archived=true')).toEqual(['Gone']);
		expect((await call('GET', `/contact/${String(archived.contactGuid)}`)).status).toBe(404);
		const agreement = fake.addAgreement();
		fake.archiveAgreement(String(agreement.agreementGuid));
		expect((await call('GET', `/agreement/${String(agreement.agreementGuid)}`)).json.errorDescription).toBe('Agreement not found');
		// The other reading of "hidden from queries": GET by GUID still answers for an archived contact.
		const lenient = new FakeOnlineFundraisingApi({ apiKey: KEY, archivedByGuid: 'found' });
		await lenient.start();
		try {
			const gone = lenient.addContact({ firstName: 'Gone' });
			lenient.archiveContact(String(gone.contactGuid));
			const response = await fetch(`${lenient.baseUrl}/contact/${String(gone.contactGuid)}`, { headers: { authorization: KEY } });
			expect(response.status).toBe(200);
		} finally {
			await lenient.stop();
		}
	});

	it('answers subscriptions in the newest documented shape: startDate a timestamp, integer codes', async () => {
		const subscription = fake.addSubscription({ cancelCode: 100101 });
		const answered = (await call('GET', `/subscription/${String(subscription.subscriptionGuid)}`)).json;
		expect(answered.startDate).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \+0[12]00$/);
		expect(answered).toMatchObject({ cancelCode: 100101, errorCode: null, inactivatedTs: '' });
		expect(answered).not.toHaveProperty('version');
		expect(copenhagenMidnight('2026-07-01')).toBe('2026-07-01 00:00:00 +0200');
		expect(copenhagenMidnight('2026-01-15')).toBe('2026-01-15 00:00:00 +0100');
	});

	it('holds payments in their states; a processed refund makes one Refunded', async () => {
		const payment = fake.addPayment();
		expect((await call('GET', `/payment/${String(payment.paymentGuid)}`)).json).toMatchObject({ state: 'Charged', refundedTs: '' });
		fake.refundPayment(String(payment.paymentGuid));
		expect((await call('GET', `/payment/${String(payment.paymentGuid)}`)).json).toMatchObject({ state: 'Refunded', refundedTs: expect.stringMatching(/^\d{4}-/) });
		expect((await call('GET', `/payment/${String(fake.addPayment({ state: 'Pending' }).paymentGuid)}`)).json).toMatchObject({ state: 'Pending' });
	});

	it('writes timestamps in Copenhagen time with the offset of the day', () => {
		expect(copenhagenTimestamp(new Date('2019-12-31T14:59:59Z'))).toBe('2019-12-31 15:59:59 +0100');
		expect(copenhagenTimestamp(new Date('2022-07-12T07:00:14.600Z'))).toBe('2022-07-12 09:00:14 +0200');
	});
});
