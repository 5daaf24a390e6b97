/**
 * The FundraisingBox action node inside a real n8n, against a fake FundraisingBox REST API built
 * from the documented contract (test/fakes/fundraisingBoxApi.ts). Each test is one HTTP call to a
 * Webhook → FundraisingBox chain; what the fake received and what n8n stored are checked.
 */
import { FakeFundraisingBoxApi } from '../../fakes/fundraisingBoxApi';
import { N8nInstance } from '../../../tools/n8n/n8n';
import { chainRunner, fbCredential, fbNode, itemsOf, latestRun, webhookChain } from '../helpers/fundraisingBoxAction';

const TOKEN = 'e2e-fb-token-readwrite-7f3a91';
const READONLY_TOKEN = 'e2e-fb-token-readonly-1c9d42';
const WRONG_TOKEN = 'e2e-fb-token-revoked-00aa11';
// Refusing query parameters that are no documented filter proves the node sends none.
const fake = new FakeFundraisingBoxApi({ tokens: { [TOKEN]: 'readwrite', [READONLY_TOKEN]: 'readonly' }, refuseUnknownFilters: true });

const CREDENTIAL = fbCredential('fbRestCredE2e001', 'FundraisingBox e2e', TOKEN, '');
const READONLY = fbCredential('fbRestCredE2e002', 'FundraisingBox read-only user', READONLY_TOKEN, '');
const WRONG = fbCredential('fbRestCredE2e003', 'FundraisingBox revoked token', WRONG_TOKEN, '');

const PERSON_ROUND_TRIP = webhookChain('fbPersonRoundTr1', 'fb-person-round-trip', CREDENTIAL, [
	fbNode('Create Person', {
		resource: 'person',
		operation: 'create',
		last_name: '={{ $json.body.last_name }}',
		additionalFields: {
			first_name: '={{ $json.body.first_name }}',
			salutation: 'Mrs.',
			birthday: '1980-02-03T00:00:00',
			wants_mailing: true,
			customFields: { field: [{ id: '10', value: '={{ $json.body.color }}' }] },
		},
	}),
	fbNode('Get Person', { resource: 'person', operation: 'get', personId: '={{ $json.id }}' }),
	fbNode('Update Person', {
		resource: 'person',
		operation: 'update',
		personId: '={{ $json.id }}',
		updateFields: { first_name: 'Erika-Maria', customFields: { field: [{ id: '7', value: '2024-05-22' }] } },
	}),
]);

const PERSON_CHILDREN = webhookChain('fbPersonChildr01', 'fb-person-children', CREDENTIAL, [
	fbNode('Create Address', {
		resource: 'personAddress',
		operation: 'create',
		fb_person_id: '={{ $json.body.personId }}',
		address: 'Hauptstr. 5',
		post_code: '80331',
		city: 'München',
		country: 'DE',
		additionalFields: { type: 'work' },
	}),
	fbNode('Update Address', {
		resource: 'personAddress',
		operation: 'update',
		personAddressId: '={{ $json.id }}',
		updateFields: { city: 'Augsburg', post_code: '86150' },
	}),
	fbNode('Get Address', { resource: 'personAddress', operation: 'get', personAddressId: '={{ $json.id }}' }),
	fbNode('Create Email', {
		resource: 'personEmailAddress',
		operation: 'create',
		fb_person_id: '={{ $json.fb_person_id }}',
		email: 'erika@example.org',
		additionalFields: { opt_in_status: 'pending_double_opt_in' },
	}),
	fbNode('Update Email', {
		resource: 'personEmailAddress',
		operation: 'update',
		personEmailAddressId: '={{ $json.id }}',
		updateFields: { email: 'erika.m@example.org', type: 'work', opt_in_status: 'double_opt_in' },
	}),
	fbNode('Get Email', { resource: 'personEmailAddress', operation: 'get', personEmailAddressId: '={{ $json.id }}' }),
	fbNode('Get Person', { resource: 'person', operation: 'get', personId: '={{ $json.fb_person_id }}' }),
]);

const PERSON_LIST = webhookChain('fbPersonList0001', 'fb-person-list', CREDENTIAL, [
	fbNode('Get Many Persons', {
		resource: 'person',
		operation: 'getAll',
		returnAll: '={{ $json.body.returnAll }}',
		limit: '={{ $json.body.limit ?? 50 }}',
		filters: { updated_min: '={{ $json.body.updatedMin ?? "" }}' },
	}),
]);

