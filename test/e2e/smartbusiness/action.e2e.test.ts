/**
 * The PostFinance SmartBusiness node inside a real n8n, with n8n's own OAuth2 handling, against
 * the fake SmartBusiness API v2 built from the documented contract (test/fakes/smartBusinessApi.ts):
 * client-credentials tokens that expire, `{item}`/`{items, pagination}` envelopes, 422 field
 * errors, 429 with a reset header, PDF bytes.
 *
 * The main flow is the real one: FundraisingBox Trigger (a donation webhook) → SmartBusiness
 * (invoice from the event: contact found or created, invoice, payment) → send by e-mail → PDF.
 * Other checks drive the node through Webhook → Set (the canonical event) → SmartBusiness chains.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { normalizeDigistore24Ipn } from '../../../nodes/Digistore24/toCanonicalEvent';
import { FakeSmartBusinessApi } from '../../fakes/smartBusinessApi';
import type { CredentialSpec } from '../../../tools/n8n/n8n';
import { N8nInstance } from '../../../tools/n8n/n8n';
import { nodeType, triggerWorkflow } from '../../../tools/n8n/workflows';
import { chainRunner, itemsOf, latestRun, webhookChain } from '../helpers/actionChain';
import { credentialRef } from '../helpers/digistore24';
import { FB_BASIC_CREDENTIAL, JSON_WEBHOOK, webhookHeaders } from '../helpers/fundraisingbox';
import { send } from '../helpers/http';

const CLIENT_ID = 'n8n-e2e-client';
const CLIENT_SECRET = 'sb-client-secret-0123456789abcdef';
const fake = new FakeSmartBusinessApi({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });

const credential = (): CredentialSpec => ({
	id: 'sbOAuth2CredE2e1',
	name: 'SmartBusiness e2e',
	type: 'smartBusinessOAuth2Api',
	data: { product: 'custom', baseUrl: fake.baseUrl, grantType: 'clientCredentials', clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, scope: 'profile contact invoice configuration catalog' },
});

/** A client registered without `profile`: the credential test must fail. */
const noProfileCredential = (): CredentialSpec => ({
	...credential(),
	id: 'sbOAuth2NoProf01',
	name: 'SmartBusiness e2e (no profile scope)',
	data: { ...credential().data, scope: 'contact invoice configuration' },
});

/** The same API for another SmartBusiness account: authorization code, connected through n8n's OAuth2 flow. */
const codeCredential = (): CredentialSpec => ({
	id: 'sbOAuth2CodeE2e1',
	name: 'SmartBusiness e2e (authorization code)',
	type: 'smartBusinessOAuth2Api',
	data: { product: 'custom', baseUrl: fake.baseUrl, grantType: 'authorizationCode', clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, scope: 'contact' },
});

const sbNode = (name: string, parameters: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
	name,
	type: nodeType('smartBusiness'),
	typeVersion: 1,
	parameters,
	...extra,
});

/** Webhook → Set (the posted body becomes the item, e.g. a canonical event) → nodes. */
const eventChain = (id: string, path: string, nodes: Array<Record<string, unknown>>) =>
	webhookChain(id, path, credential(), [
		{ name: 'Event', type: 'n8n-nodes-base.set', typeVersion: 3.4, parameters: { mode: 'raw', jsonOutput: '={{ $json.body }}', options: {} } },
		...nodes,
	]);

const DONATION_FLOW_ID = 'sbDonationFlow01';
const donationFlow = () =>
	triggerWorkflow({
		id: DONATION_FLOW_ID,
		name: DONATION_FLOW_ID,
		type: 'fundraisingBoxTrigger',
		webhookId: 'sb-donation-flow',
		parameters: {},
		credentials: credentialRef(FB_BASIC_CREDENTIAL),
		then: [
			sbNode('Invoice From Event', { resource: 'invoice', operation: 'createFromEvent', unitId: 7, matchBy: 'email', markPaid: true, options: { positionName: 'Spende' } }),
			// A redelivered donation finds its invoice: the receipt was sent the first time.
			{
				name: 'New Invoice Only',
				type: 'n8n-nodes-base.filter',
				typeVersion: 2,
				parameters: {
					conditions: {
						combinator: 'and',
						options: { caseSensitive: true, leftValue: '', typeValidation: 'strict', version: 1 },
						conditions: [{ id: 'created', leftValue: '={{ $json.findOrCreate }}', rightValue: 'created', operator: { type: 'string', operation: 'equals' } }],
					},
					options: {},
				},
			},
			sbNode('Send Receipt', {
				resource: 'invoice',
				operation: 'sendByEmail',
				invoiceId: '={{ $json.id }}',
				subject: 'Ihre Spendenquittung {{ $json.number }}',
				body: '=Danke, {{ $json.contact.name }}!',
				recipients: '',
				options: { receipt: true, from: 'CO' },
			}),
			sbNode('Receipt PDF', { resource: 'invoice', operation: 'downloadPdf', invoiceId: "={{ $('Invoice From Event').item.json.id }}", binaryPropertyName: 'receipt', options: { receipt: true } }),
		].map((node) => (node.type === nodeType('smartBusiness') ? { ...node, credentials: credentialRef(credential()) } : node)),
	});

