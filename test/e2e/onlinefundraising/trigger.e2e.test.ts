/**
 * OnlineFundraising Trigger inside a real n8n, against the fake OnlineFundraising API: a webhook
 * array becomes one execution with one item per object, entities are fetched from the API, filtered
 * events start nothing, refused requests start nothing, and every accepted request is answered 200.
 */
import { randomUUID } from 'crypto';
import { MAX_RESOLVES_IN_FLIGHT } from '../../../nodes/OnlineFundraising/trigger/entityResolution';
import { MAX_WEBHOOK_OBJECTS } from '../../../nodes/OnlineFundraising/trigger/payload';
import { FakeOnlineFundraisingApi } from '../../fakes/onlineFundraisingApi';
import { N8nInstance, type CredentialSpec, type WorkflowSpec } from '../../../tools/n8n/n8n';
import { nodeType, TRIGGER_NODE_NAME, triggerWorkflow } from '../../../tools/n8n/workflows';
import { credentialRef } from '../helpers/digistore24';
import { send } from '../helpers/http';
import { salesforceCredential, salesforceOrg } from '../helpers/templates';

const API_KEY = '5664792646e1f55f959caa7d3729bf79'.repeat(2);
const fake = new FakeOnlineFundraisingApi({ apiKey: API_KEY });
const salesforce = salesforceOrg();
let credential: CredentialSpec;
let n8n: N8nInstance;

const workflow = (id: string, webhookId: string, parameters: Record<string, unknown>, withCredential = true) =>
	triggerWorkflow({ id, name: id, type: 'onlineFundraisingTrigger', webhookId, parameters, ...(withCredential ? { credentials: credentialRef(credential) } : {}) });

let ALL: ReturnType<typeof workflow>;
let PAYMENTS: ReturnType<typeof workflow>;
let UNRESOLVED: ReturnType<typeof workflow>;
let ALLOWLIST: ReturnType<typeof workflow>;
let TO_SALESFORCE: WorkflowSpec;

/** Trigger (every event) → Salesforce Mapper writing Contacts matched by Email: a sink whose records a forged event must not change. */
const toSalesforce = (salesforceSpec: CredentialSpec): WorkflowSpec =>
	triggerWorkflow({
		id: 'ofToSalesforce01',
		name: 'ofToSalesforce01',
		type: 'onlineFundraisingTrigger',
		webhookId: 'of-to-salesforce',
		parameters: { events: ['*'] },
		credentials: credentialRef(credential),
		then: [
			{
				name: 'Salesforce Mapper',
				type: nodeType('salesforceMapper'),
				typeVersion: 1,
				parameters: { operation: 'write', contactKeyField: 'Email', opportunityKeyField: 'Name', contactLinkField: 'ContactId', stages: {}, options: { recurringDonations: false } },
				credentials: credentialRef(salesforceSpec),
			},
		],
	});

beforeAll(async () => {
	await fake.start();
	await salesforce.start();
	credential = { id: 'ofApiE2e00000001', name: 'OnlineFundraising (fake)', type: 'onlineFundraisingApi', data: { baseUrl: fake.baseUrl, apiKey: API_KEY } };
	const salesforceSpec = salesforceCredential('ofTriggerSfCred1', salesforce);
	ALL = workflow('ofAllEvents00001', 'of-all', { events: ['*'] });
	PAYMENTS = workflow('ofPaymentsOnly01', 'of-payments', { events: ['payment.charged', 'payment.refunded'] });
	UNRESOLVED = workflow('ofNoCredential01', 'of-no-credential', { events: ['*'] }, false);
	ALLOWLIST = workflow('ofAllowlist00001', 'of-allowlist', { events: ['*'], triggerOptions: { ipAllowlist: '63.182.150.245, 3.68.254.130' } });
	TO_SALESFORCE = toSalesforce(salesforceSpec);
	n8n = await N8nInstance.start({ name: 'of-trigger', credentials: [credential, salesforceSpec], workflows: [ALL, PAYMENTS, UNRESOLVED, ALLOWLIST, TO_SALESFORCE] });
});

