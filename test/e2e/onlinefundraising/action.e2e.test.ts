/**
 * The OnlineFundraising action node inside a real n8n, against the fake OnlineFundraising Payment
 * API built from the documented contract (test/fakes/onlineFundraisingApi.ts), which refuses any
 * write whose MD5 header does not match its body and any request without the key. Each test is one
 * HTTP call to a Webhook → OnlineFundraising chain; what the fake received and what n8n stored are
 * checked.
 */
import { FakeOnlineFundraisingApi } from '../../fakes/onlineFundraisingApi';
import type { CredentialSpec } from '../../../tools/n8n/n8n';
import { N8nInstance } from '../../../tools/n8n/n8n';
import { nodeType } from '../../../tools/n8n/workflows';
import { chainRunner, itemsOf, latestRun, webhookChain } from '../helpers/actionChain';

const KEY = '5664792646e1f55f959caa7d3729bf79e2e0a1b2c3d4e5f60718293a4b5c6d7e';
const WRONG_KEY = '0000000000000000000000000000000000000000000000000000000000000000';
const fake = new FakeOnlineFundraisingApi({ apiKey: KEY });

const credential = (id: string, name: string, apiKey: string): CredentialSpec => ({ id, name, type: 'onlineFundraisingApi', data: { apiKey, baseUrl: '' } });
const CREDENTIAL = credential('ofApiCredE2e0001', 'OnlineFundraising e2e', KEY);
const WRONG = credential('ofApiCredE2e0002', 'OnlineFundraising revoked key', WRONG_KEY);

/** A valid CPR number (modulus 11), one valid only as an officially exempt birth date, and an invalid one. */
const CPR_MOD11 = '1503851233';
const CPR_EXEMPT = '0101601235';
const CPR_INVALID = '1007059995';

const ofNode = (name: string, parameters: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
	name,
	type: nodeType('onlineFundraising'),
	typeVersion: 1,
	parameters,
	...extra,
});

const CONTACT_ROUND_TRIP = webhookChain('ofContactRound01', 'of-contact-round-trip', CREDENTIAL, [
	ofNode('Create Contact', {
		resource: 'contact',
		operation: 'create',
		validateNationalId: true,
		contactFields: {
			firstName: '={{ $json.body.firstName }}',
			lastName: 'Jensen',
			email: '={{ $json.body.email }}',
			msisdn: '4535294855',
			nationalId: '={{ $json.body.cpr }}',
			birthDate: '1985-03-15T00:00:00',
			city: 'København K',
		},
	}),
	ofNode('Get Contact', { resource: 'contact', operation: 'get', contactGuid: '={{ $json.contactGuid }}' }),
	ofNode('Update Contact', { resource: 'contact', operation: 'update', contactGuid: '={{ $json.contactGuid }}', updateFields: { city: 'Aarhus C', postCode: '8000' } }),
	ofNode('Search Contacts', {
		resource: 'contact',
		operation: 'getAll',
		returnAll: true,
		filters: { search: "={{ $('Webhook').item.json.body.email }}", archived: 'false' },
	}),
]);

const CONTACT_LIST = webhookChain('ofContactList001', 'of-contact-list', CREDENTIAL, [
	ofNode('Get Many Contacts', { resource: 'contact', operation: 'getAll', returnAll: '={{ $json.body.returnAll }}', limit: '={{ $json.body.limit ?? 50 }}' }),
]);

const AGREEMENT_CREATE = webhookChain('ofAgreementNew01', 'of-agreement-create', CREDENTIAL, [
	ofNode('Create Agreement', {
		resource: 'agreement',
		operation: 'create',
		name: '={{ $json.body.name }}',
		agreementType: 'Personal',
		amount: 100,
		vatPercentage: 25,
		currencyCode: 'dkk',
		taxDeductable: true,
		unit: 'pcs',
		additionalFields: { description: 'Monthly donation', scheduleType: 'Monthly' },
	}),
]);