const PERSON_FIND = webhookChain('fbPersonFind0001', 'fb-person-find', CREDENTIAL, [
	fbNode('Find Person', {
		resource: 'person',
		operation: 'getAll',
		returnAll: true,
		filters: { email: '={{ $json.body.email }}', last_name: '={{ $json.body.lastName ?? "" }}' },
	}),
]);

const PERSON_SALUTATION = webhookChain('fbPersonSalut001', 'fb-person-salutation', CREDENTIAL, [
	fbNode('Create Person', { resource: 'person', operation: 'create', last_name: 'Anrede', additionalFields: { salutation: '={{ $json.body.salutation }}' } }),
]);

const COMMUNICATIONS = webhookChain('fbCommunicatio01', 'fb-communications', CREDENTIAL, [
	fbNode('Create Communication', {
		resource: 'communication',
		operation: 'create',
		fb_person_id: '={{ $json.body.personId }}',
		html_message: '<p>Thank you for your call</p>',
		additionalFields: { type: 'email', subject: 'Your donation', direction: 'out', created_at: '={{ $json.body.createdAt }}' },
	}),
	fbNode('Update Communication', {
		resource: 'communication',
		operation: 'update',
		communicationId: '={{ $json.id }}',
		updateFields: { sticky: true, html_message: '<p>Thank you for your call!</p>' },
	}),
	fbNode('Get Communication', { resource: 'communication', operation: 'get', communicationId: '={{ $json.id }}' }),
	fbNode('Get Many Communications', {
		resource: 'communication',
		operation: 'getAll',
		returnAll: true,
		filters: {
			fb_person_id: '={{ $json.fb_person_id }}',
			type: 'email',
			direction: 'out',
			is_system: false,
			date_min: "={{ $('Webhook').item.json.body.since }}",
		},
	}),
	fbNode('Delete Communication', { resource: 'communication', operation: 'delete', communicationId: '={{ $json.id }}' }),
]);

const DONATION_LIST = webhookChain('fbDonationList01', 'fb-donation-list', CREDENTIAL, [
	fbNode('Get Many Donations', {
		resource: 'donation',
		operation: 'getAll',
		returnAll: true,
		filters: {
			fb_project_id: '={{ $json.body.projectId }}',
			is_test: 'no',
			amount_min: 20,
			updated_min: '={{ $json.body.updatedMin }}',
			date_max: '={{ $json.body.dateMax }}',
		},
	}),
]);

const DONATION_CREATE = webhookChain('fbDonationCreat1', 'fb-donation-create', CREDENTIAL, [
	fbNode('Create Donation', {
		resource: 'donation',
		operation: 'create',
		fb_type_id: 8,
		amount: '={{ $json.body.amount }}',
		created_at: '={{ $json.body.createdAt }}',
		additionalFields: {
			fb_project_id: 4922,
			fb_source_id: 3,
			fb_person_id: '={{ $json.body.personId }}',
			receipt_status: 'receipt_now',
			customFields: { field: [{ id: '21', value: 'SPRING24' }] },
		},
	}),
	fbNode('Get Donation', { resource: 'donation', operation: 'get', donationId: '={{ $json.id }}' }),
]);

const CONTINUE_ON_FAIL = webhookChain('fbContinueFail01', 'fb-continue-on-fail', CREDENTIAL, [
	{ name: 'Split People', type: 'n8n-nodes-base.splitOut', typeVersion: 1, parameters: { fieldToSplitOut: 'body.people', options: {} } },
	fbNode('Create Person', { resource: 'person', operation: 'create', last_name: '={{ $json.last_name }}' }, { onError: 'continueRegularOutput' }),
	{ name: 'After', type: 'n8n-nodes-base.noOp', typeVersion: 1, parameters: {} },
]);

const WRONG_TOKEN_LIST = webhookChain('fbWrongToken001', 'fb-wrong-token', WRONG, [
	fbNode('Get Many Projects', { resource: 'project', operation: 'getAll', returnAll: true }),
]);

const READONLY_UPDATE = webhookChain('fbReadonlyUser01', 'fb-readonly', READONLY, [
	fbNode('Get Person', { resource: 'person', operation: 'get', personId: '={{ $json.body.personId }}' }),
	fbNode('Update Person', { resource: 'person', operation: 'update', personId: '={{ $json.id }}', updateFields: { first_name: 'Nope' } }),
]);

