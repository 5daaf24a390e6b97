/**
 * The fake SmartBusiness API keeps the documented contract the e2e tests and the benchmark rely on:
 * OAuth2 grants and scopes, the envelopes and paging, the error bodies, contact and invoice rules.
 */
import { buildPdf, FakeSmartBusinessApi, isrCheckDigit } from '../../fakes/smartBusinessApi';

const CLIENT_ID = 'fake-client';
const CLIENT_SECRET = 'fake-secret';
const REDIRECT = 'http://127.0.0.1:5678/rest/oauth2-credential/callback';
const fake = new FakeSmartBusinessApi({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUri: REDIRECT });

beforeAll(async () => await fake.start());
afterAll(async () => await fake.stop());

// Parsed JSON answers, read loosely by the assertions (toMatchObject checks the shapes).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

async function tokenRequest(body: string, headers: Record<string, string>) {
	const response = await fetch(`${fake.baseUrl}/auth/access-tokens`, { method: 'POST', body, headers });
	return { status: response.status, json: (await response.json()) as Json };
}

async function clientCredentials(scope?: string): Promise<string> {
	const { status, json } = await tokenRequest(JSON.stringify({ grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: CLIENT_SECRET, scope }), {
		'content-type': 'application/json',
	});
	expect(status).toBe(200);
	return json.access_token as string;
}

let token = '';

async function api(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
	const response = await fetch(`${fake.baseUrl}${path}`, {
		method,
		body: body === undefined ? undefined : JSON.stringify(body),
		headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
	});
	const text = await response.text();
	return { status: response.status, headers: response.headers, json: (text === '' ? undefined : JSON.parse(text)) as Json };
}

const list = (path: string, params: Record<string, string>) => api('GET', `${path}?${new URLSearchParams(params).toString()}`);

const keysOf = (json: Json) => (json.meta.errors as Array<{ key: string; code: number }>).map((error) => `${error.key}:${error.code}`).sort();

function newContact(overrides: Json = {}) {
	return {
		relation: ['CL'], type: 'P', gender: 'F', name: 'Ursula Buchmüller', email: 'ursula@example.ch',
		main_address: { street: 'Teststrasse', street_no: '12', postcode: '4460', city: 'Gelterkinden', country: 'CH' },
		...overrides,
	};
}

function newInvoice(contact: Json, overrides: Json = {}) {
	return {
		contact_id: contact.id, contact_address_id: contact.main_address_id, date: '2025-01-31', due: '2025-03-02', currency: 'CHF', language: 'de',
		positions: [
			{ type: 'N', catalog_type: 'P', name: 'Schrauben 8x30mm', price: 0.18, amount: 2, vat: 7.7, unit_id: 7 },
			{ type: 'N', catalog_type: 'S', name: 'Lieferung', price: 200, amount: 5, vat: 7.7, unit_id: 1 },
		],
		...overrides,
	};
}

const ALL_SCOPES = 'profile contact invoice configuration catalog';

beforeAll(async () => {
	token = await clientCredentials(ALL_SCOPES);
});

