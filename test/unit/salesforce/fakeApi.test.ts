/**
 * The fake Salesforce org keeps the documented contract the Salesforce Mapper's e2e tests and benchmark
 * rely on: OAuth and SOAP login, sessions, versions, collections and single-row upserts with their item
 * errors, SOQL, describe, composite, NPSP installments, limits.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { FakeSalesforceApi, normalizeId } from '../../fakes/salesforceApi';

const CLIENT_ID = '3MVG9fakeConsumerKey';
const CLIENT_SECRET = 'fake-consumer-secret';
const USERNAME = 'integration@example.org';
const PASSWORD = 'Passw0rd!';
const SECURITY_TOKEN = 'XXXXXXXXXX';
const V = '/services/data/v64.0';

const fake = new FakeSalesforceApi({
	clientId: CLIENT_ID,
	clientSecret: CLIENT_SECRET,
	username: USERNAME,
	password: PASSWORD,
	securityToken: SECURITY_TOKEN,
	npsp: true,
	now: () => new Date('2026-11-23T04:51:20Z'),
});

beforeAll(async () => {
	fake.addField('Contact', 'Donor_Id__c', { type: 'string', externalId: true, unique: true, length: 64 });
	fake.addField('Opportunity', 'Payment_Id__c', { type: 'string', externalId: true, unique: true, length: 64 });
	await fake.start();
});
afterAll(async () => await fake.stop());

// Parsed JSON answers, read loosely by the assertions (toMatchObject checks the shapes).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

async function form(base: string, path: string, params: Record<string, string>) {
	const response = await fetch(`${base}${path}`, {
		method: 'POST',
		body: new URLSearchParams(params).toString(),
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
	});
	return { status: response.status, json: (await response.json()) as Json };
}

const tokenRequest = (params: Record<string, string>, target = fake) => form(target.baseUrl, '/services/oauth2/token', params);

async function clientCredentials(target = fake): Promise<string> {
	const { status, json } = await tokenRequest({ grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: CLIENT_SECRET }, target);
	expect(status).toBe(200);
	return json.access_token as string;
}

let token = '';

async function api(method: string, path: string, body?: unknown, options: { token?: string; target?: FakeSalesforceApi } = {}) {
	const target = options.target ?? fake;
	const response = await fetch(`${target.baseUrl}${path}`, {
		method,
		body: body === undefined ? undefined : JSON.stringify(body),
		headers: { authorization: `Bearer ${options.token ?? token}`, 'content-type': 'application/json' },
	});
	const text = await response.text();
	return { status: response.status, headers: response.headers, json: (text === '' ? undefined : JSON.parse(text)) as Json };
}

const upsert = (object: string, key: string, records: Json[], allOrNone = false, version = V) =>
	api('PATCH', `${version}/composite/sobjects/${object}/${key}`, { allOrNone, records: records.map((record) => ({ attributes: { type: object }, ...record })) });

const soql = (query: string, target = fake) => api('GET', `${V}/query?${new URLSearchParams({ q: query }).toString()}`, undefined, { target });

function soapEnvelope(username: string, password: string): string {
	return `<?xml version="1.0" encoding="utf-8" ?>
<env:Envelope xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:env="http://schemas.xmlsoap.org/soap/envelope/">
  <env:Body>
    <n1:login xmlns:n1="urn:partner.soap.sforce.com">
      <n1:username>${username}</n1:username>
      <n1:password>${password}</n1:password>
    </n1:login>
  </env:Body>
</env:Envelope>`;
}

async function soapLogin(version: string, password = PASSWORD + SECURITY_TOKEN) {
	const response = await fetch(`${fake.baseUrl}/services/Soap/u/${version}`, {
		method: 'POST',
		body: soapEnvelope(USERNAME, password),
		headers: { 'content-type': 'text/xml; charset=UTF-8', soapaction: 'login' },
	});
	return { status: response.status, text: await response.text() };
}

beforeAll(async () => {
	token = await clientCredentials();
});

beforeEach(() => fake.reset());

describe('fake Salesforce: auth', () => {
	it('grants client credentials with the documented response (no expires_in) and the token works', async () => {
		const before = fake.logins.clientCredentials;
		const { status, json } = await tokenRequest({ grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: CLIENT_SECRET });
		expect(status).toBe(200);
		expect(json).toMatchObject({ instance_url: fake.baseUrl, token_type: 'Bearer', token_format: 'opaque', id: `${fake.baseUrl}/id/${fake.orgId}/${fake.userId}` });
		expect(json.issued_at).toMatch(/^\d{13}$/);
		expect(typeof json.signature).toBe('string');
		expect(json.expires_in).toBeUndefined();
		expect(json.refresh_token).toBeUndefined();
		expect(fake.logins.clientCredentials).toBe(before + 1);
		expect((await api('GET', `${V}/limits`, undefined, { token: json.access_token })).status).toBe(200);
		const identity = await fetch(json.id, { headers: { authorization: `Bearer ${json.access_token}` } });
		expect(await identity.json()).toMatchObject({ user_id: fake.userId, organization_id: fake.orgId, username: USERNAME });
	});

	it('refuses an unknown client, a wrong secret and an unknown grant type', async () => {
		expect(await tokenRequest({ grant_type: 'client_credentials', client_id: 'nope', client_secret: CLIENT_SECRET })).toEqual({
			status: 400, json: { error: 'invalid_client_id', error_description: 'client identifier invalid' },
		});
		expect(await tokenRequest({ grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: 'nope' })).toEqual({
			status: 400, json: { error: 'invalid_client', error_description: 'invalid client credentials' },
		});
		expect((await tokenRequest({ grant_type: 'authorization_code', client_id: CLIENT_ID })).json.error).toBe('unsupported_grant_type');
		// Only the token request is logged as auth; it is no API call.
		expect(fake.calls.every((call) => call.auth)).toBe(true);
		expect(fake.apiCalls).toBe(0);
	});

	it('grants the password flow with password + security token, and refuses otherwise or when blocked', async () => {
		const params = { grant_type: 'password', client_id: CLIENT_ID, client_secret: CLIENT_SECRET, username: USERNAME.toUpperCase(), password: PASSWORD + SECURITY_TOKEN };
		const granted = await tokenRequest(params);
		expect(granted.status).toBe(200);
		expect(granted.json.token_format).toBeUndefined();
		const failure = { status: 400, json: { error: 'invalid_grant', error_description: 'authentication failure' } };
		expect(await tokenRequest({ ...params, password: PASSWORD })).toEqual(failure);
		fake.passwordFlowBlocked = true;
		try {
			expect(await tokenRequest(params)).toEqual(failure);
		} finally {
			fake.passwordFlowBlocked = false;
		}
	});

	it('answers SOAP login() with a LoginResult whose sessionId is a REST bearer, INVALID_LOGIN faults, and none from v65', async () => {
		const ok = await soapLogin('64.0');
		expect(ok.status).toBe(200);
		const serverUrl = /<serverUrl>([^<]+)<\/serverUrl>/.exec(ok.text)![1];
		const sessionId = /<sessionId>([^<]+)<\/sessionId>/.exec(ok.text)![1];
		expect(new URL(serverUrl).origin).toBe(fake.baseUrl);
		expect((await api('GET', `${V}/sobjects/Contact/describe`, undefined, { token: sessionId })).status).toBe(200);
		const bad = await soapLogin('64.0', PASSWORD);
		expect(bad.status).toBe(500);
		expect(bad.text).toContain('<faultcode>sf:INVALID_LOGIN</faultcode>');
		expect(bad.text).toContain('Invalid username, password, security token; or user locked out.');
		const retired = await soapLogin('65.0');
		expect(retired.status).toBe(500);
		expect(retired.text).toContain('<soapenv:Fault>');
		expect(fake.logins.soap).toBeGreaterThanOrEqual(1);
	});

	it('answers 401 INVALID_SESSION_ID without a token, with an unknown one and after the sessions expire', async () => {
		const expected = [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }];
		expect(await api('GET', `${V}/limits`, undefined, { token: 'garbage' })).toMatchObject({ status: 401, json: expected });
		const bare = await fetch(`${fake.baseUrl}${V}/limits`);
		expect(bare.status).toBe(401);
		const session = await clientCredentials();
		fake.expireAllSessions();
		expect(await api('GET', `${V}/limits`, undefined, { token: session })).toMatchObject({ status: 401, json: expected });
		token = await clientCredentials();
		expect((await api('GET', `${V}/limits`)).status).toBe(200);
		fake.expireSessionsBeforeRequest(2);
		expect((await api('GET', `${V}/limits`)).status).toBe(200);
		expect((await api('GET', `${V}/limits`)).status).toBe(401);
		token = await clientCredentials();
	});
});

describe('fake Salesforce: versions, limits, failures', () => {
	it('lists versions without auth and refuses unsupported ones and collections below v46', async () => {
		const list = (await (await fetch(`${fake.baseUrl}/services/data`)).json()) as Json[];
		expect(list).toContainEqual({ label: "Summer '19", url: '/services/data/v46.0', version: '46.0' });
		expect(list).toContainEqual({ label: "Winter '25", url: '/services/data/v62.0', version: '62.0' });
		const notFound = [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }];
		expect(await api('GET', '/services/data/v99.0/limits')).toMatchObject({ status: 404, json: notFound });
		expect(await upsert('Contact', 'Donor_Id__c', [{ LastName: 'A', Donor_Id__c: 'D-1' }], false, '/services/data/v45.0')).toMatchObject({ status: 404, json: notFound });
	});

	it('sends Sforce-Limit-Info on every REST answer and refuses past the daily limit', async () => {
		const first = await api('GET', `${V}/limits`);
		expect(first.headers.get('sforce-limit-info')).toBe('api-usage=1/100000');
		expect(first.json.DailyApiRequests).toEqual({ Max: 100000, Remaining: 99999 });
		fake.apiUsage = 99999;
		expect((await api('GET', `${V}/limits`)).headers.get('sforce-limit-info')).toBe('api-usage=100000/100000');
		const refused = await api('GET', `${V}/limits`);
		expect(refused).toMatchObject({ status: 403, json: [{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }] });
		expect(refused.headers.get('sforce-limit-info')).toBe('api-usage=100000/100000');
		expect(fake.apiCalls).toBe(3);
	});

	it('injects failures with failNext, with the default or a given body', async () => {
		fake.failNext(1, 503);
		fake.failNext(1, 500, [{ errorCode: 'X', message: 'custom' }]);
		expect(await api('GET', `${V}/limits`)).toMatchObject({ status: 503, json: [{ errorCode: 'SERVER_UNAVAILABLE' }] });
		expect(await api('GET', `${V}/limits`)).toMatchObject({ status: 500, json: [{ errorCode: 'X', message: 'custom' }] });
		expect((await api('GET', `${V}/limits`)).status).toBe(200);
		expect(fake.calls.map((call) => call.status)).toEqual([503, 500, 200]);
	});
});

describe('fake Salesforce: sObject Collections upsert', () => {
	it('creates, then updates the same records (created true → false, same Ids)', async () => {
		const records = [
			{ Donor_Id__c: 'D-1', LastName: 'Muster', FirstName: 'Erika', Email: 'erika@example.org' },
			{ Donor_Id__c: 'D-2', LastName: 'Beispiel', Email: 'max@example.org' },
		];
		const created = await upsert('Contact', 'Donor_Id__c', records);
		expect(created.status).toBe(200);
		expect(created.json).toEqual([
			{ id: expect.stringMatching(/^003[A-Za-z0-9]{15}$/), success: true, errors: [], created: true },
			{ id: expect.stringMatching(/^003[A-Za-z0-9]{15}$/), success: true, errors: [], created: true },
		]);
		expect(normalizeId(created.json[0].id)).toBe(created.json[0].id);
		const updated = await upsert('Contact', 'Donor_Id__c', [{ ...records[1], City: undefined, MailingCity: 'Bern' }, { ...records[0], FirstName: 'Erika M.' }]);
		expect(updated.json).toEqual([
			{ id: created.json[1].id, success: true, errors: [], created: false },
			{ id: created.json[0].id, success: true, errors: [], created: false },
		]);
		const erika = fake.record('Contact', created.json[0].id)!;
		expect(erika).toMatchObject({ FirstName: 'Erika M.', LastName: 'Muster', Name: 'Erika M. Muster', OwnerId: fake.userId, LastModifiedDate: '2026-11-23T04:51:20.000+0000' });
		expect(erika.CreatedDate).toBe('2026-11-23T04:51:20.000+0000');
		expect(fake.count('Contact')).toBe(2);
		expect(fake.findBy('Contact', 'donor_id__c', 'd-2')[0].MailingCity).toBe('Bern');
	});

	it('reports item errors in request order, with the documented failure shape (no id, no created)', async () => {
		const [contact] = (await upsert('Contact', 'Donor_Id__c', [{ Donor_Id__c: 'D-1', LastName: 'Muster' }])).json;
		await upsert('Opportunity', 'Payment_Id__c', [{ Payment_Id__c: 'P-0', Name: 'Old', StageName: 'Prospecting', CloseDate: '2026-11-01' }]);
		const { status, json } = await upsert('Opportunity', 'Payment_Id__c', [
			{ Payment_Id__c: 'P-1', Name: 'Gift 1', StageName: 'Closed Won', CloseDate: '2026-11-20', Amount: 25, ContactId: contact.id },
			{ Payment_Id__c: 'P-2', StageName: 'Closed Won' },
			{ Payment_Id__c: 'P-3', Name: 'Gift 3', StageName: 'Gewonnen', CloseDate: '2026-11-20' },
			{ Payment_Id__c: 'P-0', StageName: 'Closed Won', ContactId: contact.id },
			{ Payment_Id__c: 'P-4', Name: 'Gift 4', StageName: 'Closed Won', CloseDate: '2026-11-20', AccountId: 'not-an-id' },
			{ Payment_Id__c: 'P-5', Name: 'Gift 5', StageName: 'Closed Won', CloseDate: '2026-11-20', AccountId: '001Dn0000000000AAA' },
		]);
		expect(status).toBe(200);
		expect(json[0]).toMatchObject({ success: true, created: true });
		expect(json[1]).toEqual({ success: false, errors: [{ statusCode: 'REQUIRED_FIELD_MISSING', message: 'Required fields are missing: [Name, CloseDate]', fields: ['Name', 'CloseDate'] }] });
		expect(json[2]).toEqual({ success: false, errors: [{ statusCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', message: 'Stage: bad value for restricted picklist field: Gewonnen', fields: ['StageName'] }] });
		expect(json[3].errors).toEqual([expect.objectContaining({ statusCode: 'INVALID_FIELD_FOR_INSERT_UPDATE', fields: ['ContactId'] })]);
		expect(json[4].errors[0]).toMatchObject({ statusCode: 'MALFORMED_ID', message: 'Account ID: id value of incorrect type: not-an-id', fields: ['AccountId'] });
		expect(json[5].errors[0]).toMatchObject({ statusCode: 'INVALID_CROSS_REFERENCE_KEY' });
		expect(fake.findBy('Opportunity', 'Payment_Id__c', 'P-1')[0]).toMatchObject({ IsClosed: true, IsWon: true, Probability: 100, ContactId: contact.id });
		expect(fake.findBy('Opportunity', 'Payment_Id__c', 'P-0')[0].StageName).toBe('Prospecting');
		const email = await upsert('Contact', 'Donor_Id__c', [{ Donor_Id__c: 'D-9', LastName: 'X', Email: 'no-at-sign' }]);
		expect(email.json[0].errors[0]).toEqual({ statusCode: 'INVALID_EMAIL_ADDRESS', message: 'Email: invalid email address: no-at-sign', fields: ['Email'] });
	});

	it('rolls everything back with allOrNone', async () => {
		await upsert('Contact', 'Donor_Id__c', [{ Donor_Id__c: 'D-1', LastName: 'Before' }]);
		const { json } = await upsert('Contact', 'Donor_Id__c', [{ Donor_Id__c: 'D-1', LastName: 'After' }, { Donor_Id__c: 'D-2', LastName: 'New' }, { Donor_Id__c: 'D-3' }], true);
		expect(json[0]).toEqual({ id: expect.any(String), success: false, errors: [expect.objectContaining({ statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK' })] });
		expect(json[1]).toEqual({ success: false, errors: [expect.objectContaining({ statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK' })] });
		expect(json[2].errors[0].statusCode).toBe('REQUIRED_FIELD_MISSING');
		expect(fake.records('Contact').map((contact) => contact.LastName)).toEqual(['Before']);
		// NPSP made a household for the first contact; the rolled-back one left none behind.
		expect(fake.records('Account').map((account) => account.Name)).toEqual(['Before Household']);
	});

	it('fails every row that shares a key within one request', async () => {
		const { json } = await upsert('Contact', 'Donor_Id__c', [
			{ Donor_Id__c: 'D-1', LastName: 'A' },
			{ Donor_Id__c: 'D-2', LastName: 'B' },
			{ Donor_Id__c: 'd-1', LastName: 'C' },
			{ LastName: 'No key' },
		]);
		const duplicate = { success: false, errors: [{ statusCode: 'DUPLICATE_VALUE', message: 'Duplicate external id specified: D-1', fields: ['Donor_Id__c'] }] };
		expect(json[0]).toEqual(duplicate);
		expect(json[1]).toMatchObject({ success: true, created: true });
		expect(json[2].errors[0]).toMatchObject({ statusCode: 'DUPLICATE_VALUE', message: 'Duplicate external id specified: d-1' });
		expect(json[3].errors[0]).toMatchObject({ statusCode: 'MISSING_ARGUMENT' });
		expect(fake.count('Contact')).toBe(1);
	});

	it('refuses malformed requests as a whole: > 200 records, unknown fields, keys that are no external ID, wrong type', async () => {
		const many = Array.from({ length: 201 }, (_, index) => ({ Donor_Id__c: `D-${index}`, LastName: 'X' }));
		expect(await upsert('Contact', 'Donor_Id__c', many)).toMatchObject({
			status: 400, json: [{ errorCode: 'EXCEEDED_ID_LIMIT', message: 'record limit reached. cannot submit more than 200 records into this call' }],
		});
		expect(await upsert('Contact', 'Donor_Id__c', [{ Donor_Id__c: 'D-1', LastName: 'X', Shoe_Size__c: 44 }])).toMatchObject({
			status: 400, json: [{ errorCode: 'INVALID_FIELD', message: "No such column 'Shoe_Size__c' on sobject of type Contact" }],
		});
		expect(await upsert('Contact', 'LastName', [{ LastName: 'X' }])).toMatchObject({
			status: 400, json: [{ errorCode: 'INVALID_FIELD', message: 'LastName is not an External ID or indexed field for Contact' }],
		});
		expect((await upsert('Contact', 'Nope__c', [{ LastName: 'X' }])).status).toBe(404);
		const wrongType = await api('PATCH', `${V}/composite/sobjects/Contact/Donor_Id__c`, { records: [{ attributes: { type: 'Lead' }, Donor_Id__c: 'D-1', LastName: 'X' }] });
		expect(wrongType).toMatchObject({ status: 400, json: [{ errorCode: 'INVALID_TYPE' }] });
		expect((await upsert('Contact', 'Donor_Id__c', [{ Donor_Id__c: 'D-1', LastName: 'X', HasOptedOutOfEmail: 'yes' }])).json[0].errorCode).toBe('JSON_PARSER_ERROR');
		// CurrencyIsoCode exists only in multi-currency orgs.
		expect((await upsert('Contact', 'Donor_Id__c', [{ Donor_Id__c: 'D-1', LastName: 'X', CurrencyIsoCode: 'EUR' }])).json[0].errorCode).toBe('INVALID_FIELD');
		expect(fake.count('Contact')).toBe(0);
	});

	it('refuses Account.Name as a key (not idLookup on a real org) and takes Id as the key: no Id creates, an Id updates', async () => {
		expect(await upsert('Account', 'Name', [{ Name: 'ACME AG' }])).toMatchObject({ status: 400, json: [{ errorCode: 'INVALID_FIELD' }] });
		const created = await upsert('Account', 'Id', [{ Id: null, Name: 'ACME AG' }, { Id: null, Name: 'Beta GmbH' }]);
		expect(created.json).toEqual([expect.objectContaining({ success: true, created: true }), expect.objectContaining({ success: true, created: true })]);
		const updated = await upsert('Account', 'Id', [{ Id: created.json[0].id, BillingCity: 'Zürich' }]);
		expect(updated.json).toEqual([{ id: created.json[0].id, success: true, errors: [], created: false }]);
		expect(fake.records('Account').map((account) => [account.Name, account.BillingCity ?? null])).toEqual([['ACME AG', 'Zürich'], ['Beta GmbH', null]]);
	});

	it('fails records with UNABLE_TO_LOCK_ROW while another job holds them, then writes them', async () => {
		fake.lockRowsNext(1);
		const first = await upsert('Contact', 'Email', [{ Email: 'a@example.org', LastName: 'A' }, { Email: 'b@example.org', LastName: 'B' }]);
		expect(first.json).toEqual([
			{ success: false, errors: [{ statusCode: 'UNABLE_TO_LOCK_ROW', message: 'unable to obtain exclusive access to this record or 1 records: a@example.org', fields: [] }] },
			expect.objectContaining({ success: true, created: true }),
		]);
		expect((await upsert('Contact', 'Email', [{ Email: 'a@example.org', LastName: 'A' }])).json).toEqual([expect.objectContaining({ success: true, created: true })]);
	});

	it('answers DUPLICATE_EXTERNAL_ID when an idLookup key (Email) matches several records, and 300 for a single row', async () => {
		const first = fake.addRecord('Contact', { LastName: 'One', Email: 'shared@example.org' });
		const second = fake.addRecord('Contact', { LastName: 'Two', Email: 'SHARED@example.org' });
		const { json } = await upsert('Contact', 'Email', [{ Email: 'shared@example.org', LastName: 'X' }, { Email: 'solo@example.org', LastName: 'Solo' }]);
		expect(json[0]).toEqual({ success: false, errors: [{ statusCode: 'DUPLICATE_EXTERNAL_ID', message: `more than one record found for external id field: [${first.Id}, ${second.Id}]`, fields: [] }] });
		expect(json[1]).toMatchObject({ success: true, created: true });
		const row = await api('PATCH', `${V}/sobjects/Contact/Email/${encodeURIComponent('shared@example.org')}`, { LastName: 'X' });
		expect(row).toMatchObject({ status: 300, json: [`${V}/sobjects/Contact/${first.Id}`, `${V}/sobjects/Contact/${second.Id}`] });
	});

	it('resolves relationship references by external ID and reports unknown ones per item', async () => {
		const [contact] = (await upsert('Contact', 'Donor_Id__c', [{ Donor_Id__c: 'D-1', LastName: 'Muster', FirstName: 'Erika' }])).json;
		const { json } = await upsert('Opportunity', 'Payment_Id__c', [
			{ Payment_Id__c: 'P-1', Name: 'Gift', StageName: 'Closed Won', CloseDate: '2026-11-20', Amount: 10, npsp__Primary_Contact__r: { Donor_Id__c: 'D-1' } },
			{ Payment_Id__c: 'P-2', Name: 'Gift', StageName: 'Closed Won', CloseDate: '2026-11-20', npsp__Primary_Contact__r: { Donor_Id__c: 'D-404' } },
		]);
		expect(json[0]).toMatchObject({ success: true });
		const gift = fake.record('Opportunity', json[0].id)!;
		expect(gift.npsp__Primary_Contact__c).toBe(contact.id);
		// NPSP fills the account from the primary contact's household.
		expect(gift.AccountId).toBe(fake.record('Contact', contact.id)!.AccountId);
		expect(json[1].errors[0]).toEqual({ statusCode: 'INVALID_FIELD', message: 'Foreign key external ID: D-404 not found for field Donor_Id__c in entity Contact', fields: [] });
		const badKey = await upsert('Opportunity', 'Payment_Id__c', [{ Payment_Id__c: 'P-3', npsp__Primary_Contact__r: { LastName: 'Muster' } }]);
		expect(badKey).toMatchObject({ status: 400, json: [{ errorCode: 'INVALID_FIELD', message: 'LastName is not an External ID or indexed field for Contact' }] });
	});

	it('can emit failed items with id:null and created:false (the other shape a parser must take)', async () => {
		const other = new FakeSalesforceApi({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, failedItemIdAndCreated: true });
		other.addField('Contact', 'Donor_Id__c', { type: 'string', externalId: true });
		await other.start();
		try {
			const session = await clientCredentials(other);
			const { json } = await api('PATCH', `${V}/composite/sobjects/Contact/Donor_Id__c`, { records: [{ attributes: { type: 'Contact' }, Donor_Id__c: 'D-1' }] }, { token: session, target: other });
			expect(json).toEqual([{ id: null, success: false, errors: [expect.objectContaining({ statusCode: 'REQUIRED_FIELD_MISSING' })], created: false }]);
		} finally {
			await other.stop();
		}
	});

	it('upserts 1,000 records in 5 calls of 200 well under a second', async () => {
		const batches = Array.from({ length: 5 }, (_, batch) =>
			Array.from({ length: 200 }, (_, index) => {
				const n = batch * 200 + index;
				return { Donor_Id__c: `D-${n}`, LastName: `Donor ${n}`, Email: `donor${n}@example.org`, MailingCountry: 'Germany' };
			}));
		const started = performance.now();
		for (const batch of batches) expect((await upsert('Contact', 'Donor_Id__c', batch)).status).toBe(200);
		const contacts = performance.now() - started;
		const gifts = performance.now();
		for (const [number, batch] of batches.entries()) {
			const opportunities = batch.map((contact, index) => ({
				Payment_Id__c: `P-${number}-${index}`, Name: `Gift ${index}`, StageName: 'Closed Won', CloseDate: '2026-11-20', Amount: 10,
				npsp__Primary_Contact__r: { Donor_Id__c: contact.Donor_Id__c },
			}));
			const { json } = await upsert('Opportunity', 'Payment_Id__c', opportunities);
			expect(json.every((item: Json) => item.success)).toBe(true);
		}
		const opportunities = performance.now() - gifts;
		expect(fake.count('Contact')).toBe(1000);
		expect(fake.count('Opportunity')).toBe(1000);
		expect(contacts).toBeLessThan(1000);
		expect(opportunities).toBeLessThan(1000);
	});
});

describe('fake Salesforce: sObject rows', () => {
	it('upserts a single row: 201 created, 200 created:false (v46+), 204 on v45, 404 for an unknown field', async () => {
		const path = (version: string, value: string) => `/services/data/${version}/sobjects/contact/Donor_Id__c/${value}`;
		const created = await api('PATCH', path('v64.0', 'D-1'), { LastName: 'Muster' });
		expect(created).toMatchObject({ status: 201, json: { success: true, errors: [], created: true } });
		expect(created.headers.get('location')).toBe(`${V}/sobjects/Contact/${created.json.id}`);
		expect(await api('PATCH', path('v64.0', 'D-1'), { FirstName: 'Erika' })).toMatchObject({ status: 200, json: { id: created.json.id, created: false } });
		const old = await api('PATCH', path('v45.0', 'D-1'), { FirstName: 'E.' });
		expect(old.status).toBe(204);
		expect(old.json).toBeUndefined();
		expect(await api('PATCH', `${V}/sobjects/Contact/Nope__c/1`, { LastName: 'X' })).toMatchObject({ status: 404, json: [{ errorCode: 'NOT_FOUND' }] });
		expect(await api('PATCH', path('v64.0', 'D-2'), { FirstName: 'No last name' })).toMatchObject({ status: 400, json: [{ errorCode: 'REQUIRED_FIELD_MISSING', fields: ['LastName'] }] });
		expect((await api('PATCH', `${path('v64.0', 'D-3')}?updateOnly=true`, { LastName: 'X' })).status).toBe(404);
		expect(await api('PATCH', `${V}/sobjects/Contact/Id/${created.json.id}`, { Title: 'Dr.' })).toMatchObject({ status: 200, json: { id: created.json.id, created: false } });
		expect(fake.record('Contact', created.json.id)).toMatchObject({ FirstName: 'E.', Title: 'Dr.' });
	});

	it('creates, reads, updates and deletes by Id', async () => {
		const created = await api('POST', `${V}/sobjects/Account`, { Name: 'Stiftung Beispiel' });
		expect(created).toMatchObject({ status: 201, json: { id: expect.stringMatching(/^001/), success: true, errors: [] } });
		expect(created.json.created).toBeUndefined();
		const id15 = created.json.id.slice(0, 15);
		expect(await api('GET', `${V}/sobjects/Account/${id15}?fields=Name,Type`)).toMatchObject({ status: 200, json: { attributes: { type: 'Account' }, Name: 'Stiftung Beispiel', Type: null } });
		expect((await api('PATCH', `${V}/sobjects/Account/${created.json.id}`, { Type: 'Organization' })).status).toBe(204);
		expect(fake.record('Account', created.json.id)!.Type).toBe('Organization');
		expect((await api('DELETE', `${V}/sobjects/Account/${created.json.id}`)).status).toBe(204);
		expect(await api('GET', `${V}/sobjects/Account/${created.json.id}`)).toMatchObject({ status: 404, json: [{ errorCode: 'NOT_FOUND' }] });
		expect((await api('PUT', `${V}/sobjects/Account/${created.json.id}`, {})).status).toBe(405);
	});
});

describe('fake Salesforce: SOQL and describe', () => {
	it('answers the SOQL subset with typed literals, IN, ORDER BY, LIMIT, COUNT() and a relationship field', async () => {
		const account = fake.addRecord('Account', { Name: 'Acme' });
		for (const [index, stage] of ['Prospecting', 'Closed Won', 'Pledged', 'Closed Lost'].entries()) {
			fake.addRecord('Opportunity', { Name: `Opp ${index}`, StageName: stage, CloseDate: `2026-0${index + 1}-15`, Amount: index * 10, AccountId: account.Id });
		}
		const open = await soql("SELECT Id, Name, CloseDate, Account.Name FROM Opportunity WHERE IsClosed = false AND StageName IN ('Pledged', 'Prospecting') ORDER BY CloseDate DESC LIMIT 5");
		expect(open.status).toBe(200);
		expect(open.json).toMatchObject({ totalSize: 2, done: true });
		expect(open.json.records.map((record: Json) => record.Name)).toEqual(['Opp 2', 'Opp 0']);
		expect(open.json.records[0]).toEqual({
			attributes: { type: 'Opportunity', url: expect.stringMatching(/^\/services\/data\/v64\.0\/sobjects\/Opportunity\/006/) },
			Id: expect.any(String), Name: 'Opp 2', CloseDate: '2026-03-15',
			Account: { attributes: { type: 'Account', url: expect.any(String) }, Name: 'Acme' },
		});
		expect((await soql("select count() from opportunity where closedate >= 2026-02-01 and name like 'opp%'")).json.totalSize).toBe(3);
		// \% and \_ match themselves; \' is a quote inside the literal.
		expect((await soql("SELECT count() FROM Opportunity WHERE Name LIKE 'Opp\\_%'")).json.totalSize).toBe(0);
		expect((await soql("SELECT count() FROM Opportunity WHERE Name LIKE 'Opp _'")).json.totalSize).toBe(4);
		expect((await soql("SELECT count() FROM Opportunity WHERE Name LIKE '%\\' OR Name LIKE \\'%'")).json.totalSize).toBe(0);
		expect((await soql(`SELECT Name FROM Opportunity WHERE AccountId = '${String(account.Id).slice(0, 15)}' AND (Amount > 15 OR IsWon = true) ORDER BY Amount`)).json.records.map((record: Json) => record.Name))
			.toEqual(['Opp 1', 'Opp 2', 'Opp 3']);
		expect(await soql('SELECT Id FROM Opportunity WHERE')).toMatchObject({ status: 400, json: [{ errorCode: 'MALFORMED_QUERY' }] });
		expect(await soql('SELECT Shoe__c FROM Contact')).toMatchObject({ status: 400, json: [{ errorCode: 'INVALID_FIELD' }] });
		expect(await soql('SELECT Id FROM Nope__c')).toMatchObject({ status: 400, json: [{ errorCode: 'INVALID_TYPE' }] });
		const quotedDate = await soql("SELECT Id FROM Opportunity WHERE CloseDate = '2026-01-15'");
		expect(quotedDate.json[0]).toMatchObject({ errorCode: 'INVALID_FIELD' });
		expect(quotedDate.json[0].message).toContain("value of filter criterion for field 'CloseDate' must be of type date and should not be enclosed in quotes");
	});

	it('pages results beyond 2000 rows', async () => {
		for (let index = 0; index < 2001; index++) fake.addRecord('Campaign', { Name: `Campaign ${index}` });
		const first = await soql('SELECT Name FROM Campaign');
		expect(first.json).toMatchObject({ totalSize: 2001, done: false });
		expect(first.json.records).toHaveLength(2000);
		const next = await api('GET', first.json.nextRecordsUrl);
		expect(next.json).toMatchObject({ totalSize: 2001, done: true, records: [{ Name: 'Campaign 2000' }] });
	});

	it('flags idLookup and External ID as the recorded describe of a real org does (Account: only Id)', async () => {
		const real = JSON.parse(readFileSync(join(__dirname, '../../fixtures/salesforce/real-org-describe.json'), 'utf8')) as { objects: Record<string, Json[]> };
		for (const [object, recorded] of Object.entries(real.objects)) {
			const ours = (await api('GET', `${V}/sobjects/${object}/describe`)).json.fields as Json[];
			for (const field of ours.filter((candidate) => !candidate.custom)) {
				const match = recorded.find((candidate) => candidate.name === field.name);
				if (match) expect({ object, name: field.name, idLookup: field.idLookup, externalId: field.externalId }).toEqual({ object, name: match.name, idLookup: match.idLookup, externalId: match.externalId });
			}
		}
		expect(real.objects.Account.filter((field) => field.idLookup).map((field) => field.name)).toEqual(['Id']);
	});

	it('describes objects with the field properties the node reads', async () => {
		const { status, json } = await api('GET', `${V}/sobjects/Contact/describe`);
		expect(status).toBe(200);
		const field = (name: string) => json.fields.find((candidate: Json) => candidate.name === name);
		expect(field('Email')).toMatchObject({ type: 'email', idLookup: true, externalId: false, unique: false });
		expect(field('Donor_Id__c')).toMatchObject({ type: 'string', externalId: true, idLookup: true, unique: true, custom: true });
		expect(field('LastName')).toMatchObject({ nillable: false, createable: true });
		expect(field('CurrencyIsoCode')).toBeUndefined();
		expect(field('MailingCountryCode')).toBeUndefined();
		const opportunity = (await api('GET', `${V}/sobjects/Opportunity/describe`)).json;
		const stage = opportunity.fields.find((candidate: Json) => candidate.name === 'StageName');
		expect(stage).toMatchObject({ type: 'picklist', restrictedPicklist: true });
		expect(stage.picklistValues.map((value: Json) => value.value)).toEqual(expect.arrayContaining(['Prospecting', 'Qualification', 'Closed Won', 'Closed Lost', 'Pledged']));
		expect(opportunity.fields.find((candidate: Json) => candidate.name === 'ContactId')).toMatchObject({ createable: true, updateable: false, referenceTo: ['Contact'] });
		const v45 = (await api('GET', '/services/data/v45.0/sobjects/Opportunity/describe')).json;
		expect(v45.fields.some((candidate: Json) => candidate.name === 'ContactId')).toBe(false);
		const global = (await api('GET', `${V}/sobjects`)).json;
		expect(global.sobjects.find((object: Json) => object.name === 'npe03__Recurring_Donation__c')).toMatchObject({ custom: true, keyPrefix: 'a0X' });
	});
});

describe('fake Salesforce: NPSP', () => {
	it('creates a household account for a new contact', async () => {
		const { json } = await upsert('Contact', 'Donor_Id__c', [{ Donor_Id__c: 'D-1', LastName: 'Muster' }]);
		const contact = fake.record('Contact', json[0].id)!;
		expect(fake.record('Account', contact.AccountId as string)).toMatchObject({ Name: 'Muster Household', Type: 'Household' });
	});

	it('keeps one open installment per active recurring donation and creates the next when it closes', async () => {
		const [contact] = (await upsert('Contact', 'Donor_Id__c', [{ Donor_Id__c: 'D-1', LastName: 'Muster', FirstName: 'Erika' }])).json;
		const rd = await api('POST', `${V}/sobjects/npe03__Recurring_Donation__c`, {
			npe03__Contact__c: contact.id, npe03__Amount__c: 25, npe03__Installment_Period__c: 'Monthly', npsp__Day_of_Month__c: '15', npsp__CommitmentId__c: 'SUB-1',
		});
		expect(rd).toMatchObject({ status: 201, json: { id: expect.stringMatching(/^a0X/) } });
		expect(fake.record('npe03__Recurring_Donation__c', rd.json.id)).toMatchObject({
			Name: 'Erika Muster 25.00 - Recurring', npsp__Status__c: 'Active', npsp__StartDate__c: '2026-11-23', npe03__Next_Payment_Date__c: '2026-12-15',
		});
		// The node's lookup of the open installment.
		const find = () => soql(`SELECT Id, Name, CloseDate, Amount, StageName FROM Opportunity WHERE npe03__Recurring_Donation__c = '${rd.json.id}' AND IsClosed = false ORDER BY CloseDate ASC LIMIT 1`);
		const first = (await find()).json.records[0];
		expect(first).toMatchObject({ Name: 'Erika Muster Donation (1) 2026-12-15', CloseDate: '2026-12-15', Amount: 25, StageName: 'Pledged' });
		expect(fake.record('Opportunity', first.Id)).toMatchObject({ npsp__Primary_Contact__c: contact.id, npsp__Recurring_Donation_Installment_Number__c: 1, IsClosed: false });
		expect((await api('PATCH', `${V}/sobjects/Opportunity/${first.Id}`, { StageName: 'Closed Won' })).status).toBe(204);
		// NPSP creates the next installment in a queued job, not in the request that closed the first.
		expect((await find()).json.records).toEqual([]);
		expect(fake.runJobs()).toBe(1);
		const second = (await find()).json.records[0];
		expect(second).toMatchObject({ Name: 'Erika Muster Donation (2) 2027-01-15', CloseDate: '2027-01-15', Amount: 25 });
		// An amount change on the RD moves to the open installment, also in a job.
		await api('PATCH', `${V}/sobjects/npe03__Recurring_Donation__c/npsp__CommitmentId__c/SUB-1`, { npe03__Amount__c: 30 });
		expect(fake.record('Opportunity', second.Id)!.Amount).toBe(25);
		fake.runJobs();
		expect(fake.record('Opportunity', second.Id)!.Amount).toBe(30);
		expect(fake.findBy('Opportunity', 'npe03__Recurring_Donation__c', rd.json.id)).toHaveLength(2);
	});

	it('closing a recurring donation closes its open installment lost', async () => {
		const [contact] = (await upsert('Contact', 'Donor_Id__c', [{ Donor_Id__c: 'D-1', LastName: 'Muster' }])).json;
		await api('POST', `${V}/sobjects/npe03__Recurring_Donation__c`, { npe03__Contact__c: contact.id, npe03__Amount__c: 25, npe03__Installment_Period__c: 'Yearly', npsp__CommitmentId__c: 'SUB-2' });
		expect(fake.records('Opportunity')).toEqual([expect.objectContaining({ StageName: 'Pledged', IsClosed: false })]);
		await api('PATCH', `${V}/sobjects/npe03__Recurring_Donation__c/npsp__CommitmentId__c/SUB-2`, { npsp__Status__c: 'Closed' });
		// RD2_OpportunityService.voidOpenOpportunities runs in the evaluation NPSP queues for the status change.
		expect(fake.records('Opportunity')).toEqual([expect.objectContaining({ StageName: 'Pledged' })]);
		fake.runJobs();
		expect(fake.records('Opportunity')).toEqual([expect.objectContaining({ StageName: 'Closed Lost', IsClosed: true, IsWon: false })]);
	});

	it('NPSP\'s job matches the next schedule date to an Opportunity of the RD within 3 days, open or closed, and creates none for it', async () => {
		const [contact] = (await upsert('Contact', 'Donor_Id__c', [{ Donor_Id__c: 'D-1', LastName: 'Muster' }])).json;
		const org = { npsp__Day_of_Month__c: '25', npe03__Contact__c: contact.id, npe03__Amount__c: 10, npe03__Installment_Period__c: 'Monthly' };
		const rd = (await api('POST', `${V}/sobjects/npe03__Recurring_Donation__c`, { ...org, npsp__CommitmentId__c: 'SUB-3' })).json.id;
		const installments = () => fake.findBy('Opportunity', 'npe03__Recurring_Donation__c', rd).map((opportunity) => `${String(opportunity.CloseDate)} ${String(opportunity.StageName)}`).sort();
		expect(installments()).toEqual(['2026-11-25 Pledged']);
		// A payment of the RD dated 2 days before the schedule date, written before the job ran: it is that installment.
		const [open] = fake.findBy('Opportunity', 'npe03__Recurring_Donation__c', rd);
		await api('PATCH', `${V}/sobjects/Opportunity/${String(open.Id)}`, { StageName: 'Closed Won', CloseDate: '2026-11-23' });
		fake.runJobs();
		expect(installments()).toEqual(['2026-11-23 Closed Won', '2026-12-25 Pledged']);
		// A payment far from any schedule date (and a second RD with nothing yet) does not match: the job creates the installment.
		const other = (await api('POST', `${V}/sobjects/npe03__Recurring_Donation__c`, { ...org, npsp__Day_of_Month__c: '5', npsp__CommitmentId__c: 'SUB-4' })).json.id;
		const [first] = fake.findBy('Opportunity', 'npe03__Recurring_Donation__c', other);
		expect(first).toMatchObject({ CloseDate: '2026-12-05' });
		await api('PATCH', `${V}/sobjects/Opportunity/${String(first.Id)}`, { StageName: 'Closed Won', CloseDate: '2026-11-23' });
		fake.runJobs();
		expect(fake.findBy('Opportunity', 'npe03__Recurring_Donation__c', other).map((opportunity) => `${String(opportunity.CloseDate)} ${String(opportunity.StageName)}`).sort()).toEqual(['2026-11-23 Closed Won', '2026-12-05 Pledged']);
	});

	it('with the first installment asynchronous, a new RD gets it only from the job', async () => {
		const org = new FakeSalesforceApi({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, npsp: true, npspFirstInstallment: 'asynchronous', now: () => new Date('2026-11-23T04:51:20Z') });
		await org.start();
		try {
			const orgToken = await clientCredentials(org);
			const contact = await api('POST', `${V}/sobjects/Contact`, { LastName: 'Muster' }, { token: orgToken, target: org });
			await api('POST', `${V}/sobjects/npe03__Recurring_Donation__c`, { npe03__Contact__c: contact.json.id, npe03__Amount__c: 25, npe03__Installment_Period__c: 'Yearly' }, { token: orgToken, target: org });
			expect(org.count('Opportunity')).toBe(0);
			expect(org.pendingJobs).toBe(1);
			org.runJobs();
			expect(org.records('Opportunity')).toEqual([expect.objectContaining({ StageName: 'Pledged', CloseDate: '2026-11-23' })]);
		} finally {
			await org.stop();
		}
	});

	it('with multi-currency, refuses an Opportunity in another currency than its recurring donation; Opportunity Naming renames new Opportunities', async () => {
		const org = new FakeSalesforceApi({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, npsp: true, multiCurrency: true, currencies: ['CHF', 'EUR'], opportunityNaming: true, now: () => new Date('2026-11-23T04:51:20Z') });
		await org.start();
		try {
			const orgToken = await clientCredentials(org);
			const call = async (method: string, path: string, body: unknown) => await api(method, path, body, { token: orgToken, target: org });
			const contact = await call('POST', `${V}/sobjects/Contact`, { FirstName: 'Erika', LastName: 'Muster' });
			const rd = await call('POST', `${V}/sobjects/npe03__Recurring_Donation__c`, { npe03__Contact__c: contact.json.id, npe03__Amount__c: 25, npe03__Installment_Period__c: 'Yearly', CurrencyIsoCode: 'CHF' });
			const opportunity = { StageName: 'Closed Won', CloseDate: '2026-11-20', Amount: 25, npe03__Recurring_Donation__c: rd.json.id, npsp__Primary_Contact__c: contact.json.id };
			expect(await call('POST', `${V}/sobjects/Opportunity`, { ...opportunity, Name: 'Digistore24 1', CurrencyIsoCode: 'EUR' })).toMatchObject({
				status: 400,
				json: [{ errorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION', message: "You can't change the Opportunity currency to a different currency than the related Recurring Donation." }],
			});
			const created = await call('POST', `${V}/sobjects/Opportunity`, { ...opportunity, Name: 'Digistore24 2', CurrencyIsoCode: 'CHF' });
			expect(org.record('Opportunity', created.json.id)).toMatchObject({ Name: 'Erika Muster Donation 2026-11-20', CurrencyIsoCode: 'CHF' });
		} finally {
			await org.stop();
		}
	});

	it('validates recurring donations as RD2 does', async () => {
		const { status, json } = await api('POST', `${V}/sobjects/npe03__Recurring_Donation__c`, { npe03__Amount__c: 0, npe03__Installment_Period__c: 'Yearly' });
		expect(status).toBe(400);
		expect(json.map((error: Json) => error.message)).toEqual(['You must select an Account or Contact.', 'Enter a valid Amount. The Amount cannot be zero, negative, or blank.']);
		expect(json[0].errorCode).toBe('FIELD_CUSTOM_VALIDATION_EXCEPTION');
		expect(fake.count('Opportunity')).toBe(0);
	});
});

describe('fake Salesforce: composite', () => {
	it('runs dependent subrequests with @{ref.id}, and rolls back with allOrNone', async () => {
		const ok = await api('POST', `${V}/composite`, {
			allOrNone: true,
			compositeRequest: [
				{ method: 'PATCH', url: `${V}/sobjects/Contact/Donor_Id__c/DS24-4711`, referenceId: 'donor', body: { LastName: 'Muster', Email: 'erika@example.org' } },
				{ method: 'PATCH', url: `${V}/sobjects/Opportunity/Payment_Id__c/TX-123`, referenceId: 'gift', body: { Name: 'Donation TX-123', StageName: 'Closed Won', CloseDate: '2026-11-20', Amount: 25, npsp__Primary_Contact__c: '@{donor.id}' } },
			],
		});
		expect(ok.status).toBe(200);
		expect(ok.json.compositeResponse).toMatchObject([
			{ httpStatusCode: 201, referenceId: 'donor', body: { success: true, created: true } },
			{ httpStatusCode: 201, referenceId: 'gift', httpHeaders: { Location: expect.stringContaining('/sobjects/Opportunity/006') } },
		]);
		expect(fake.findBy('Opportunity', 'Payment_Id__c', 'TX-123')[0].npsp__Primary_Contact__c).toBe(ok.json.compositeResponse[0].body.id);
		expect(fake.apiUsage).toBe(1);

		const failed = await api('POST', `${V}/composite`, {
			allOrNone: true,
			compositeRequest: [
				{ method: 'PATCH', url: `${V}/sobjects/Contact/Donor_Id__c/DS24-9`, referenceId: 'donor', body: { LastName: 'New' } },
				{ method: 'POST', url: `${V}/sobjects/Opportunity`, referenceId: 'gift', body: { Name: 'X', npsp__Primary_Contact__c: '@{donor.id}' } },
				{ method: 'GET', url: `${V}/sobjects/Contact/@{donor.id}`, referenceId: 'read' },
			],
		});
		expect(failed.json.compositeResponse.map((result: Json) => [result.httpStatusCode, result.body[0].errorCode])).toEqual([
			[400, 'PROCESSING_HALTED'], [400, 'REQUIRED_FIELD_MISSING'], [400, 'PROCESSING_HALTED'],
		]);
		expect(fake.findBy('Contact', 'Donor_Id__c', 'DS24-9')).toHaveLength(0);

		const partial = await api('POST', `${V}/composite`, {
			allOrNone: false,
			compositeRequest: [
				{ method: 'POST', url: `${V}/sobjects/Contact`, referenceId: 'bad', body: { FirstName: 'No last name' } },
				{ method: 'POST', url: `${V}/sobjects/Opportunity`, referenceId: 'dependent', body: { Name: 'X', StageName: 'Pledged', CloseDate: '2026-11-20', npsp__Primary_Contact__c: '@{bad.id}' } },
				{ method: 'GET', url: `${V}/query?q=${encodeURIComponent('SELECT Id FROM Contact')}`, referenceId: 'independent' },
			],
		});
		expect(partial.json.compositeResponse.map((result: Json) => result.httpStatusCode)).toEqual([400, 400, 200]);
		expect(partial.json.compositeResponse[1].body[0].errorCode).toBe('PROCESSING_HALTED');
	});
});

describe('fake Salesforce: org options', () => {
	it('models state & country picklists, multi-currency and configured restricted picklists', async () => {
		const org = new FakeSalesforceApi({
			clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, statePicklists: true, multiCurrency: true,
			restrictedPicklists: { 'Contact.LeadSource': ['Web', 'Event'] },
		});
		org.addField('Contact', 'Donor_Id__c', { type: 'string', externalId: true, unique: true });
		await org.start();
		try {
			const session = await clientCredentials(org);
			const write = (records: Json[]) =>
				api('PATCH', `${V}/composite/sobjects/Contact/Donor_Id__c`, { records: records.map((record) => ({ attributes: { type: 'Contact' }, ...record })) }, { token: session, target: org });
			const { json } = await write([
				{ Donor_Id__c: 'A', LastName: 'Code', MailingCountryCode: 'de' },
				{ Donor_Id__c: 'B', LastName: 'Name', MailingCountry: 'Switzerland' },
				{ Donor_Id__c: 'C', LastName: 'State', MailingCountryCode: 'US', MailingStateCode: 'NY', CurrencyIsoCode: 'CHF' },
				{ Donor_Id__c: 'D', LastName: 'Bad', MailingCountryCode: 'XX' },
				{ Donor_Id__c: 'E', LastName: 'Bad state', MailingCountryCode: 'DE', MailingStateCode: 'BY' },
				{ Donor_Id__c: 'F', LastName: 'Bad currency', CurrencyIsoCode: 'JPY' },
				{ Donor_Id__c: 'G', LastName: 'Bad source', LeadSource: 'Other' },
			]);
			expect(json.slice(0, 3).every((item: Json) => item.success)).toBe(true);
			expect(org.findBy('Contact', 'Donor_Id__c', 'A')[0]).toMatchObject({ MailingCountryCode: 'DE', MailingCountry: 'Germany', CurrencyIsoCode: 'EUR' });
			expect(org.findBy('Contact', 'Donor_Id__c', 'B')[0]).toMatchObject({ MailingCountryCode: 'CH', MailingCountry: 'Switzerland' });
			expect(org.findBy('Contact', 'Donor_Id__c', 'C')[0]).toMatchObject({ MailingStateCode: 'NY', MailingState: 'New York', CurrencyIsoCode: 'CHF' });
			expect(json[3].errors[0]).toMatchObject({ statusCode: 'FIELD_INTEGRITY_EXCEPTION', fields: ['MailingCountryCode'] });
			expect(json[4].errors[0]).toMatchObject({ statusCode: 'FIELD_INTEGRITY_EXCEPTION', fields: ['MailingStateCode'] });
			expect(json[5].errors[0]).toMatchObject({ statusCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', fields: ['CurrencyIsoCode'] });
			expect(json[6].errors[0]).toMatchObject({ statusCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', fields: ['LeadSource'] });
			// Without NPSP there is no household and no NPSP field.
			expect(org.count('Account')).toBe(0);
			const npspField = await api('PATCH', `${V}/composite/sobjects/Opportunity/Name`, { records: [{ attributes: { type: 'Opportunity' }, Name: 'X', npsp__Primary_Contact__c: null }] }, { token: session, target: org });
			expect(npspField).toMatchObject({ status: 400, json: [{ errorCode: 'INVALID_FIELD' }] });
		} finally {
			await org.stop();
		}
	});

	it('with duplicate rules on, blocks a new Contact like an existing one unless the request says allowSave=true', async () => {
		const org = new FakeSalesforceApi({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, duplicateRules: true });
		await org.start();
		try {
			const orgToken = await clientCredentials(org);
			const write = async (email: string, header?: string) => {
				const response = await fetch(`${org.baseUrl}${V}/composite/sobjects/Contact/Email`, {
					method: 'PATCH',
					body: JSON.stringify({ allOrNone: false, records: [{ attributes: { type: 'Contact' }, Email: email, FirstName: 'Erika', LastName: 'Muster' }] }),
					headers: { authorization: `Bearer ${orgToken}`, 'content-type': 'application/json', ...(header ? { 'sforce-duplicate-rule-header': header } : {}) },
				});
				return (await response.json()) as Json;
			};
			expect(await write('erika@example.org')).toEqual([expect.objectContaining({ success: true, created: true })]);
			// The same person with another address: a duplicate by name.
			const [blocked] = await write('erika.muster@example.org');
			expect(blocked).toMatchObject({ success: false, errors: [{ statusCode: 'DUPLICATES_DETECTED', duplicateResult: { duplicateRule: 'Standard_Contact_Duplicate_Rule', allowSave: true } }] });
			expect(await write('erika.muster@example.org', 'allowSave=true; includeRecordDetails=false')).toEqual([expect.objectContaining({ success: true, created: true })]);
			// An upsert that finds the Contact by its key updates it: no duplicate.
			expect(await write('erika@example.org')).toEqual([expect.objectContaining({ success: true, created: false })]);
			expect(org.count('Contact')).toBe(2);
		} finally {
			await org.stop();
		}
	});

	it('treats a configured picklist as unrestricted when asked', async () => {
		fake.setPicklist('Opportunity', 'StageName', ['Offen', 'Gewonnen'], false);
		try {
			const { json } = await upsert('Opportunity', 'Payment_Id__c', [{ Payment_Id__c: 'P-1', Name: 'X', StageName: 'Anything', CloseDate: '2026-11-20' }]);
			expect(json[0].success).toBe(true);
		} finally {
			fake.setPicklist('Opportunity', 'StageName', ['Prospecting', 'Pledged', 'Qualification', 'Needs Analysis', 'Value Proposition', 'Id. Decision Makers', 'Perception Analysis', 'Proposal/Price Quote', 'Negotiation/Review', 'Closed Won', 'Posted', 'Closed Lost'], true);
		}
	});
});