const RECURRING_AND_CATALOG = webhookChain('fbRecurringCat01', 'fb-recurring-catalog', CREDENTIAL, [
	fbNode('Create Recurring', {
		resource: 'recurringPayment',
		operation: 'create',
		fb_person_id: '={{ $json.body.personId }}',
		amount: 15,
		interval: 3,
		type: 'recurring_membership',
		fb_type_id: 8,
		next_payment_date: '2027-01-15T00:00:00',
		additionalFields: { fb_project_id: 4921, start_date: '2026-12-15T00:00:00' },
	}),
	fbNode('Update Recurring', { resource: 'recurringPayment', operation: 'update', recurringPaymentId: '={{ $json.id }}', updateFields: { amount: 20 } }),
	fbNode('Get Recurring', { resource: 'recurringPayment', operation: 'get', recurringPaymentId: '={{ $json.id }}' }),
	fbNode('Get Many Recurrings', {
		resource: 'recurringPayment',
		operation: 'getAll',
		returnAll: true,
		filters: { fb_person_id: '={{ $json.fb_person_id }}', interval: 3, type: 'recurring_membership' },
	}),
	fbNode('Get SEPA Mandate', { resource: 'sepaMandate', operation: 'get', sepaMandateId: "={{ $('Webhook').item.json.body.mandateId }}" }),
	fbNode('Get Payment Type', { resource: 'paymentType', operation: 'get', paymentTypeId: '8' }),
	fbNode('Get Source', { resource: 'source', operation: 'get', sourceId: '3' }),
	fbNode('Get Project', { resource: 'project', operation: 'get', projectId: '4922' }),
	fbNode('Get Many Payment Types', { resource: 'paymentType', operation: 'getAll', returnAll: false, limit: 2 }),
	fbNode('Get Many Sources', { resource: 'source', operation: 'getAll', returnAll: true }, { executeOnce: true }),
]);

const WORKFLOWS = [
	PERSON_ROUND_TRIP,
	PERSON_CHILDREN,
	PERSON_LIST,
	PERSON_FIND,
	PERSON_SALUTATION,
	COMMUNICATIONS,
	DONATION_LIST,
	DONATION_CREATE,
	CONTINUE_ON_FAIL,
	WRONG_TOKEN_LIST,
	READONLY_UPDATE,
	RECURRING_AND_CATALOG,
];

let n8n: N8nInstance;
const { replies, run } = chainRunner(() => n8n);

const callsTo = (method: string, path: string) => fake.calls.filter((call) => call.method === method && call.path === path);

/** How many objects the fake lists, read from its API the way a client would. */
async function countViaApi(resource: string): Promise<number> {
	let count = 0;
	for (let page = 1; ; page++) {
		const response = await fetch(`${fake.baseUrl}/${resource}.json?page=${page}&perPage=100`, {
			headers: { authorization: `Basic ${Buffer.from(`${TOKEN}:X`).toString('base64')}` },
		});
		const { hasMore, data } = (await response.json()) as { hasMore: boolean; data: unknown[] };
		count += data.length;
		if (!hasMore) return count;
	}
}

beforeAll(async () => {
	await fake.start();
	for (const credential of [CREDENTIAL, READONLY, WRONG]) credential.data.baseUrl = `${fake.baseUrl}/`;
	for (let index = 0; index < 230; index++) fake.addPerson({ last_name: `Seeded ${index}`, updated_at: '2023-06-01 12:00:00' });
	n8n = await N8nInstance.start({ name: 'fb-action', credentials: [CREDENTIAL, READONLY, WRONG], workflows: WORKFLOWS });
});

afterAll(async () => {
	await n8n?.dispose();
	await fake.stop();
});

