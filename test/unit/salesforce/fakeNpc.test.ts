/**
 * The fake org's Person Accounts and Nonprofit Cloud objects keep the contract of docs/salesforce-npc.md:
 * person record types, LastName instead of Name, the person contact, GiftTransaction's required fields and
 * restricted Status, CurrentAmount after refunds, commitment schedules.
 */
import { FakeSalesforceApi } from '../../fakes/salesforceApi';

const CLIENT_ID = '3MVG9fakeConsumerKey';
const CLIENT_SECRET = 'fake-consumer-secret';
const V = '/services/data/v62.0';

const fake = new FakeSalesforceApi({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, npc: true, now: () => new Date('2026-12-04T10:00:00Z') });
const plain = new FakeSalesforceApi({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });

// Parsed JSON answers, read loosely by the assertions.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const tokens = new Map<FakeSalesforceApi, string>();

async function api(method: string, path: string, body?: unknown, target = fake) {
	const response = await fetch(`${target.baseUrl}${path}`, {
		method,
		body: body === undefined ? undefined : JSON.stringify(body),
		headers: { authorization: `Bearer ${tokens.get(target) ?? ''}`, 'content-type': 'application/json' },
	});
	const text = await response.text();
	return { status: response.status, json: (text === '' ? undefined : JSON.parse(text)) as Json };
}

const upsert = (object: string, key: string, records: Json[]) =>
	api('PATCH', `${V}/composite/sobjects/${object}/${key}`, { allOrNone: false, records: records.map((record) => ({ attributes: { type: object }, ...record })) });
const soql = (query: string) => api('GET', `${V}/query?${new URLSearchParams({ q: query }).toString()}`);

beforeAll(async () => {
	fake.addField('GiftTransaction', 'Payment_Id__c', { type: 'string', externalId: true, unique: true, length: 64 });
	for (const target of [fake, plain]) {
		await target.start();
		const response = await fetch(`${target.baseUrl}/services/oauth2/token`, {
			method: 'POST',
			body: new URLSearchParams({ grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: CLIENT_SECRET }).toString(),
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
		});
		tokens.set(target, ((await response.json()) as Json).access_token as string);
	}
});
afterAll(async () => {
	await fake.stop();
	await plain.stop();
});
beforeEach(() => fake.reset());

async function personDonor(fields: Json = {}): Promise<string> {
	const { json } = await upsert('Account', 'Id', [{ Id: null, RecordTypeId: fake.recordTypeId('PersonAccount'), FirstName: 'Ada', LastName: 'Lovelace', PersonEmail: 'ada@example.org', ...fields }]);
	expect(json[0]).toMatchObject({ success: true, created: true });
	return json[0].id as string;
}

const paid = (donorId: string, fields: Json = {}) => ({
	DonorId: donorId, OriginalAmount: 25, TransactionDate: '2026-12-01', TransactionDueDate: '2026-12-01', Status: 'Paid', PaymentMethod: 'Credit Card', ...fields,
});