const SUBSCRIPTION_AND_MORE = webhookChain('ofSubscription01', 'of-subscription', CREDENTIAL, [
	ofNode('Create Subscription', {
		resource: 'subscription',
		operation: 'create',
		contactGuid: '={{ $json.body.contactGuid }}',
		agreementGuid: '={{ $json.body.agreementGuid }}',
		paymentMethodGuid: '={{ $json.body.paymentMethodGuid }}',
		startDate: '2026-07-01T00:00:00',
		additionalFields: { expiresAfterDate: '2027-06-30T00:00:00', externalId: 'crm-42' },
	}),
	ofNode('Get Subscription', { resource: 'subscription', operation: 'get', subscriptionGuid: '={{ $json.subscriptionGuid }}' }),
	ofNode('Get Payment Method', { resource: 'paymentMethod', operation: 'get', paymentMethodGuid: '={{ $json.paymentMethodGuid }}' }),
	ofNode('Get Payment', { resource: 'payment', operation: 'get', paymentGuid: "={{ $('Webhook').item.json.body.paymentGuid }}" }),
	ofNode('Pending Subscriptions', {
		resource: 'subscription',
		operation: 'getAll',
		returnAll: true,
		filters: { state: 'Pending', startDate: '2020-01-01T00:00:00' },
	}, { executeOnce: true }),
]);

const DATA_SET = webhookChain('ofDataSetE2e0001', 'of-data-set', CREDENTIAL, [
	ofNode('Create Data Set', {
		resource: 'dataSet',
		operation: 'create',
		vendor: 'n8n',
		jsonElement: '={{ JSON.stringify({ formResult: $json.body.form, formFields: [] }) }}',
		additionalFields: { isTransactional: false, sensitive_data: 'phone2, middleName' },
	}),
	ofNode('Get Data Set', { resource: 'dataSet', operation: 'get', dataSetGuid: '={{ $json.dataSetGuid }}' }),
	ofNode('Get Many Data Sets', { resource: 'dataSet', operation: 'getAll', returnAll: false, limit: 1 }, { executeOnce: true }),
]);

const CONTINUE_ON_FAIL = webhookChain('ofContinueFail01', 'of-continue-on-fail', CREDENTIAL, [
	{ name: 'Split People', type: 'n8n-nodes-base.splitOut', typeVersion: 1, parameters: { fieldToSplitOut: 'body.people', options: {} } },
	ofNode(
		'Create Contact',
		{ resource: 'contact', operation: 'create', validateNationalId: true, contactFields: { name: '={{ $json.name }}', nationalId: '={{ $json.cpr }}' } },
		{ onError: 'continueRegularOutput' },
	),
	{ name: 'After', type: 'n8n-nodes-base.noOp', typeVersion: 1, parameters: {} },
]);

const GUID_OF_REQUEST = "={{ $('Webhook').item.json.body.guid }}";
const GET_UNKNOWN = webhookChain('ofGetUnknown0001', 'of-get-unknown', CREDENTIAL, [
	ofNode('Get Contact', { resource: 'contact', operation: 'get', contactGuid: GUID_OF_REQUEST }, { onError: 'continueRegularOutput' }),
	ofNode('Get Agreement', { resource: 'agreement', operation: 'get', agreementGuid: GUID_OF_REQUEST }, { onError: 'continueRegularOutput' }),
	ofNode('Get Subscription', { resource: 'subscription', operation: 'get', subscriptionGuid: GUID_OF_REQUEST }),
]);

const ARCHIVED_CONTACTS = webhookChain('ofArchivedList01', 'of-archived-contacts', CREDENTIAL, [
	ofNode('Default', { resource: 'contact', operation: 'getAll', returnAll: true, filters: { search: '={{ $json.body.email }}' } }, { alwaysOutputData: true, executeOnce: true }),
	ofNode('Archived Only', { resource: 'contact', operation: 'getAll', returnAll: true, filters: { search: "={{ $('Webhook').item.json.body.email }}", archived: 'true' } }, { executeOnce: true }),
]);

