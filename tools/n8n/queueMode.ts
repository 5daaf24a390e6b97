/**
 * n8n in queue mode on one machine: PostgreSQL and Redis from Debian's packages, then one main
 * process (`n8n start`), one worker (`n8n worker`) and one webhook processor (`n8n webhook`)
 * sharing them, with this package installed as in the template user folder. Production webhooks
 * are served by the webhook processor; executions run on the worker. Results are read from
 * PostgreSQL.
 */
import { cpSync, mkdirSync, rmSync } from 'fs';
import { join } from 'path';
import { startPostgres, startRedis, type Postgres } from './debianServices';
import { freePort, importInto, killProcessGroup, loadRuntime, servesPostWebhook, spawnN8n, type N8nProcess, type StartOptions } from './n8n';
import { INSTANCES_DIR, TEMPLATE_DIR, type Runtime } from './paths';
import { TRIGGER_NODE_NAME } from './workflows';

const sleep = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms).unref());

interface QueueProcess extends N8nProcess {
	command: string;
}

export interface QueueExecution {
	id: number;
	workflowId: string;
	status: string;
	mode: string;
	/** The canonical event id the trigger emitted, read from the run data. */
	eventId?: string;
}

export class QueueModeN8n {
	private readonly processes: QueueProcess[] = [];
	private readonly cleanups: Array<() => void> = [];
	readonly userFolder = join(INSTANCES_DIR, `queue-mode-${process.pid}-${Date.now()}`);
	webhookBaseUrl = '';
	private postgres?: Postgres;

	private constructor(readonly runtime: Runtime) {}

	static async start(options: Pick<StartOptions, 'credentials' | 'workflows'>, log: (line: string) => void = () => {}): Promise<QueueModeN8n> {
		const cluster = new QueueModeN8n(loadRuntime());
		try {
			await cluster.launch(options, log);
		} catch (error) {
			await cluster.stop(true);
			throw error;
		}
		return cluster;
	}

	private async launch(options: Pick<StartOptions, 'credentials' | 'workflows'>, log: (line: string) => void): Promise<void> {
		const redis = await startRedis(await freePort());
		this.cleanups.push(() => redis.stop());
		const postgres = startPostgres(await freePort());
		this.cleanups.push(() => postgres.stop());
		this.postgres = postgres;
		log(`PostgreSQL on ${postgres.port}, Redis on ${redis.port}`);

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
		cpSync(TEMPLATE_DIR, this.userFolder, { recursive: true });
		// The first CLI call also migrates the empty PostgreSQL database.
		importInto(this.runtime, this.userFolder, options, queueEnv);

		const [mainPort, webhookPort] = [await freePort(), await freePort()];
		this.webhookBaseUrl = `http://127.0.0.1:${webhookPort}`;
		const main = this.spawn('start', {
			...queueEnv,
			N8N_PORT: String(mainPort),
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
			WEBHOOK_URL: `${this.webhookBaseUrl}/`,
		});
		await waitUntil('the main process', main, () => main.log().includes('Editor is now accessible via'));

		const worker = this.spawn('worker', {
			...queueEnv,
			QUEUE_HEALTH_CHECK_PORT: String(await freePort()),
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
		});
		await waitUntil('the worker', worker, () => worker.log().includes('n8n worker is now ready'));

		const webhook = this.spawn('webhook', { ...queueEnv, N8N_PORT: String(webhookPort), N8N_RUNNERS_BROKER_PORT: String(await freePort()) });
		const urls = (options.workflows ?? [])
			.flatMap((workflow) => workflow.nodes)
			.filter((node) => typeof node.webhookId === 'string')
			.map((node) => this.webhookUrl(node.webhookId as string));
		await waitUntil('the webhook processor', webhook, async () => {
			for (const url of urls) if (!(await servesPostWebhook(url))) return false;
			return true;
		});
		log(`n8n main :${mainPort}, worker and webhook processor :${webhookPort} ready`);
	}