describe('FundraisingBox action node in n8n', () => {
	it('person: create → get → update round trip, with custom fields and dates in FundraisingBox’s format', async () => {
		const reply = await run('fb-person-round-trip', { last_name: 'Musterfrau', first_name: 'Erika', color: 'red' });
		expect(reply.status).toBe(200);
		const [updated] = reply.body as Array<Record<string, unknown>>;
		expect(updated).toMatchObject({ last_name: 'Musterfrau', first_name: 'Erika-Maria', salutation: 'Mrs.', birthday: '1980-02-03' });
		expect(updated.fb_custom_fields).toEqual(
			expect.arrayContaining([
				{ id: 10, name: 'Favorite color', value: 'red' },
				{ id: 7, name: 'A special date', value: '2024-05-22' },
			]),
		);

		const [create] = callsTo('POST', '/v1/persons.json').slice(-1);
		expect(create).toMatchObject({
			token: TOKEN,
			body: {
				last_name: 'Musterfrau',
				first_name: 'Erika',
				salutation: 'Mrs.',
				birthday: '1980-02-03',
				wants_mailing: true,
				fb_custom_fields: [{ id: 10, value: 'red' }],
			},
		});
		const id = updated.id as number;
		expect(callsTo('GET', `/v1/persons/${id}.json`)).toHaveLength(1);
		expect(callsTo('PUT', `/v1/persons/${id}.json`)[0].body).toEqual({ first_name: 'Erika-Maria', fb_custom_fields: [{ id: 7, value: '2024-05-22' }] });

		const run1 = latestRun(n8n, PERSON_ROUND_TRIP.id);
		expect(run1.status).toBe('success');
		expect(itemsOf(run1.data, 'Create Person')[0]).toMatchObject({ json: { id, first_name: 'Erika' }, pairedItem: { item: 0 } });
		expect(itemsOf(run1.data, 'Get Person')[0].json).toMatchObject({ id, first_name: 'Erika', fb_person_addresss: [] });
	});

	it('a validation error stops the node with the field and FundraisingBox’s message', async () => {
		const reply = await run('fb-person-round-trip', { last_name: '', first_name: 'Nameless' });
		expect(reply.status).toBeGreaterThanOrEqual(400);
		expect(callsTo('POST', '/v1/persons.json').slice(-1)[0].body).toMatchObject({ last_name: '', first_name: 'Nameless' });
		const failed = latestRun(n8n, PERSON_ROUND_TRIP.id);
		expect(failed.status).toBe('error');
		expect(failed.data.resultData.error?.message).toBe('FundraisingBox rejected the request: last_name: required – Last name is required');
		expect(itemsOf(failed.data, 'Get Person')).toEqual([]);
	});

	it('person address and email address: create, update, get; the person shows both', async () => {
		const person = fake.addPerson({ last_name: 'Kinder' });
		const reply = await run('fb-person-children', { personId: person.id });
		expect(reply.status).toBe(200);
		const [shown] = reply.body as Array<Record<string, unknown>>;
		expect(shown.fb_person_addresss).toEqual([
			expect.objectContaining({ address: 'Hauptstr. 5', post_code: '86150', city: 'Augsburg', country: 'DE', type: 'work', is_main: true }),
		]);
		expect(shown.fb_person_email_addresss).toEqual([
			expect.objectContaining({ email: 'erika.m@example.org', type: 'work', is_main: true, opt_in_status: 'double_opt_in' }),
		]);
		expect(callsTo('POST', '/v1/personAddresses.json').slice(-1)[0].body).toEqual({
			fb_person_id: person.id,
			address: 'Hauptstr. 5',
			post_code: '80331',
			city: 'München',
			country: 'DE',
			type: 'work',
		});
		const data = latestRun(n8n, PERSON_CHILDREN.id).data;
		expect(itemsOf(data, 'Get Address')[0].json).toMatchObject({ city: 'Augsburg', fb_person_id: person.id });
		expect(itemsOf(data, 'Get Email')[0].json).toMatchObject({ email: 'erika.m@example.org', opt_in_status: 'double_opt_in' });
		expect(callsTo('POST', '/v1/personEmailAddresses.json').slice(-1)[0].body).toEqual({
			fb_person_id: person.id,
			email: 'erika@example.org',
			opt_in_status: 'pending_double_opt_in',
		});
		expect(itemsOf(data, 'Create Email')[0].json).toMatchObject({ opt_in_status: 'pending_double_opt_in' });
	});

	it('get many with Return All follows hasMore across pages', async () => {
		const expected = await countViaApi('persons');
		const before = callsTo('GET', '/v1/persons.json').length;
		const reply = await run('fb-person-list', { returnAll: true });
		expect(reply.status).toBe(200);
		expect(expected).toBeGreaterThan(200);
		expect(reply.body).toHaveLength(expected);
		const pages = callsTo('GET', '/v1/persons.json').slice(before);
		expect(pages.map((call) => call.query)).toEqual([
			{ page: '1', perPage: '100' },
			{ page: '2', perPage: '100' },
			{ page: '3', perPage: '100' },
		]);
		const ids = (reply.body as Array<{ id: number }>).map((person) => person.id);
		expect(new Set(ids).size).toBe(ids.length);
	});

	it('get many stops with a clear error when FundraisingBox ignores `page` (page 1 again, hasMore true): two requests, no endless loop', async () => {
		const before = callsTo('GET', '/v1/persons.json').length;
		fake.ignorePaging = true;
		try {
			const reply = await run('fb-person-list', { returnAll: true });
			expect(reply.status).toBeGreaterThanOrEqual(400);
		} finally {
			fake.ignorePaging = false;
		}
		expect(callsTo('GET', '/v1/persons.json').slice(before).map((call) => call.query.page)).toEqual(['1', '2']);
		const failed = latestRun(n8n, PERSON_LIST.id);
		expect(failed.status).toBe('error');
		expect(failed.data.resultData.error?.message).toBe(
			'FundraisingBox /persons.json: page 2 repeats the records of page 1; the API ignores paging, so the read stopped.',
		);
	});

	it('get many with a Limit asks for one page of that size; filters are forwarded', async () => {
		const before = callsTo('GET', '/v1/persons.json').length;
		const limited = await run('fb-person-list', { returnAll: false, limit: 5 });
		expect(limited.body).toHaveLength(5);
		expect(callsTo('GET', '/v1/persons.json').slice(before).map((call) => call.query)).toEqual([{ page: '1', perPage: '5' }]);

		const recent = await run('fb-person-list', { returnAll: true, updatedMin: '2024-01-01' });
		const people = recent.body as Array<{ updated_at: string }>;
		expect(people.length).toBeGreaterThan(0);
		expect(people.every((person) => person.updated_at >= '2024-01-01')).toBe(true);
		expect(callsTo('GET', '/v1/persons.json').slice(-1)[0].query).toEqual({ updated_min: '2024-01-01', page: '1', perPage: '100' });
	});

	it('donation get many: filters forwarded as FundraisingBox documents them, newest first', async () => {
		const person = fake.addPerson({ last_name: 'Spender' });
		const donation = (fields: Record<string, unknown>) => fake.addDonation({ fb_person_id: person.id, fb_project_id: 4922, ...fields });
		const older = donation({ amount: 25, created_at: '2024-03-01 09:00:00', updated_at: '2024-03-01 09:00:00' });
		const newer = donation({ amount: 50.5, created_at: '2024-04-02 10:00:00', updated_at: '2024-04-02 10:00:00' });
		donation({ amount: 10, created_at: '2024-04-03 10:00:00', updated_at: '2024-04-03 10:00:00' });
		donation({ amount: 30, is_test: 1, created_at: '2024-04-04 10:00:00', updated_at: '2024-04-04 10:00:00' });
		donation({ amount: 100, fb_project_id: 4921, created_at: '2024-04-05 10:00:00', updated_at: '2024-04-05 10:00:00' });
		donation({ amount: 40, status: 'failed', created_at: '2024-04-06 10:00:00', updated_at: '2024-04-06 10:00:00' });
		donation({ amount: 60, created_at: '2023-12-01 10:00:00', updated_at: '2023-12-31 23:59:59' });
		donation({ amount: 70, created_at: '2025-01-01 00:00:00', updated_at: '2025-01-01 00:00:00' });

		const reply = await run('fb-donation-list', { projectId: 4922, updatedMin: '2024-01-01', dateMax: '2024-12-31' });
		expect(reply.status).toBe(200);
		expect((reply.body as Array<{ id: number }>).map((entry) => entry.id)).toEqual([newer.id, older.id]);
		expect(callsTo('GET', '/v1/donations.json').slice(-1)[0].query).toEqual({
			fb_project_id: '4922',
			is_test: 'no',
			amount_min: '20',
			updated_min: '2024-01-01',
			date_max: '2024-12-31',
			page: '1',
			perPage: '100',
		});

		// A bound with a time of day: FundraisingBox takes whole days, the node drops the rest itself.
		const later = await run('fb-donation-list', { projectId: 4922, updatedMin: '2024-03-01T09:00:01', dateMax: '2024-04-02T10:00:00' });
		expect(later.status).toBe(200);
		expect((later.body as Array<{ id: number }>).map((entry) => entry.id)).toEqual([newer.id]);
		expect(callsTo('GET', '/v1/donations.json').slice(-1)[0].query).toMatchObject({ updated_min: '2024-03-01', date_max: '2024-04-02' });
	});

	it('person get many by email finds the donor, with every filter sent as documented', async () => {
		const donor = fake.addPerson({ last_name: 'Findbar', fb_person_email_addresss: [{ email: 'find.me@example.org', type: 'home' }] });
		fake.addPerson({ last_name: 'Findbar', fb_person_email_addresss: [{ email: 'someone.else@example.org', type: 'home' }] });
		const reply = await run('fb-person-find', { email: 'find.me@example.org' });
		expect(reply.status).toBe(200);
		expect(reply.body).toEqual([expect.objectContaining({ id: donor.id, last_name: 'Findbar' })]);
		expect(callsTo('GET', '/v1/persons.json').slice(-1)[0].query).toEqual({ email: 'find.me@example.org', page: '1', perPage: '100' });

		const byName = await run('fb-person-find', { email: 'example.org', lastName: 'Findbar' });
		expect((byName.body as Array<{ id: number }>).length).toBe(2);
		expect(callsTo('GET', '/v1/persons.json').slice(-1)[0].query).toEqual({ email: 'example.org', last_name: 'Findbar', page: '1', perPage: '100' });
	});

	it('person salutations: a documented one is written; the fake refuses an undocumented one as FundraisingBox documents', async () => {
		const created = await run('fb-person-salutation', { salutation: 'diverse' });
		expect(created.status).toBe(200);
		expect(created.body).toEqual([expect.objectContaining({ last_name: 'Anrede', salutation: 'diverse' })]);

		await run('fb-person-salutation', { salutation: 'Ms' });
		const failed = latestRun(n8n, PERSON_SALUTATION.id);
		expect(failed.status).toBe('error');
		expect(failed.data.resultData.error?.message).toBe(
			'FundraisingBox rejected the request: salutation: invalid – salutation must be one of Mr., Mrs., diverse, couple, family',
		);
	});

	it('the fake answers a date-time in a date filter with the documented 400, and ignores unknown filters unless told to refuse them', async () => {
		const auth = { authorization: `Basic ${Buffer.from(`${TOKEN}:X`).toString('base64')}` };
		const dateTime = await fetch(`${fake.baseUrl}/donations.json?updated_min=${encodeURIComponent('2024-03-01 09:00:01')}`, { headers: auth });
		expect(dateTime.status).toBe(400);
		expect(await dateTime.json()).toEqual({ errors: [{ field: 'updated_min', code: 'invalid', message: 'updated_min must be a date (YYYY-MM-DD)' }] });
		const refused = await fetch(`${fake.baseUrl}/persons.json?favourite_colour=red`, { headers: auth });
		expect(refused.status).toBe(400);

		const lenient = new FakeFundraisingBoxApi({ tokens: { [TOKEN]: 'readwrite' } });
		await lenient.start();
		try {
			lenient.addPerson({ last_name: 'Eins' });
			const ignored = await fetch(`${lenient.baseUrl}/persons.json?favourite_colour=red`, { headers: auth });
			expect(ignored.status).toBe(200);
			expect(((await ignored.json()) as { data: unknown[] }).data).toHaveLength(1);
		} finally {
			await lenient.stop();
		}
	});

	it('communication: create → update → get → get many (documented filters, finer date bound on our side) → delete', async () => {
		const person = fake.addPerson({ last_name: 'Gespräch' });
		const note = (fields: Record<string, unknown>) => fake.addCommunication({ fb_person_id: person.id, type: 'email', direction: 'out', ...fields });
		note({ html_message: 'early', created_at: '2024-05-01 09:00:00' });
		const late = note({ html_message: 'late', created_at: '2024-05-01 11:00:00' });
		note({ html_message: 'DOI mail', is_system: true, category: 'double_opt_in', created_at: '2024-05-02 08:00:00' });
		note({ html_message: 'a note', type: 'note', created_at: '2024-05-03 08:00:00' });

		const reply = await run('fb-communications', { personId: person.id, createdAt: '2024-05-02T12:00:00', since: '2024-05-01T10:30:00' });
		expect(reply.status).toBe(200);
		const data = latestRun(n8n, COMMUNICATIONS.id).data;
		const json = (node: string) => itemsOf(data, node).map((item) => item.json);
		const [created] = json('Create Communication');
		expect(created).toMatchObject({ fb_person_id: person.id, type: 'email', subject: 'Your donation', direction: 'out', created_at: '2024-05-02 12:00:00' });
		expect(callsTo('POST', '/v1/communications.json').slice(-1)[0].body).toEqual({
			fb_person_id: person.id,
			html_message: '<p>Thank you for your call</p>',
			type: 'email',
			subject: 'Your donation',
			direction: 'out',
			created_at: '2024-05-02 12:00:00',
		});
		expect(callsTo('PUT', `/v1/communications/${String(created.id)}.json`)[0].body).toEqual({ sticky: true, html_message: '<p>Thank you for your call!</p>' });
		expect(json('Get Communication')).toEqual([expect.objectContaining({ id: created.id, sticky: true, html_message: '<p>Thank you for your call!</p>' })]);
		expect(callsTo('GET', '/v1/communications.json').slice(-1)[0].query).toEqual({
			fb_person_id: String(person.id),
			type: 'email',
			direction: 'out',
			is_system: '0',
			date_min: '2024-05-01',
			page: '1',
			perPage: '100',
		});
		expect(json('Get Many Communications').map((entry) => entry.id)).toEqual([late.id, created.id]);
		expect(reply.body).toEqual([
			{ id: late.id, deleted: true },
			{ id: created.id, deleted: true },
		]);
		expect(itemsOf(data, 'Delete Communication').map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(fake.calls.filter((call) => call.method === 'DELETE').map((call) => call.path)).toEqual([
			`/v1/communications/${String(late.id)}.json`,
			`/v1/communications/${String(created.id)}.json`,
		]);
		const gone = await fetch(`${fake.baseUrl}/communications/${String(created.id)}.json`, {
			headers: { authorization: `Basic ${Buffer.from(`${TOKEN}:X`).toString('base64')}` },
		});
		expect(gone.status).toBe(404);
	});

	it('donation create → get, with the payment type, project and source ids and a custom field', async () => {
		const person = fake.addPerson({ last_name: 'Gönnerin' });
		const reply = await run('fb-donation-create', { amount: 42.5, createdAt: '2024-05-01T10:15:00', personId: person.id });
		expect(reply.status).toBe(200);
		const [shown] = reply.body as Array<Record<string, unknown>>;
		expect(shown).toMatchObject({ amount: 42.5, currency: 'EUR', fb_type_id: 8, fb_project_id: 4922, fb_person_id: person.id, status: 'confirmed' });
		expect(shown.transaction_id).toMatch(/^FB-T-\d+$/);
		expect(callsTo('POST', '/v1/donations.json').slice(-1)[0].body).toEqual({
			fb_type_id: 8,
			amount: 42.5,
			created_at: '2024-05-01 10:15:00',
			fb_project_id: 4922,
			fb_source_id: 3,
			fb_person_id: person.id,
			receipt_status: 'receipt_now',
			fb_custom_fields: [{ id: 21, value: 'SPRING24' }],
		});
	});

	it('continue on fail: a failed item becomes an error item, paired with its input, and the workflow goes on', async () => {
		const reply = await run('fb-continue-on-fail', { people: [{ last_name: 'Erste' }, { last_name: '' }, { last_name: 'Dritte' }] });
		expect(reply.status).toBe(200);
		const items = reply.body as Array<Record<string, unknown>>;
		expect(items).toHaveLength(3);
		expect(items[0]).toMatchObject({ last_name: 'Erste' });
		expect(items[1]).toEqual({ error: 'FundraisingBox rejected the request: last_name: required – Last name is required' });
		expect(items[2]).toMatchObject({ last_name: 'Dritte' });
		const data = latestRun(n8n, CONTINUE_ON_FAIL.id).data;
		expect(itemsOf(data, 'Create Person').map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(itemsOf(data, 'After')).toHaveLength(3);
	});

	it('a wrong API token is a clear error', async () => {
		const reply = await run('fb-wrong-token');
		expect(reply.status).toBeGreaterThanOrEqual(400);
		expect(fake.calls.filter((call) => call.token === WRONG_TOKEN).length).toBeGreaterThan(0);
		const failed = latestRun(n8n, WRONG_TOKEN_LIST.id);
		expect(failed.status).toBe('error');
		expect(failed.data.resultData.error?.message).toBe('FundraisingBox refused the API token');
	});

	it('a token without write rights: reading works, the update names the missing rights', async () => {
		const person = fake.addPerson({ last_name: 'Nurlesen' });
		await run('fb-readonly', { personId: person.id });
		const failed = latestRun(n8n, READONLY_UPDATE.id);
		expect(itemsOf(failed.data, 'Get Person')[0].json).toMatchObject({ id: person.id });
		expect(failed.data.resultData.error?.message).toBe(`The API token's user lacks the rights for updating person ${person.id}`);
	});

	it('recurring payment create → update → get → get many; SEPA mandate, payment type, source and project', async () => {
		const person = fake.addPerson({ last_name: 'Mitglied' });
		const mandate = fake.addSepaMandate({ fb_person_id: person.id });
		const reply = await run('fb-recurring-catalog', { personId: person.id, mandateId: mandate.id });
		expect(reply.status).toBe(200);
		expect((reply.body as Array<Record<string, unknown>>).map((source) => source.name)).toEqual([
			'Helpedia',
			'Fundraising pages',
			'Donation form',
			'Facebook donation form',
			'SMS',
		]);
		expect(callsTo('POST', '/v1/recurrings.json').slice(-1)[0].body).toEqual({
			fb_person_id: person.id,
			amount: 15,
			interval: 3,
			type: 'recurring_membership',
			fb_type_id: 8,
			next_payment_date: '2027-01-15',
			fb_project_id: 4921,
			start_date: '2026-12-15',
		});
		const data = latestRun(n8n, RECURRING_AND_CATALOG.id).data;
		const json = (node: string) => itemsOf(data, node).map((item) => item.json);
		expect(json('Get Recurring')).toEqual([expect.objectContaining({ amount: 20, interval: 3, fb_person_id: person.id })]);
		expect(json('Get Many Recurrings')).toEqual([expect.objectContaining({ amount: 20, type: 'recurring_membership' })]);
		expect(callsTo('GET', '/v1/recurrings.json').slice(-1)[0].query).toEqual({
			fb_person_id: String(person.id),
			interval: '3',
			type: 'recurring_membership',
			page: '1',
			perPage: '100',
		});
		expect(json('Get SEPA Mandate')).toEqual([expect.objectContaining({ id: mandate.id, reference_id: mandate.reference_id })]);
		expect(json('Get Payment Type')).toEqual([{ id: 8, name: 'SEPA Direct Debit' }]);
		expect(json('Get Source')).toEqual([{ id: 3, name: 'Donation form' }]);
		expect(json('Get Project')).toEqual([expect.objectContaining({ id: 4922, name: 'Clean water' })]);
		expect(json('Get Many Payment Types')).toHaveLength(2);
		expect(callsTo('GET', '/v1/types.json').slice(-1)[0].query).toEqual({ page: '1', perPage: '2' });
	});

	it('an unknown id is "not found" with the object and its id', async () => {
		const person = fake.addPerson({ last_name: 'Ohnemandat' });
		await run('fb-recurring-catalog', { personId: person.id, mandateId: 999999 });
		const failed = latestRun(n8n, RECURRING_AND_CATALOG.id);
		expect(failed.data.resultData.error?.message).toBe('FundraisingBox SEPA mandate 999999 not found');
	});

	it('waits out a 429 until x-ratelimit-reset and a 503, then creates the person once', async () => {
		fake.refuseNext(1, 429, 1);
		fake.refuseNext(1, 503);
		const creates = callsTo('POST', '/v1/persons.json').length;
		const started = Date.now();
		const reply = await run('fb-person-round-trip', { last_name: 'Geduldig', first_name: 'Greta', color: 'blue' });
		expect(reply.status).toBe(200);
		expect(reply.body).toEqual([expect.objectContaining({ last_name: 'Geduldig', first_name: 'Erika-Maria' })]);
		// Both refusals were the create, answered before the fake acted; then the create went through once.
		expect(fake.refused.slice(-2)).toEqual([
			{ method: 'POST', path: '/v1/persons.json', status: 429 },
			{ method: 'POST', path: '/v1/persons.json', status: 503 },
		]);
		expect(callsTo('POST', '/v1/persons.json').length - creates).toBe(1);
		// The reset is whole epoch seconds away (≥ 1 s from now), the 503 back-off 1 s.
		expect(Date.now() - started).toBeGreaterThanOrEqual(1500);
		expect(latestRun(n8n, PERSON_ROUND_TRIP.id).status).toBe('success');
	});

	it('never repeats a create whose answer was lost: the person exists once and the run fails', async () => {
		fake.dropAnswerOfNext(1);
		const creates = callsTo('POST', '/v1/persons.json').length;
		const reply = await run('fb-person-round-trip', { last_name: 'Verbindungsabbruch', first_name: 'Otto' });
		expect(reply.status).toBeGreaterThanOrEqual(400);
		expect(callsTo('POST', '/v1/persons.json').length - creates).toBe(1);
		const listed = await fetch(`${fake.baseUrl}/persons.json?last_name=Verbindungsabbruch`, {
			headers: { authorization: `Basic ${Buffer.from(`${TOKEN}:X`).toString('base64')}` },
		});
		expect(((await listed.json()) as { data: unknown[] }).data).toHaveLength(1);
		const failed = latestRun(n8n, PERSON_ROUND_TRIP.id);
		expect(failed.status).toBe('error');
		expect(itemsOf(failed.data, 'Get Person')).toEqual([]);
	});

	it('never puts the API token or the Authorization header into outputs, executions or logs', async () => {
		const secrets = [TOKEN, READONLY_TOKEN, WRONG_TOKEN].flatMap((token) => [token, Buffer.from(`${token}:X`).toString('base64')]);
		const stored = n8n.query<{ data: string }>('SELECT data FROM execution_data').map((row) => row.data);
		expect(stored.length).toBeGreaterThan(10);
		for (const text of [...replies, ...stored, n8n.log]) {
			for (const secret of secrets) expect(text).not.toContain(secret);
			expect(text).not.toMatch(/Basic [A-Za-z0-9+/=]{16,}/);
		}
	});
});
