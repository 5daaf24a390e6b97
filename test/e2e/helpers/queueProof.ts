/**
 * The queue-mode proof, shared by `npm run proof:queue` (1,000 + 1,000) and the e2e suite (fewer):
 * distinct, correctly signed Digistore24 IPNs and FundraisingBox webhooks sent at the same time,
 * interleaved, to n8n's webhook processor; then every answer and every execution checked: each
 * request acknowledged, none 5xx or unanswered, exactly one successful execution per event id.
 */
import { Pool } from 'undici';
import { QueueModeN8n, type QueueExecution } from '../../../tools/n8n/queueMode';
import { DS24_CREDENTIAL, ds24Workflow, signedIpn } from './digistore24';
import { FB_BASIC_CREDENTIAL, MERGE_WEBHOOK_XML, fbTriggerWorkflow, webhookHeaders } from './fundraisingbox';
import { formBody } from './http';

const DS24 = ds24Workflow('queueDs24Trigger', 'queue-ds24', { events: ['*'] });
const FB = fbTriggerWorkflow('queueFbTrigger01', 'queue-fb', { events: ['*'] });

export interface QueueProofOptions {
	ipns: number;
	fundraisingBoxWebhooks: number;
	concurrency: number;
	log?: (line: string) => void;
}

interface Delivery {
	trigger: string;
	workflowId: string;
	eventId: string;
	url: string;
	headers: Record<string, string>;
	body: string;
	/** Whether the answer body acknowledges (Digistore24 wants exactly OK). */
	acknowledges: (body: string) => boolean;
}

interface Answer {
	delivery: Delivery;
	status: number;
	body: string;
}

export interface TriggerReport {
	sent: number;
	acknowledged: number;
	status5xx: number;
	unanswered: number;
	/** Other answers, "status body" → count. */
	otherAnswers: Record<string, number>;
	executions: number;
	succeeded: number;
	missing: number;
	duplicated: number;
}

export interface QueueProofResult {
	reports: Record<string, TriggerReport>;
	problems: string[];
	sendSeconds: number;
	drainSeconds: number;
}

/** Every delivery distinct: a new Digistore24 transaction, a new FundraisingBox request id. */
function deliveries(cluster: QueueModeN8n, options: QueueProofOptions): Delivery[] {
	const ds24 = Array.from({ length: options.ipns }, (_, i): Delivery => {
		const transactionId = String(7_000_000 + i);
		return {
			trigger: 'Digistore24 IPN Trigger',
			workflowId: DS24.id,
			eventId: `digistore24:${transactionId}:on_payment`,
			url: cluster.webhookUrl(DS24.nodes[0].webhookId as string),
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: formBody(signedIpn({ transaction_id: transactionId, order_id: `QUEUE${i}` })),
			acknowledges: (body) => body === 'OK',
		};
	});
	const fb = Array.from({ length: options.fundraisingBoxWebhooks }, (_, i): Delivery => {
		const requestId = `queue-proof-${i}`;
		return {
			trigger: 'FundraisingBox Trigger',
			workflowId: FB.id,
			eventId: `fundraisingbox:${requestId}`,
			url: cluster.webhookUrl(FB.nodes[0].webhookId as string),
			headers: webhookHeaders('donation.create', requestId, 'application/xml'),
			body: MERGE_WEBHOOK_XML,
			acknowledges: () => true,
		};
	});
	// Interleaved, so that both triggers are hit at the same time throughout.
	return Array.from({ length: Math.max(ds24.length, fb.length) }, (_, i) => [ds24[i], fb[i]]).flatMap((pair) => pair.filter(Boolean));
}

async function sendAll(baseUrl: string, all: Delivery[], concurrency: number): Promise<Answer[]> {
	const pool = new Pool(baseUrl, { connections: concurrency, headersTimeout: 120_000, bodyTimeout: 120_000 });
	const answers: Answer[] = [];
	let next = 0;
	const sender = async () => {
		while (next < all.length) {
			const delivery = all[next++];
			try {
				const response = await pool.request({ method: 'POST', path: new URL(delivery.url).pathname, headers: delivery.headers, body: delivery.body });
				answers.push({ delivery, status: response.statusCode, body: await response.body.text() });
			} catch {
				answers.push({ delivery, status: 0, body: '' });
			}
		}
	};
	await Promise.all(Array.from({ length: concurrency }, sender));
	await pool.close();
	return answers;
}

