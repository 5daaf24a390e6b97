/**
 * Benchmark: PostFinance SmartBusiness › Contact › Get Many with Return All over 10,000 contacts,
 * inside a real n8n 2.40.7 (SQLite) against the fake SmartBusiness API v2
 * (test/fakes/smartBusinessApi.ts), in rotating rounds. Machines here are noisy (2 CPUs), so only
 * ratios within one run mean anything. Contestants, each run once per round:
 *   - node: Webhook → SmartBusiness (Get Many, Return All, sort `name`, no `include`) → Summarize
 *     (count of `id`), the workflow's execution data not saved (`saveDataSuccessExecution: none`):
 *     the node's paging inside n8n and as little else as n8n allows;
 *   - nodeSaved: the same workflow with n8n's default, execution data saved to SQLite: what a user
 *     gets; the difference to `node` is n8n storing 10,000 items, not the node;
 *   - httpRequest: what a user builds without this node, n8n's HTTP Request node with the same
 *     credential paging the same way (200 per page, `offset` = $pageCount × 200, until
 *     `pagination.next` is absent) + Split Out (`items`) + the same count, data saved: tells how much
 *     of the cost above the floor is n8n's HTTP path (OAuth2 wrapper, its HTTP client) for anyone;
 *   - direct200: the same paging (sort `name`, limit 200, offset += items, until `pagination.next`
 *     is absent) straight from this process with undici and a bearer token from `fake.issueToken()`:
 *     the floor, pure HTTP + JSON for the same 50 pages, items kept in an array as the node keeps them;
 *   - direct100: the same with the API's default page size (100): 100 requests, what a client that
 *     does not ask for the maximum page size pays.
 * Per round: the API requests the fake received (OAuth token requests counted apart), wall time and,
 * for the n8n contestants, the n8n main process's peak RSS (nodes run in the main process; task
 * runners only serve Code nodes): the kernel's high-water mark is reset before the round (`5` into
 * /proc/<pid>/clear_refs) and VmHWM read after it; "extra" is that peak minus VmRSS just before the
 * round. Where clear_refs is refused, VmRSS is sampled every 20 ms instead (less exact). V8 keeps
 * the heap it grew in earlier runs, so a round only shows memory beyond what is already resident:
 * the first run on the fresh n8n (the warm-up, printed apart) shows the growth a first run causes.
 *
 * Why the workflow answers with a count and not with the items: with `responseMode: lastNode` and
 * all 10,000 items in the answer, n8n would serialise ~6 MB of JSON and this process would parse it,
 * which measures n8n's webhook response and our HTTP client, not the node's paging. n8n's Summarize
 * node reduces the output to `{count_id}`, which is also how the run proves that exactly 10,000 items
 * came out of the node (a benchmark without that check could time a node that stops early). Summarize
 * costs something (a shallow copy of each item): it is counted against the node, never for it, and
 * n8n's own per-node execution times (read from the saved run data of `nodeSaved` after each round,
 * outside the timing) show how much of the run is the SmartBusiness node itself. The fake serves
 * from this process for every contestant alike; the direct contestants also run their client here.
 *
 *   npm run bench:smartbusiness                          # defaults: 5 rounds, 10,000 contacts
 *   BENCH_ROUNDS=9 BENCH_PAUSE_MS=2000 npm run bench:smartbusiness
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { Agent, Client, request } from 'undici';
import { FakeSmartBusinessApi } from '../test/fakes/smartBusinessApi';
import { N8nInstance, loadRuntime, type CredentialSpec, type WorkflowSpec } from '../tools/n8n/n8n';
import { prepareRuntime } from '../tools/n8n/provision';
import { nodeType } from '../tools/n8n/workflows';
import { latestRun, webhookChain } from '../test/e2e/helpers/actionChain';
import { memoryMethods, peakExtraKb, withPeakRss } from './lib/processMemory';
import { markdownTable, mb, nameAndFigures, medianRange, ratio, writeResults } from './lib/report';
import { runRotatingRounds } from './lib/rounds';
import { defined, median, spread } from './lib/stats';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 10_000);
/** Quiet time after each contestant, so n8n's leftovers (statistics, GC) do not land in the next one. */
const PAUSE_MS = Number(process.env.BENCH_PAUSE_MS ?? 1000);
const PAGE_LIMIT = 200;
const API_DEFAULT_LIMIT = 100;
const MINIMUM_REQUESTS = Math.ceil(CONTACTS / PAGE_LIMIT);

