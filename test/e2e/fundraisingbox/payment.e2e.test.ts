/**
 * The FundraisingBox node's Payment resource in a real n8n, against a fake FundraisingBox
 * Payment-API/Session-API built from the documented contract (test/fakes/fundraisingBoxPaymentApi.ts).
 * Each workflow is n8n's Webhook node (answering with the last node's items) → FundraisingBox; the
 * test drives it over HTTP like a donation form or shop backend would.
 */
import { FakeFundraisingBoxPaymentApi } from '../../fakes/fundraisingBoxPaymentApi';
import { freePort, N8nInstance } from '../../../tools/n8n/n8n';
import type { CredentialSpec, WorkflowSpec } from '../../../tools/n8n/n8n';
import { nodeType, triggerWorkflow } from '../../../tools/n8n/workflows';
import { send } from '../helpers/http';

const FORM_HASH = 'e2eForm7f3a9c1d5b2e8f60';
const UNKNOWN_HASH = 'e2eUnknownForm0000000000';
/** A one-off form: no interval field, so FundraisingBox refuses any `interval` ("extra form field"). */
const ONE_OFF_HASH = 'e2eOneOffForm4c2d8e9a1b7f';
const DONOR_IP = '203.0.113.7';
const IBAN = 'DE02120300000000202051';

const fake = new FakeFundraisingBoxPaymentApi({
	[FORM_HASH]: {
		id: 1234,
		name: 'general',
		paymentMethods: ['sepa_direct_debit', 'paypal'],
		donationCustomFields: { 123: 'Einsatzgebiet' },
		projectIds: [4921],
		embedUrl: 'https://www.example.org/spenden',
	},
	[ONE_OFF_HASH]: {
		id: 1235,
		name: 'one-off',
		paymentMethods: ['sepa_direct_debit'],
		omittedFields: ['interval'],
		donationCustomFields: { 123: 'Einsatzgebiet' },
		embedUrl: 'https://www.example.org/einmalig',
	},
});

const credential = (id: string, name: string, formHash: string): CredentialSpec => ({
	id,
	name,
	type: 'fundraisingBoxPaymentApi',
	data: { formHash, baseUrl: '' },
});
const GOOD = credential('fbPayCred000001', 'FundraisingBox form', FORM_HASH);
const BAD = credential('fbPayCred000002', 'FundraisingBox unknown form', UNKNOWN_HASH);
/** The right hash, but nothing listens at its base URL: a failed request must not leak the body. */
const UNREACHABLE = credential('fbPayCred000003', 'FundraisingBox unreachable', FORM_HASH);
const ONE_OFF = credential('fbPayCred000004', 'FundraisingBox one-off form', ONE_OFF_HASH);

const DONATION_VALUES = {
	donor: {
		salutation: '={{ $json.body.salutation ?? "" }}',
		firstName: '={{ $json.body.firstName ?? "" }}',
		lastName: '={{ $json.body.lastName ?? "" }}',
		email: '={{ $json.body.email ?? "" }}',
	},
	bankAccount: { bankAccountOwner: '={{ $json.body.owner ?? "" }}', bankIban: '={{ $json.body.iban ?? "" }}' },
	additionalFields: { projectId: '4921', successRedirectUrl: '={{ $json.body.successUrl ?? "https://www.example.org/danke" }}' },
	customFields: { field: [{ id: '123', value: '={{ $json.body.region ?? "" }}' }] },
};

/** Webhook (answers with all items of the last node) → FundraisingBox node. */
function workflow(id: string, path: string, parameters: Record<string, unknown>, cred: CredentialSpec, continueOnFail = false): WorkflowSpec {
	return triggerWorkflow({
		id,
		name: id,
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		webhookId: `${id}-hook`,
		parameters: { httpMethod: 'POST', path, responseMode: 'lastNode', responseData: 'allEntries', options: {} },
		then: [
			{
				id: `${id}-fb`,
				name: 'FundraisingBox',
				type: nodeType('fundraisingBox'),
				typeVersion: 1,
				parameters: { resource: 'payment', ...parameters },
				credentials: { fundraisingBoxPaymentApi: { id: cred.id, name: cred.name } },
				...(continueOnFail ? { onError: 'continueRegularOutput' } : {}),
			},
		],
	});
}

