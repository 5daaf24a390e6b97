/**
 * The fake org's Person Accounts refuse what a real person-account org refuses when a client writes
 * through Contact (docs/salesforce.md, contract table "Person Accounts in the Contacts model"):
 * no Contact of its own for a person account, the person contact not moved or deleted on its own;
 * its ordinary fields may be updated through Contact, and the person account shows them.
 */
import { FakeSalesforceApi } from '../../fakes/salesforceApi';

const V = '/services/data/v62.0';
const fake = new FakeSalesforceApi({ clientId: 'id', clientSecret: 'secret', personAccounts: true });
let token = '';

// Parsed JSON answers, read loosely by the assertions.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

async function api(method: string, path: string, body?: unknown): Promise<{ status: number; json: Json }> {
	const response = await fetch(`${fake.baseUrl}${V}${path}`, {
		method,
		body: body === undefined ? undefined : JSON.stringify(body),
		headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
	});
	const text = await response.text();
	return { status: response.status, json: text === '' ? undefined : JSON.parse(text) };
}
const upsert = async (object: string, key: string, records: Json[]) =>
	(await api('PATCH', `/composite/sobjects/${object}/${key}`, { allOrNone: false, records: records.map((record) => ({ attributes: { type: object }, ...record })) })).json;

beforeAll(async () => {
	await fake.start();
	const response = await fetch(`${fake.baseUrl}/services/oauth2/token`, {
		method: 'POST',
		body: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'id', client_secret: 'secret' }).toString(),
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
	});
	token = ((await response.json()) as Json).access_token as string;
});
afterAll(async () => await fake.stop());
beforeEach(() => fake.reset());

async function personAccount(): Promise<Json> {
	const [result] = await upsert('Account', 'Id', [{ Id: null, RecordTypeId: fake.recordTypeId('PersonAccount'), FirstName: 'Ada', LastName: 'Lovelace', PersonEmail: 'ada@example.org' }]);
	expect(result).toMatchObject({ success: true, created: true });
	return fake.record('Account', result.id);
}

describe('fake Salesforce: person contacts written through Contact', () => {
	it('refuses a Contact of its own for a person account; a business account takes one', async () => {
		const account = await personAccount();
		const [business] = await upsert('Account', 'Id', [{ Id: null, Name: 'Analytical Engines Ltd' }]);
		const results = await upsert('Contact', 'Email', [
			{ Email: 'second@example.org', LastName: 'Second', AccountId: account.Id },
			{ Email: 'staff@example.org', LastName: 'Staff', AccountId: business.id },
		]);
		expect(results[0]).toMatchObject({ success: false, errors: [{ statusCode: 'FIELD_INTEGRITY_EXCEPTION', message: 'Cannot reference person account', fields: ['AccountId'] }] });
		expect(results[1]).toMatchObject({ success: true, created: true });
		expect(fake.findBy('Contact', 'AccountId', account.Id)).toHaveLength(1);
	});

	it('updates the person contact through Contact (the upsert by Email finds it), and the person account shows it', async () => {
		const account = await personAccount();
		const [result] = await upsert('Contact', 'Email', [{ Email: 'ada@example.org', FirstName: 'Augusta Ada', MailingCity: 'London' }]);
		expect(result).toMatchObject({ success: true, created: false, id: account.PersonContactId });
		expect(fake.record('Account', account.Id)).toMatchObject({ FirstName: 'Augusta Ada', Name: 'Augusta Ada Lovelace', PersonMailingCity: 'London', PersonEmail: 'ada@example.org' });
		expect(fake.count('Contact')).toBe(1);
	});

	it('does not move the person contact to another account, nor delete it on its own', async () => {
		const account = await personAccount();
		const [business] = await upsert('Account', 'Id', [{ Id: null, Name: 'Analytical Engines Ltd' }]);
		const [moved] = await upsert('Contact', 'Email', [{ Email: 'ada@example.org', AccountId: business.id }]);
		expect(moved).toMatchObject({ success: false, errors: [{ statusCode: 'INSUFFICIENT_ACCESS_OR_READONLY' }] });
		const deleted = await api('DELETE', `/sobjects/Contact/${String(account.PersonContactId)}`);
		expect(deleted).toMatchObject({ status: 400, json: [{ errorCode: 'DELETE_FAILED' }] });
		expect(fake.record('Contact', account.PersonContactId)).toMatchObject({ AccountId: account.Id });
	});

	it('links a person account through its PersonContactId: Opportunity, Campaign member, read back by Id', async () => {
		const account = await personAccount();
		const [campaign] = await upsert('Campaign', 'Id', [{ Id: null, Name: 'Winter appeal' }]);
		const { json } = await api('GET', `/query?${new URLSearchParams({ q: `SELECT Id, PersonContactId FROM Account WHERE Id IN ('${String(account.Id)}')` }).toString()}`);
		expect(json.records).toEqual([expect.objectContaining({ Id: account.Id, PersonContactId: account.PersonContactId })]);
		const [opportunity] = await upsert('Opportunity', 'Name', [{ Name: 'Gift 1', StageName: 'Closed Won', CloseDate: '2026-12-01', ContactId: account.PersonContactId, AccountId: account.Id }]);
		expect(opportunity).toMatchObject({ success: true, created: true });
		const member = await api('POST', '/composite/sobjects', { allOrNone: false, records: [{ attributes: { type: 'CampaignMember' }, CampaignId: campaign.id, ContactId: account.PersonContactId, Status: 'Responded' }] });
		expect(member.json[0]).toMatchObject({ success: true });
	});
});
