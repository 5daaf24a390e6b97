/**
 * Digistore24 IPN Trigger inside a real n8n: signed IPNs start exactly one execution and are
 * answered OK; forged, unsigned, malformed and filtered ones start none.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { gzipSync } from 'zlib';
import { withPeakRss } from '../../../bench/lib/processMemory';
import { N8nInstance } from '../../../tools/n8n/n8n';
import { TRIGGER_NODE_NAME } from '../../../tools/n8n/workflows';
import { CAPTURED_ON_PAYMENT, DS24_CREDENTIAL, PASSPHRASE, ds24Workflow, signedIpn } from '../helpers/digistore24';
import { digistoreSignature } from '../../../nodes/Digistore24/trigger/signature';
import { FORM, formBody, send } from '../helpers/http';

const ds24 = ds24Workflow;
const ALL = ds24('ds24AllEvents001', 'ds24-all', { events: ['*'] });
const AFFILIATES = ds24('ds24Affiliates01', 'ds24-affiliates', { events: ['on_affiliation'] });
const REFUNDS = ds24('ds24RefundOnly01', 'ds24-refunds', { events: ['on_refund'] });
const ALLOWLIST = ds24('ds24Allowlist001', 'ds24-allowlist', { events: ['*'], triggerOptions: { ipAllowlist: '198.51.100.0/24' } });
const EXTRAS = ds24('ds24ReplyExtra01', 'ds24-extras', {
	events: ['*'],
	triggerOptions: {
		startOnConnectionTest: true,
		thankYouUrl: 'https://example.org/thanks',
		replyLines: { line: [{ key: 'username', value: 'donor42' }, { key: 'headline', value: 'Your\naccess' }] },
	},
});

// Options may hold expressions: the reply must carry their values, not their source.
const EXTRAS_EXPRESSION = ds24('ds24ReplyExpr001', 'ds24-extras-expression', {
	events: ['*'],
	triggerOptions: { thankYouUrl: '={{ "https://example.org/" + "thanks" }}', replyLines: { line: [{ key: 'username', value: 'donor42' }] } },
});

const NO_PASSPHRASE_CREDENTIAL = { ...DS24_CREDENTIAL, id: 'ds24CredNoPass01', name: 'Digistore24 without passphrase', data: { ipnPassphrase: '' } };
const NO_PASSPHRASE = ds24('ds24NoPassphrase', 'ds24-no-passphrase', { events: ['*'] }, NO_PASSPHRASE_CREDENTIAL);

let n8n: N8nInstance;

beforeAll(async () => {
	n8n = await N8nInstance.start({
		name: 'ds24-trigger',
		credentials: [DS24_CREDENTIAL, NO_PASSPHRASE_CREDENTIAL],
		workflows: [ALL, AFFILIATES, REFUNDS, ALLOWLIST, EXTRAS, EXTRAS_EXPRESSION, NO_PASSPHRASE],
	});
});

afterAll(async () => {
	await n8n?.dispose();
});

const post = async (webhookId: string, body: string) => await send(n8n.webhookUrl(webhookId), { body, headers: FORM });
const count = (workflowId: string) => n8n.executions(workflowId).length;

describe('Digistore24 IPN Trigger in n8n', () => {
	it('answers GET with 200 (Digistore24 checks the URL before saving it)', async () => {
		const reply = await send(n8n.webhookUrl('ds24-all'), { method: 'GET' });
		expect(reply).toMatchObject({ status: 200, body: 'OK' });
		expect(count(ALL.id)).toBe(0);
	});

	it('answers a signed IPN with exactly OK and starts one execution emitting the canonical event', async () => {
		const reply = await post('ds24-all', formBody(signedIpn()));
		expect(reply).toMatchObject({ status: 200, body: 'OK' });
		const [execution] = await n8n.waitForExecutions(ALL.id, 1);
		expect(execution.status).toBe('success');
		const [item] = n8n.nodeOutput(execution.id, TRIGGER_NODE_NAME);
		expect(item).toMatchObject({
			source: 'digistore24',
			event: 'payment.succeeded',
			vendorEvent: 'on_payment',
			eventId: 'digistore24:3999938:on_payment',
			occurredAt: '2026-08-18T08:41:48+02:00',
			amount: '49.00',
			currency: 'EUR',
			testMode: true,
			contact: { email: 'kaeufer@example.de', firstName: 'Test', lastName: 'Kauf', address: { country: 'CH' } },
			payment: { orderId: 'A1B2C3D4', id: '3999938' },
		});
		expect((item.vendor as Record<string, unknown>).is_gdpr_country).toBe(false);
		expect(new URLSearchParams(item.raw as string).get('sha_sign')).toMatch(/^[0-9A-F]{128}$/);
		expect(JSON.stringify(item)).not.toContain('s3cret-passphrase');
	});

	it('accepts the upper-case key signature variant', async () => {
		const before = count(ALL.id);
		const reply = await post('ds24-all', formBody(signedIpn({ transaction_id: '4000001' }, { uppercaseKeys: true })));
		expect(reply).toMatchObject({ status: 200, body: 'OK' });
		await n8n.waitForExecutions(ALL.id, before + 1);
	});

	it('refuses forged, unsigned, wrongly signed and malformed IPNs with 4xx and starts nothing', async () => {
		const before = count(ALL.id);
		const signed = signedIpn({ transaction_id: '4000002' });
		const cases: Array<[string, string, number, string]> = [
			['tampered amount', formBody({ ...signed, amount: '4900.00' }), 401, 'Invalid sha_sign'],
			['unsigned', formBody({ ...CAPTURED_ON_PAYMENT, sha_sign: '' }), 401, 'Malformed sha_sign'],
			['no sha_sign field', formBody(Object.fromEntries(Object.entries(signed).filter(([key]) => key !== 'sha_sign'))), 401, 'Missing sha_sign'],
			['wrong passphrase', formBody(signedIpn({}, { passphrase: 'guess' })), 401, 'Invalid sha_sign'],
			['duplicated key', formBody([...Object.entries(signed), ['amount', '1.00'] as [string, string]]), 400, 'Repeated form field "amount"'],
			['empty body', '', 400, 'Empty request body'],
			['oversized body', `${formBody(signed)}&padding=${'x'.repeat(300_000)}`, 413, 'Request body larger than 262144 bytes'],
		];
		for (const [label, body, status, reason] of cases) {
			const reply = await post('ds24-all', body);
			expect({ label, status: reply.status, body: reply.body }).toEqual({ label, status, body: reason });
		}
		// A signed IPN afterwards proves n8n still works, and that the refusals added nothing.
		await post('ds24-all', formBody(signed));
		const rows = await n8n.waitForExecutions(ALL.id, before + 1);
		expect(rows).toHaveLength(before + 1);
	});

	// The trigger reads the raw bytes whatever the content type: n8n's XML/JSON parsers never see the
	// body (before, a form sent as application/xml was never answered).
	it('answers bodies under the wrong content type from its own checks, without hanging', async () => {
		const before = count(ALL.id);
		const tampered = formBody({ ...signedIpn({ transaction_id: '4000003' }), amount: '1.00' });
		for (const type of ['application/xml', 'text/xml', 'application/json', 'text/plain']) {
			const reply = await send(n8n.webhookUrl('ds24-all'), { body: tampered, headers: { 'content-type': type } });
			expect({ type, status: reply.status, body: reply.body }).toEqual({ type, status: 401, body: 'Invalid sha_sign' });
		}
		const xml = await send(n8n.webhookUrl('ds24-all'), { body: '<a><b>1</b></a>', headers: { 'content-type': 'application/xml' } });
		expect(xml.status).toBe(401);
		expect(count(ALL.id)).toBe(before);
	});

	// n8n inflates a gzip/deflate body before the trigger sees it, up to its 16 MiB payload limit
	// whatever our bound: a 16 KB bomb would cost 16 MiB (more while raw-body joins its chunks).
	it('refuses compressed bodies with 415 before n8n inflates them: no execution, no memory jump', async () => {
		const before = count(ALL.id);
		const signed = formBody(signedIpn({ transaction_id: '4000004' }));
		const gzipped = await send(n8n.webhookUrl('ds24-all'), { body: gzipSync(signed), headers: { ...FORM, 'content-encoding': 'gzip' } });
		expect(gzipped).toMatchObject({ status: 415, body: 'Content-Encoding "gzip" not accepted: send the body uncompressed' });
		expect(gzipped.headers['accept-encoding']).toBe('identity');

		const inflatedBytes = 16 * 1024 * 1024 - 1024;
		const bomb = gzipSync(Buffer.alloc(inflatedBytes, 'a'), { level: 9 });
		expect(bomb.length).toBeLessThan(20 * 1024);
		const pid = n8n.pid as number;
		const bombs = 6;
		// One after the other, so that n8n's own cost of answering does not pile up: any bomb inflated would show.
		const { value: statuses, beforeKb, peakKb } = await withPeakRss(pid, async () => {
			const answered: number[] = [];
			for (let n = 0; n < bombs; n++) {
				answered.push((await send(n8n.webhookUrl('ds24-all'), { body: bomb, headers: { ...FORM, 'content-encoding': 'gzip' } })).status);
			}
			return answered;
		});
		expect(statuses).toEqual(Array(bombs).fill(415));
		process.stdout.write(`n8n RSS before ${beforeKb} kB, peak ${peakKb} kB during ${bombs} gzip bombs of ${bomb.length} B → ${inflatedBytes} B\n`);
		// Measured without the guard: +42 MiB for these six (+155 MiB for six at once); with it +3 MiB. The bound: one bomb's inflated size.
		expect(peakKb - beforeKb).toBeLessThan(inflatedBytes / 1024);
		expect(count(ALL.id)).toBe(before);
	});

	it('fails closed without a passphrase in the credential', async () => {
		const reply = await post('ds24-no-passphrase', formBody(signedIpn()));
		expect(reply).toMatchObject({ status: 401, body: 'No IPN passphrase set in the credential' });
		expect(count(NO_PASSPHRASE.id)).toBe(0);
	});

	it('answers connection_test with OK and starts nothing by default', async () => {
		const before = count(ALL.id);
		const reply = await post('ds24-all', formBody(signedIpn({ event: 'connection_test' })));
		expect(reply).toMatchObject({ status: 200, body: 'OK' });
		await post('ds24-all', formBody(signedIpn({ transaction_id: '4000003' })));
		const rows = await n8n.waitForExecutions(ALL.id, before + 1);
		expect(rows).toHaveLength(before + 1);
	});

	it('filters events: an unselected event is answered OK and starts nothing', async () => {
		expect(await post('ds24-refunds', formBody(signedIpn()))).toMatchObject({ status: 200, body: 'OK' });
		const refund = await post('ds24-refunds', formBody(signedIpn({ event: 'on_refund', transaction_id: '4000004' })));
		expect(refund).toMatchObject({ status: 200, body: 'OK' });
		const [execution, ...more] = await n8n.waitForExecutions(REFUNDS.id, 1);
		expect(more).toHaveLength(0);
		expect(n8n.nodeOutput(execution.id, TRIGGER_NODE_NAME)[0]).toMatchObject({ event: 'payment.refunded', eventId: 'digistore24:4000004:on_refund' });
	});

	it('lets unknown events through when all events are selected', async () => {
		const before = count(ALL.id);
		expect(await post('ds24-all', formBody(signedIpn({ event: 'on_future_event', transaction_id: '4000005' })))).toMatchObject({ status: 200 });
		const rows = await n8n.waitForExecutions(ALL.id, before + 1);
		expect(n8n.nodeOutput(rows[rows.length - 1].id, TRIGGER_NODE_NAME)[0]).toMatchObject({ event: 'other', vendorEvent: 'on_future_event' });
	});

	it('emits a new affiliate (on_affiliation) as affiliate, never as contact', async () => {
		// The fields Digistore24's IPN receiver example reads for on_affiliation; they describe the affiliate.
		const fields = JSON.parse(readFileSync(join(__dirname, '../../fixtures/digistore24/on-affiliation.json'), 'utf8')) as Record<string, string>;
		const reply = await post('ds24-affiliates', formBody({ ...fields, sha_sign: digistoreSignature(PASSPHRASE, fields) }));
		expect(reply).toMatchObject({ status: 200, body: 'OK' });
		const [execution] = await n8n.waitForExecutions(AFFILIATES.id, 1);
		const [item] = n8n.nodeOutput(execution.id, TRIGGER_NODE_NAME);
		expect(item).toMatchObject({
			event: 'affiliate.created',
			vendorEvent: 'on_affiliation',
			contact: null,
			payment: null,
			affiliate: { id: 'partner42', email: 'partner@example.org', firstName: 'Petra', lastName: 'Partner', address: { city: 'Berlin' } },
		});
	});

	it('refuses a client outside the IP allowlist with 403', async () => {
		const reply = await post('ds24-allowlist', formBody(signedIpn()));
		expect(reply).toMatchObject({ status: 403, body: 'IP address not allowed' });
		expect(count(ALLOWLIST.id)).toBe(0);
	});

	it('sends the configured reply lines after OK, and can let connection_test through', async () => {
		const reply = await post('ds24-extras', formBody(signedIpn({ event: 'connection_test' })));
		expect(reply).toMatchObject({ status: 200, body: 'OK\nthankyou_url: https://example.org/thanks\nusername: donor42\nheadline: Your access' });
		const [execution] = await n8n.waitForExecutions(EXTRAS.id, 1);
		expect(n8n.nodeOutput(execution.id, TRIGGER_NODE_NAME)[0]).toMatchObject({ event: 'test' });
	});

	it('resolves expressions in the reply options', async () => {
		const reply = await post('ds24-extras-expression', formBody(signedIpn({ transaction_id: '4000006' })));
		expect(reply).toMatchObject({ status: 200, body: 'OK\nthankyou_url: https://example.org/thanks\nusername: donor42' });
		await n8n.waitForExecutions(EXTRAS_EXPRESSION.id, 1);
	});
});
