/**
 * Proof at scale: this pack in n8n 2.40.7 running in queue mode, the way larger installations run
 * it. PostgreSQL and Redis from Debian's packages (installed with apt-get when missing), one main
 * process (`n8n start`), one worker (`n8n worker`) and one webhook processor (`n8n webhook`), all on
 * loopback. 1,000 correctly signed Digistore24 IPNs and 1,000 FundraisingBox webhooks (10 KB XML,
 * HTTP Basic), every one distinct, are sent to the webhook processor at the same time, interleaved.
 *
 * Passes only if every request was answered 2xx (OK for Digistore24), none 5xx or unanswered, and
 * the database then holds exactly one successful execution per request: every event id present
 * once, none missing, none twice. Prints a table; writes JSON to bench/results/.
 *
 *   npm run proof:queue         # QUEUE_IPNS=1000 QUEUE_FB_WEBHOOKS=1000 QUEUE_CONCURRENCY=16
 */
import { spawn, type ChildProcess } from 'child_process';
import { cpSync, createWriteStream, mkdirSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';
import { Pool } from 'undici';
import { freePort, importInto, servesPostWebhook } from '../test/e2e/harness/n8n';
import { n8nBin, n8nEnv, prepareRuntime } from '../test/e2e/harness/provision';
import { INSTANCES_DIR, REPO_ROOT, TEMPLATE_DIR, type Runtime } from '../test/e2e/harness/paths';
import { TRIGGER_NODE_NAME } from '../test/e2e/harness/workflows';
import { DS24_CREDENTIAL, ds24Workflow, signedIpn } from '../test/e2e/helpers/digistore24';
import { FB_BASIC_CREDENTIAL, MERGE_WEBHOOK_XML, fbTriggerWorkflow, webhookHeaders } from '../test/e2e/helpers/fundraisingbox';
import { formBody } from '../test/e2e/helpers/http';
import { startPostgres, startRedis, type Postgres } from './debianServices';

const IPNS = Number(process.env.QUEUE_IPNS ?? 1_000);
const FB_WEBHOOKS = Number(process.env.QUEUE_FB_WEBHOOKS ?? 1_000);
const CONCURRENCY = Number(process.env.QUEUE_CONCURRENCY ?? 16);
/** How long the worker may go without finishing a single execution before the run is failed. */
const STALL_MS = 120_000;

const DS24 = ds24Workflow('queueDs24Trigger', 'queue-ds24', { events: ['*'] });
const FB = fbTriggerWorkflow('queueFbTrigger01', 'queue-fb', { events: ['*'] });

const sleep = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------- the three n8n processes

interface N8nProcess {
	name: string;
	child: ChildProcess;
	log: () => string;
}

function spawnN8n(runtime: Runtime, userFolder: string, command: 'start' | 'worker' | 'webhook', env: Record<string, string>): N8nProcess {
	const logFile = createWriteStream(join(userFolder, `n8n-${command}.log`));
	const child = spawn(join(runtime.node24Bin, 'node'), [n8nBin(runtime), command], {
		cwd: userFolder,
		env: n8nEnv(runtime, userFolder, env),
		detached: true,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let text = '';
	const collect = (chunk: Buffer) => {
		text += chunk.toString('utf8');
		logFile.write(chunk);
	};
	child.stdout?.on('data', collect);
	child.stderr?.on('data', collect);
	child.once('exit', () => logFile.end());
	return { name: command, child, log: () => text };
}

async function waitUntil(what: string, proc: N8nProcess, ready: () => Promise<boolean> | boolean, timeoutMs = 180_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (proc.child.exitCode !== null) throw new Error(`n8n ${proc.name} exited with ${proc.child.exitCode}:\n${proc.log().slice(-4000)}`);
		if (await Promise.resolve().then(ready).catch(() => false)) return;
		await sleep(250);
	}
	throw new Error(`timed out waiting for ${what}:\n${proc.log().slice(-4000)}`);
}

function killGroup(proc: N8nProcess | undefined): void {
	if (!proc?.child.pid || proc.child.exitCode !== null) return;
	try {
		process.kill(-proc.child.pid, 'SIGKILL');
	} catch {
		// already gone
	}
}

// ---------------------------------------------------------------- traffic

interface Delivery {
	source: 'digistore24' | 'fundraisingbox';
	eventId: string;
	path: string;
	headers: Record<string, string>;
	body: string;
}

interface Answer {
	delivery: Delivery;
	status: number;
	body: string;
	error?: string;
}

/** Every delivery distinct: a new Digistore24 transaction, a new FundraisingBox request id. */
function deliveries(): Delivery[] {
	const ds24 = Array.from({ length: IPNS }, (_, i): Delivery => {
		const transactionId = String(7_000_000 + i);
		return {
			source: 'digistore24',
			eventId: `digistore24:${transactionId}:on_payment`,
			path: `/webhook/${DS24.nodes[0].webhookId as string}/webhook`,
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: formBody(signedIpn({ transaction_id: transactionId, order_id: `QUEUE${i}` })),
		};
	});
	const fb = Array.from({ length: FB_WEBHOOKS }, (_, i): Delivery => {
		const requestId = `queue-proof-${i}`;
		return {
			source: 'fundraisingbox',
			eventId: `fundraisingbox:${requestId}`,
			path: `/webhook/${FB.nodes[0].webhookId as string}/webhook`,
			headers: webhookHeaders('donation.create', requestId, 'application/xml'),
			body: MERGE_WEBHOOK_XML,
		};
	});
	// Interleaved, so that both triggers are hit at the same time throughout.
	return Array.from({ length: Math.max(ds24.length, fb.length) }, (_, i) => [ds24[i], fb[i]]).flat().filter(Boolean);
}

async function sendAll(baseUrl: string, all: Delivery[]): Promise<{ answers: Answer[]; seconds: number }> {
	const pool = new Pool(baseUrl, { connections: CONCURRENCY, headersTimeout: 120_000, bodyTimeout: 120_000 });
	const answers: Answer[] = [];
	let next = 0;
	const started = Date.now();
	const sender = async () => {
		while (next < all.length) {
			const delivery = all[next++];
			try {
				const response = await pool.request({ method: 'POST', path: delivery.path, headers: delivery.headers, body: delivery.body });
				answers.push({ delivery, status: response.statusCode, body: await response.body.text() });
			} catch (error) {
				answers.push({ delivery, status: 0, body: '', error: (error as Error).message });
			}
		}
	};
	await Promise.all(Array.from({ length: CONCURRENCY }, sender));
	const seconds = (Date.now() - started) / 1000;
	await pool.close();
	return { answers, seconds };
}

const accepted = (answer: Answer) =>
	answer.status >= 200 && answer.status < 300 && (answer.delivery.source !== 'digistore24' || answer.body === 'OK');

// ---------------------------------------------------------------- what n8n recorded

interface ExecutionRecord {
	id: number;
	workflowId: string;
	status: string;
	mode: string;
	eventId?: string;
}

const WORKFLOW_IDS = `'${DS24.id}', '${FB.id}'`;

function finishedCount(postgres: Postgres): number {
	return Number(postgres.scalar(`SELECT count(*) FROM execution_entity WHERE "workflowId" IN (${WORKFLOW_IDS}) AND status NOT IN ('new', 'running', 'waiting')`));
}

/** Waits while the worker keeps finishing executions, until `expected` are done. */
async function drain(postgres: Postgres, expected: number): Promise<number> {
	const started = Date.now();
	let last = -1;
	let lastProgress = Date.now();
	for (;;) {
		const done = finishedCount(postgres);
		if (done >= expected) return (Date.now() - started) / 1000;
		if (done !== last) [last, lastProgress] = [done, Date.now()];
		if (Date.now() - lastProgress > STALL_MS) throw new Error(`executions stalled at ${done} of ${expected}`);
		await sleep(1000);
	}
}

/** Every execution of the two workflows with the event id its trigger emitted (run data is "flatted" JSON). */
function executionRecords(runtime: Runtime, postgres: Postgres): ExecutionRecord[] {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const flatted = require(join(runtime.n8nDir, 'node_modules/flatted')) as { parse: (text: string) => unknown };
	const json = postgres.scalar(
		`SELECT coalesce(json_agg(t), '[]') FROM (SELECT e.id, e."workflowId", e.status, e.mode, d.data FROM execution_entity e ` +
			`LEFT JOIN execution_data d ON d."executionId" = e.id WHERE e."workflowId" IN (${WORKFLOW_IDS}) ORDER BY e.id) t`,
	);
	const rows = JSON.parse(json) as Array<ExecutionRecord & { data: string | null }>;
	return rows.map(({ data, ...row }) => {
		type RunData = { resultData?: { runData?: Record<string, Array<{ data?: { main?: Array<Array<{ json: { eventId?: string } }>> } }>> } };
		const parsed = data ? (flatted.parse(data) as RunData) : undefined;
		const eventId = parsed?.resultData?.runData?.[TRIGGER_NODE_NAME]?.[0]?.data?.main?.[0]?.[0]?.json?.eventId;
		return { ...row, eventId };
	});
}

// ---------------------------------------------------------------- checks and report

interface SourceReport {
	sent: number;
	answered2xx: number;
	status5xx: number;
	unanswered: number;
	otherStatuses: Record<string, number>;
	executions: number;
	succeeded: number;
	missing: number;
	duplicated: number;
}

function reportFor(source: Delivery['source'], workflowId: string, all: Delivery[], answers: Answer[], records: ExecutionRecord[]): SourceReport {
	const mine = answers.filter((answer) => answer.delivery.source === source);
	const executions = records.filter((record) => record.workflowId === workflowId);
	const seen = new Map<string, number>();
	for (const record of executions) if (record.eventId) seen.set(record.eventId, (seen.get(record.eventId) ?? 0) + 1);
	const expected = all.filter((delivery) => delivery.source === source).map((delivery) => delivery.eventId);
	const otherStatuses: Record<string, number> = {};
	for (const answer of mine.filter((a) => !accepted(a) && a.status !== 0 && a.status < 500)) {
		const key = `${answer.status} ${answer.body.slice(0, 60)}`;
		otherStatuses[key] = (otherStatuses[key] ?? 0) + 1;
	}
	return {
		sent: expected.length,
		answered2xx: mine.filter(accepted).length,
		status5xx: mine.filter((answer) => answer.status >= 500).length,
		unanswered: mine.filter((answer) => answer.status === 0).length,
		otherStatuses,
		executions: executions.length,
		succeeded: executions.filter((record) => record.status === 'success').length,
		missing: expected.filter((eventId) => !seen.has(eventId)).length,
		duplicated: [...seen.values()].filter((count) => count > 1).length + executions.filter((record) => !record.eventId).length,
	};
}

function failures(report: SourceReport): string[] {
	const problems: string[] = [];
	if (report.status5xx > 0) problems.push(`${report.status5xx} answered 5xx`);
	if (report.unanswered > 0) problems.push(`${report.unanswered} unanswered`);
	if (report.answered2xx !== report.sent) problems.push(`${report.sent - report.answered2xx} not acknowledged`);
	if (report.executions !== report.sent) problems.push(`${report.executions} executions for ${report.sent} requests`);
	if (report.succeeded !== report.executions) problems.push(`${report.executions - report.succeeded} executions did not succeed`);
	if (report.missing > 0) problems.push(`${report.missing} events missing`);
	if (report.duplicated > 0) problems.push(`${report.duplicated} events duplicated`);
	return problems;
}

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
	const runtime = prepareRuntime();
	const processes: N8nProcess[] = [];
	const cleanups: Array<() => void> = [];
	const userFolder = join(INSTANCES_DIR, `queue-mode-${Date.now()}`);
	let passed = false;
	try {
		const redis = await startRedis(await freePort());
		cleanups.push(() => redis.stop());
		const postgres = startPostgres(await freePort());
		cleanups.push(() => postgres.stop());
		console.log(`PostgreSQL on ${postgres.port}, Redis on ${redis.port}`);

		const queueEnv = {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(postgres.port),
			DB_POSTGRESDB_DATABASE: postgres.database,
			DB_POSTGRESDB_USER: postgres.user,
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(redis.port),
		};
		mkdirSync(INSTANCES_DIR, { recursive: true });
		cpSync(TEMPLATE_DIR, userFolder, { recursive: true });
		// The first CLI call migrates the empty PostgreSQL database.
		importInto(runtime, userFolder, { credentials: [DS24_CREDENTIAL, FB_BASIC_CREDENTIAL], workflows: [DS24, FB] }, queueEnv);

		const [mainPort, webhookPort] = [await freePort(), await freePort()];
		const main = spawnN8n(runtime, userFolder, 'start', {
			...queueEnv,
			N8N_PORT: String(mainPort),
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
			WEBHOOK_URL: `http://127.0.0.1:${webhookPort}/`,
		});
		processes.push(main);
		await waitUntil('the main process', main, () => main.log().includes('Editor is now accessible via'));

		const worker = spawnN8n(runtime, userFolder, 'worker', {
			...queueEnv,
			QUEUE_HEALTH_CHECK_PORT: String(await freePort()),
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
		});
		processes.push(worker);
		await waitUntil('the worker', worker, () => worker.log().includes('n8n worker is now ready'));

		const webhook = spawnN8n(runtime, userFolder, 'webhook', {
			...queueEnv,
			N8N_PORT: String(webhookPort),
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
		});
		processes.push(webhook);
		const webhookBase = `http://127.0.0.1:${webhookPort}`;
		const all = deliveries();
		const paths = [...new Set(all.map((delivery) => delivery.path))];
		await waitUntil('the webhook processor', webhook, async () => {
			for (const path of paths) if (!(await servesPostWebhook(`${webhookBase}${path}`))) return false;
			return true;
		});
		console.log(`n8n main :${mainPort}, worker, webhook processor :${webhookPort} ready; sending ${all.length} webhooks, ${CONCURRENCY} at a time`);

		const { answers, seconds } = await sendAll(webhookBase, all);
		const acknowledged = answers.filter(accepted).length;
		console.log(`${answers.length} answered in ${seconds.toFixed(1)} s (${(answers.length / seconds).toFixed(1)}/s), ${acknowledged} acknowledged; waiting for the worker`);
		const drainSeconds = await drain(postgres, acknowledged);
		// A short grace period: a duplicate would show up after the expected count was reached.
		await sleep(3000);
		const records = executionRecords(runtime, postgres);

		const reports = {
			'Digistore24 IPN Trigger': reportFor('digistore24', DS24.id, all, answers, records),
			'FundraisingBox Trigger': reportFor('fundraisingbox', FB.id, all, answers, records),
		};
		const problems = Object.entries(reports).flatMap(([name, report]) => failures(report).map((problem) => `${name}: ${problem}`));
		passed = problems.length === 0;

		console.log('\n| Trigger | Sent | Acknowledged (2xx) | 5xx | Unanswered | Executions | Succeeded | Missing | Duplicated |');
		console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
		for (const [name, r] of Object.entries(reports)) {
			console.log(`| ${name} | ${r.sent} | ${r.answered2xx} | ${r.status5xx} | ${r.unanswered} | ${r.executions} | ${r.succeeded} | ${r.missing} | ${r.duplicated} |`);
		}
		console.log(
			`\nAll ${all.length} requests answered in ${seconds.toFixed(1)} s (${(all.length / seconds).toFixed(1)} requests/s at the webhook processor); ` +
				`the worker finished the last execution ${drainSeconds.toFixed(1)} s after the last answer.`,
		);
		for (const [name, r] of Object.entries(reports)) if (Object.keys(r.otherStatuses).length) console.log(`${name} other answers:`, r.otherStatuses);
		console.log(passed ? '\nPASS: every webhook acknowledged and executed exactly once, no 5xx' : `\nFAIL:\n  ${problems.join('\n  ')}`);

		const resultsDir = join(REPO_ROOT, 'bench/results');
		mkdirSync(resultsDir, { recursive: true });
		const file = join(resultsDir, `queue-mode-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
		writeFileSync(file, JSON.stringify({ concurrency: CONCURRENCY, sendSeconds: seconds, drainSeconds, reports, problems }, null, 2));
		console.log(`results: ${file}`);
	} finally {
		for (const proc of processes.reverse()) killGroup(proc);
		await sleep(1000);
		for (const cleanup of cleanups.reverse()) {
			try {
				cleanup();
			} catch (error) {
				console.error(`cleanup: ${(error as Error).message}`);
			}
		}
		if (passed) rmSync(userFolder, { recursive: true, force: true });
		else console.log(`n8n logs kept in ${userFolder}`);
	}
	process.exitCode = passed ? 0 : 1;
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
