/**
 * Nothing acknowledged is lost, for every webhook trigger: flood it with valid calls, `kill -9`
 * n8n in the middle, restart it, and check that every call answered as received has an execution
 * (finished or marked crashed).
 */
import { Pool } from 'undici';
import { N8nInstance } from '../../../tools/n8n/n8n';
import { DS24_CREDENTIAL, ds24Workflow, signedIpn } from '../helpers/digistore24';
import { FB_BASIC_CREDENTIAL, MERGE_WEBHOOK_XML, fbTriggerWorkflow, webhookHeaders } from '../helpers/fundraisingbox';
import { FORM, formBody } from '../helpers/http';
import { triggerWorkflow } from '../../../tools/n8n/workflows';

interface FloodTarget {
	name: string;
	workflowId: string;
	webhookId: string;
	/** The request for call `key`, and the eventId its execution must carry. */
	request: (key: string) => { headers: Record<string, string>; body: string; eventId: string };
	acknowledged: (status: number, body: string) => boolean;
}

const DS24 = ds24Workflow('ds24CrashFlood01', 'ds24-crash', { events: ['*'] });
const FB = fbTriggerWorkflow('fbCrashFlood0001', 'fb-crash', { events: ['*'] });
// Without an API credential: the trigger emits the webhook references without fetching entities.
const OF = triggerWorkflow({ id: 'ofCrashFlood0001', name: 'ofCrashFlood0001', type: 'onlineFundraisingTrigger', webhookId: 'of-crash', parameters: { events: ['*'] } });
/** A GUID per call key (digits), in the documented 8-4-4-4-12 form the trigger insists on. */
const guidOf = (prefix: string, key: string) => `${prefix}-0000-4000-8000-${key.padStart(12, '0')}`;
const onlineFundraisingWebhook = (key: string) => [
	{
		merchantId: 'e2e',
		webhookEventGuid: guidOf('c0ffee00', key),
		webhookGuid: guidOf('c0ffee01', '0'),
		webhookAttemptGuid: guidOf('c0ffee02', key),
		entityGuid: guidOf('c0ffee03', key),
		entityType: 'payment',
		eventType: 'charged',
	},
];

const TARGETS: FloodTarget[] = [
	{
		name: 'Digistore24 IPN Trigger',
		workflowId: DS24.id,
		webhookId: 'ds24-crash',
		request: (key) => ({ headers: FORM, body: formBody(signedIpn({ transaction_id: key })), eventId: `digistore24:${key}:on_payment` }),
		acknowledged: (status, body) => status === 200 && body === 'OK',
	},
	{
		name: 'FundraisingBox Trigger',
		workflowId: FB.id,
		webhookId: 'fb-crash',
		request: (key) => ({ headers: webhookHeaders('donation.create', `crash-${key}`, 'application/xml'), body: MERGE_WEBHOOK_XML, eventId: `fundraisingbox:crash-${key}` }),
		acknowledged: (status) => status >= 200 && status < 300,
	},
	{
		name: 'OnlineFundraising Trigger',
		workflowId: OF.id,
		webhookId: 'of-crash',
		request: (key) => ({ headers: { 'content-type': 'application/json' }, body: JSON.stringify(onlineFundraisingWebhook(key)), eventId: `onlinefundraising:${guidOf('c0ffee00', key)}` }),
		// OnlineFundraising retries anything but exactly 200.
		acknowledged: (status) => status === 200,
	},
];

let n8n: N8nInstance;

beforeAll(async () => {
	n8n = await N8nInstance.start({ name: 'crash', credentials: [DS24_CREDENTIAL, FB_BASIC_CREDENTIAL], workflows: [DS24, FB, OF] });
});

afterAll(async () => {
	await n8n?.dispose();
});

async function floodAndKill(target: FloodTarget): Promise<{ sent: number; acknowledged: string[] }> {
	const url = new URL(n8n.webhookUrl(target.webhookId));
	const pool = new Pool(url.origin, { connections: 8 });
	const acknowledged: string[] = [];
	let sent = 0;
	let killed = false;
	const floodUntil = Date.now() + 6_000;

	const worker = async (lane: number) => {
		for (let n = 0; Date.now() < floodUntil && !killed; n++) {
			const key = `9${lane}${String(n).padStart(6, '0')}`;
			const { headers, body, eventId } = target.request(key);
			sent++;
			try {
				const response = await pool.request({ path: url.pathname, method: 'POST', headers, body });
				if (target.acknowledged(response.statusCode, await response.body.text())) acknowledged.push(eventId);
			} catch {
				// connection refused or reset once n8n is dead: not acknowledged, the vendor would retry
			}
		}
	};
	const flood = Promise.all(Array.from({ length: 8 }, (_, lane) => worker(lane)));
	await new Promise((resolve) => setTimeout(resolve, 4_500));
	await n8n.kill9();
	killed = true;
	await flood;
	await pool.destroy();
	return { sent, acknowledged };
}

describe.each(TARGETS)('$name', (target) => {
	it('keeps an execution for every call answered as received when n8n is killed during a flood', async () => {
		const { sent, acknowledged } = await floodAndKill(target);
		expect(acknowledged.length).toBeGreaterThan(5);
		const restartedAt = Date.now();
		await n8n.restart();

		const stored = n8n.query<{ data: string }>(
			`SELECT d.data FROM execution_data d JOIN execution_entity e ON e.id = d.executionId WHERE e.workflowId = '${target.workflowId}'`,
		);
		const eventIdPattern = /(?:digistore24|fundraisingbox|onlinefundraising):[\w-]+(?::on_payment)?/g;
		const executedIds = stored.flatMap((row) => [...new Set(row.data.match(eventIdPattern) ?? [])]);
		const missing = acknowledged.filter((id) => !executedIds.includes(id));
		process.stderr.write(
			`[crash ${target.name}] sent ${sent}, acknowledged ${acknowledged.length}, executions ${stored.length}, acknowledged without execution ${missing.length}\n`,
		);
		expect(missing).toEqual([]);
		// No call was sent twice, so no eventId may appear in two executions.
		expect(new Set(executedIds).size).toBe(executedIds.length);
		// After the restart n8n marks what was cut off as crashed (so it can be retried); nothing stays open.
		// Executions that were enqueued but not started at the kill are run again by n8n at boot
		// (EnqueuedExecutionRecoveryService); how long those take is n8n's, so they are not waited for.
		const startedBeforeRestart = (startedAt: string | null) => startedAt === null || Date.parse(`${startedAt.replace(' ', 'T')}Z`) < restartedAt;
		const unsettled = () =>
			n8n
				.query<{ id: number; status: string; startedAt: string | null }>(`SELECT id, status, startedAt FROM execution_entity WHERE workflowId = '${target.workflowId}'`)
				.filter((row) => !['success', 'crashed', 'error'].includes(row.status) && startedBeforeRestart(row.startedAt))
				.map(({ id, status }) => ({ id, status }));
		for (let i = 0; i < 60 && unsettled().length > 0; i++) await new Promise((resolve) => setTimeout(resolve, 1_000));
		expect(unsettled()).toEqual([]);
	});
});