const CPR_CHECK = webhookChain('ofCprValidate001', 'of-cpr', CREDENTIAL, [
	{ name: 'Split Numbers', type: 'n8n-nodes-base.splitOut', typeVersion: 1, parameters: { fieldToSplitOut: 'body.numbers', options: {} } },
	ofNode('Validate CPR', { resource: 'cpr', operation: 'validate', cpr: '={{ $json.cpr }}' }),
]);

const WRONG_KEY_LIST = webhookChain('ofWrongKey000001', 'of-wrong-key', WRONG, [
	ofNode('Get Many Agreements', { resource: 'agreement', operation: 'getAll', returnAll: true }),
]);

const WORKFLOWS = [CONTACT_ROUND_TRIP, CONTACT_LIST, AGREEMENT_CREATE, SUBSCRIPTION_AND_MORE, DATA_SET, CONTINUE_ON_FAIL, GET_UNKNOWN, ARCHIVED_CONTACTS, CPR_CHECK, WRONG_KEY_LIST];

let n8n: N8nInstance;
const { replies, run } = chainRunner(() => n8n);

const callsTo = (method: string, path: string) => fake.calls.filter((call) => call.method === method && call.path === path);
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+0[12]:00$/;

beforeAll(async () => {
	await fake.start();
	for (const spec of [CREDENTIAL, WRONG]) spec.data.baseUrl = `${fake.baseUrl}/`;
	for (let index = 0; index < 120; index++) fake.addContact({ name: `Seeded ${index}`, email: `seeded${index}@example.dk` });
	n8n = await N8nInstance.start({ name: 'of-action', credentials: [CREDENTIAL, WRONG], workflows: WORKFLOWS });
});

afterAll(async () => {
	await n8n?.dispose();
	await fake.stop();
});