const PAYMENT = {
	operation: 'create',
	amount: '={{ $json.body.amount }}',
	interval: '={{ $json.body.interval ?? "" }}',
	paymentMethod: '={{ $json.body.method }}',
	donorIp: '={{ $json.body.ip }}',
	...DONATION_VALUES,
};

const WORKFLOWS = {
	pay: workflow('fbPayment00001', 'fb-pay', PAYMENT, GOOD),
	payContinue: workflow('fbPayment00002', 'fb-pay-continue', PAYMENT, GOOD, true),
	payUnknownForm: workflow('fbPayment00003', 'fb-pay-unknown', PAYMENT, BAD),
	payUnreachable: workflow('fbPayment00004', 'fb-pay-unreachable', PAYMENT, UNREACHABLE),
	/** Create Payment as a user sets it up for a one-off form: Interval left as it is. */
	payOneOff: workflow('fbPayment00005', 'fb-pay-one-off', { ...PAYMENT, interval: undefined }, ONE_OFF),
	createSession: workflow(
		'fbSession00001',
		'fb-session-create',
		{
			operation: 'createSession',
			donation: { amount: '={{ $json.body.amount }}', paymentMethod: 'sepa_direct_debit' },
			donor: { salutation: 'Mrs.', title: '', firstName: '={{ $json.body.firstName }}', lastName: '={{ $json.body.lastName }}' },
		},
		GOOD,
	),
	updateSession: workflow(
		'fbSession00002',
		'fb-session-update',
		{
			operation: 'updateSession',
			sessionHash: '={{ $json.body.session }}',
			bankAccount: { bankAccountOwner: '={{ $json.body.owner }}', bankIban: '={{ $json.body.iban }}', bankBic: '' },
			otherFields: {
				field: [
					{ name: 'bank_fields', value: 'iban' },
					{ name: 'bank_account_number', value: '' },
					{ name: 'bank_number', value: '' },
					{ name: 'bank_confirmation', value: '1' },
				],
			},
		},
		GOOD,
	),
	updateSessionPartly: workflow(
		'fbSession00003',
		'fb-session-partly',
		{ operation: 'updateSession', sessionHash: '={{ $json.body.session }}', donor: { firstName: 'Erika' } },
		GOOD,
	),
	paySession: workflow(
		'fbSession00004',
		'fb-session-pay',
		{ operation: 'createFromSession', sessionHash: '={{ $json.body.session }}', donorIp: '={{ $json.body.ip }}' },
		GOOD,
	),
};

let n8n: N8nInstance;
const answers: string[] = [];

/** An item the workflow answers with (the FundraisingBox node's output). */
interface Item {
	[key: string]: unknown;
	redirect_url?: string;
	transaction?: Record<string, unknown>;
	session?: { hash: string } & Record<string, unknown>;
}

