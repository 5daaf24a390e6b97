/**
 * A real n8n server for one test file (or benchmark): a copy of the template user folder,
 * credentials and workflows imported and published with n8n's own CLI, `n8n start` on free
 * ports under Node 24. Results are read back from n8n's SQLite database.
 */
import { spawn, spawnSync, type ChildProcess } from 'child_process';
import { cpSync, createWriteStream, mkdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { createServer } from 'net';
import { join } from 'path';
import { installPackageInto, n8nBin, n8nCli, n8nEnv } from './provision';
import { INSTANCES_DIR, RUNTIME_FILE, TEMPLATE_DIR, type Runtime } from './paths';

export interface CredentialSpec {
	id: string;
	name: string;
	type: string;
	data: Record<string, unknown>;
}

export interface WorkflowSpec {
	id: string;
	name: string;
	nodes: Array<Record<string, unknown>>;
	connections: Record<string, unknown>;
	settings?: Record<string, unknown>;
	/** Published (active) at start; default true. */
	active?: boolean;
}

export interface StartOptions {
	name: string;
	credentials?: CredentialSpec[];
	workflows?: WorkflowSpec[];
	env?: Record<string, string>;
	/** More community packages (folders or tarballs) installed next to this one, e.g. benchmark baselines. */
	extraPackages?: string[];
}

export interface ExecutionRow {
	id: number;
	workflowId: string;
	status: string;
	finished: number;
	mode: string;
}

export function loadRuntime(): Runtime {
	return JSON.parse(readFileSync(RUNTIME_FILE, 'utf8')) as Runtime;
}

/** Ports handed out by this process: the OS may offer a just-closed port again, e.g. n8n's port as its broker's. */
const portsGiven = new Set<number>();

export async function freePort(): Promise<number> {
	for (;;) {
		const port = await new Promise<number>((resolve, reject) => {
			const server = createServer();
			server.once('error', reject);
			server.listen(0, '127.0.0.1', () => {
				const address = server.address();
				const port = typeof address === 'object' && address ? address.port : 0;
				server.close(() => resolve(port));
			});
		});
		if (!portsGiven.has(port)) {
			portsGiven.add(port);
			return port;
		}
	}
}

// Unref'd so that a pending deadline never keeps jest alive after the tests are done.
const sleep = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms).unref());

/**
 * Runs a query against the instance's SQLite database with Node 24's built-in node:sqlite. The busy
 * timeout is for n8n 1.x: its SQLite has no WAL (DB_SQLITE_POOL_SIZE defaults to 0 there, 3 in 2.x),
 * so a read while n8n writes fails at once with "database is locked".
 */
const QUERY_SCRIPT = `
const { DatabaseSync } = require('node:sqlite');
const [dbPath, sql, flattedPath] = process.argv.slice(1);
const db = new DatabaseSync(dbPath, { readOnly: true, timeout: 10000 });
const rows = db.prepare(sql).all();
if (flattedPath) {
	const { parse } = require(flattedPath);
	for (const row of rows) if (typeof row.data === 'string') row.data = parse(row.data);
}
process.stdout.write(JSON.stringify(rows));
`;

/**
 * The CLI command that makes an imported workflow active from the next start: n8n 2.x publishes a
 * workflow version (`publish:workflow`, new in 2.0); 1.x has no publishing and sets the flag
 * (`update:workflow --active=true`, deprecated in 2.x).
 */
export function activateCommand(n8nVersion: string, workflowId: string): string[] {
	return n8nVersion.startsWith('1.') ? ['update:workflow', `--id=${workflowId}`, '--active=true'] : ['publish:workflow', `--id=${workflowId}`];
}

/**
 * Imports credentials and workflows with n8n's CLI (n8n stopped) and publishes the active ones.
 * `env` selects another database than the user folder's SQLite (queue mode uses PostgreSQL).
 */