const contactChain = () =>
	eventChain('sbContactCrud001', 'sb-contact-crud', [
		sbNode('Create Contact', {
			resource: 'contact',
			operation: 'create',
			type: 'C',
			name: '={{ $json.company }}',
			relation: ['CL'],
			street: 'Thalwilstrasse',
			postcode: '3013',
			city: 'Bern',
			country: 'ch',
			additionalFields: { street_no: '4', email: '={{ $json.email }}', communication_language: 'fr' },
		}),
		sbNode('Update Contact', {
			resource: 'contact',
			operation: 'update',
			contactId: { __rl: true, mode: 'id', value: '={{ $json.id }}' },
			updateFields: { phone: '+41 31 123 45 67' },
			mainAddress: { city: 'Biel', postcode: '2503' },
		}),
		sbNode('Get Contact', { resource: 'contact', operation: 'get', contactId: { __rl: true, mode: 'id', value: '={{ $json.id }}' }, include: ['main_address', 'groups'] }),
		sbNode('Find By Email', {
			resource: 'contact',
			operation: 'getAll',
			returnAll: true,
			filters: { email: "={{ $('Event').item.json.email.toUpperCase() }}" },
			sort: 'name',
			include: ['main_address'],
		}),
	]);

const listChain = () =>
	eventChain('sbContactList001', 'sb-contact-list', [
		sbNode('List Contacts', { resource: 'contact', operation: 'getAll', returnAll: '={{ $json.returnAll }}', limit: '={{ $json.limit ?? 50 }}', sort: 'name', include: [] }),
	]);

const findOrCreateChain = () =>
	eventChain('sbFindOrCreate01', 'sb-find-or-create', [
		sbNode('Find or Create', { resource: 'contact', operation: 'findOrCreate', contactSource: 'event', matchBy: 'number', defaultGender: 'F', defaultCountry: 'DE' }),
	]);

const continueOnFailChain = () =>
	eventChain('sbContinueFail01', 'sb-continue-on-fail', [
		{ name: 'Split People', type: 'n8n-nodes-base.splitOut', typeVersion: 1, parameters: { fieldToSplitOut: 'people', options: {} } },
		sbNode(
			'Create Contact',
			{
				resource: 'contact',
				operation: 'create',
				type: 'P',
				name: '={{ $json.name }}',
				gender: 'M',
				relation: ['CL'],
				street: 'Hauptstrasse',
				postcode: '={{ $json.postcode }}',
				city: 'Basel',
				country: 'CH',
				additionalFields: { email: '={{ $json.email }}' },
			},
			{ onError: 'continueRegularOutput' },
		),
	]);

const eventInvoiceChain = () =>
	eventChain('sbEventInvoice01', 'sb-event-invoice', [
		sbNode('Invoice From Event', { resource: 'invoice', operation: 'createFromEvent', unitId: 7, matchBy: 'email', markPaid: false }),
	]);

/** Test events: skipped by default, written with Include Test Events on. */
const testModeChains = () => [
	eventChain('sbTestModeSkip01', 'sb-test-mode', [
		sbNode('Invoice From Event', { resource: 'invoice', operation: 'createFromEvent', unitId: 7, matchBy: 'email', markPaid: true }),
	]),
	eventChain('sbTestModeWrite1', 'sb-test-mode-included', [
		sbNode('Invoice From Event', { resource: 'invoice', operation: 'createFromEvent', unitId: 7, matchBy: 'email', markPaid: true, options: { includeTestEvents: true, defaultGender: 'F' } }),
	]),
];

const findByEmailChain = () =>
	eventChain('sbFindByEmail001', 'sb-find-by-email', [
		sbNode('Find or Create', { resource: 'contact', operation: 'findOrCreate', contactSource: 'event', matchBy: 'email', defaultGender: 'F', defaultCountry: 'CH' }),
	]);