async function post(path: string, body: Record<string, unknown>): Promise<{ status: number; json: Item[] }> {
	const reply = await send(`${n8n.baseUrl}/webhook/${path}`, { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
	answers.push(reply.body);
	return { status: reply.status, json: reply.body ? (JSON.parse(reply.body) as Item[]) : [] };
}

/** The error a failed execution stored for the FundraisingBox node. */
function lastExecutionError(workflowId: string): { message: string; description?: string } {
	const executions = n8n.executions(workflowId);
	const last = executions[executions.length - 1];
	const [row] = n8n.query<{ data: { resultData: { error?: { message: string; description?: string } } } }>(
		`SELECT data FROM execution_data WHERE executionId = ${Number(last.id)}`,
		true,
	);
	const error = row?.data?.resultData?.error;
	if (!error) throw new Error(`execution ${last.id} of ${workflowId} has no error (status ${last.status})`);
	return error;
}

const sepaDonation = {
	amount: 25,
	method: 'sepa_direct_debit',
	ip: DONOR_IP,
	salutation: 'Mrs.',
	firstName: 'Erika',
	lastName: 'Musterfrau',
	email: 'erika@example.org',
	owner: 'Erika Musterfrau',
	iban: IBAN,
	region: 'Bayern',
};

beforeAll(async () => {
	await fake.start();
	for (const cred of [GOOD, BAD, ONE_OFF]) cred.data.baseUrl = fake.baseUrl;
	UNREACHABLE.data.baseUrl = `http://127.0.0.1:${await freePort()}/app`;
	n8n = await N8nInstance.start({ name: 'fb-payment', credentials: [GOOD, BAD, UNREACHABLE, ONE_OFF], workflows: Object.values(WORKFLOWS) });
});

afterAll(async () => {
	await n8n?.dispose();
	await fake.stop();
});

describe('FundraisingBox Payment-API', () => {
	it('makes a SEPA direct debit payment and returns the transaction', async () => {
		const { status, json } = await post('fb-pay', sepaDonation);
		expect(status).toBe(200);
		expect(json).toHaveLength(1);
		expect(json[0]).toMatchObject({
			status: 'success',
			payment_status: 'success',
			redirect_url: 'https://www.example.org/danke',
			transaction: {
				status: 'confirmed',
				amount: 25,
				currency: 'EUR',
				fb_type_id: 8,
				fb_project_id: 4921,
				last_name: 'Musterfrau',
				bank_iban: IBAN,
				ip: DONOR_IP,
				mandate_status: 'active',
				fb_donation_custom_fields: [{ id: '123', name: 'Einsatzgebiet', value: 'Bayern' }],
			},
		});
		expect(json[0].transaction?.transaction_id).toMatch(/^FB-T-\d+$/);
		const [call] = fake.callsTo('payment');
		expect(call.contentType).toMatch(/^application\/x-www-form-urlencoded/);
		expect(call.params).toMatchObject({ api: 'json', hash: FORM_HASH, ip: DONOR_IP, 'payment[amount]': '25', 'payment[donation_custom_field_123]': 'Bayern' });
	});

	it('pays on a form without an interval field: the interval is sent only when set', async () => {
		const { status, json } = await post('fb-pay-one-off', sepaDonation);
		if (status !== 200) await n8n.waitForExecutions(WORKFLOWS.payOneOff.id, 1);
		expect({ status, error: status === 200 ? undefined : lastExecutionError(WORKFLOWS.payOneOff.id).message }).toEqual({ status: 200, error: undefined });
		expect(json[0]).toMatchObject({ status: 'success', payment_status: 'success', transaction: { interval: 0, amount: 25, ip: DONOR_IP } });
		const call = fake.callsTo('payment').at(-1)!;
		expect(Object.keys(call.params)).not.toContain('payment[interval]');
		// The form with the interval field: not set, not sent either; FundraisingBox's default (one-off) applies.
		await post('fb-pay', sepaDonation);
		expect(Object.keys(fake.callsTo('payment').at(-1)!.params)).not.toContain('payment[interval]');
	});

	it('returns awaiting with the redirect URL for a PayPal payment', async () => {
		const { status, json } = await post('fb-pay', { amount: 10, interval: 1, method: 'paypal', ip: DONOR_IP, lastName: 'Muster' });
		expect(status).toBe(200);
		expect(json[0]).toMatchObject({ status: 'success', payment_status: 'awaiting', transaction: { status: 'awaiting', fb_type_id: 3, interval: 1 } });
		expect(json[0].redirect_url).toMatch(/^https:\/\/paypal\.provider\.example\/checkout\?token=/);
	});

	it('fails the node with each offending field and FundraisingBox’s message', async () => {
		const before = n8n.executions(WORKFLOWS.pay.id).length;
		const { status } = await post('fb-pay', { amount: 10, interval: 2, method: 'paypal', ip: DONOR_IP });
		expect(status).toBeGreaterThanOrEqual(500);
		await n8n.waitForExecutions(WORKFLOWS.pay.id, before + 1);
		const error = lastExecutionError(WORKFLOWS.pay.id);
		expect(error.message).toBe('FundraisingBox rejected the payment: interval: Ungültig; last_name: Pflichtfeld');
	});

	it('with continue-on-fail emits an error item that keeps the field errors', async () => {
		const { status, json } = await post('fb-pay-continue', { amount: 10, interval: 2, method: 'paypal', ip: DONOR_IP });
		expect(status).toBe(200);
		expect(json).toEqual([
			expect.objectContaining({
				error: 'FundraisingBox rejected the payment: interval: Ungültig; last_name: Pflichtfeld',
				payment_status: 'error',
				errors: { current_fields: { interval: 'Ungültig', last_name: 'Pflichtfeld' }, other_fields: {}, globals: [] },
				fieldErrors: [
					{ field: 'interval', message: 'Ungültig', kind: 'current_fields' },
					{ field: 'last_name', message: 'Pflichtfeld', kind: 'current_fields' },
				],
			}),
		]);
	});

	it('reports the documented error 106 for an unknown form hash', async () => {
		const before = n8n.executions(WORKFLOWS.payUnknownForm.id).length;
		await post('fb-pay-unknown', sepaDonation);
		await n8n.waitForExecutions(WORKFLOWS.payUnknownForm.id, before + 1);
		const error = lastExecutionError(WORKFLOWS.payUnknownForm.id);
		expect(error.message).toBe('FundraisingBox refused the request: error 106 (no config: no form has been found for the given hash)');
		expect(error.description).toContain('Check the form hash');
	});

	it('reports an unreachable Payment-API without the request in the error', async () => {
		await post('fb-pay-unreachable', sepaDonation);
		await n8n.waitForExecutions(WORKFLOWS.payUnreachable.id, 1);
		expect(lastExecutionError(WORKFLOWS.payUnreachable.id).message).toMatch(/^FundraisingBox Payment-API not reachable: /);
	});

	it('waits out a 429 until x-ratelimit-reset and a 503 (refused before anything was paid), then pays once', async () => {
		fake.refuseNext(1, 429, 1);
		fake.refuseNext(1, 503);
		const [payments, transactions] = [fake.callsTo('payment').length, fake.transactions.length];
		const { status, json } = await post('fb-pay', { ...sepaDonation, lastName: 'Geduldig' });
		expect(status).toBe(200);
		expect(json[0]).toMatchObject({ status: 'success', transaction: { last_name: 'Geduldig', amount: 25 } });
		expect(fake.refused.slice(-2)).toEqual([
			{ method: 'POST', path: '/app/payment', status: 429 },
			{ method: 'POST', path: '/app/payment', status: 503 },
		]);
		expect([fake.callsTo('payment').length - payments, fake.transactions.length - transactions]).toEqual([1, 1]);
	});

	it('never sends a payment again whose answer was lost: one transaction, the node fails', async () => {
		fake.dropAnswerOfNext(1);
		const [payments, transactions] = [fake.callsTo('payment').length, fake.transactions.length];
		const { status } = await post('fb-pay', { ...sepaDonation, lastName: 'Abgebrochen' });
		expect(status).toBeGreaterThanOrEqual(400);
		await n8n.waitForExecutions(WORKFLOWS.pay.id, 1);
		expect(lastExecutionError(WORKFLOWS.pay.id).message).toMatch(/^FundraisingBox Payment-API not reachable: /);
		expect([fake.callsTo('payment').length - payments, fake.transactions.length - transactions]).toEqual([1, 1]);
		expect(fake.transactions.at(-1)).toMatchObject({ last_name: 'Abgebrochen' });
	});
});

describe('FundraisingBox Session-API', () => {
	it('creates a session, completes it, processes it once, and refuses a second processing with 202', async () => {
		const created = await post('fb-session-create', { amount: 30, firstName: 'Erika', lastName: 'Musterfrau' });
		expect(created.status).toBe(200);
		const session = created.json[0].session!;
		expect(session).toMatchObject({ status: 'incomplete', errors: { other_fields: { bank_account_owner: 'Pflichtfeld', bank_iban: 'Pflichtfeld' } } });

		const updated = await post('fb-session-update', { session: session.hash, owner: 'Erika Musterfrau', iban: IBAN });
		expect(updated.status).toBe(200);
		expect(updated.json[0].session).toMatchObject({ hash: session.hash, status: 'complete', values: { amount: '30', bank_iban: IBAN } });

		const paid = await post('fb-session-pay', { session: session.hash, ip: DONOR_IP });
		expect(paid.status).toBe(200);
		expect(paid.json[0]).toMatchObject({ payment_status: 'success', transaction: { amount: 30, last_name: 'Musterfrau', ip: DONOR_IP } });
		expect(fake.callsTo('payment').at(-1)?.params).toEqual({ api: 'json', hash: FORM_HASH, fbSessionHash: session.hash, ip: DONOR_IP });

		const before = n8n.executions(WORKFLOWS.paySession.id).length;
		await post('fb-session-pay', { session: session.hash, ip: DONOR_IP });
		await n8n.waitForExecutions(WORKFLOWS.paySession.id, before + 1);
		expect(lastExecutionError(WORKFLOWS.paySession.id).message).toBe(
			'FundraisingBox refused the request: error 202 (session processed: a session can be processed only once)',
		);
	});

	it('refuses a partly sent field group before sending, naming the missing fields', async () => {
		const updatesBefore = fake.callsTo('updateSession').length;
		await post('fb-session-partly', { session: 'any' });
		await n8n.waitForExecutions(WORKFLOWS.updateSessionPartly.id, 1);
		expect(lastExecutionError(WORKFLOWS.updateSessionPartly.id).message).toBe(
			'FundraisingBox needs these fields in the same update: salutation, title, last_name (to go with first_name)',
		);
		expect(fake.callsTo('updateSession')).toHaveLength(updatesBefore);
	});
});

describe('FundraisingBox Payment API credential', () => {
	const testCredential = async (formHash: string) => {
		const response = await fetch(`${n8n.baseUrl}/rest/credentials/test`, {
			method: 'POST',
			headers: { ...(await n8n.ownerSession()), 'content-type': 'application/json' },
			body: JSON.stringify({ credentials: { id: GOOD.id, name: GOOD.name, type: GOOD.type, data: { formHash, baseUrl: fake.baseUrl } } }),
		});
		const text = await response.text();
		answers.push(text);
		return (JSON.parse(text) as { data: { status: string; message: string } }).data;
	};

	it('passes for a known form hash (error 205) and fails with error 106 for an unknown one', async () => {
		expect(await testCredential(FORM_HASH)).toEqual({ status: 'OK', message: 'FundraisingBox knows the form hash' });
		const unknown = await testCredential(UNKNOWN_HASH);
		expect(unknown.status).toBe('Error');
		expect(unknown.message).toContain('error 106');
	});
});

describe('the form hash', () => {
	it('never appears in an answer, an execution or the log', () => {
		expect(answers.length).toBeGreaterThan(5);
		for (const answer of answers) expect(answer).not.toContain(FORM_HASH);
		const rows = n8n.query<{ data: string }>('SELECT data FROM execution_data');
		expect(rows.length).toBeGreaterThan(5);
		for (const row of rows) expect(row.data).not.toContain(FORM_HASH);
		expect(n8n.log).not.toContain(FORM_HASH);
	});
});