afterAll(async () => {
	await n8n?.dispose();
	await fake.stop();
	await salesforce.stop();
});

const JSON_HEADERS = { 'content-type': 'application/json' };
const settle = async () => await new Promise((resolve) => setTimeout(resolve, 300));
const count = (workflowId: string) => n8n.executions(workflowId).length;

function webhookObject(entityType: string, eventType: string, entityGuid: string) {
	return { merchantId: 'onlinefundraising', webhookEventGuid: randomUUID(), webhookGuid: randomUUID(), webhookAttemptGuid: randomUUID(), entityGuid, entityType, eventType };
}

const post = async (webhookId: string, body: unknown, headers: Record<string, string> = JSON_HEADERS) =>
	await send(n8n.webhookUrl(webhookId), { body: typeof body === 'string' ? body : JSON.stringify(body), headers });

/** Posts a batch to the every-event workflow, expects it acknowledged, and returns the items of the execution it started. */
async function emitted(objects: unknown[]) {
	const before = count(ALL.id);
	expect(await post('of-all', objects)).toMatchObject({ status: 200, body: 'OK' });
	const rows = await n8n.waitForExecutions(ALL.id, before + 1);
	return n8n.nodeOutput(rows[rows.length - 1].id, TRIGGER_NODE_NAME);
}