const invoiceChain = () =>
	eventChain('sbInvoiceLife001', 'sb-invoice-life', [
		sbNode('Create Invoice', {
			resource: 'invoice',
			operation: 'create',
			contactId: { __rl: true, mode: 'id', value: '={{ $json.contactId }}' },
			date: '2026-11-20T00:00:00',
			paymentTermDays: 10,
			currency: 'CHF',
			language: 'de',
			positions: {
				position: [
					{ name: 'Mitgliederbeitrag', price: 80, amount: 1, vat: 0, unit_id: 7, catalog_type: 'S' },
					{ name: 'Jahresbericht', description: 'gedruckt', price: 10, amount: 2, vat: 0, unit_id: 7, catalog_type: 'P' },
				],
			},
			additionalFields: { isr_id: 380627389, isr_position: 'F', notes: 'Mitglied 2026' },
		}),
		sbNode('Update Invoice', { resource: 'invoice', operation: 'update', invoiceId: '={{ $json.id }}', updateFields: { notes: 'Mitglied 2026, per Post' } }),
		sbNode('Mark Sent', { resource: 'invoice', operation: 'changeStatus', invoiceId: '={{ $json.id }}', status: 'S', dateTime: '2026-11-21T09:30:00' }),
		sbNode('Send by Post', { resource: 'invoice', operation: 'sendByPost', invoiceId: '={{ $json.id }}', palette: 'BW', print: 'S', speed: 'E' }),
		sbNode('Part Payment', { resource: 'invoice', operation: 'recordPayment', invoiceId: '={{ $json.id }}', payOpenAmount: false, amount: 40, paymentType: 'N', date: '2026-11-25T00:00:00', additionalFields: { channel: 'T' } }),
		sbNode('Pay the Rest', { resource: 'invoice', operation: 'recordPayment', invoiceId: '={{ $json.invoice_id }}', payOpenAmount: true, paymentType: 'N', date: '2026-11-30T00:00:00' }),
		sbNode('Payments', { resource: 'invoice', operation: 'getPayments', invoiceId: '={{ $json.invoice_id }}' }, { executeOnce: true }),
		sbNode(
			'Paid Invoices of Contact',
			{ resource: 'invoice', operation: 'getAll', returnAll: true, filters: { contact_id: "={{ $('Event').item.json.contactId }}", status: 'P' }, invoiceSort: '-number', invoiceInclude: ['positions'] },
			{ executeOnce: true },
		),
	]);

const invoiceErrorChain = () =>
	eventChain('sbInvoiceError01', 'sb-invoice-errors', [
		sbNode(
			'Create Invoice',
			{
				resource: 'invoice',
				operation: 'create',
				contactId: { __rl: true, mode: 'id', value: '={{ $json.contactId }}' },
				currency: 'CHF',
				language: 'de',
				positions: { position: [{ name: 'Spende', price: 50, amount: 1, vat: 0, unit_id: '={{ $json.unitId }}', catalog_type: 'S' }] },
			},
			{ onError: 'continueRegularOutput' },
		),
		sbNode('Delete Invoice', { resource: 'invoice', operation: 'delete', invoiceId: '={{ $json.id }}' }, { onError: 'continueRegularOutput' }),
	]);

/** A contact person of a company: created, phone changed, listed, then an invoice addressed to them. */
const contactPeopleChain = () =>
	eventChain('sbContactPeople1', 'sb-contact-people', [
		sbNode('Create Person', {
			resource: 'contactPerson',
			operation: 'create',
			contactId: { __rl: true, mode: 'id', value: '={{ $json.contactId }}' },
			name: 'Max',
			surname: 'Mustermann',
			gender: 'M',
			additionalFields: { email: 'max.mustermann@example.com', department: 'Buchhaltung', default: true, show_department: true },
		}),
		sbNode('Update Person', {
			resource: 'contactPerson',
			operation: 'update',
			contactId: { __rl: true, mode: 'id', value: '={{ $json.contact_id }}' },
			personId: '={{ $json.id }}',
			updateFields: { phone: '+41 79 123 45 67' },
		}),
		sbNode('List People', {
			resource: 'contactPerson',
			operation: 'getAll',
			contactId: { __rl: true, mode: 'id', value: "={{ $('Event').item.json.contactId }}" },
			returnAll: true,
		}),
		sbNode('Invoice to Person', {
			resource: 'invoice',
			operation: 'create',
			contactId: { __rl: true, mode: 'id', value: '={{ $json.contact_id }}' },
			date: '2026-11-20T00:00:00',
			paymentTermDays: 30,
			currency: 'CHF',
			language: 'de',
			positions: { position: [{ name: 'Firmenspende', price: 500, amount: 1, vat: 0, unit_id: 7, catalog_type: 'S' }] },
			additionalFields: { contact_person_id: '={{ $json.id }}' },
		}),
	]);

const contactPersonDeleteChain = () =>
	eventChain('sbContactPeople2', 'sb-contact-people-delete', [
		sbNode('Delete Person', {
			resource: 'contactPerson',
			operation: 'delete',
			contactId: { __rl: true, mode: 'id', value: '={{ $json.contactId }}' },
			personId: '={{ $json.personId }}',
		}),
	]);

const codeGrantChain = () =>
	webhookChain('sbCodeGrantList1', 'sb-code-grant', codeCredential(), [
		sbNode('List Contacts', { resource: 'contact', operation: 'getAll', returnAll: true, sort: 'name', include: [] }),
	]);

let n8n: N8nInstance;
const { replies, run } = chainRunner(() => n8n);
/** How the newest execution of a workflow ended, with its error message. */
const outcome = (workflowId: string) => {
	const { status, data } = latestRun(n8n, workflowId);
	const error = data.resultData.error;
	return error ? { status, error: `${error.message ?? ''} ${error.description ?? ''}`.trim() } : { status };
};
const apiCalls = () => fake.calls.filter((call) => !call.oauth);

/**
 * A Digistore24 order as its trigger emits it; the buyer's address completed, as a shop's order form
 * would. The captured IPN is a test purchase (`api_mode=test`): `live` makes it a real one.
 */
