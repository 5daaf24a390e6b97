/**
 * Nothing acknowledged is lost: flood the trigger with signed IPNs, `kill -9` n8n in the middle,
 * restart it, and check that every IPN answered OK has an execution (finished or marked crashed).
 */
import { Pool } from 'undici';
import { N8nInstance } from '../harness/n8n';
import { DS24_CREDENTIAL, ds24Workflow, signedIpn } from '../helpers/digistore24';
import { FORM, formBody } from '../helpers/http';

const WORKFLOW = ds24Workflow('ds24CrashFlood01', 'ds24-crash', { events: ['*'] });

let n8n: N8nInstance;

beforeAll(async () => {
	n8n = await N8nInstance.start({ name: 'ds24-crash', credentials: [DS24_CREDENTIAL], workflows: [WORKFLOW] });
});

afterAll(async () => {
	await n8n?.dispose();
});

it('keeps an execution for every IPN answered OK when n8n is killed during a flood', async () => {
	const url = new URL(n8n.webhookUrl('ds24-crash'));
	const pool = new Pool(url.origin, { connections: 8 });
	const acknowledged: string[] = [];
	let sent = 0;
	let killed = false;
	const floodUntil = Date.now() + 6_000;

	const worker = async (lane: number) => {
		for (let n = 0; Date.now() < floodUntil && !killed; n++) {
			const transactionId = `9${lane}${String(n).padStart(6, '0')}`;
			sent++;
			try {
				const response = await pool.request({ path: url.pathname, method: 'POST', headers: FORM, body: formBody(signedIpn({ transaction_id: transactionId })) });
				const body = await response.body.text();
				if (response.statusCode === 200 && body === 'OK') acknowledged.push(transactionId);
			} catch {
				// connection refused or reset once n8n is dead: not acknowledged, Digistore24 would retry
			}
		}
	};
	const flood = Promise.all(Array.from({ length: 8 }, (_, lane) => worker(lane)));
	await new Promise((resolve) => setTimeout(resolve, 4_500));
	await n8n.kill9();
	killed = true;
	await flood;
	await pool.destroy();

	expect(acknowledged.length).toBeGreaterThan(5);
	await n8n.restart();

	const stored = n8n.query<{ data: string }>(
		`SELECT d.data FROM execution_data d JOIN execution_entity e ON e.id = d.executionId WHERE e.workflowId = '${WORKFLOW.id}'`,
	);
	const executedIds = stored.flatMap((row) => [...new Set(row.data.match(/digistore24:\d+:on_payment/g) ?? [])]);
	const missing = acknowledged.filter((id) => !executedIds.includes(`digistore24:${id}:on_payment`));
	process.stderr.write(
		`[crash] sent ${sent}, answered OK ${acknowledged.length}, executions ${stored.length}, acknowledged without execution ${missing.length}\n`,
	);
	expect(missing).toEqual([]);
	// No IPN was sent twice, so no eventId may appear in two executions.
	expect(new Set(executedIds).size).toBe(executedIds.length);
	// After the restart n8n marks what was cut off as crashed (so it can be retried); nothing stays open.
	const unsettled = () =>
		n8n.query<{ id: number; status: string }>(`SELECT id, status FROM execution_entity WHERE workflowId = '${WORKFLOW.id}'`).filter(
			(row) => !['success', 'crashed', 'error'].includes(row.status),
		);
	for (let i = 0; i < 60 && unsettled().length > 0; i++) await new Promise((resolve) => setTimeout(resolve, 1_000));
	expect(unsettled()).toEqual([]);
});