describe('OnlineFundraising Trigger in n8n', () => {
	it('turns an array of two webhooks into one execution with two items carrying the fetched entities', async () => {
		const contact = fake.addContact({ firstName: 'Jens', lastName: 'Jensen', email: 'jens@example.dk' });
		const agreement = fake.addAgreement({ amountTotal: 125.0, currencyCode: 'DKK' });
		const subscription = fake.addSubscription({ contactGuid: contact.contactGuid, agreementGuid: agreement.agreementGuid });
		const payment = fake.addPayment({ contactGuid: contact.contactGuid, subscriptionGuid: subscription.subscriptionGuid, agreementGuid: agreement.agreementGuid, amountTotal: 125.0, currencyCode: 'DKK' });
		const objects = [webhookObject('contact', 'created', String(contact.contactGuid)), webhookObject('payment', 'charged', String(payment.paymentGuid))];

		const reply = await post('of-all', objects);
		expect(reply.status).toBe(200);
		const [execution] = await n8n.waitForExecutions(ALL.id, 1);
		const items = n8n.nodeOutput(execution.id, TRIGGER_NODE_NAME);
		expect(items).toHaveLength(2);
		expect(items[0]).toMatchObject({
			source: 'onlinefundraising',
			event: 'contact.created',
			eventId: `onlinefundraising:${objects[0].webhookEventGuid}`,
			contact: { id: contact.contactGuid, firstName: 'Jens', email: 'jens@example.dk' },
			vendor: { webhook: objects[0], entity: { contactGuid: contact.contactGuid } },
		});
		expect(items[1]).toMatchObject({
			event: 'payment.succeeded',
			vendorEvent: 'payment.charged',
			amount: '125.00',
			currency: 'DKK',
			payment: { id: payment.paymentGuid, orderId: subscription.subscriptionGuid },
			// The rhythm is the agreement's (scheduleType Monthly, every 1 Month), read once.
			subscription: { id: subscription.subscriptionGuid, interval: 'monthly' },
			contact: { id: contact.contactGuid },
		});
		// The entities came from the API, with the key.
		const fetched = fake.calls.filter((call) => call.method === 'GET').map((call) => call.path);
		expect(fetched.some((path) => path.endsWith(`/contact/${String(contact.contactGuid)}`))).toBe(true);
		expect(fetched.some((path) => path.endsWith(`/payment/${String(payment.paymentGuid)}`))).toBe(true);
		expect(fetched.filter((path) => path.endsWith(`/agreement/${String(agreement.agreementGuid)}`))).toHaveLength(1);
		expect(JSON.stringify(items)).not.toContain(API_KEY);
	});

	it('refuses a webhook whose entity OnlineFundraising does not know (forged) with 400, and keeps the real ones of a batch', async () => {
		const before = count(ALL.id);
		const forged = await post('of-all', [webhookObject('payment', 'charged', randomUUID())]);
		expect(forged).toMatchObject({ status: 400, body: 'No entity of this webhook exists in OnlineFundraising' });
		const contact = fake.addContact({ firstName: 'Mette' });
		const mixed = await post('of-all', [webhookObject('payment', 'charged', randomUUID()), webhookObject('contact', 'updated', String(contact.contactGuid))]);
		expect(mixed.status).toBe(200);
		const rows = await n8n.waitForExecutions(ALL.id, before + 1);
		await new Promise((resolve) => setTimeout(resolve, 300));
		expect(count(ALL.id)).toBe(before + 1);
		expect(n8n.nodeOutput(rows[rows.length - 1].id, TRIGGER_NODE_NAME).map((item) => item.vendorEvent)).toEqual(['contact.updated']);
	});

	it('filters events: a batch of unselected events is answered 200 and starts nothing; selected ones of a batch pass', async () => {
		const payment = fake.addPayment({ amountTotal: 50.0, currencyCode: 'DKK' });
		expect((await post('of-payments', [webhookObject('contact', 'created', String(fake.addContact().contactGuid))])).status).toBe(200);
		expect((await post('of-payments', [webhookObject('payment', 'created', String(payment.paymentGuid)), webhookObject('payment', 'charged', String(payment.paymentGuid))])).status).toBe(200);
		const rows = await n8n.waitForExecutions(PAYMENTS.id, 1);
		await new Promise((resolve) => setTimeout(resolve, 300));
		expect(count(PAYMENTS.id)).toBe(1);
		expect(n8n.nodeOutput(rows[0].id, TRIGGER_NODE_NAME).map((item) => item.vendorEvent)).toEqual(['payment.charged']);
	});

	it('without a credential emits the references only, each labelled unverified', async () => {
		const object = webhookObject('subscription', 'onHold', randomUUID());
		expect((await post('of-no-credential', [object])).status).toBe(200);
		const [row] = await n8n.waitForExecutions(UNRESOLVED.id, 1);
		expect(n8n.nodeOutput(row.id, TRIGGER_NODE_NAME)[0]).toMatchObject({
			event: 'subscription.updated',
			subscription: { id: object.entityGuid },
			vendor: { entity: null },
			unverified: expect.stringMatching(/^Not checked against OnlineFundraising/),
		});
	});

	it('refuses malformed bodies with 400 and addresses outside the allowlist with 403, starting nothing', async () => {
		const before = count(ALL.id);
		const cases: Array<[string, string, number, RegExp]> = [
			['malformed JSON', '[{"entityType": ', 400, /^Malformed JSON/],
			['empty array', '[]', 400, /Empty webhook array/],
			['missing reference', JSON.stringify([{ entityType: 'contact', eventType: 'created' }]), 400, /no valid webhookEventGuid/],
			['empty body', '', 400, /Empty request body/],
		];
		for (const [label, body, status, reason] of cases) {
			const reply = await post('of-all', body);
			expect({ label, status: reply.status }).toEqual({ label, status });
			expect(reply.body).toMatch(reason);
		}
		const blocked = await post('of-allowlist', [webhookObject('contact', 'created', String(fake.addContact().contactGuid))]);
		expect(blocked).toMatchObject({ status: 403, body: 'IP address not allowed' });
		await new Promise((resolve) => setTimeout(resolve, 300));
		expect(count(ALL.id)).toBe(before);
		expect(count(ALLOWLIST.id)).toBe(0);
	});

	it('an archive or merge webhook whose entity the API no longer returns (404) is acknowledged and emitted as an unverified reference, not lost', async () => {
		const target = fake.addContact({ firstName: 'Beholdt', email: 'kept@example.dk' });
		const merged = fake.addContact({ firstName: 'Dublet', email: 'kept@example.dk' });
		const archived = fake.addContact({ firstName: 'Arkiveret' });
		const agreement = fake.addAgreement({ name: 'Old membership' });
		fake.archiveContact(String(merged.contactGuid), String(target.contactGuid));
		fake.archiveContact(String(archived.contactGuid));
		fake.archiveAgreement(String(agreement.agreementGuid));
		const objects = [
			webhookObject('contact', 'merged', String(merged.contactGuid)),
			webhookObject('contact', 'archived', String(archived.contactGuid)),
			webhookObject('agreement', 'archived', String(agreement.agreementGuid)),
		];
		const items = await emitted(objects);
		expect(items.map((item) => item.vendorEvent)).toEqual(['contact.merged', 'contact.archived', 'agreement.archived']);
		items.forEach((item, index) => {
			expect(item).toMatchObject({
				event: 'other',
				eventId: `onlinefundraising:${objects[index].webhookEventGuid}`,
				contact: null,
				amount: null,
				product: null,
				unverified: expect.stringMatching(/^OnlineFundraising answered 404 for this (contact|agreement)/),
				vendor: { webhook: objects[index], entity: null },
			});
		});
		// The API was asked: the GUIDs are exactly what OnlineFundraising no longer returns.
		expect(fake.calls.filter((call) => call.path.endsWith(`/contact/${String(merged.contactGuid)}`)).map((call) => call.status)).toEqual([404]);
	});

	it('a forged archive or merge webhook cannot change a sink’s record; other forged references are still refused', async () => {
		const existing = salesforce.addRecord('Contact', { FirstName: 'Karen', LastName: 'Holm', Email: 'karen@example.dk', MailingCity: 'Odense' });
		const contactBefore = salesforce.record('Contact', String(existing.Id));
		const forged = [webhookObject('contact', 'merged', randomUUID()), webhookObject('contact', 'archived', randomUUID()), webhookObject('agreement', 'archived', randomUUID())];
		const reply = await post('of-to-salesforce', forged);
		expect(reply.status).toBe(200);
		const [row] = await n8n.waitForExecutions(TO_SALESFORCE.id, 1);
		expect(n8n.nodeOutput(row.id, TRIGGER_NODE_NAME).map((item) => [item.event, item.contact])).toEqual(forged.map(() => ['other', null]));
		expect(n8n.nodeOutput(row.id, 'Salesforce Mapper').map((item) => item.status)).toEqual(['skipped', 'skipped', 'skipped']);
		expect(salesforce.records('Contact')).toEqual([contactBefore]);
		expect(salesforce.calls.filter((call) => !call.auth && call.method !== 'GET')).toEqual([]);

		// A forged reference of any other event is still refused, and starts nothing.
		const refused = await post('of-to-salesforce', [webhookObject('contact', 'updated', randomUUID()), webhookObject('payment', 'charged', randomUUID())]);
		expect(refused).toMatchObject({ status: 400, body: 'No entity of this webhook exists in OnlineFundraising' });
		await new Promise((resolve) => setTimeout(resolve, 300));
		expect(count(TO_SALESFORCE.id)).toBe(1);
	});
});