describe('OnlineFundraising action node in n8n', () => {
	it('contact: create (CPR checked) → get → update → search; every write signed with the MD5 the fake checked', async () => {
		const reply = await run('of-contact-round-trip', { firstName: 'Jens', email: 'jens.round@example.dk', cpr: `${CPR_MOD11.slice(0, 6)}-${CPR_MOD11.slice(6)}` });
		expect(reply.status).toBe(200);
		const found = reply.body as Array<Record<string, unknown>>;
		expect(found).toHaveLength(1);
		expect(found[0]).toMatchObject({ firstName: 'Jens', email: 'jens.round@example.dk', nationalId: CPR_MOD11, city: 'Aarhus C', postCode: '8000', birthDate: '1985-03-15' });
		expect(found[0].createdTs).toMatch(ISO);
		expect(found[0].updatedTs).toMatch(ISO);
		expect(found[0].archivedTs).toBeNull();
		expect(found[0].companyName).toBeNull();

		const [create] = callsTo('POST', '/payment-api/contact').slice(-1);
		expect(create.body).toEqual({
			firstName: 'Jens',
			lastName: 'Jensen',
			email: 'jens.round@example.dk',
			msisdn: '4535294855',
			nationalId: CPR_MOD11,
			birthDate: '1985-03-15',
			city: 'København K',
		});
		const guid = found[0].contactGuid as string;
		const [update] = callsTo('PUT', `/payment-api/contact/${guid}`);
		expect(update.body).toEqual({ city: 'Aarhus C', postCode: '8000' });
		for (const write of [create, update]) {
			expect(write.status).toBeLessThan(300);
			expect(write.headers.requestmd5).toMatch(/^[0-9A-F]{32}$/);
			expect(write.headers['content-type']).toBe('application/json; charset=utf-8');
			expect(write.headers.authorization).toBe(KEY);
		}
		expect(callsTo('GET', `/payment-api/contact/${guid}`)).toHaveLength(1);
		expect(callsTo('GET', '/payment-api/contacts').slice(-1)[0].query).toEqual({ search: 'jens.round@example.dk', archived: 'false', pageNumber: '1', pageSize: '50' });

		const data = latestRun(n8n, CONTACT_ROUND_TRIP.id).data;
		expect(itemsOf(data, 'Create Contact')[0]).toMatchObject({ json: { contactGuid: guid, city: 'København K', updatedTs: null }, pairedItem: { item: 0 } });
		expect(itemsOf(data, 'Get Contact')[0].json).toMatchObject({ contactGuid: guid, merchantId: 'fake-organisation' });
	});

	it('contact get many: Return All walks pageNumber/pageSize to the last short page; a Limit asks for one page of that size', async () => {
		const total = fake.calls.length;
		const before = callsTo('GET', '/payment-api/contacts').length;
		const all = await run('of-contact-list', { returnAll: true });
		expect(all.status).toBe(200);
		const contacts = all.body as Array<{ contactGuid: string }>;
		expect(contacts.length).toBeGreaterThanOrEqual(120);
		expect(new Set(contacts.map((contact) => contact.contactGuid)).size).toBe(contacts.length);
		const pages = callsTo('GET', '/payment-api/contacts').slice(before).map((call) => call.query);
		expect(pages).toEqual([1, 2, 3].map((page) => ({ pageNumber: String(page), pageSize: '50' })));
		expect(fake.calls.length - total).toBe(3);

		const limited = await run('of-contact-list', { returnAll: false, limit: 7 });
		expect(limited.body).toHaveLength(7);
		expect(callsTo('GET', '/payment-api/contacts').slice(-1)[0].query).toEqual({ pageNumber: '1', pageSize: '7' });
	});

	it('agreement create: amounts computed, output as decimal strings; a 400 stops the node with OnlineFundraising’s code and text', async () => {
		const reply = await run('of-agreement-create', { name: 'Monthly donor' });
		expect(reply.status).toBe(200);
		const [agreement] = reply.body as Array<Record<string, unknown>>;
		expect(agreement).toMatchObject({ name: 'Monthly donor', unitPrice: '100', amount: '100', amountVat: '25', amountTotal: '125', vatPercentage: 25, currencyCode: 'DKK', state: 'Available' });
		expect(callsTo('POST', '/payment-api/agreement').slice(-1)[0].body).toEqual({
			name: 'Monthly donor',
			agreementType: 'Personal',
			unit: 'pcs',
			unitPrice: 100,
			amount: 100,
			amountVat: 25,
			amountTotal: 125,
			vatPercentage: 25,
			currencyCode: 'DKK',
			taxDeductable: true,
			description: 'Monthly donation',
			scheduleType: 'Monthly',
		});

		const failing = await run('of-agreement-create', { name: 'A name much longer than thirty characters' });
		expect(failing.status).toBeGreaterThanOrEqual(400);
		const failed = latestRun(n8n, AGREEMENT_CREATE.id);
		expect(failed.status).toBe('error');
		expect(failed.data.resultData.error?.message).toBe('OnlineFundraising rejected the request: error 10001: name must be at most 30 characters');
		expect(failed.data.resultData.error?.description).toBe('POST /agreement answered 400');
	});

	it('subscription create → get; payment method and payment get; subscriptions by state and date', async () => {
		const contact = fake.addContact({ name: 'Abonnent' });
		const agreement = fake.addAgreement({ name: 'Membership' });
		const method = fake.addPaymentMethod({ contactGuid: contact.contactGuid, paymentMethodType: 'Card', errorCode: 200004 });
		const payment = fake.addPayment({ contactGuid: contact.contactGuid, amount: 49.5, errorCode: 300002, chargedTs: '' });
		fake.addSubscription({ state: 'Active' });
		const reply = await run('of-subscription', {
			contactGuid: contact.contactGuid,
			agreementGuid: agreement.agreementGuid,
			paymentMethodGuid: method.paymentMethodGuid,
			paymentGuid: payment.paymentGuid,
		});
		expect(reply.status).toBe(200);
		const pending = reply.body as Array<Record<string, unknown>>;
		expect(pending.map((subscription) => subscription.state)).toEqual(['Pending']);
		// The newest documented shape answers startDate as a Copenhagen timestamp: the node gives ISO 8601.
		expect(pending[0]).toMatchObject({ contactGuid: contact.contactGuid, startDate: '2026-07-01T00:00:00+02:00', expiresAfterDate: '2027-06-30', externalId: 'crm-42', cancelCode: null, errorCode: null });
		expect(callsTo('POST', '/payment-api/subscription').slice(-1)[0].body).toEqual({
			contactGuid: contact.contactGuid,
			agreementGuid: agreement.agreementGuid,
			paymentMethodGuid: method.paymentMethodGuid,
			startDate: '2026-07-01',
			expiresAfterDate: '2027-06-30',
			externalId: 'crm-42',
		});
		expect(callsTo('GET', '/payment-api/subscriptions').slice(-1)[0].query).toEqual({ state: 'Pending', startDate: '2020-01-01', pageNumber: '1', pageSize: '50' });

		const data = latestRun(n8n, SUBSCRIPTION_AND_MORE.id).data;
		expect(itemsOf(data, 'Get Payment Method')[0].json).toMatchObject({
			paymentMethodGuid: method.paymentMethodGuid,
			errorCode: 200004,
			errorCodeMeaning: 'Payment method: expired card',
		});
		expect(itemsOf(data, 'Get Payment')[0].json).toMatchObject({
			paymentGuid: payment.paymentGuid,
			amount: '49.5',
			chargedTs: null,
			errorCodeMeaning: 'Payment has failed to charge (e.g. card blocked or lost)',
		});
	});

	it('data set create → get → get many; form data stays as sent', async () => {
		const reply = await run('of-data-set', { form: { name: 'John Doe', note: '', utm_source: 'newsletter' } });
		expect(reply.status).toBe(200);
		const [latest] = reply.body as Array<Record<string, unknown>>;
		expect(latest.createdTs).toMatch(ISO);
		const [create] = callsTo('POST', '/payment-api/dataSet').slice(-1);
		expect(create.body).toEqual({
			vendor: 'n8n',
			jsonElement: { formResult: { name: 'John Doe', note: '', utm_source: 'newsletter' }, formFields: [] },
			isTransactional: false,
			sensitive_data: ['phone2', 'middleName'],
		});
		const data = latestRun(n8n, DATA_SET.id).data;
		expect(itemsOf(data, 'Get Data Set')[0].json).toMatchObject({
			vendor: 'n8n',
			sourceGuid: null,
			jsonElement: { formResult: { name: 'John Doe', note: '', utm_source: 'newsletter' } },
		});
		expect(callsTo('GET', '/payment-api/dataSets').slice(-1)[0].query).toEqual({ pageNumber: '1', pageSize: '1' });
	});

	it('continue on fail: an invalid CPR becomes an error item (nothing sent for it), paired with its input', async () => {
		const before = callsTo('POST', '/payment-api/contact').length;
		const reply = await run('of-continue-on-fail', {
			people: [
				{ name: 'Valid', cpr: CPR_MOD11 },
				{ name: 'Invalid', cpr: CPR_INVALID },
				{ name: 'Exempt', cpr: CPR_EXEMPT },
			],
		});
		expect(reply.status).toBe(200);
		const items = reply.body as Array<Record<string, unknown>>;
		expect(items).toHaveLength(3);
		expect(items[0]).toMatchObject({ name: 'Valid', nationalId: CPR_MOD11 });
		expect(items[1]).toEqual({
			error: `National ID (CPR) "${CPR_INVALID}" is not valid: Modulus 11 check fails (weighted digit sum 164 is not divisible by 11)`,
		});
		expect(items[2]).toMatchObject({ name: 'Exempt', nationalId: CPR_EXEMPT });
		expect(callsTo('POST', '/payment-api/contact').slice(before).map((call) => (call.body as { name: string }).name)).toEqual(['Valid', 'Exempt']);
		const data = latestRun(n8n, CONTINUE_ON_FAIL.id).data;
		expect(itemsOf(data, 'Create Contact').map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(itemsOf(data, 'After')).toHaveLength(3);
	});

	it('an unknown GUID is OnlineFundraising’s documented 404 text for each entity', async () => {
		const guid = '00000000-0000-4000-8000-000000000000';
		const reply = await run('of-get-unknown', { guid });
		expect(reply.status).toBeGreaterThanOrEqual(400);
		const failed = latestRun(n8n, GET_UNKNOWN.id).data;
		expect(itemsOf(failed, 'Get Contact')[0].json).toEqual({ error: 'OnlineFundraising: Contact was not found' });
		expect(itemsOf(failed, 'Get Agreement')[0].json).toEqual({ error: 'OnlineFundraising: Agreement not found' });
		expect(failed.resultData.error?.message).toBe('OnlineFundraising: Subscription not found');
		expect(failed.resultData.error?.description).toBe(`GET /subscription/${guid} answered 404`);
	});

	it('a GUID field holding `..`, `.` or other non-GUIDs fails the item before any request (never GET /contact/ or GET /)', async () => {
		for (const guid of ['..', '.', '../contacts', 'a863d62e-d53b-4651-9b7b-xxxxxxxxxxxx']) {
			const callsBefore = fake.calls.length;
			const reply = await run('of-get-unknown', { guid });
			expect(reply.status).toBeGreaterThanOrEqual(400);
			const failed = latestRun(n8n, GET_UNKNOWN.id).data;
			expect(itemsOf(failed, 'Get Contact')[0].json).toEqual({ error: `Contact GUID "${guid}" is not a GUID` });
			expect(itemsOf(failed, 'Get Agreement')[0].json).toEqual({ error: `Agreement GUID "${guid}" is not a GUID` });
			expect(failed.resultData.error?.message).toBe(`Subscription GUID "${guid}" is not a GUID`);
			expect(fake.calls.length).toBe(callsBefore);
		}
	});

	it('contact get many leaves archived contacts out unless Archived Only is chosen (archived defaults to false)', async () => {
		const email = 'archived.donor@example.dk';
		const archived = fake.addContact({ email, firstName: 'Gammel' });
		fake.addContact({ email, firstName: 'Ny' });
		fake.archiveContact(String(archived.contactGuid));
		const reply = await run('of-archived-contacts', { email });
		expect(reply.status).toBe(200);
		const data = latestRun(n8n, ARCHIVED_CONTACTS.id).data;
		expect(itemsOf(data, 'Default').map((item) => item.json.firstName)).toEqual(['Ny']);
		expect(itemsOf(data, 'Archived Only').map((item) => item.json)).toEqual([expect.objectContaining({ firstName: 'Gammel', contactGuid: archived.contactGuid })]);
		expect(callsTo('GET', '/payment-api/contacts').slice(-2).map((call) => call.query.archived)).toEqual([undefined, 'true']);
	});

	it('CPR validation says whether and why, without calling OnlineFundraising', async () => {
		const before = fake.calls.length;
		const numbers = [CPR_MOD11, CPR_EXEMPT, CPR_INVALID, '3102851234', '12345'];
		const reply = await run('of-cpr', { numbers: numbers.map((cpr) => ({ cpr })) });
		expect(reply.status).toBe(200);
		const checks = reply.body as Array<Record<string, unknown>>;
		expect(checks.map((check) => check.valid)).toEqual([true, true, false, false, false]);
		expect(checks[0]).toEqual({ input: CPR_MOD11, valid: true, reason: null, cpr: CPR_MOD11, birthDate: '1985-03-15', sex: 'male', modulus11: true });
		expect(checks[1]).toMatchObject({ birthDate: '1960-01-01', modulus11: false, sex: 'male' });
		expect(checks[1].reason).toContain('born on 1960-01-01');
		expect(checks[3].reason).toBe('310285 is not a date (DDMMYY): day 31, month 02');
		expect(checks[4].reason).toContain('10 digits');
		expect(fake.calls.length).toBe(before);
	});

	it('waits out a 429 with Retry-After and a 503, then creates the contact once', async () => {
		fake.refuseNext(1, 429, 1);
		fake.refuseNext(1, 503);
		const creates = callsTo('POST', '/payment-api/contact').length;
		const started = Date.now();
		const reply = await run('of-contact-round-trip', { firstName: 'Tålmodig', email: 'taalmodig@example.dk', cpr: CPR_MOD11 });
		expect(reply.status).toBe(200);
		expect(reply.body).toEqual([expect.objectContaining({ firstName: 'Tålmodig', city: 'Aarhus C' })]);
		expect(fake.refused.slice(-2)).toEqual([
			{ method: 'POST', path: '/payment-api/contact', status: 429 },
			{ method: 'POST', path: '/payment-api/contact', status: 503 },
		]);
		expect(callsTo('POST', '/payment-api/contact').slice(creates).map((call) => call.status)).toEqual([201]);
		// Retry-After 1 s, then the 503 back-off of 1 s.
		expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
		expect(latestRun(n8n, CONTACT_ROUND_TRIP.id).status).toBe('success');
	});

	it('never repeats a create whose answer was lost: one contact, the run fails', async () => {
		fake.dropAnswerOfNext(1);
		const creates = callsTo('POST', '/payment-api/contact').length;
		const reply = await run('of-contact-round-trip', { firstName: 'Afbrudt', email: 'afbrudt@example.dk', cpr: CPR_MOD11 });
		expect(reply.status).toBeGreaterThanOrEqual(400);
		const made = callsTo('POST', '/payment-api/contact').slice(creates);
		expect(made.map((call) => [call.status, (call.body as { firstName: string }).firstName])).toEqual([[201, 'Afbrudt']]);
		const failed = latestRun(n8n, CONTACT_ROUND_TRIP.id);
		expect(failed.status).toBe('error');
		expect(itemsOf(failed.data, 'Get Contact')).toEqual([]);
	});

	it('a wrong API key is a clear error', async () => {
		const reply = await run('of-wrong-key');
		expect(reply.status).toBeGreaterThanOrEqual(400);
		expect(fake.calls.filter((call) => call.headers.authorization === WRONG_KEY).map((call) => call.status)).toEqual([401]);
		expect(latestRun(n8n, WRONG_KEY_LIST.id).data.resultData.error?.message).toBe('OnlineFundraising refused the API key (error 401: Unauthorized: unknown API key)');
	});

	it('every write the fake answered carried a matching MD5, and the API key appears in no reply and no stored execution', () => {
		const writes = fake.calls.filter((call) => ['POST', 'PUT', 'PATCH'].includes(call.method));
		expect(writes.length).toBeGreaterThan(5);
		for (const write of writes) {
			expect(write.headers.requestmd5).toMatch(/^[0-9A-F]{32}$/);
			expect(write.errorDescription ?? '').not.toMatch(/MD5/);
		}
		// The one refused write is the agreement whose name is too long.
		expect(writes.filter((write) => write.status !== 200 && write.status !== 201).map((write) => write.errorDescription)).toEqual([
			'name must be at most 30 characters',
		]);
		for (const text of replies) expect(text).not.toContain(KEY);
		const stored = n8n.query<{ data: string }>('SELECT data FROM execution_data');
		expect(stored.length).toBeGreaterThan(5);
		for (const row of stored) {
			expect(row.data).not.toContain(KEY);
			expect(row.data).not.toContain(WRONG_KEY);
		}
	});
});