describe('fake Salesforce: Person Accounts', () => {
	it('has the person record type, found as the node will find it, and only with the option', async () => {
		const { json } = await soql("SELECT Id, DeveloperName FROM RecordType WHERE SobjectType = 'Account' AND IsPersonType = true AND IsActive = true");
		expect(json.records).toEqual([expect.objectContaining({ Id: fake.recordTypeId('PersonAccount'), DeveloperName: 'PersonAccount' })]);
		expect((await api('GET', `${V}/sobjects/RecordType/describe`, undefined, plain)).status).toBe(404);
		const describe = await api('GET', `${V}/sobjects/Account/describe`, undefined, plain);
		expect(describe.json.fields.map((field: Json) => field.name)).not.toContain('PersonEmail');
	});

	it('creates a person account from LastName (Name derived, IsPersonAccount true) with its person contact', async () => {
		const id = await personDonor({ PersonMailingCity: 'London' });
		const account = fake.record('Account', id) as Json;
		expect(account).toMatchObject({ Name: 'Ada Lovelace', IsPersonAccount: true, PersonEmail: 'ada@example.org' });
		const contact = fake.record('Contact', account.PersonContactId) as Json;
		expect(contact).toMatchObject({ AccountId: id, FirstName: 'Ada', LastName: 'Lovelace', Email: 'ada@example.org', MailingCity: 'London', IsPersonAccount: true });
		const { json } = await soql("SELECT Id, PersonContactId FROM Account WHERE PersonEmail = 'ADA@example.org'");
		expect(json.records).toEqual([expect.objectContaining({ Id: id, PersonContactId: account.PersonContactId })]);
	});

	it('keeps the person contact in step on update, one contact only, and deletes it with the account', async () => {
		const id = await personDonor();
		const { json } = await upsert('Account', 'Id', [{ Id: id, PersonEmail: 'ada@lovelace.example' }]);
		expect(json[0]).toMatchObject({ success: true, created: false });
		expect(fake.count('Contact')).toBe(1);
		expect(fake.records('Contact')[0]).toMatchObject({ Email: 'ada@lovelace.example' });
		expect((await api('DELETE', `${V}/sobjects/Account/${id}`)).status).toBe(204);
		expect(fake.count('Contact')).toBe(0);
	});

	it('needs LastName on a person account and Name on a business account; refuses person fields on a business account', async () => {
		const { json } = await upsert('Account', 'Id', [
			{ Id: null, RecordTypeId: fake.recordTypeId('PersonAccount'), FirstName: 'Ada' },
			{ Id: null, RecordTypeId: fake.recordTypeId('Business_Account') },
			{ Id: null, Name: 'Analytical Engines Ltd', PersonEmail: 'info@example.org' },
			{ Id: null, Name: 'Analytical Engines Ltd' },
		]);
		expect(json[0].errors[0]).toMatchObject({ statusCode: 'REQUIRED_FIELD_MISSING', fields: ['LastName'] });
		expect(json[1].errors[0]).toMatchObject({ statusCode: 'REQUIRED_FIELD_MISSING', fields: ['Name'] });
		expect(json[2].errors[0]).toMatchObject({ statusCode: 'INVALID_FIELD_FOR_INSERT_UPDATE', fields: ['PersonEmail'] });
		expect(json[3]).toMatchObject({ success: true, created: true });
		const business = fake.record('Account', json[3].id) as Json;
		expect(business.IsPersonAccount).toBe(false);
		expect(business.PersonContactId ?? null).toBeNull();
	});
});

describe('fake Salesforce: Nonprofit Cloud objects exist from API v59.0', () => {
	it('answers 404 and INVALID_TYPE below v59.0, and lists them only from there', async () => {
		expect((await api('GET', '/services/data/v58.0/sobjects/GiftTransaction/describe')).status).toBe(404);
		expect((await api('GET', '/services/data/v59.0/sobjects/GiftTransaction/describe')).status).toBe(200);
		const old = await api('GET', `/services/data/v58.0/query?${new URLSearchParams({ q: 'SELECT Id FROM GiftRefund' }).toString()}`);
		expect(old.json[0]).toMatchObject({ errorCode: 'INVALID_TYPE' });
		const names = async (version: string) => ((await api('GET', `/services/data/v${version}/sobjects`)).json.sobjects as Json[]).map((object) => object.name);
		expect(await names('58.0')).not.toContain('GiftCommitment');
		expect(await names('59.0')).toEqual(expect.arrayContaining(['GiftTransaction', 'GiftRefund', 'GiftCommitment', 'GiftCommitmentSchedule', 'GiftDesignation', 'GiftTransactionDesignation', 'RecordType']));
		const collections = await api('PATCH', '/services/data/v58.0/composite/sobjects/GiftTransaction/Payment_Id__c', { allOrNone: false, records: [{ attributes: { type: 'GiftTransaction' }, Payment_Id__c: 'FB-1' }] });
		expect(collections.status).toBe(404);
	});
});