const digistoreOrder = (mode: 'live' | 'test' = 'live') => {
	const captured = JSON.parse(readFileSync(join(__dirname, '../../fixtures/digistore24/captured-on-payment.json'), 'utf8')) as Record<string, string>;
	const fields = mode === 'live' ? { ...captured, api_mode: 'live', pay_method: 'paypal' } : captured;
	const event = normalizeDigistore24Ipn(fields, { receivedAt: new Date('2026-08-18T06:41:50Z') });
	return { ...event, contact: { ...event.contact!, address: { ...event.contact!.address!, street: 'Marktgasse 7', postalCode: '3011', city: 'Bern' } } };
};

/** FundraisingBox's JSON webhook of the fixture donation, or of another donation of the same donor. */
async function postDonation(requestId: string, donationId = 8594200): Promise<void> {
	// The fixture is a test donation (is_test 1); these are real ones.
	const body = JSON_WEBHOOK.replace('"id": 8594200', `"id": ${donationId}`).replace('"is_test": 1', '"is_test": 0');
	const reply = await send(n8n.webhookUrl('sb-donation-flow'), { body, headers: webhookHeaders('donation.create', requestId, 'application/json') });
	expect(reply).toMatchObject({ status: 200, body: 'OK' });
}

beforeAll(async () => {
	await fake.start();
	n8n = await N8nInstance.start({
		name: 'sb-action',
		credentials: [credential(), codeCredential(), noProfileCredential(), FB_BASIC_CREDENTIAL],
		workflows: [donationFlow(), contactChain(), listChain(), findOrCreateChain(), continueOnFailChain(), eventInvoiceChain(), ...testModeChains(), findByEmailChain(), invoiceChain(), invoiceErrorChain(), contactPeopleChain(), contactPersonDeleteChain(), codeGrantChain()],
	});
}, 600_000);

afterAll(async () => {
	await n8n?.dispose();
	await fake.stop();
});