describe('fake SmartBusiness API: OAuth2', () => {
	it('grants client_credentials for a JSON body, a form body and Basic client auth, without a refresh token', async () => {
		const issued = fake.tokensIssued;
		const json = await tokenRequest(JSON.stringify({ grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: CLIENT_SECRET, scope: 'contact invoice' }), {
			'content-type': 'application/json',
		});
		expect(json).toMatchObject({ status: 200, json: { token_type: 'Bearer', expires_in: 43200 } });
		expect(json.json.access_token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
		expect(json.json.refresh_token).toBeUndefined();
		const form = await tokenRequest(new URLSearchParams({ grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: CLIENT_SECRET, scope: 'contact' }).toString(), {
			'content-type': 'application/x-www-form-urlencoded',
		});
		expect(form.status).toBe(200);
		const basic = await tokenRequest('grant_type=client_credentials&scope=profile', {
			'content-type': 'application/x-www-form-urlencoded',
			authorization: `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')}`,
		});
		expect(basic.status).toBe(200);
		expect(fake.tokensIssued).toBe(issued + 3);
		const owner = await api('GET', '/auth/owner', undefined, { authorization: `Bearer ${basic.json.access_token}` });
		expect(owner).toMatchObject({ status: 200, json: { item: { id: fake.owner.id, name: 'Heidi', surname: 'Muster' } } });
	});

	it('refuses a wrong secret, an unregistered scope and an unknown grant type', async () => {
		const form = (params: Record<string, string>) => tokenRequest(new URLSearchParams(params).toString(), { 'content-type': 'application/x-www-form-urlencoded' });
		const wrong = await form({ grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: 'nope' });
		expect(wrong).toMatchObject({ status: 401, json: { error: 'invalid_client', meta: { error_type: 'invalid_client' } } });
		expect(typeof wrong.json.code).toBe('number');
		const scoped = await form({ grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: CLIENT_SECRET, scope: 'contact offer' });
		expect(scoped).toMatchObject({ status: 401, json: { error: 'invalid_scope', meta: { error_type: 'invalid_scope', hint: 'Check the `offer` scope' } } });
		// No scope asked: refused, not every registered scope granted.
		const unscoped = await form({ grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: CLIENT_SECRET });
		expect(unscoped).toMatchObject({ status: 401, json: { error: 'invalid_scope' } });
		const password = await form({ grant_type: 'password', client_id: CLIENT_ID, client_secret: CLIENT_SECRET });
		expect(password.json.meta.error_type).toBe('unsupported_grant_type');
	});

	it('answers 401 without a token or with an expired one, and 403 without the scope', async () => {
		const bare = await fetch(`${fake.baseUrl}/contacts`);
		expect(bare.status).toBe(401);
		expect(await bare.json()).toMatchObject({ meta: { error_type: 'access_denied', hint: 'Missing "Authorization" header' } });
		expect(bare.headers.get('x-rate-limit-limit')).toBe('1000');
		const shortLived = await clientCredentials('contact');
		expect((await api('GET', '/contacts', undefined, { authorization: `Bearer ${shortLived}` })).status).toBe(200);
		const forbidden = await api('GET', '/receivables/invoices', undefined, { authorization: `Bearer ${shortLived}` });
		expect(forbidden).toMatchObject({ status: 403, json: { code: 5000 } });
		expect((await api('GET', '/catalog/configuration/units', undefined, { authorization: `Bearer ${shortLived}` })).status).toBe(403);
		// Units need `configuration`, as in both official clients' UnitsEndpoint; `catalog` alone is not enough.
		const catalogOnly = await clientCredentials('catalog');
		expect((await api('GET', '/catalog/configuration/units', undefined, { authorization: `Bearer ${catalogOnly}` })).status).toBe(403);
		const configurationOnly = await clientCredentials('configuration');
		expect((await api('GET', '/catalog/configuration/units', undefined, { authorization: `Bearer ${configurationOnly}` })).status).toBe(200);
		fake.expireAllTokens();
		const expired = await api('GET', '/contacts', undefined, { authorization: `Bearer ${shortLived}` });
		expect(expired).toMatchObject({ status: 401, json: { meta: { error_type: 'access_denied', hint: 'Access token is expired' } } });
		token = await clientCredentials(ALL_SCOPES);
	});

	it('runs the authorization_code flow, and a refresh token works once', async () => {
		const authorize = `${fake.baseUrl}/auth/authorize?${new URLSearchParams({ response_type: 'code', client_id: CLIENT_ID, redirect_uri: REDIRECT, scope: 'profile contact', state: 'xyz' })}`;
		const redirect = await fetch(authorize, { redirect: 'manual' });
		expect(redirect.status).toBe(302);
		const location = new URL(redirect.headers.get('location')!);
		expect(`${location.origin}${location.pathname}`).toBe(REDIRECT);
		expect(location.searchParams.get('state')).toBe('xyz');
		expect(fake.authorizeRequests.at(-1)?.query.scope).toBe('profile contact');
		const code = location.searchParams.get('code')!;
		const exchange = (params: Record<string, string>) =>
			tokenRequest(new URLSearchParams({ client_id: CLIENT_ID, client_secret: CLIENT_SECRET, ...params }).toString(), { 'content-type': 'application/x-www-form-urlencoded' });
		const pair = await exchange({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT });
		expect(pair).toMatchObject({ status: 200, json: { token_type: 'Bearer', expires_in: 43200 } });
		expect((await exchange({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT })).json.error).toBe('invalid_grant');
		const { access_token: access, refresh_token: refresh } = pair.json;
		expect((await api('GET', '/auth/owner', undefined, { authorization: `Bearer ${access}` })).status).toBe(200);
		expect((await api('GET', '/receivables/invoices', undefined, { authorization: `Bearer ${access}` })).status).toBe(403);

		const renewed = await exchange({ grant_type: 'refresh_token', refresh_token: refresh });
		expect(renewed.status).toBe(200);
		expect(renewed.json.refresh_token).not.toBe(refresh);
		const reused = await exchange({ grant_type: 'refresh_token', refresh_token: refresh });
		expect(reused).toMatchObject({ status: 401, json: { error: 'invalid_grant', meta: { error_type: 'invalid_grant' } } });
		expect((await exchange({ grant_type: 'refresh_token', refresh_token: renewed.json.refresh_token })).status).toBe(200);
		// The old access token goes with the old refresh token.
		expect((await api('GET', '/auth/owner', undefined, { authorization: `Bearer ${access}` })).json.meta.hint).toBe('Access token has been revoked');
	});
});

describe('fake SmartBusiness API: contacts', () => {
	it('creates a contact (201) and names every invalid key in a 422', async () => {
		const created = await api('POST', '/contacts', newContact({ number: 'D-1' }));
		expect(created.status).toBe(201);
		expect(created.json.item).toMatchObject({ number: 'D-1', type: 'P', gender: 'F', relation: ['CL'], communication_language: 'de' });
		expect(created.json.item.id).toBeGreaterThanOrEqual(100000000);
		expect(created.json.item.created).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
		expect(created.json.item.main_address).toBeUndefined();
		const withAddress = await api('GET', `/contacts/${created.json.item.id}?with=main_address`);
		expect(withAddress.json.item.main_address).toMatchObject({ id: created.json.item.main_address_id, default: true, city: 'Gelterkinden', country: 'CH' });

		const invalid = await api('POST', '/contacts', {
			relation: ['XX'], type: 'P', name: '', email: 'not-an-email', communication_language: 'rm',
			main_address: { street: 'Teststrasse', city: 'Bern', country: 'Switzerland' },
		});
		expect(invalid).toMatchObject({ status: 422, json: { code: 1000 } });
		expect(keysOf(invalid.json)).toEqual([
			'communication_language:1102', 'email:1103', 'gender:1100', 'main_address.country:1103', 'main_address.postcode:1100', 'name:1100', 'relation:1102',
		]);
		expect(keysOf((await api('POST', '/contacts', { name: 'Nobody' })).json)).toEqual(['main_address:1100', 'relation:1100', 'type:1100']);
		const duplicate = await api('POST', '/contacts', newContact({ number: 'D-1' }));
		expect(keysOf(duplicate.json)).toEqual(['number:1105']);
		const next = await api('POST', '/contacts', newContact({ type: 'C', gender: undefined, name: 'Autogarage Frei' }));
		expect(next.json.item.number).toMatch(/^\d+$/);
	});

	it('updates partially, refuses main_address in a PUT, and guards the main address', async () => {
		const { json } = await api('POST', '/contacts', newContact({ name: 'Hans Muster', gender: 'M' }));
		const id = json.item.id as number;
		const updated = await api('PUT', `/contacts/${id}`, { phone: '079 123 45 67' });
		expect(updated.json.item).toMatchObject({ name: 'Hans Muster', phone: '079 123 45 67' });
		expect(keysOf((await api('PUT', `/contacts/${id}`, { main_address: { city: 'Basel' } })).json)).toEqual(['main_address:1104']);
		const second = await api('POST', `/contacts/${id}/addresses`, { street: 'Nebenweg', postcode: '3000', city: 'Bern', country: 'ch' });
		expect(second).toMatchObject({ status: 201, json: { item: { country: 'CH', default: false } } });
		expect(await api('DELETE', `/contacts/${id}/addresses/${json.item.main_address_id}`)).toMatchObject({ status: 400, json: { code: 2000 } });
		expect((await api('DELETE', `/contacts/${id}/addresses/${second.json.item.id}`)).status).toBe(204);
		expect(keysOf((await api('POST', `/contacts/${id}/people`, { name: 'Max' })).json)).toEqual(['gender:1100', 'surname:1100']);
		const person = await api('POST', `/contacts/${id}/people`, { name: 'Max', surname: 'Muster', gender: 'M', email: 'max@example.ch' });
		expect(person).toMatchObject({ status: 201, json: { item: { name: 'Max', surname: 'Muster', wants_newsletter: true } } });
		expect((await api('GET', `/contacts/${id}/people`)).json.items).toHaveLength(1);
		expect((await api('DELETE', `/contacts/${id}`)).status).toBe(204);
		expect(await api('GET', `/contacts/${id}`)).toMatchObject({ status: 404, json: { code: 3000, meta: { entity_type: 'contact' } } });
	});

	it('pages through 450 contacts 200 at a time, filters by email and refuses bad list parameters', async () => {
		fake.reset();
		const started = Date.now();
		fake.seedContacts(450);
		expect(Date.now() - started).toBeLessThan(500);
		const pages: Json[] = [];
		let url: string | undefined = `${fake.baseUrl}/contacts?limit=200&offset=0`;
		while (url) {
			const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
			const page = (await response.json()) as Json;
			pages.push(page);
			url = page.pagination.next;
		}
		expect(pages.map((page) => page.items.length)).toEqual([200, 200, 50]);
		expect(pages[0].pagination).toEqual({
			page: 1, pages: 3, total: 450,
			first: `${fake.baseUrl}/contacts?limit=200&offset=0`,
			last: `${fake.baseUrl}/contacts?limit=200&offset=400`,
			next: `${fake.baseUrl}/contacts?limit=200&offset=200`,
		});
		expect(pages[2].pagination).toMatchObject({ page: 3, previous: `${fake.baseUrl}/contacts?limit=200&offset=200` });
		expect(pages[2].pagination.next).toBeUndefined();
		expect(new Set(pages.flatMap((page) => page.items.map((item: Json) => item.id))).size).toBe(450);
		expect(pages[0].items[0].name).toBe('Contact 00001');

		const byEmail = await list('/contacts', { filter: JSON.stringify({ email: 'CONTACT00123@example.ch' }) });
		expect(byEmail.json.items.map((item: Json) => item.name)).toEqual(['Contact 00123']);
		const either = await list('/contacts', { filter: JSON.stringify({ or: [{ number: '1000' }, { email: 'contact00002@example.ch' }] }), sort: '-name' });
		expect(either.json.items.map((item: Json) => item.name)).toEqual(['Contact 00002', 'Contact 00001']);
		expect((await list('/contacts', { q: 'contact0044' })).json.pagination.total).toBe(10);

		expect(await list('/contacts', { limit: '201' })).toMatchObject({ status: 400, json: { code: 2103 } });
		expect((await list('/contacts', { limit: '0' })).json.code).toBe(2103);
		expect((await list('/contacts', { offset: '-1' })).json.code).toBe(2104);
		expect((await list('/contacts', { sort: 'shoe_size' })).json.code).toBe(2102);
		expect(await list('/contacts', { filter: '{"shoe_size":"42"}' })).toMatchObject({ status: 400, json: { code: 2000 } });
		expect((await list('/contacts', { with: 'everything' })).json.code).toBe(2100);

		// Switched to ignore a filter key, the list answers as if the condition were absent; to refuse it, 400 code 2000.
		fake.setFilterBehaviour('email', 'ignore');
		expect((await list('/contacts', { filter: JSON.stringify({ email: 'contact00123@example.ch' }) })).json.pagination.total).toBe(450);
		fake.setFilterBehaviour('email', 'refuse');
		expect(await list('/contacts', { filter: JSON.stringify({ email: 'contact00123@example.ch' }) })).toMatchObject({ status: 400, json: { code: 2000 } });
		fake.setFilterBehaviour('email', undefined);
		expect((await list('/contacts', { filter: JSON.stringify({ email: 'contact00123@example.ch' }) })).json.pagination.total).toBe(1);
		fake.setFilterBehaviour('q', 'ignore');
		expect((await list('/contacts', { q: 'contact0044' })).json.pagination.total).toBe(450);
		fake.setFilterBehaviour('q', 'refuse');
		expect(await list('/contacts', { q: 'contact0044' })).toMatchObject({ status: 400, json: { code: 2000 } });
		fake.setFilterBehaviour('q', undefined);
	});

	it('seeds 10,000 contacts fast and lists them cheaply', async () => {
		fake.reset();
		let started = Date.now();
		fake.seedContacts(10000);
		expect(Date.now() - started).toBeLessThan(1000);
		started = Date.now();
		let url: string | undefined = `${fake.baseUrl}/contacts?limit=200`;
		let seen = 0;
		while (url) {
			const page = (await (await fetch(url, { headers: { authorization: `Bearer ${token}` } })).json()) as Json;
			seen += page.items.length;
			url = page.pagination.next;
		}
		expect(seen).toBe(10000);
		expect(Date.now() - started).toBeLessThan(3000);
		fake.reset();
	});
});

describe('fake SmartBusiness API: invoices', () => {
	let contact: Json;

	beforeAll(async () => {
		contact = (await api('POST', '/contacts', newContact({ type: 'C', name: 'Garage Zylinder AG' }))).json.item;
	});

	it('validates an invoice create with per-field keys', async () => {
		const other = (await api('POST', '/contacts', newContact({ name: 'Someone Else' }))).json.item;
		const invalid = await api('POST', '/receivables/invoices', {
			contact_id: contact.id, contact_address_id: other.main_address_id, date: '2025-02-30', currency: 'CHF', language: 'rm',
			isr_id: 1, bank_account_id: 2,
			positions: [{ type: 'N', catalog_type: 'P', price: 10, amount: 1, vat: 8.1, unit_id: 999 }, { type: 'X', price: 1 }, { type: 'N', catalog_type: 'S' }],
		});
		expect(invalid.status).toBe(422);
		expect(keysOf(invalid.json)).toEqual([
			'bank_account_id:1102', 'contact_address_id:1102', 'date:1103', 'due:1100', 'isr_id:1102', 'language:1102',
			'positions.0.unit_id:1102', 'positions.1.catalog_type:1100', 'positions.1.type:1102',
			'positions.2.amount:1100', 'positions.2.price:1100', 'positions.2.unit_id:1100', 'positions.2.vat:1100',
		]);
		expect(keysOf((await api('POST', '/receivables/invoices', { ...newInvoice(contact), positions: [], contact_id: 1 })).json)).toEqual(['contact_id:1102', 'positions:1100']);
	});

	it('creates with computed totals and an ISR reference, changes status, sends by e-mail and by post', async () => {
		const created = await api('POST', '/receivables/invoices', newInvoice(contact, { isr_id: 380627389, notes: 'Digistore24 order 123' }));
		expect(created.status).toBe(201);
		const invoice = created.json.item;
		expect(invoice).toMatchObject({ status: 'DR', total: 1077.39, total_paid: 0, paid_date: null, currency: 'CHF', isr_position: 'A' });
		expect(invoice.positions).toBeUndefined();
		expect(invoice.isr_reference_number).toMatch(/^\d{27}$/);
		expect(isrCheckDigit(invoice.isr_reference_number.slice(0, 26))).toBe(Number(invoice.isr_reference_number[26]));
		const full = await api('GET', `/receivables/invoices/${invoice.id}?with=positions,contact_name,contact_address`);
		expect(full.json.item.positions.map((position: Json) => position.total)).toEqual([0.39, 1077]);
		expect(full.json.item).toMatchObject({ contact_name: 'Garage Zylinder AG', contact_address: { id: contact.main_address_id } });
		expect(keysOf((await api('POST', '/receivables/invoices', newInvoice(contact, { number: invoice.number }))).json)).toEqual(['number:1105']);

		const sent = await api('PATCH', `/receivables/invoices/${invoice.id}/change-status`, { status: 'S' });
		expect(sent).toMatchObject({ status: 200, json: { item: { id: invoice.id, status: 'S' } } });
		expect(keysOf((await api('PATCH', `/receivables/invoices/${invoice.id}/change-status`, { status: 'PP' })).json)).toEqual(['status:1102']);

		const draft = (await api('POST', '/receivables/invoices', newInvoice(contact))).json.item;
		const mail = { subject: 'Ihre Rechnung', body: 'Guten Tag', recipients: [{ email: 'buchhaltung@example.ch', name: 'Buchhaltung' }], from: 'U' };
		const emailed = await api('PATCH', `/receivables/invoices/${draft.id}/send-by-email`, mail);
		expect(emailed.status).toBe(204);
		expect(emailed.json).toBeUndefined();
		expect(fake.sentEmails.at(-1)).toMatchObject({ invoiceId: draft.id, subject: 'Ihre Rechnung', from: 'U', receipt: false });
		expect(fake.invoice(draft.id)?.status).toBe('S');
		const badMail = await api('PATCH', `/receivables/invoices/${draft.id}/send-by-email`, { ...mail, recipients: [{ email: 'nope', name: 'X' }], from: 'XX' });
		expect(keysOf(badMail.json)).toEqual(['from:1102', 'recipients.0.email:1103']);
		expect(keysOf((await api('PATCH', `/receivables/invoices/${draft.id}/send-by-email`, { ...mail, recipients: [] })).json)).toEqual(['recipients:1100']);
		expect((await api('PATCH', `/receivables/invoices/${draft.id}/send-by-post`, { palette: 'BW', print: 'S', speed: 'E' })).status).toBe(204);
		expect(fake.sentLetters.at(-1)).toMatchObject({ invoiceId: draft.id, palette: 'BW', print: 'S', speed: 'E' });
	});

	it('serves the PDF as binary, larger with the ISR image', async () => {
		const invoice = (await api('POST', '/receivables/invoices', newInvoice(contact))).json.item;
		const download = async (options?: Json) => {
			const query = options ? `?options=${encodeURIComponent(JSON.stringify(options))}` : '';
			const response = await fetch(`${fake.baseUrl}/receivables/invoices/${invoice.id}/pdf${query}`, { headers: { authorization: `Bearer ${token}` } });
			return { status: response.status, type: response.headers.get('content-type'), bytes: Buffer.from(await response.arrayBuffer()) };
		};
		const plain = await download();
		expect(plain).toMatchObject({ status: 200, type: 'application/pdf' });
		expect(plain.bytes.subarray(0, 8).toString('latin1')).toBe('%PDF-1.4');
		expect(plain.bytes.toString('latin1')).toContain(`Rechnung ${invoice.number}`);
		expect(plain.bytes.toString('latin1').trimEnd().endsWith('%%EOF')).toBe(true);
		const withImage = await download({ isr_display_image: true, receipt: true });
		expect(withImage.bytes.length).toBeGreaterThan(200000);
		expect(withImage.bytes.toString('latin1')).toContain(`Quittung ${invoice.number}`);
		// The xref offsets point at the objects.
		const text = plain.bytes.toString('latin1');
		const startXref = Number(/startxref\n(\d+)/.exec(text)![1]);
		expect(text.slice(startXref, startXref + 4)).toBe('xref');
		const firstOffset = Number(/0000000000 65535 f \n(\d{10})/.exec(text)![1]);
		expect(text.slice(firstOffset, firstOffset + 7)).toBe('1 0 obj');
		expect(buildPdf(['x']).subarray(0, 8).toString()).toBe('%PDF-1.4');
	});

	it('records payments: partly paid, then paid with paid_date, undone by deleting', async () => {
		const invoice = (await api('POST', '/receivables/invoices', newInvoice(contact))).json.item;
		expect(keysOf((await api('POST', `/receivables/invoices/${invoice.id}/payments`, { type: 'N', amount: 0 })).json)).toEqual(['amount:1102', 'date:1100']);
		const first = await api('POST', `/receivables/invoices/${invoice.id}/payments`, { type: 'N', channel: 'T', amount: 77.39, date: '2025-02-10' });
		expect(first).toMatchObject({ status: 201, json: { item: { type: 'N', channel: 'T', amount: 77.39, date: '2025-02-10', notes: null } } });
		expect(fake.invoice(invoice.id)).toMatchObject({ status: 'PP', total_paid: 77.39, paid_date: null });
		await api('POST', `/receivables/invoices/${invoice.id}/payments`, { type: 'N', channel: 'PF', amount: 1000, date: '2025-02-20', notes: 'Rest' });
		const paid = (await api('GET', `/receivables/invoices/${invoice.id}`)).json.item;
		expect(paid).toMatchObject({ status: 'P', total_paid: 1077.39, paid_date: '2025-02-20' });
		const payments = await api('GET', `/receivables/invoices/${invoice.id}/payments`);
		expect(payments.json.items.map((payment: Json) => payment.date)).toEqual(['2025-02-20', '2025-02-10']);
		const ids = payments.json.items.map((payment: Json) => payment.id).join(',');
		expect((await api('DELETE', `/receivables/invoices/${invoice.id}/payments/${ids}`)).status).toBe(204);
		expect(fake.invoice(invoice.id)).toMatchObject({ status: 'DR', total_paid: 0, paid_date: null });
	});

	it('filters invoices by status and contact, lists the configuration', async () => {
		const open = await list('/receivables/invoices', { filter: JSON.stringify({ and: [{ status: 'DR' }, { contact_id: contact.id }] }) });
		expect(open.status).toBe(200);
		expect(open.json.items.every((item: Json) => item.status === 'DR' && item.contact_id === contact.id)).toBe(true);
		const numbers = (await list('/receivables/invoices', {})).json.items.map((item: Json) => Number(item.number));
		expect(numbers).toEqual([...numbers].sort((a, b) => b - a));
		const units = await api('GET', '/catalog/configuration/units', undefined, { 'accept-language': 'en' });
		expect(units.json.items).toEqual(expect.arrayContaining([{ id: 1, name: 'Hours', scope: 's', custom: false }, { id: 7, name: 'Pieces', scope: 'p', custom: false }]));
		const isrs = await api('GET', '/receivables/configuration/isrs');
		expect(isrs.json.items.find((isr: Json) => isr.default)).toMatchObject({ type: 'RIS', iban: 'CH7730000001250094239' });
		// QR slips only: orange ISR slips were withdrawn in Switzerland.
		expect(isrs.json.items.map((isr: Json) => isr.type)).toEqual(['RIS', 'RIS']);
		expect((await api('GET', '/configuration/bank-accounts')).json.pagination).toMatchObject({ page: 1, pages: 1, total: 2 });
	});
});

describe('fake SmartBusiness API: faults and limits', () => {
	it('injects a 429 with X-Rate-Limit-Reset, then 503, then answers normally; the token endpoint is not affected', async () => {
		fake.failNext(1, 429, { resetSeconds: 7 });
		fake.failNext(1, 503);
		expect((await tokenRequest(`grant_type=client_credentials&client_id=${CLIENT_ID}&client_secret=${CLIENT_SECRET}&scope=contact`, { 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(200);
		const limited = await api('GET', '/contacts');
		expect(limited).toMatchObject({ status: 429, json: { code: 6000 } });
		expect(limited.headers.get('x-rate-limit-reset')).toBe('7');
		expect(limited.headers.get('x-rate-limit-remaining')).toBe('0');
		expect(await api('GET', '/contacts')).toMatchObject({ status: 503, json: { code: 8000 } });
		const ok = await api('GET', '/contacts');
		expect(ok.status).toBe(200);
		expect(Number(ok.headers.get('x-rate-limit-remaining'))).toBeLessThan(1000);
		// The documented period: the docs' example X-Rate-Limit-Reset is 3600 seconds.
		expect(Number(ok.headers.get('x-rate-limit-reset'))).toBeGreaterThan(3500);
		expect(fake.calls.slice(-4).map((call) => [call.oauth, call.status])).toEqual([[true, 200], [false, 429], [false, 503], [false, 200]]);
	});

	it('answers 402 once the plan document limit is reached', async () => {
		fake.reset();
		const contact = fake.addContact({ name: 'Limit AG' });
		fake.documentLimit = 1;
		expect((await api('POST', '/receivables/invoices', newInvoice(contact))).status).toBe(201);
		const refused = await api('POST', '/receivables/invoices', newInvoice(contact));
		expect(refused).toEqual(expect.objectContaining({ status: 402, json: { code: 4001, message: expect.any(String), meta: { feature: 'documents', limit: 1 } } }));
		fake.documentLimit = undefined;
	});

	it('answers 405 for a known path with another method, and 404 for unknown ids', async () => {
		expect(await api('DELETE', '/catalog/configuration/units')).toMatchObject({ status: 405, json: { code: 7000 } });
		expect(await api('GET', '/receivables/invoices/123456789')).toMatchObject({ status: 404, json: { code: 3000, meta: { entity_type: 'invoice' } } });
	});
});