describe('fake Salesforce: Nonprofit Cloud gift transactions', () => {
	it('refuses a transaction without its required fields, TransactionDueDate included even when Paid (FQS)', async () => {
		const donorId = await personDonor();
		const { json } = await upsert('GiftTransaction', 'Payment_Id__c', [
			{ Payment_Id__c: 'FB-1', ...paid(donorId, { TransactionDueDate: null }) },
			{ Payment_Id__c: 'FB-2', OriginalAmount: 5 },
		]);
		expect(json[0].errors[0]).toMatchObject({ statusCode: 'REQUIRED_FIELD_MISSING', fields: ['TransactionDueDate'] });
		expect(json[1].errors[0].fields).toEqual(['DonorId', 'TransactionDate', 'TransactionDueDate', 'Status', 'PaymentMethod']);
	});

	it('refuses a Status outside the picklist and writes to CurrentAmount (calculated)', async () => {
		const donorId = await personDonor();
		const { json } = await upsert('GiftTransaction', 'Payment_Id__c', [
			{ Payment_Id__c: 'FB-1', ...paid(donorId, { Status: 'Closed Won' }) },
			{ Payment_Id__c: 'FB-2', ...paid(donorId, { CurrentAmount: 25 }) },
		]);
		expect(json[0].errors[0]).toMatchObject({ statusCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', fields: ['Status'] });
		expect(json[1].errors[0]).toMatchObject({ statusCode: 'INVALID_FIELD_FOR_INSERT_UPDATE', fields: ['CurrentAmount'] });
	});

	it('upserts by a custom External ID: a redelivery updates the same transaction; GiftType from the donor', async () => {
		const donorId = await personDonor();
		const first = await upsert('GiftTransaction', 'Payment_Id__c', [{ Payment_Id__c: 'FB-4711', ...paid(donorId) }]);
		const again = await upsert('GiftTransaction', 'Payment_Id__c', [{ Payment_Id__c: 'FB-4711', ...paid(donorId) }]);
		expect(first.json[0]).toMatchObject({ success: true, created: true });
		expect(again.json[0]).toMatchObject({ success: true, created: false, id: first.json[0].id });
		expect(fake.count('GiftTransaction')).toBe(1);
		expect(fake.records('GiftTransaction')[0]).toMatchObject({ CurrentAmount: 25, RefundedAmount: 0, GiftType: 'Individual', AcknowledgementStatus: 'To Be Sent' });
	});

	it('lowers CurrentAmount by each refund, partial and full, and restores it when a refund is deleted', async () => {
		const donorId = await personDonor();
		const { json } = await upsert('GiftTransaction', 'Payment_Id__c', [{ Payment_Id__c: 'FB-1', ...paid(donorId) }]);
		const transactionId = json[0].id as string;
		const refund = await api('POST', `${V}/sobjects/GiftRefund`, { GiftTransactionId: transactionId, Amount: 10, Date: '2026-12-02' });
		expect(refund.status).toBe(201);
		expect(fake.record('GiftTransaction', transactionId)).toMatchObject({ RefundedAmount: 10, CurrentAmount: 15 });
		await api('POST', `${V}/sobjects/GiftRefund`, { GiftTransactionId: transactionId, Amount: 15, Date: '2026-12-03' });
		expect(fake.record('GiftTransaction', transactionId)).toMatchObject({ RefundedAmount: 25, CurrentAmount: 0 });
		expect((await api('DELETE', `${V}/sobjects/GiftRefund/${refund.json.id}`)).status).toBe(204);
		expect(fake.record('GiftTransaction', transactionId)).toMatchObject({ RefundedAmount: 15, CurrentAmount: 10 });
	});

	it('refuses a refund without its transaction, amount or date, and moving it to another transaction', async () => {
		const donorId = await personDonor();
		const { json } = await upsert('GiftTransaction', 'Payment_Id__c', [{ Payment_Id__c: 'FB-1', ...paid(donorId) }, { Payment_Id__c: 'FB-2', ...paid(donorId) }]);
		const missing = await api('POST', `${V}/sobjects/GiftRefund`, {});
		expect(missing.json[0]).toMatchObject({ errorCode: 'REQUIRED_FIELD_MISSING', fields: ['GiftTransactionId', 'Amount', 'Date'] });
		const refund = await api('POST', `${V}/sobjects/GiftRefund`, { GiftTransactionId: json[0].id, Amount: 5, Date: '2026-12-02' });
		const moved = await api('PATCH', `${V}/sobjects/GiftRefund/${refund.json.id}`, { GiftTransactionId: json[1].id });
		expect(moved.json[0]).toMatchObject({ errorCode: 'INVALID_FIELD_FOR_INSERT_UPDATE', fields: ['GiftTransactionId'] });
	});

	it('calls an organisation donor\'s gift Organizational', async () => {
		const account = await upsert('Account', 'Id', [{ Id: null, Name: 'Analytical Engines Ltd' }]);
		await upsert('GiftTransaction', 'Payment_Id__c', [{ Payment_Id__c: 'FB-1', ...paid(account.json[0].id) }]);
		expect(fake.records('GiftTransaction')[0]).toMatchObject({ GiftType: 'Organizational' });
	});
});

describe('fake Salesforce: Nonprofit Cloud commitments', () => {
	it('needs a donor on a commitment, the commitment on a schedule (not movable), and a day for a monthly schedule', async () => {
		const donorId = await personDonor();
		const noDonor = await api('POST', `${V}/sobjects/GiftCommitment`, { Name: 'Monthly' });
		expect(noDonor.json[0]).toMatchObject({ errorCode: 'REQUIRED_FIELD_MISSING', fields: ['DonorId'] });
		const commitment = await api('POST', `${V}/sobjects/GiftCommitment`, { DonorId: donorId, Status: 'Active' });
		const schedule = { GiftCommitmentId: commitment.json.id, StartDate: '2026-12-15', TransactionAmount: 10, TransactionPeriod: 'Monthly', TransactionInterval: 1, PaymentMethod: 'Direct Debit' };
		const noDay = await api('POST', `${V}/sobjects/GiftCommitmentSchedule`, schedule);
		expect(noDay.json[0]).toMatchObject({ errorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION' });
		const created = await api('POST', `${V}/sobjects/GiftCommitmentSchedule`, { ...schedule, TransactionDay: '15' });
		expect(created.status).toBe(201);
		expect(fake.record('GiftCommitmentSchedule', created.json.id)).toMatchObject({ Type: 'CreateTransactions' });
		const other = await api('POST', `${V}/sobjects/GiftCommitment`, { DonorId: donorId });
		const moved = await api('PATCH', `${V}/sobjects/GiftCommitmentSchedule/${created.json.id}`, { GiftCommitmentId: other.json.id });
		expect(moved.json[0]).toMatchObject({ errorCode: 'INVALID_FIELD_FOR_INSERT_UPDATE' });
	});
});

describe('fake Salesforce: Nonprofit Cloud schedules create the expected instalment (in the job)', () => {
	async function monthly(fields: Json = {}, commitmentFields: Json = {}) {
		const donorId = await personDonor();
		const commitment = await api('POST', `${V}/sobjects/GiftCommitment`, { DonorId: donorId, Status: 'Active', ...commitmentFields });
		const schedule = await api('POST', `${V}/sobjects/GiftCommitmentSchedule`, {
			GiftCommitmentId: commitment.json.id, StartDate: '2026-12-10', TransactionAmount: 10, TransactionPeriod: 'Monthly', TransactionInterval: 1, TransactionDay: '15', PaymentMethod: 'Direct Debit', ...fields,
		});
		expect(schedule.status).toBe(201);
		return { donorId, commitmentId: commitment.json.id as string, scheduleId: schedule.json.id as string };
	}

	it('creates the first Unpaid instalment on the schedule\'s day, once; paying it brings the next', async () => {
		const { donorId, commitmentId, scheduleId } = await monthly();
		expect(fake.count('GiftTransaction')).toBe(0);
		expect(fake.pendingJobs).toBe(1);
		expect(fake.runJobs()).toBe(1);
		const [first] = fake.records('GiftTransaction');
		expect(first).toMatchObject({ Status: 'Unpaid', TransactionDueDate: '2026-12-15', OriginalAmount: 10, DonorId: donorId, GiftCommitmentId: commitmentId, GiftCommitmentScheduleId: scheduleId, PaymentMethod: 'Direct Debit' });
		expect(fake.runJobs()).toBe(0);
		expect((await api('PATCH', `${V}/sobjects/GiftTransaction/${first.Id}`, { Status: 'Paid' })).status).toBe(204);
		fake.runJobs();
		expect(fake.records('GiftTransaction').map((gift) => [gift.TransactionDueDate, gift.Status])).toEqual([['2026-12-15', 'Paid'], ['2027-01-15', 'Unpaid']]);
	});

	it('Close Gift Commitment: the commitment Closed, its Unpaid and Failed transactions Canceled, Paid ones kept; an unknown Id fails alone; only with NPC from v59.0', async () => {
		const { donorId, commitmentId } = await monthly();
		fake.runJobs();
		const failed = await api('POST', `${V}/sobjects/GiftTransaction`, paid(donorId, { GiftCommitmentId: commitmentId, Status: 'Failed' }));
		const kept = await api('POST', `${V}/sobjects/GiftTransaction`, paid(donorId, { GiftCommitmentId: commitmentId }));
		const close = (ids: string[], version = V, target = fake) => api('POST', `${version}/actions/standard/closeGiftCommitment`, { inputs: ids.map((giftCommitmentId) => ({ giftCommitmentId })) }, target);
		const answer = await close([commitmentId, '6gcDn00000000XXIAA']);
		expect(answer).toEqual({
			status: 200,
			json: [
				{ actionName: 'closeGiftCommitment', errors: null, isSuccess: true, outputValues: null, version: 1 },
				{ actionName: 'closeGiftCommitment', errors: [expect.objectContaining({ message: expect.stringContaining('not found') })], isSuccess: false, outputValues: null, version: 1 },
			],
		});
		expect(fake.record('GiftCommitment', commitmentId)).toMatchObject({ Status: 'Closed' });
		const statusOf = (id: string) => fake.record('GiftTransaction', id)?.Status;
		expect([fake.records('GiftTransaction').find((gift) => gift.TransactionDueDate === '2026-12-15')?.Status, statusOf(failed.json.id), statusOf(kept.json.id)]).toEqual(['Canceled', 'Canceled', 'Paid']);
		expect((await close([commitmentId], '/services/data/v58.0')).status).toBe(404);
		expect((await close([commitmentId], V, plain)).status).toBe(404);
	});

	it('stops at the EndDate, and creates nothing for a closed commitment', async () => {
		const { scheduleId } = await monthly({ EndDate: '2026-12-31' });
		fake.runJobs();
		const [first] = fake.records('GiftTransaction').filter((gift) => gift.GiftCommitmentScheduleId === scheduleId);
		await api('PATCH', `${V}/sobjects/GiftTransaction/${first.Id}`, { Status: 'Paid' });
		fake.runJobs();
		expect(fake.count('GiftTransaction')).toBe(1);
		await monthly({}, { Status: 'Closed' });
		fake.runJobs();
		expect(fake.count('GiftTransaction')).toBe(1);
	});
});