describe('SmartBusiness node in n8n', () => {
	it('turns a FundraisingBox donation into one contact, one paid invoice; a redelivery creates nothing', async () => {
		await postDonation('sb-req-1');
		await n8n.waitForExecutions(DONATION_FLOW_ID, 1);
		expect(outcome(DONATION_FLOW_ID)).toEqual({ status: 'success' });
		expect(fake.contacts).toHaveLength(1);
		expect(fake.contacts[0]).toMatchObject({ type: 'P', name: 'Beate Beispiel', gender: 'F', email: 'beate@example.ch' });
		expect(fake.contact(fake.contacts[0].id as number)).toMatchObject({ main_address: { street: 'Bahnhofstrasse', street_no: '12', postcode: '8001', city: 'Zürich', country: 'CH' } });
		expect(fake.invoices).toHaveLength(1);
		const invoice = fake.invoice(fake.invoices[0].id as number)!;
		expect(invoice).toMatchObject({ currency: 'EUR', total: 100, total_paid: 100, status: 'P', notes: expect.stringContaining('[payment FB-8594200]') });
		const [item] = itemsOf(latestRun(n8n, DONATION_FLOW_ID).data, 'Invoice From Event');
		expect(item.json).toMatchObject({ id: invoice.id, findOrCreate: 'created', status: 'P', contact: { findOrCreate: 'created', email: 'beate@example.ch' }, payment: { amount: 100 } });
		expect(item.pairedItem).toEqual({ item: 0 });
		expect(fake.sentEmails).toEqual([expect.objectContaining({ invoiceId: invoice.id, receipt: true, recipients: [expect.objectContaining({ email: 'beate@example.ch' })] })]);
		const [pdf] = itemsOf(latestRun(n8n, DONATION_FLOW_ID).data, 'Receipt PDF') as Array<{ json: Record<string, unknown>; binary?: Record<string, { mimeType: string; fileName: string; fileSize: string }> }>;
		expect(pdf.binary?.receipt).toMatchObject({ mimeType: 'application/pdf', fileName: `invoice-${String(invoice.number)}.pdf` });

		// FundraisingBox redelivers the same request (same request id): nothing new in SmartBusiness.
		await postDonation('sb-req-1');
		const rows = await n8n.waitForExecutions(DONATION_FLOW_ID, 2);
		expect(rows.every((row) => row.status === 'success')).toBe(true);
		expect(fake.contacts).toHaveLength(1);
		expect(fake.invoices).toHaveLength(1);
		expect(fake.invoice(invoice.id as number)!.payments).toHaveLength(1);
		expect(fake.sentEmails).toHaveLength(1);
		expect(itemsOf(latestRun(n8n, DONATION_FLOW_ID).data, 'Invoice From Event')[0].json).toMatchObject({ id: invoice.id, findOrCreate: 'found', contact: { findOrCreate: 'found' } });

		// Another webhook about the same donation (FundraisingBox sends several per donation): nothing new.
		await postDonation('sb-req-2');
		await n8n.waitForExecutions(DONATION_FLOW_ID, 3);
		expect(fake.invoices).toHaveLength(1);
		expect(fake.sentEmails).toHaveLength(1);

		// A new donation of the same donor: the same contact, a second invoice.
		await postDonation('sb-req-3', 8594201);
		await n8n.waitForExecutions(DONATION_FLOW_ID, 4);
		expect(fake.contacts).toHaveLength(1);
		expect(fake.invoices).toHaveLength(2);
	});

	it('creates, updates, reads and finds a contact (main address through its own endpoint)', async () => {
		const reply = await run('sb-contact-crud', { company: 'Garage Zylinder AG', email: 'info@zylinder.example' });
		expect(reply.status).toBe(200);
		const created = fake.contacts.find((contact) => contact.name === 'Garage Zylinder AG')!;
		expect(fake.contact(created.id as number)).toMatchObject({
			type: 'C',
			relation: ['CL'],
			communication_language: 'fr',
			phone: '+41 31 123 45 67',
			main_address: { street: 'Thalwilstrasse', street_no: '4', postcode: '2503', city: 'Biel', country: 'CH' },
		});
		expect(apiCalls().some((call) => call.method === 'PUT' && call.path === `/v2/contacts/${String(created.id)}/addresses/${String(created.main_address_id)}`)).toBe(true);
		expect(reply.body).toEqual([expect.objectContaining({ id: created.id, email: 'info@zylinder.example', main_address: expect.objectContaining({ city: 'Biel' }) })]);
	});

	it('pages through 450 contacts at 200 per request, or asks for just the limit', async () => {
		fake.reset();
		fake.seedContacts(450);
		const all = await run('sb-contact-list', { returnAll: true });
		expect(all.body).toHaveLength(450);
		const pages = apiCalls().filter((call) => call.path === '/v2/contacts');
		expect(pages.map((call) => [call.query.limit, call.query.offset])).toEqual([
			['200', '0'],
			['200', '200'],
			['200', '400'],
		]);
		fake.calls.length = 0;
		const some = await run('sb-contact-list', { returnAll: false, limit: 7 });
		expect(some.body).toHaveLength(7);
		expect(apiCalls().map((call) => call.query.limit)).toEqual(['7']);
	});

	it('stops with a clear error when SmartBusiness ignores `offset` (the first 200 again, same next link): two requests, no endless loop', async () => {
		fake.reset();
		fake.seedContacts(450);
		fake.ignorePaging = true;
		const reply = await run('sb-contact-list', { returnAll: true });
		fake.ignorePaging = false;
		expect(reply.status).toBeGreaterThanOrEqual(400);
		expect(apiCalls().filter((call) => call.path === '/v2/contacts').map((call) => call.query.offset)).toEqual(['0', '200']);
		expect(outcome('sbContactList001')).toEqual({
			status: 'error',
			error: 'SmartBusiness /contacts: page 2 has the same paging position as page 1; the API ignores paging, so the read stopped.',
		});
	});

	it('renews a token that expires in the middle of a run, without failing it', async () => {
		fake.reset();
		fake.seedContacts(450);
		const tokensBefore = fake.tokensIssued;
		fake.expireTokensBeforeRequest(2);
		const reply = await run('sb-contact-list', { returnAll: true });
		expect(reply.body).toHaveLength(450);
		expect(fake.tokensIssued).toBe(tokensBefore + 1);
		expect(apiCalls().map((call) => call.status)).toEqual([200, 401, 200, 200]);
	});

	it('waits out a 429 until the rate limit resets, and repeats a GET after a 503', async () => {
		fake.reset();
		fake.seedContacts(3);
		fake.failNext(1, 429, { resetSeconds: 1 });
		const started = Date.now();
		const limited = await run('sb-contact-list', { returnAll: true });
		expect(limited.body).toHaveLength(3);
		expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
		fake.calls.length = 0;
		fake.failNext(2, 503);
		const offline = await run('sb-contact-list', { returnAll: true });
		expect(offline.body).toHaveLength(3);
		expect(apiCalls().map((call) => call.status)).toEqual([503, 503, 200]);
	});

	it('finds or creates by customer number from the event, and says what an event lacks', async () => {
		fake.reset();
		const order = digistoreOrder();
		const first = await run('sb-find-or-create', order);
		expect(first.body).toEqual([expect.objectContaining({ number: 'DS24-333222', findOrCreate: 'created', type: 'P', gender: 'F' })]);
		const again = await run('sb-find-or-create', order);
		expect(again.body).toEqual([expect.objectContaining({ number: 'DS24-333222', findOrCreate: 'found' })]);
		expect(fake.contacts).toHaveLength(1);

		// A new buyer without a street cannot become a contact: the item says what is missing.
		const withoutStreet = (email: string) => ({ ...order, contact: { ...order.contact, email, address: { ...order.contact.address, street: null } } });
		await run('sb-event-invoice', withoutStreet('new.buyer@example.org'));
		expect(outcome('sbEventInvoice01').error).toContain('has no street in its address');
		await run('sb-event-invoice', { ...order, event: 'payment.refunded', contact: { ...order.contact, email: 'other@example.org' } });
		expect(outcome('sbEventInvoice01').error).toContain('is "payment.refunded", not a payment');
		expect(fake.contacts).toHaveLength(1);
		expect(fake.invoices).toHaveLength(0);
		// A known buyer needs no address in the event: the contact is found and invoiced.
		await run('sb-event-invoice', withoutStreet(order.contact.email!));
		expect(outcome('sbEventInvoice01')).toEqual({ status: 'success' });
		expect(fake.invoices).toEqual([expect.objectContaining({ contact_id: fake.contacts[0].id, notes: expect.stringContaining('[payment DS24-3999938]') })]);
	});

	it('skips test events by default (the item says so, nothing is written); with Include Test Events on, writes them', async () => {
		fake.reset();
		const testOrder = digistoreOrder('test');
		expect(testOrder.testMode).toBe(true);
		const skipped = await run('sb-test-mode', testOrder);
		expect(skipped.body).toEqual([expect.objectContaining({ skipped: true, eventId: testOrder.eventId, testMode: true, reason: expect.stringContaining('Include Test Events') })]);
		expect(itemsOf(latestRun(n8n, 'sbTestModeSkip01').data, 'Invoice From Event')[0].pairedItem).toEqual({ item: 0 });
		const contactSkipped = await run('sb-find-or-create', testOrder);
		expect(contactSkipped.body).toEqual([expect.objectContaining({ skipped: true, eventId: testOrder.eventId })]);
		expect({ contacts: fake.contacts.length, invoices: fake.invoices.length, apiCalls: apiCalls().length }).toEqual({ contacts: 0, invoices: 0, apiCalls: 0 });

		const written = await run('sb-test-mode-included', testOrder);
		expect(written.body).toEqual([expect.objectContaining({ findOrCreate: 'created', status: 'P', contact: expect.objectContaining({ findOrCreate: 'created' }) })]);
		expect(fake.contacts).toHaveLength(1);
		expect(fake.invoices).toEqual([expect.objectContaining({ total_paid: 49, notes: expect.stringContaining('[payment DS24-') })]);
	});

	it.each([
		['ignore', 'honoured'],
		['refuse', 'honoured'],
		['refuse', 'ignore'],
		['refuse', 'refuse'],
		['ignore', 'refuse'],
	] as const)('stays idempotent when SmartBusiness %ss the contact_id and email filters (full-text search: %s)', async (behaviour, search) => {
		fake.reset();
		fake.seedContacts(3);
		fake.addInvoice({ contact_id: fake.contacts[0].id, notes: 'an invoice of another contact' });
		fake.setFilterBehaviour('contact_id', behaviour);
		fake.setFilterBehaviour('email', behaviour);
		fake.setFilterBehaviour('q', search === 'honoured' ? undefined : search);
		try {
			const live = digistoreOrder();
			const order = { ...live, contact: { ...live.contact, salutation: 'Herr' } };
			for (let delivery = 1; delivery <= 2; delivery++) {
				const reply = await run('sb-event-invoice', order);
				expect(outcome('sbEventInvoice01')).toEqual({ status: 'success' });
				expect(reply.body).toEqual([expect.objectContaining({ findOrCreate: delivery === 1 ? 'created' : 'found', contact: expect.objectContaining({ email: order.contact.email }) })]);
			}
			expect(fake.contacts).toHaveLength(4);
			expect(fake.invoices).toHaveLength(2);
			expect(fake.invoices[1]).toMatchObject({ contact_id: fake.contacts[3].id });

			const donor = { ...order, eventId: 'digistore24:x:on_payment', contact: { ...order.contact, email: 'zweite.kaeuferin@example.org' } };
			expect((await run('sb-find-by-email', donor)).body).toEqual([expect.objectContaining({ findOrCreate: 'created', email: 'zweite.kaeuferin@example.org' })]);
			expect((await run('sb-find-by-email', donor)).body).toEqual([expect.objectContaining({ findOrCreate: 'found', email: 'zweite.kaeuferin@example.org' })]);
			expect(fake.contacts).toHaveLength(5);
		} finally {
			for (const key of ['contact_id', 'email', 'q']) fake.setFilterBehaviour(key, undefined);
		}
	});

	it('names each field SmartBusiness rejects; with continue-on-fail the other items go through', async () => {
		fake.reset();
		const reply = await run('sb-continue-on-fail', {
			people: [
				{ name: 'Hans Muster', postcode: '4051', email: 'hans@example.ch' },
				{ name: 'Fritz Fehler', postcode: '4051', email: 'not-an-email' },
			],
		});
		expect(reply.status).toBe(200);
		const [ok, failed] = reply.body as Array<Record<string, unknown>>;
		expect(ok).toMatchObject({ name: 'Hans Muster' });
		expect(failed.error).toMatch(/^SmartBusiness rejected email: .+\(1103\)$/);
		expect(failed.fieldErrors).toEqual([expect.objectContaining({ field: 'email', code: 1103 })]);
		expect(fake.contacts).toHaveLength(1);
	});

	it('creates an invoice with positions and a QR slip, sends it by post, records two payments until paid', async () => {
		fake.reset();
		const contact = fake.addContact({ name: 'Ursula Buchmüller', type: 'P', gender: 'F', email: 'ursula@example.ch' });
		const reply = await run('sb-invoice-life', { contactId: contact.id });
		expect(outcome('sbInvoiceLife001')).toEqual({ status: 'success' });
		const [invoice] = fake.invoices;
		expect(fake.invoice(invoice.id as number)).toMatchObject({
			contact_id: contact.id,
			contact_address_id: contact.main_address_id,
			date: '2026-11-20',
			due: '2026-11-30',
			total: 100,
			total_paid: 100,
			status: 'P',
			isr_id: 380627389,
			isr_position: 'F',
			isr_reference_number: expect.stringMatching(/^\d{27}$/),
			notes: 'Mitglied 2026, per Post',
			positions: [expect.objectContaining({ name: 'Mitgliederbeitrag', price: 80 }), expect.objectContaining({ name: 'Jahresbericht', amount: 2, catalog_type: 'P' })],
		});
		expect(fake.sentLetters).toEqual([expect.objectContaining({ invoiceId: invoice.id, palette: 'BW', print: 'S', speed: 'E' })]);
		const { data } = latestRun(n8n, 'sbInvoiceLife001');
		expect(itemsOf(data, 'Pay the Rest')[0].json).toMatchObject({ amount: 60, invoice_id: invoice.id });
		expect(itemsOf(data, 'Payments').map((item) => item.json.amount)).toEqual(expect.arrayContaining([40, 60]));
		expect(reply.body).toEqual([expect.objectContaining({ id: invoice.id, status: 'P', positions: expect.any(Array) })]);
	});

	it('names the invoice field SmartBusiness rejects, and says when the plan limit is reached', async () => {
		fake.reset();
		const contact = fake.addContact({ name: 'Max Muster', type: 'P', gender: 'M' });
		await run('sb-invoice-errors', { contactId: contact.id, unitId: 999 });
		const created = () => itemsOf(latestRun(n8n, 'sbInvoiceError01').data, 'Create Invoice')[0].json;
		const failed = created();
		expect(failed.error).toMatch(/^SmartBusiness rejected positions\.0\.unit_id: /);
		expect(failed.fieldErrors).toEqual([expect.objectContaining({ field: 'positions.0.unit_id' })]);

		const ok = await run('sb-invoice-errors', { contactId: contact.id, unitId: 7 });
		expect(ok.body).toEqual([expect.objectContaining({ deleted: true })]);
		expect(fake.invoices).toHaveLength(0);

		fake.documentLimit = 0;
		try {
			await run('sb-invoice-errors', { contactId: contact.id, unitId: 7 });
			expect(created().error).toBe("Your SmartBusiness plan's limit is reached: documents (limit 0)");
		} finally {
			fake.documentLimit = undefined;
		}
	});

	it('adds a contact person to a company, changes their phone, lists them and addresses an invoice to them; deletes them', async () => {
		fake.reset();
		const company = fake.addContact({ type: 'C', name: 'Autogarage Frei AG', email: 'info@autogarage-frei.example' });
		const reply = await run('sb-contact-people', { contactId: company.id });
		expect(outcome('sbContactPeople1')).toEqual({ status: 'success' });
		const people = fake.contact(company.id as number)!.people as Array<Record<string, unknown>>;
		expect(people).toEqual([
			expect.objectContaining({ name: 'Max', surname: 'Mustermann', gender: 'M', email: 'max.mustermann@example.com', department: 'Buchhaltung', default: true, show_department: true, phone: '+41 79 123 45 67' }),
		]);
		const person = people[0];
		const { data } = latestRun(n8n, 'sbContactPeople1');
		expect(itemsOf(data, 'Create Person').map((item) => item.json)).toEqual([expect.objectContaining({ id: person.id, contact_id: company.id, phone: null })]);
		expect(itemsOf(data, 'List People').map((item) => item.json)).toEqual([expect.objectContaining({ id: person.id, contact_id: company.id, phone: '+41 79 123 45 67' })]);
		expect(fake.invoices).toHaveLength(1);
		const invoice = fake.invoice(fake.invoices[0].id as number)!;
		expect(invoice).toMatchObject({ contact_id: company.id, contact_address_id: company.main_address_id, contact_person_id: person.id, total: 500, status: 'DR' });
		expect(reply.body).toEqual([expect.objectContaining({ id: invoice.id, contact_person_id: person.id })]);
		expect(apiCalls().some((call) => call.method === 'PUT' && call.path === `/v2/contacts/${String(company.id)}/people/${String(person.id)}`)).toBe(true);

		const deleted = await run('sb-contact-people-delete', { contactId: company.id, personId: person.id });
		expect(deleted.body).toEqual([{ contactId: company.id, id: person.id, deleted: true }]);
		expect(fake.contact(company.id as number)!.people).toEqual([]);
		await run('sb-contact-people-delete', { contactId: company.id, personId: person.id });
		expect(outcome('sbContactPeople2')).toMatchObject({ status: 'error', error: expect.stringContaining(`SmartBusiness found no contact_people at /contacts/${String(company.id)}/people/${String(person.id)}`) });
	});

	it('loads the dropdowns and the contact search from the API through n8n', async () => {
		fake.reset();
		fake.addContact({ name: 'Zora Zahler', email: 'zora@example.ch' });
		fake.addContact({ name: 'Anna Andere', email: 'anna@example.ch' });
		const ask = async (kind: 'options' | 'resource-locator-results', body: Record<string, unknown>) =>
			await n8n.dynamicParameters(kind, {
				nodeTypeAndVersion: { name: nodeType('smartBusiness'), version: 1 },
				credentials: credentialRef(credential()),
				...body,
			});
		const invoiceParameters = { resource: 'invoice', operation: 'createFromEvent' };
		const units = (await ask('options', { path: 'unitId', methodName: 'getUnits', currentNodeParameters: invoiceParameters })) as Array<{ name: string; value: number }>;
		expect(units).toEqual(expect.arrayContaining([expect.objectContaining({ value: 7, name: expect.stringContaining('(7)') })]));
		const slips = (await ask('options', { path: 'options.isr_id', methodName: 'getPaymentSlips', currentNodeParameters: invoiceParameters })) as Array<{ value: number }>;
		expect(slips.map((slip) => slip.value).sort()).toEqual([380627389, 380627390]);
		const accounts = (await ask('options', { path: 'options.bank_account_id', methodName: 'getBankAccounts', currentNodeParameters: invoiceParameters })) as Array<{ name: string }>;
		expect(accounts.map((account) => account.name)).toEqual(expect.arrayContaining([expect.stringContaining('Spendenkonto PostFinance')]));
		const found = (await ask('resource-locator-results', {
			path: 'contactId',
			methodName: 'searchContacts',
			filter: 'zora',
			currentNodeParameters: { resource: 'contact', operation: 'get' },
		})) as { results: Array<{ name: string; value: string }> };
		expect(found.results).toEqual([expect.objectContaining({ name: expect.stringContaining('Zora Zahler'), value: expect.any(String) })]);
	});

	it('authorization code: connects through n8n\'s OAuth2 flow and renews with the single-use refresh token', async () => {
		fake.reset();
		fake.seedContacts(3);
		const session = await n8n.ownerSession();
		const notConnected = await run('sb-code-grant');
		expect(outcome('sbCodeGrantList1').error).toContain('GET /contacts was not sent. For Authorization Code, open the credential and connect it.');
		expect(notConnected.status).toBe(500);

		// What the editor's "Connect" button does: n8n's authorize URL → SmartBusiness → n8n's callback.
		const auth = await fetch(`${n8n.baseUrl}/rest/oauth2-credential/auth?id=${codeCredential().id}`, { headers: session });
		expect(auth.status).toBe(200);
		const authUri = ((await auth.json()) as { data: string }).data;
		expect(authUri.startsWith(`${fake.baseUrl}/auth/authorize?`)).toBe(true);
		const authorize = await fetch(authUri, { redirect: 'manual' });
		expect(authorize.status).toBe(302);
		const callback = await fetch(authorize.headers.get('location')!, { headers: session });
		expect(callback.status).toBe(200);

		const tokensBefore = fake.tokensIssued;
		expect((await run('sb-code-grant')).body).toHaveLength(3);
		fake.expireAllTokens();
		expect((await run('sb-code-grant')).body).toHaveLength(3);
		expect(fake.tokensIssued).toBe(tokensBefore + 1);
		const grants = fake.calls.filter((call) => call.path === '/v2/auth/access-tokens').map((call) => (call.body as Record<string, string>).grant_type);
		expect(grants).toEqual(['authorization_code', 'refresh_token']);
	});

	it('tests the credential with GET /auth/profile: passes with the profile scope, fails without it', async () => {
		const testCredential = async (scope: string) => {
			// Each its own saved credential, so n8n fetches a token for exactly these scopes.
			const { id, name, type, data } = scope.includes('profile') ? credential() : noProfileCredential();
			const response = await fetch(`${n8n.baseUrl}/rest/credentials/test`, {
				method: 'POST',
				headers: { ...(await n8n.ownerSession()), 'content-type': 'application/json' },
				body: JSON.stringify({ credentials: { id, name, type, data: { ...data, scope } } }),
			});
			return ((await response.json()) as { data: { status: string; message: string } }).data;
		};
		expect(await testCredential('profile contact invoice configuration')).toMatchObject({ status: 'OK' });
		expect(apiCalls().at(-1)).toMatchObject({ method: 'GET', path: '/v2/auth/profile', status: 200 });
		const withoutProfile = await testCredential('contact invoice configuration');
		expect({ withoutProfile, calls: apiCalls().slice(-2).map((call) => [call.path, call.status]) }).toMatchObject({ withoutProfile: { status: 'Error' }, calls: [expect.anything(), ['/v2/auth/profile', 403]] });
	});

	it('never shows the client secret or a token in any output', async () => {
		const everything = [...replies, JSON.stringify(latestRun(n8n, DONATION_FLOW_ID).data)].join('\n');
		expect(everything).not.toContain(CLIENT_SECRET);
		expect(everything).not.toMatch(/Bearer\s+[A-Za-z0-9._-]{20,}/);
	});
});