export function importInto(
	runtime: Runtime,
	userFolder: string,
	{ credentials = [], workflows = [] }: Pick<StartOptions, 'credentials' | 'workflows'>,
	env: Record<string, string> = {},
): void {
	if (credentials.length > 0) {
		const file = join(userFolder, 'credentials.json');
		writeFileSync(file, JSON.stringify(credentials));
		n8nCli(runtime, userFolder, ['import:credentials', `--input=${file}`], env);
	}
	if (workflows.length > 0) {
		const file = join(userFolder, 'workflows.json');
		writeFileSync(file, JSON.stringify(workflows.map((workflow) => ({ settings: {}, ...workflow, active: false }))));
		n8nCli(runtime, userFolder, ['import:workflow', `--input=${file}`], env);
		for (const workflow of workflows.filter((w) => w.active !== false)) {
			n8nCli(runtime, userFolder, activateCommand(runtime.n8nVersion, workflow.id), env);
		}
	}
}

/**
 * Whether n8n serves a POST webhook at the URL yet. An OPTIONS request with an Origin header
 * answers 404 until the path is registered, without running anything. (Every trigger of this pack
 * receives POST; some also answer GET, registered separately.)
 */
export async function servesPostWebhook(url: string): Promise<boolean> {
	const response = await fetch(url, { method: 'OPTIONS', headers: { origin: 'http://127.0.0.1' } });
	await response.arrayBuffer();
	return response.status !== 404 && (response.headers.get('access-control-allow-methods') ?? '').includes('POST');
}

/** An n8n process (`n8n start`, `worker`, `webhook`) in its own process group, its output collected and appended to a log file. */
export interface N8nProcess {
	child: ChildProcess;
	/** Everything it printed so far. */
	log: () => string;
}