describe('OnlineFundraising Trigger: a claim the entity’s current state contradicts', () => {
	it('a forged payment.refunded for a real, charged payment is refused with 409 and starts nothing', async () => {
		const payment = fake.addPayment({ amount: 200.0, currencyCode: 'DKK', state: 'Charged' });
		const before = count(ALL.id);
		// Anyone who can reach the URL and knows the GUID claims a refund; the payment is still Charged.
		const forged = await post('of-all', [webhookObject('payment', 'refunded', String(payment.paymentGuid))]);
		expect(forged.status).toBe(409);
		expect(forged.body).toMatch(/^Webhook object 0 \(payment\.refunded\) contradicts OnlineFundraising: the payment's state is Charged/);
		expect(fake.readsOf('payment', String(payment.paymentGuid))).toHaveLength(1);
		await settle();
		expect(count(ALL.id)).toBe(before);
	});

	it('refuses a cancellation of an active, never cancelled subscription and a charge of a pending payment; in a batch only those are dropped', async () => {
		const before = count(ALL.id);
		const subscription = fake.addSubscription({ state: 'Active', cancelledTs: '' });
		const cancelled = await post('of-all', [webhookObject('subscription', 'cancelled', String(subscription.subscriptionGuid))]);
		expect(cancelled.status).toBe(409);
		expect(cancelled.body).toMatch(/^Webhook object 0 \(subscription\.cancelled\) contradicts OnlineFundraising: the subscription's state is Active/);
		const pending = fake.addPayment({ state: 'Pending' });
		const charged = await post('of-all', [webhookObject('payment', 'charged', String(pending.paymentGuid))]);
		expect(charged.status).toBe(409);
		expect(charged.body).toMatch(/^Webhook object 0 \(payment\.charged\) contradicts OnlineFundraising: the payment's state is Pending/);
		await settle();
		expect(count(ALL.id)).toBe(before);

		// As with an unknown entity: a batch keeps its consistent objects and drops the contradicted one.
		const contact = fake.addContact({ firstName: 'Blandet' });
		const paid = fake.addPayment({ state: 'Charged' });
		const mixed = await emitted([webhookObject('payment', 'refunded', String(paid.paymentGuid)), webhookObject('contact', 'updated', String(contact.contactGuid))]);
		expect(mixed.map((item) => item.vendorEvent)).toEqual(['contact.updated']);
	});

	it('a real event delivered late, after its entity moved on, is still emitted; so is a claim about a state value it does not know', async () => {
		// Charged, then refunded before OnlineFundraising's `charged` webhook got through.
		const refunded = fake.addPayment({ state: 'Charged', amount: 75.0, currencyCode: 'DKK' });
		fake.refundPayment(String(refunded.paymentGuid));
		const ended = fake.addSubscription({ state: 'Cancelled', cancelledTs: '2026-12-01 10:00:00 +0100', cancelCode: 100101 });
		const unknownState = fake.addPayment({ state: 'PartiallyRefunded' });
		const noState = fake.addPayment({ state: undefined });
		const objects = [
			webhookObject('payment', 'charged', String(refunded.paymentGuid)),
			webhookObject('payment', 'refunded', String(refunded.paymentGuid)),
			webhookObject('subscription', 'created', String(ended.subscriptionGuid)),
			webhookObject('subscription', 'activated', String(ended.subscriptionGuid)),
			webhookObject('subscription', 'cancelled', String(ended.subscriptionGuid)),
			webhookObject('payment', 'refunded', String(unknownState.paymentGuid)),
			webhookObject('payment', 'refunded', String(noState.paymentGuid)),
		];
		const items = await emitted(objects);
		expect(items.map((item) => [item.vendorEvent, item.event])).toEqual([
			['payment.charged', 'payment.succeeded'],
			['payment.refunded', 'payment.refunded'],
			['subscription.created', 'subscription.created'],
			['subscription.activated', 'subscription.updated'],
			['subscription.cancelled', 'subscription.cancelled'],
			['payment.refunded', 'payment.refunded'],
			['payment.refunded', 'payment.refunded'],
		]);
		expect(items[0]).toMatchObject({ amount: '75.00', vendor: { entity: { state: 'Refunded' } } });
	});
});

describe('OnlineFundraising Trigger under hostile input and a failing API', () => {
	afterEach(() => {
		fake.outage(undefined);
		fake.readDelayMs = 0;
	});

	const many = (count: number, make: () => ReturnType<typeof webhookObject>) => Array.from({ length: count }, make);

	it('1,500 objects about one entity make one API read and one execution with 1,500 items', async () => {
		const guid = String(fake.addContact({ firstName: 'Mange' }).contactGuid);
		const before = count(ALL.id);
		const reply = await post('of-all', many(1500, () => webhookObject('contact', 'updated', guid)));
		expect(reply).toMatchObject({ status: 200, body: 'OK' });
		expect(fake.readsOf('contact', guid)).toHaveLength(1);
		const rows = await n8n.waitForExecutions(ALL.id, before + 1);
		expect(n8n.nodeOutput(rows[rows.length - 1].id, TRIGGER_NODE_NAME)).toHaveLength(1500);
	});

	it('1,500 forged objects are refused with 400, with at most the fixed number of reads in flight; above the cap 413 before any read', async () => {
		const before = count(ALL.id);
		fake.readDelayMs = 5;
		fake.resetLoad();
		const callsBefore = fake.calls.length;
		const started = Date.now();
		const forged = await post('of-all', many(1500, () => webhookObject('payment', 'refunded', randomUUID())));
		const elapsedMs = Date.now() - started;
		expect(forged).toMatchObject({ status: 400, body: 'No entity of this webhook exists in OnlineFundraising' });
		const reads = fake.calls.length - callsBefore;
		expect(reads).toBe(1500);
		expect(fake.maxInFlight).toBeLessThanOrEqual(MAX_RESOLVES_IN_FLIGHT);
		process.stderr.write(`[measured] 1,500 forged objects: ${reads} reads, at most ${fake.maxInFlight} in flight, answered ${forged.status} in ${elapsedMs} ms\n`);

		const callsBeforeCap = fake.calls.length;
		const over = await post('of-all', many(MAX_WEBHOOK_OBJECTS + 1, () => webhookObject('payment', 'refunded', randomUUID())));
		expect(over).toMatchObject({ status: 413, body: `More than ${MAX_WEBHOOK_OBJECTS} webhook objects in one request` });
		expect(fake.calls.length).toBe(callsBeforeCap);
		await settle();
		expect(count(ALL.id)).toBe(before);
	});

	it('while the API answers 503 or 429 or does not answer, the webhook is answered 503 with Retry-After and starts nothing; the retry after it recovers is emitted', async () => {
		const contact = fake.addContact({ firstName: 'Venter' });
		const object = webhookObject('payment', 'refunded', String(fake.addPayment({ contactGuid: contact.contactGuid, state: 'Refunded' }).paymentGuid));
		const before = count(ALL.id);
		for (const failure of [503, 429, 'hang'] as const) {
			fake.outage(failure);
			const reply = await post('of-all', [object, webhookObject('contact', 'updated', String(contact.contactGuid))]);
			expect({ failure, status: reply.status }).toEqual({ failure, status: 503 });
			expect(reply.headers['retry-after']).toMatch(/^\d+$/);
			expect(reply.body).toMatch(/^OnlineFundraising could not be asked/);
		}
		fake.outage(undefined);
		await settle();
		expect(count(ALL.id)).toBe(before);
		// OnlineFundraising's next attempt, once its API answers again: acknowledged and emitted, nothing lost.
		expect((await post('of-all', [object])).status).toBe(200);
		const rows = await n8n.waitForExecutions(ALL.id, before + 1);
		expect(n8n.nodeOutput(rows[rows.length - 1].id, TRIGGER_NODE_NAME)[0]).toMatchObject({ vendorEvent: 'payment.refunded', eventId: `onlinefundraising:${object.webhookEventGuid}` });
	}, 60_000);

	it('`..`, `.` and other non-GUIDs as entityGuid, and names that are not tokens, are refused with 400 before any API call', async () => {
		const before = count(ALL.id);
		const callsBefore = fake.calls.length;
		for (const entityGuid of ['..', '.', '%2e%2e', 'a863d62e-d53b-4651-9b7b-xxxxxxxxxxxx', `${randomUUID()}/..`, ' ']) {
			const reply = await post('of-all', [webhookObject('contact', 'updated', entityGuid)]);
			expect({ entityGuid, status: reply.status, body: reply.body }).toEqual({ entityGuid, status: 400, body: 'Webhook object 0 has no valid entityGuid (a GUID)' });
		}
		for (const [entityType, eventType] of [['..', 'created'], ['contact/..', 'created'], ['contact', '../x']]) {
			const reply = await post('of-all', [webhookObject(entityType, eventType, randomUUID())]);
			expect(reply.status).toBe(400);
		}
		expect(fake.calls.length).toBe(callsBefore);
		await settle();
		expect(count(ALL.id)).toBe(before);
	});
});