const CLIENT_ID = 'n8n-bench-client';
const CLIENT_SECRET = 'sb-bench-secret-0123456789abcdef';
const LIST_NODE = 'List Contacts';
const HTTP_NODE = 'HTTP Request';
const SPLIT_NODE = 'Split Out';
const COUNT_NODE = 'Count';

const sleep = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

// ---- Workflows ----

const credential = (fake: FakeSmartBusinessApi): CredentialSpec => ({
	id: 'sbOAuth2CredBnch',
	name: 'SmartBusiness bench',
	type: 'smartBusinessOAuth2Api',
	data: { product: 'custom', baseUrl: fake.baseUrl, grantType: 'clientCredentials', clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, scope: 'contact' },
});

/** Webhook (answers the first item of the last node) → Get Many, Return All → Summarize (count). */
function getManyWorkflow(id: string, path: string, fake: FakeSmartBusinessApi, saveData: boolean): WorkflowSpec {
	const workflow = webhookChain(id, path, credential(fake), [
		{ name: LIST_NODE, type: nodeType('smartBusiness'), typeVersion: 1, parameters: { resource: 'contact', operation: 'getAll', returnAll: true, sort: 'name', include: [] } },
		{
			name: COUNT_NODE,
			type: 'n8n-nodes-base.summarize',
			typeVersion: 1.1,
			parameters: { fieldsToSummarize: { values: [{ aggregation: 'count', field: 'id' }] }, options: {} },
		},
	]);
	const [webhook] = workflow.nodes;
	webhook.parameters = { ...(webhook.parameters as Record<string, unknown>), responseMode: 'lastNode', responseData: 'firstEntryJson' };
	return { ...workflow, settings: saveData ? {} : { saveDataSuccessExecution: 'none', saveDataErrorExecution: 'all' } };
}

/**
 * What a user builds without this node: n8n's HTTP Request node with the same credential, 200 per
 * page, `offset` raised per page until `pagination.next` is absent, then Split Out (`items`) and the
 * same count. Its execution data is saved (n8n's default), so n8n's own time for the paging node
 * can be read back and compared with the SmartBusiness node's.
 */
function httpRequestWorkflow(id: string, path: string, fake: FakeSmartBusinessApi): WorkflowSpec {
	const sbCredential = credential(fake);
	const workflow = webhookChain(id, path, sbCredential, [
		{
			name: HTTP_NODE,
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			credentials: { [sbCredential.type]: { id: sbCredential.id, name: sbCredential.name } },
			parameters: {
				method: 'GET',
				url: `${fake.baseUrl}/contacts`,
				authentication: 'predefinedCredentialType',
				nodeCredentialType: sbCredential.type,
				sendQuery: true,
				queryParameters: { parameters: [{ name: 'sort', value: 'name' }, { name: 'limit', value: String(PAGE_LIMIT) }] },
				options: {
					pagination: {
						pagination: {
							paginationMode: 'updateAParameterInEachRequest',
							parameters: { parameters: [{ type: 'qs', name: 'offset', value: `={{ $pageCount * ${PAGE_LIMIT} }}` }] },
							paginationCompleteWhen: 'other',
							completeExpression: '={{ !$response.body.pagination.next }}',
						},
					},
				},
			},
		},
		{ name: SPLIT_NODE, type: 'n8n-nodes-base.splitOut', typeVersion: 1, parameters: { fieldToSplitOut: 'items', options: {} } },
		{
			name: COUNT_NODE,
			type: 'n8n-nodes-base.summarize',
			typeVersion: 1.1,
			parameters: { fieldsToSummarize: { values: [{ aggregation: 'count', field: 'id' }] }, options: {} },
		},
	]);
	const [webhook] = workflow.nodes;
	webhook.parameters = { ...(webhook.parameters as Record<string, unknown>), responseMode: 'lastNode', responseData: 'firstEntryJson' };
	return workflow;
}

// ---- Contestants ----