export function spawnN8n(runtime: Runtime, userFolder: string, command: string, env: Record<string, string>, logFile: string): N8nProcess {
	const out = createWriteStream(logFile, { flags: 'a' });
	const child = spawn(join(runtime.node24Bin, 'node'), [n8nBin(runtime), command], {
		cwd: userFolder,
		env: n8nEnv(runtime, userFolder, env),
		detached: true,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let text = '';
	const collect = (chunk: Buffer) => {
		text += chunk.toString('utf8');
		out.write(chunk);
	};
	child.stdout?.on('data', collect);
	child.stderr?.on('data', collect);
	child.once('exit', () => out.end());
	return { child, log: () => text };
}

/** `kill -9` of a process and everything it started (n8n's task runners, which may outlive it). */
export function killProcessGroup(child: ChildProcess | undefined): void {
	if (!child?.pid) return;
	try {
		process.kill(-child.pid, 'SIGKILL');
	} catch {
		// already gone
	}
}

/** Polls a condition (e.g. a call reaching a fake vendor server) until it holds. */
export async function waitFor(condition: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await sleep(100);
	}
}

export class N8nInstance {
	readonly userFolder: string;
	port = 0;
	private process?: N8nProcess;
	private readonly logFile: string;

	private constructor(
		readonly runtime: Runtime,
		readonly options: StartOptions,
	) {
		this.userFolder = join(INSTANCES_DIR, `${options.name}-${process.pid}-${Date.now()}`);
		this.logFile = join(this.userFolder, 'n8n.log');
	}

	static async start(options: StartOptions): Promise<N8nInstance> {
		const instance = new N8nInstance(loadRuntime(), options);
		instance.prepare();
		try {
			await instance.launch();
		} catch (error) {
			await instance.kill9();
			throw error;
		}
		return instance;
	}

	get baseUrl(): string {
		return `http://127.0.0.1:${this.port}`;
	}

	/** Production URL of a trigger with a static path, e.g. our triggers' `webhook`. */
	webhookUrl(webhookId: string, path = 'webhook'): string {
		return `${this.baseUrl}/webhook/${webhookId}/${path}`;
	}

	get log(): string {
		return this.process?.log() ?? '';
	}

	/** The n8n main process while it runs (nodes execute in it; task runners are separate processes), e.g. for its memory. */
	get pid(): number | undefined {
		return this.process?.child.pid;
	}

	private prepare(): void {
		mkdirSync(INSTANCES_DIR, { recursive: true });
		cpSync(TEMPLATE_DIR, this.userFolder, { recursive: true });
		if (this.options.extraPackages?.length) installPackageInto(this.userFolder, this.runtime.tarball, ...this.options.extraPackages);
		importInto(this.runtime, this.userFolder, this.options);
	}

	private async launch(): Promise<void> {
		// A restart keeps the port: URLs registered with vendors must stay valid.
		if (!this.port) this.port = await freePort();
		const brokerPort = await freePort();
		this.process = spawnN8n(this.runtime, this.userFolder, 'start', {
			N8N_PORT: String(this.port),
			N8N_RUNNERS_BROKER_PORT: String(brokerPort),
			WEBHOOK_URL: `http://127.0.0.1:${this.port}/`,
			...this.options.env,
		}, this.logFile);
		await this.waitUntilReady();
	}

	private async waitUntilReady(timeoutMs = 180_000): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline) {
			if (this.child?.exitCode !== null && this.child?.exitCode !== undefined) {
				throw new Error(`n8n exited with ${this.child.exitCode} during start:\n${this.log.slice(-4000)}`);
			}
			const failed = /Issue on initial workflow activation try of (.*)/.exec(this.log);
			if (failed) throw new Error(`n8n could not activate ${failed[1]}:\n${this.log.slice(-4000)}`);
			if (this.log.includes('Editor is now accessible via') && (await this.isReady()) && (await this.webhooksRegistered())) return;
			await sleep(250);
		}
		throw new Error(`n8n did not become ready in ${timeoutMs} ms:\n${this.log.slice(-4000)}`);
	}

	/** n8n activates published workflows in the background after start. */
	private async webhooksRegistered(): Promise<boolean> {
		const urls = (this.options.workflows ?? [])
			.filter((workflow) => workflow.active !== false)
			.flatMap((workflow) => workflow.nodes)
			.filter((node) => typeof node.webhookId === 'string')
			.map((node) => {
				// n8n's own Webhook node serves its `path` parameter; triggers with a static path use the webhookId.
				const path = (node.parameters as Record<string, unknown> | undefined)?.path;
				return node.type === 'n8n-nodes-base.webhook' && typeof path === 'string'
					? `${this.baseUrl}/webhook/${path}`
					: this.webhookUrl(node.webhookId as string);
			});
		for (const url of urls) if (!(await servesPostWebhook(url))) return false;
		return true;
	}

	private async isReady(): Promise<boolean> {
		try {
			const response = await fetch(`${this.baseUrl}/healthz/readiness`);
			return response.status === 200;
		} catch {
			return false;
		}
	}

	/** Graceful stop (SIGTERM), then the whole process group is killed if it lingers. */
	async stop(): Promise<void> {
		const child = this.child;
		if (!child || child.exitCode !== null) return;
		const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
		child.kill('SIGTERM');
		await Promise.race([exited, sleep(20_000)]);
		this.killGroup();
		await Promise.race([exited, sleep(5_000)]);
	}

	/** `kill -9` of n8n and its task runners: nothing gets to shut down cleanly. */
	async kill9(): Promise<void> {
		const child = this.child;
		if (!child || child.exitCode !== null) return;
		const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
		this.killGroup();
		await exited;
	}

	private get child(): ChildProcess | undefined {
		return this.process?.child;
	}

	private killGroup(): void {
		killProcessGroup(this.child);
	}

	async restart(): Promise<void> {
		await this.stop();
		await this.launch();
	}

	async dispose(keepFiles = false): Promise<void> {
		await this.stop();
		if (!keepFiles) rmSync(this.userFolder, { recursive: true, force: true });
	}

	private session?: Record<string, string>;

	/** Sets up the owner account once and returns headers of a logged-in editor session. */
	async ownerSession(): Promise<Record<string, string>> {
		if (this.session) return this.session;
		const browserId = 'e2e-browser';
		const response = await fetch(`${this.baseUrl}/rest/owner/setup`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'browser-id': browserId },
			body: JSON.stringify({ email: 'owner@example.org', firstName: 'E2E', lastName: 'Owner', password: 'E2e-owner-Passw0rd' }),
		});
		const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0];
		if (response.status !== 200 || !cookie) throw new Error(`owner setup failed: ${response.status} ${await response.text()}`);
		this.session = { cookie, 'browser-id': browserId };
		return this.session;
	}

	/** Deactivates a workflow the way the editor's toggle does (runs the trigger's delete hook). */
	async deactivateWorkflow(workflowId: string): Promise<void> {
		const response = await fetch(`${this.baseUrl}/rest/workflows/${workflowId}/deactivate`, {
			method: 'POST',
			headers: { ...(await this.ownerSession()), 'content-type': 'application/json' },
			body: '{}',
		});
		if (response.status !== 200) throw new Error(`deactivate failed: ${response.status} ${await response.text()}`);
	}

	/** Publishes (activates) a workflow the way the editor does; n8n runs a polling trigger's first poll now. */
	async activateWorkflow(workflowId: string): Promise<void> {
		const headers = { ...(await this.ownerSession()), 'content-type': 'application/json' };
		const current = await fetch(`${this.baseUrl}/rest/workflows/${workflowId}`, { headers });
		if (current.status !== 200) throw new Error(`reading workflow failed: ${current.status} ${await current.text()}`);
		const { data } = (await current.json()) as { data: { versionId: string } };
		const response = await fetch(`${this.baseUrl}/rest/workflows/${workflowId}/activate`, {
			method: 'POST',
			headers,
			body: JSON.stringify({ versionId: data.versionId }),
		});
		if (response.status !== 200) throw new Error(`activate failed: ${response.status} ${await response.text()}`);
	}

	/** What the editor asks n8n for a dropdown (`options`) or a list search (`resource-locator-results`) of a node. */
	async dynamicParameters(kind: 'options' | 'resource-locator-results', body: Record<string, unknown>): Promise<unknown> {
		const response = await fetch(`${this.baseUrl}/rest/dynamic-node-parameters/${kind}`, {
			method: 'POST',
			headers: { ...(await this.ownerSession()), 'content-type': 'application/json' },
			body: JSON.stringify(body),
		});
		if (response.status !== 200) throw new Error(`dynamic-node-parameters/${kind} failed: ${response.status} ${await response.text()}`);
		return ((await response.json()) as { data: unknown }).data;
	}

	query<T = Record<string, unknown>>(sql: string, withFlatted = false): T[] {
		const args = ['-e', QUERY_SCRIPT, join(this.userFolder, '.n8n', 'database.sqlite'), sql];
		if (withFlatted) args.push(join(this.runtime.n8nDir, 'node_modules/flatted'));
		const result = spawnSync(join(this.runtime.node24Bin, 'node'), ['--no-warnings', ...args], { encoding: 'utf8', maxBuffer: 256 << 20 });
		if (result.status !== 0) throw new Error(`query failed: ${result.stderr}`);
		return JSON.parse(result.stdout) as T[];
	}

	executions(workflowId: string): ExecutionRow[] {
		return this.query<ExecutionRow>(
			`SELECT id, workflowId, status, finished, mode FROM execution_entity WHERE workflowId = '${workflowId.replace(/'/g, "''")}' ORDER BY id`,
		);
	}

	/** The items a node emitted in one execution (first run, first output). */
	nodeOutput(executionId: number, nodeName: string): Array<Record<string, unknown>> {
		const [row] = this.query<{ data: { resultData: { runData: Record<string, Array<{ data?: { main?: Array<Array<{ json: Record<string, unknown> }>> } }>> } } }>(
			`SELECT data FROM execution_data WHERE executionId = ${Number(executionId)}`,
			true,
		);
		const run = row?.data?.resultData?.runData?.[nodeName]?.[0];
		return (run?.data?.main?.[0] ?? []).map((item) => item.json);
	}

	/** Polls until the workflow has at least `count` executions that are no longer running. */
	async waitForExecutions(workflowId: string, count: number, timeoutMs = 60_000): Promise<ExecutionRow[]> {
		const deadline = Date.now() + timeoutMs;
		let rows: ExecutionRow[] = [];
		while (Date.now() < deadline) {
			rows = this.executions(workflowId).filter((row) => !['new', 'running', 'waiting'].includes(row.status));
			if (rows.length >= count) return rows;
			await sleep(200);
		}
		throw new Error(`expected ${count} finished executions of ${workflowId}, found ${rows.length}`);
	}
}