const isAcknowledged = (answer: Answer) => answer.status >= 200 && answer.status < 300 && answer.delivery.acknowledges(answer.body);

function reportFor(trigger: string, all: Delivery[], answers: Answer[], executions: QueueExecution[]): TriggerReport {
	const expected = all.filter((delivery) => delivery.trigger === trigger);
	const mine = answers.filter((answer) => answer.delivery.trigger === trigger);
	const ran = executions.filter((execution) => execution.workflowId === expected[0]?.workflowId);
	const seen = new Map<string, number>();
	for (const execution of ran) if (execution.eventId) seen.set(execution.eventId, (seen.get(execution.eventId) ?? 0) + 1);
	const otherAnswers: Record<string, number> = {};
	for (const answer of mine.filter((a) => !isAcknowledged(a) && a.status !== 0)) {
		const key = `${answer.status} ${answer.body.slice(0, 60)}`;
		otherAnswers[key] = (otherAnswers[key] ?? 0) + 1;
	}
	return {
		sent: expected.length,
		acknowledged: mine.filter(isAcknowledged).length,
		status5xx: mine.filter((answer) => answer.status >= 500).length,
		unanswered: mine.filter((answer) => answer.status === 0).length,
		otherAnswers,
		executions: ran.length,
		succeeded: ran.filter((execution) => execution.status === 'success').length,
		missing: expected.filter((delivery) => !seen.has(delivery.eventId)).length,
		// An execution without an event id cannot be matched to a request: count it as a duplicate.
		duplicated: [...seen.values()].filter((count) => count > 1).length + ran.filter((execution) => !execution.eventId).length,
	};
}

function problemsOf(trigger: string, report: TriggerReport): string[] {
	const problems: string[] = [];
	if (report.status5xx > 0) problems.push(`${report.status5xx} answered 5xx`);
	if (report.unanswered > 0) problems.push(`${report.unanswered} unanswered`);
	if (report.acknowledged !== report.sent) problems.push(`${report.sent - report.acknowledged} not acknowledged`);
	if (report.executions !== report.sent) problems.push(`${report.executions} executions for ${report.sent} requests`);
	if (report.succeeded !== report.executions) problems.push(`${report.executions - report.succeeded} executions did not succeed`);
	if (report.missing > 0) problems.push(`${report.missing} events missing`);
	if (report.duplicated > 0) problems.push(`${report.duplicated} events duplicated`);
	return problems.map((problem) => `${trigger}: ${problem}`);
}

/** Starts queue mode, sends everything, waits for the worker, checks. Keeps the n8n logs when something failed. */
export async function runQueueProof(options: QueueProofOptions): Promise<QueueProofResult> {
	const log = options.log ?? (() => {});
	const cluster = await QueueModeN8n.start({ credentials: [DS24_CREDENTIAL, FB_BASIC_CREDENTIAL], workflows: [DS24, FB] }, log);
	let problems: string[] = ['did not finish'];
	try {
		const all = deliveries(cluster, options);
		log(`sending ${all.length} webhooks, ${options.concurrency} at a time`);
		const started = Date.now();
		const answers = await sendAll(cluster.webhookBaseUrl, all, options.concurrency);
		const sendSeconds = (Date.now() - started) / 1000;
		const acknowledged = answers.filter(isAcknowledged).length;
		log(`${answers.length} answered in ${sendSeconds.toFixed(1)} s, ${acknowledged} acknowledged; waiting for the worker`);
		const workflowIds = [DS24.id, FB.id];
		const drainSeconds = await cluster.drain(workflowIds, acknowledged);
		// A grace period: a duplicate would show up after the expected count was reached.
		await new Promise((resolve) => setTimeout(resolve, 3000));
		const executions = cluster.executions(workflowIds);
		const triggers = [...new Set(all.map((delivery) => delivery.trigger))];
		const reports = Object.fromEntries(triggers.map((trigger) => [trigger, reportFor(trigger, all, answers, executions)]));
		problems = Object.entries(reports).flatMap(([trigger, report]) => problemsOf(trigger, report));
		return { reports, problems, sendSeconds, drainSeconds };
	} finally {
		if (problems.length > 0) log(`n8n logs kept in ${cluster.userFolder}`);
		await cluster.stop(problems.length > 0);
	}
}