	/** Production URL (at the webhook processor) of a trigger with a static path. */
	webhookUrl(webhookId: string, path = 'webhook'): string {
		return `${this.webhookBaseUrl}/webhook/${webhookId}/${path}`;
	}

	private spawn(command: 'start' | 'worker' | 'webhook', env: Record<string, string>): QueueProcess {
		const proc = { command, ...spawnN8n(this.runtime, this.userFolder, command, env, join(this.userFolder, `n8n-${command}.log`)) };
		this.processes.push(proc);
		return proc;
	}

	private get database(): Postgres {
		if (!this.postgres) throw new Error('queue mode is not running');
		return this.postgres;
	}

	/** Executions of the workflows that are no longer new, running or waiting. */
	finishedCount(workflowIds: string[]): number {
		return Number(
			this.database.scalar(`SELECT count(*) FROM execution_entity WHERE "workflowId" IN (${sqlList(workflowIds)}) AND status NOT IN ('new', 'running', 'waiting')`),
		);
	}

	/** Waits while the worker keeps finishing executions, until `expected` are done; returns the seconds it took. */
	async drain(workflowIds: string[], expected: number, stallMs = 120_000): Promise<number> {
		const started = Date.now();
		let [last, lastProgress] = [-1, Date.now()];
		for (;;) {
			const done = this.finishedCount(workflowIds);
			if (done >= expected) return (Date.now() - started) / 1000;
			if (done !== last) [last, lastProgress] = [done, Date.now()];
			if (Date.now() - lastProgress > stallMs) throw new Error(`executions stalled at ${done} of ${expected}`);
			await sleep(1000);
		}
	}

	/** Every execution of the workflows with the event id its trigger emitted (run data is "flatted" JSON). */
	executions(workflowIds: string[]): QueueExecution[] {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const flatted = require(join(this.runtime.n8nDir, 'node_modules/flatted')) as { parse: (text: string) => unknown };
		const json = this.database.scalar(
			`SELECT coalesce(json_agg(t), '[]') FROM (SELECT e.id, e."workflowId", e.status, e.mode, d.data FROM execution_entity e ` +
				`LEFT JOIN execution_data d ON d."executionId" = e.id WHERE e."workflowId" IN (${sqlList(workflowIds)}) ORDER BY e.id) t`,
		);
		type RunData = { resultData?: { runData?: Record<string, Array<{ data?: { main?: Array<Array<{ json: { eventId?: string } }>> } }>> } };
		return (JSON.parse(json) as Array<QueueExecution & { data: string | null }>).map(({ data, ...row }) => {
			const parsed = data ? (flatted.parse(data) as RunData) : undefined;
			return { ...row, eventId: parsed?.resultData?.runData?.[TRIGGER_NODE_NAME]?.[0]?.data?.main?.[0]?.[0]?.json?.eventId };
		});
	}

	/** Kills the n8n processes, stops PostgreSQL and Redis; keeps the logs when asked. */
	async stop(keepLogs = false): Promise<void> {
		for (const proc of this.processes.reverse()) killProcessGroup(proc.child);
		await sleep(1000);
		for (const cleanup of this.cleanups.reverse()) {
			try {
				cleanup();
			} catch {
				// best effort: the other services still get stopped
			}
		}
		if (!keepLogs) rmSync(this.userFolder, { recursive: true, force: true });
	}
}

const sqlList = (values: string[]) => values.map((value) => `'${value.replace(/'/g, "''")}'`).join(', ');

async function waitUntil(what: string, proc: QueueProcess, ready: () => Promise<boolean> | boolean, timeoutMs = 180_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (proc.child.exitCode !== null) throw new Error(`n8n ${proc.command} exited with ${proc.child.exitCode}:\n${proc.log().slice(-4000)}`);
		if (await Promise.resolve().then(ready).catch(() => false)) return;
		await sleep(250);
	}
	throw new Error(`timed out waiting for ${what}:\n${proc.log().slice(-4000)}`);
}