interface Round {
	round: number;
	ms: number;
	items: number;
	requests: number;
	oauthRequests: number;
	/** Distinct `limit` values the API saw. */
	pageLimits: string[];
	rssBeforeKb?: number;
	rssPeakKb?: number;
	/** Bytes of JSON the API answered (direct contestants). */
	responseBytes?: number;
	/** n8n's own execution time (ms) of each node, from the saved run data. */
	nodeMs?: Record<string, number>;
}

interface Contestant {
	key: string;
	label: string;
	/** The node that pages, for contestants whose run data n8n saves. */
	pagingNode?: string;
	run: () => Promise<Omit<Round, 'round' | 'requests' | 'oauthRequests' | 'pageLimits'>>;
	/** After the round, outside the timing. */
	inspect?: (round: Round) => void;
}

const webhookAgent = new Agent({ headersTimeout: 600_000, bodyTimeout: 600_000 });

async function runWorkflow(n8n: N8nInstance, path: string): Promise<{ ms: number; items: number }> {
	const started = performance.now();
	const response = await request(`${n8n.baseUrl}/webhook/${path}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: '{}',
		dispatcher: webhookAgent,
	});
	const text = await response.body.text();
	const ms = performance.now() - started;
	if (response.statusCode !== 200) throw new Error(`workflow ${path} answered ${response.statusCode}: ${text.slice(0, 500)}`);
	const answer = JSON.parse(text) as { count_id?: unknown };
	return { ms, items: Number(answer.count_id) };
}

async function pageDirectly(fake: FakeSmartBusinessApi, token: string, pageSize: number): Promise<{ ms: number; items: number; responseBytes: number }> {
	const started = performance.now();
	const client = new Client(`http://127.0.0.1:${fake.port}`);
	const collected: unknown[] = [];
	let responseBytes = 0;
	try {
		for (let offset = 0; ; ) {
			const query = new URLSearchParams({ sort: 'name', limit: String(pageSize), offset: String(offset) });
			const response = await client.request({
				path: `/v2/contacts?${query.toString()}`,
				method: 'GET',
				headers: { accept: 'application/json', authorization: `Bearer ${token}` },
			});
			if (response.statusCode !== 200) throw new Error(`direct paging: ${response.statusCode} ${await response.body.text()}`);
			// What undici's body.json() does, with the size kept.
			const text = await response.body.text();
			responseBytes += Buffer.byteLength(text);
			const page = JSON.parse(text) as { items?: unknown[]; pagination?: { next?: unknown } };
			const items = Array.isArray(page.items) ? page.items : [];
			collected.push(...items);
			offset += items.length;
			if (typeof page.pagination?.next !== 'string' || items.length === 0) break;
		}
	} finally {
		await client.close();
	}
	return { ms: performance.now() - started, items: collected.length, responseBytes };
}

async function main(): Promise<void> {
	prepareRuntime();
	const n8nVersion = (JSON.parse(readFileSync(join(loadRuntime().n8nDir, 'node_modules/n8n/package.json'), 'utf8')) as { version: string }).version;
	const fake = new FakeSmartBusinessApi({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
	await fake.start();
	fake.seedContacts(CONTACTS);
	const unsaved = getManyWorkflow('benchSbGetMany01', 'bench-sb-get-many', fake, false);
	const saved = getManyWorkflow('benchSbGetMany02', 'bench-sb-get-many-saved', fake, true);
	const httpRequest = httpRequestWorkflow('benchSbHttpReq01', 'bench-sb-http-request', fake);
	let n8n: N8nInstance | undefined;
	let rounds = new Map<string, Round[]>();
	const warmups: Array<Round & { key: string }> = [];
	let unsavedExecutionsKept = 0;
	const labels = new Map<string, string>();
	const pagingNodes = new Map<string, string>();
	try {
		n8n = await N8nInstance.start({ name: 'bench-sb', credentials: [credential(fake)], workflows: [unsaved, saved, httpRequest], env: { EXECUTIONS_DATA_PRUNE: 'false' } });
		const instance = n8n;
		const pid = instance.pid;
		if (!pid) throw new Error('n8n has no process id');
		const token = fake.issueToken(['contact']);
		/** Checks the saved run (success, all items stored) and keeps n8n's per-node execution times. */
		const savedRun = (workflowId: string, itemsNode: string) => (round: Round) => {
			const { status, data } = latestRun(instance, workflowId);
			const runData = data.resultData.runData as unknown as Record<string, Array<{ executionTime?: number; data?: { main?: unknown[][] } }>>;
			const stored = runData[itemsNode]?.[0]?.data?.main?.[0]?.length;
			if (status !== 'success' || stored !== CONTACTS) throw new Error(`saved run of ${workflowId}: status ${status}, ${stored} items stored for ${itemsNode}`);
			round.nodeMs = Object.fromEntries(Object.entries(runData).map(([name, runs]) => [name, runs[0]?.executionTime ?? NaN]));
		};
		const inN8n = (path: string) => async () => {
			const { value, beforeKb, peakKb } = await withPeakRss(pid, async () => await runWorkflow(instance, path));
			return { ...value, rssBeforeKb: beforeKb, rssPeakKb: peakKb };
		};
		const contestants: Contestant[] = [
			{ key: 'node', label: 'SmartBusiness node in n8n (execution data not saved)', run: inN8n('bench-sb-get-many') },
			{ key: 'nodeSaved', label: 'SmartBusiness node in n8n (n8n default: execution data saved)', pagingNode: LIST_NODE, run: inN8n('bench-sb-get-many-saved'), inspect: savedRun(saved.id, LIST_NODE) },
			{
				key: 'httpRequest',
				label: "n8n's HTTP Request node paging the same API + Split Out (execution data saved)",
				pagingNode: HTTP_NODE,
				run: inN8n('bench-sb-http-request'),
				inspect: savedRun(httpRequest.id, SPLIT_NODE),
			},
			{ key: 'direct200', label: `undici directly, ${PAGE_LIMIT} per page (floor)`, run: async () => await pageDirectly(fake, token, PAGE_LIMIT) },
			{ key: 'direct100', label: `undici directly, API default ${API_DEFAULT_LIMIT} per page`, run: async () => await pageDirectly(fake, token, API_DEFAULT_LIMIT) },
		];
		const measure = async (contestant: Contestant, round: number): Promise<Round> => {
			fake.calls.length = 0;
			const result = await contestant.run();
			const api = fake.calls.filter((call) => !call.oauth);
			const failed = api.filter((call) => call.status !== 200 || call.path !== '/v2/contacts');
			if (failed.length > 0) throw new Error(`${contestant.key}: unexpected API calls ${JSON.stringify(failed.map((c) => [c.method, c.path, c.status]))}`);
			const measured: Round = {
				round,
				...result,
				requests: api.length,
				oauthRequests: fake.calls.length - api.length,
				pageLimits: [...new Set(api.map((call) => call.query.limit))],
			};
			if (measured.items !== CONTACTS) throw new Error(`${contestant.key} returned ${measured.items} items, expected ${CONTACTS}`);
			contestant.inspect?.(measured);
			await sleep(PAUSE_MS);
			return measured;
		};
		rounds = await runRotatingRounds({
			contestants,
			rounds: ROUNDS,
			measure,
			// Warm-up: n8n fetches its token, JIT, the fake's sorted-list cache.
			warmedUp: (contestant, warm) => {
				warmups.push({ key: contestant.key, ...warm });
				process.stderr.write(`[bench] warm-up ${contestant.key}: ${warm.ms.toFixed(0)} ms, ${warm.requests} requests, ${warm.oauthRequests} token requests\n`);
			},
			measured: (contestant, round, measured) => {
				const extraKb = peakExtraKb(measured);
				const memory = extraKb !== undefined ? `, peak +${mb(extraKb)} MB` : '';
				process.stderr.write(`[bench] round ${round} ${contestant.key}: ${measured.ms.toFixed(0)} ms, ${measured.requests} requests${memory}\n`);
			},
		});
		unsavedExecutionsKept = instance.executions(unsaved.id).length;
		for (const contestant of contestants) labels.set(contestant.key, contestant.label);
		for (const contestant of contestants) if (contestant.pagingNode) pagingNodes.set(contestant.key, contestant.pagingNode);
	} finally {
		await n8n?.dispose();
		await fake.stop();
		await webhookAgent.close();
	}

	const rows = [...labels.entries()].map(([key, label]) => {
		const runs = rounds.get(key)!;
		const extrasMb = defined(runs.map(peakExtraKb)).map((kb) => kb / 1024);
		return {
			key,
			label,
			requests: median(runs.map((r) => r.requests)),
			oauthRequests: runs.reduce((sum, r) => sum + r.oauthRequests, 0),
			pageLimits: [...new Set(runs.flatMap((r) => r.pageLimits))],
			items: median(runs.map((r) => r.items)),
			ms: spread(runs.map((r) => r.ms)),
			rssBeforeMbMedian: extrasMb.length ? median(defined(runs.map((r) => r.rssBeforeKb))) / 1024 : undefined,
			extraMb: extrasMb.length ? spread(extrasMb) : undefined,
			responseBytes: defined(runs.map((r) => r.responseBytes)).length ? median(defined(runs.map((r) => r.responseBytes))) : undefined,
			nodeMsMedian: runs[0].nodeMs ? Object.fromEntries(Object.keys(runs[0].nodeMs).map((name) => [name, median(runs.map((r) => r.nodeMs?.[name] ?? NaN))])) : undefined,
			rounds: runs,
		};
	});
	const row = (key: string) => rows.find((r) => r.key === key)!;
	const floor = row('direct200').ms.median;
	const warmExtra = (key: string) => {
		const extraKb = peakExtraKb(warmups.find((w) => w.key === key));
		return extraKb !== undefined ? `+${mb(extraKb)} MB` : '—';
	};
	const nodeTimes = rows
		.filter((r) => pagingNodes.has(r.key) && r.nodeMsMedian)
		.map((r) => {
			const name = pagingNodes.get(r.key)!;
			const ms = r.nodeMsMedian![name];
			const others = Object.entries(r.nodeMsMedian!).filter(([other]) => other !== name && other !== 'Webhook');
			return `${r.key}: ${name} ${ms.toFixed(0)} ms = ${ratio(ms, floor)} × direct 200/page (${others.map(([other, t]) => `${other} ${t.toFixed(0)} ms`).join(', ')})`;
		});
	const lines = [
		`SmartBusiness Contact › Get Many, Return All, ${CONTACTS.toLocaleString('en')} contacts from the fake API (${((row('direct200').responseBytes ?? 0) / 1e6).toFixed(1)} MB of JSON at 200 per page), n8n ${n8nVersion} (SQLite), ${ROUNDS} rotating rounds; minimum ${MINIMUM_REQUESTS} requests at ${PAGE_LIMIT} per page`,
		'',
		...markdownTable(
			nameAndFigures('contestant', ['requests', 'items', 'time ms, median (min–max)', 'time vs direct 200/page', 'requests vs minimum', 'n8n RSS before, MB', 'n8n peak extra RSS, MB, median (min–max)']),
			rows.map((r) => [
				r.label,
				String(r.requests),
				String(r.items),
				medianRange(r.ms),
				ratio(r.ms.median, floor),
				ratio(r.requests, MINIMUM_REQUESTS),
				r.rssBeforeMbMedian !== undefined ? r.rssBeforeMbMedian.toFixed(0) : '—',
				r.extraMb ? medianRange(r.extraMb, 1) : '—',
			]),
		),
		'',
		`n8n's own execution time of the paging node (saved run data, median): ${nodeTimes.join('; ')}.`,
		`Peak extra RSS of the first run on the fresh n8n (warm-up, not in the medians): node ${warmExtra('node')}, nodeSaved ${warmExtra('nodeSaved')}, httpRequest ${warmExtra('httpRequest')}.`,
		`OAuth token requests during the measured rounds: ${rows.reduce((sum, r) => sum + r.oauthRequests, 0)}. Memory: ${[...memoryMethods].join(', ')}. Executions kept of the unsaved workflow: ${unsavedExecutionsKept}.`,
	];
	process.stdout.write(`${lines.join('\n')}\n`);
	const file = writeResults('smartbusiness-getmany', { n8nVersion, ROUNDS, CONTACTS, PAUSE_MS, PAGE_LIMIT, MINIMUM_REQUESTS, memoryMethods: [...memoryMethods], unsavedExecutionsKept, rows, warmups });
	process.stderr.write(`[bench] wrote ${file}\n`);
}

main().catch((error) => {
	process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
	process.exit(1);
});
