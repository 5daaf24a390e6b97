/**
 * Benchmark: this pack's webhook triggers inside a real n8n 2.40.7 against baselines in the same
 * n8n, driven with undici over loopback in rotating rounds (machines here are noisy, so only
 * ratios from one run mean anything):
 *   - the Digistore24 IPN Trigger with distinct, correctly signed IPNs, against a do-nothing
 *     community trigger with the same reply pattern (the floor for any community trigger), the same
 *     with a credential attached but not read (the floor for a trigger that verifies with a secret),
 *     n8n's built-in Webhook node (no verification), and Webhook + Code (sha_sign check) + IF +
 *     Respond to Webhook (what users build today);
 *   - the FundraisingBox Trigger with a 10 KB XML merge webhook, against the do-nothing trigger with
 *     a credential and n8n's Webhook node receiving the same XML (n8n parses it with xml2js for
 *     them; the FundraisingBox Trigger asks n8n to skip that and parses it itself).
 * Prints a markdown table; writes JSON to bench/results/.
 *
 *   npm run bench                      # defaults: 6 rounds × 5 s per target, 4 connections
 *   BENCH_ROUNDS=5 BENCH_SECONDS=8 BENCH_CONNECTIONS=8 npm run bench
 */
import { execFileSync } from 'child_process';
import { readFileSync, rmSync } from 'fs';
import { join } from 'path';
import { Pool } from 'undici';
import { N8nInstance } from '../tools/n8n/n8n';
import { prepareRuntime } from '../tools/n8n/provision';
import { REPO_ROOT } from '../tools/n8n/paths';
import { triggerWorkflow } from '../tools/n8n/workflows';
import { DS24_CREDENTIAL, PASSPHRASE, credentialRef, ds24Workflow, signedIpn } from '../test/e2e/helpers/digistore24';
import { FB_BASIC_CREDENTIAL, fbTriggerWorkflow, webhookHeaders } from '../test/e2e/helpers/fundraisingbox';
import { formBody } from '../test/e2e/helpers/http';
import { markdownTable, nameAndFigures, ratio, writeResults } from './lib/report';
import { runRotatingRounds } from './lib/rounds';
import { percentile } from './lib/stats';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 6);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 4);

interface Target {
	key: string;
	label: string;
	path: string;
	workflowId: string;
	/** The next request: every one distinct (a new transaction id or request id). */
	request: () => { headers: Record<string, string>; body: string };
	/** Whether the answer means "received" (anything else counts as an error). */
	accepted: (status: number, body: string) => boolean;
	/** The baselines receiving the same payload: do-nothing trigger with a credential, and n8n's Webhook node. */
	baselines: { floor: string; webhook: string };
}

let sequence = 0;
const FORM_HEADERS = { 'content-type': 'application/x-www-form-urlencoded' };
const signedIpnRequest = () => ({ headers: FORM_HEADERS, body: formBody(signedIpn({ transaction_id: String(50_000_000 + sequence++) })) });
const MERGE_WEBHOOK_10K = readFileSync(join(REPO_ROOT, 'test/fixtures/fundraisingbox/merge-webhook-10k.xml'), 'utf8');
const mergeWebhookRequest = () => ({ headers: webhookHeaders('donation.create', `bench-${sequence++}`, 'application/xml'), body: MERGE_WEBHOOK_10K });
const answeredOk = (status: number, body: string) => status === 200 && body === 'OK';
const answered2xx = (status: number) => status >= 200 && status < 300;

const SIGNATURE_CHECK_CODE = `
const crypto = require('crypto');
const body = $input.first().json.body;
const passphrase = ${JSON.stringify(PASSPHRASE)};
let signed = '';
for (const key of Object.keys(body).filter((k) => k !== 'sha_sign' && k !== 'SHASIGN').sort()) {
	const value = body[key];
	if (value === '' || value === null || value === undefined) continue;
	signed += key + '=' + value + passphrase;
}
const expected = crypto.createHash('sha512').update(signed, 'utf8').digest('hex').toUpperCase();
return [{ json: { valid: expected === String(body.sha_sign || '').toUpperCase(), ipn: body } }];
`;

function workflows() {
	const ds24 = ds24Workflow('benchDs24Trigger', 'bench-ds24', { events: ['*'] });
	const noop = triggerWorkflow({ id: 'benchNoopTrigger', name: 'bench noop trigger', type: 'n8n-nodes-bench-noop.noopTrigger', webhookId: 'bench-noop', parameters: {} });
	const webhook = {
		id: 'benchWebhookNode',
		name: 'bench webhook node',
		nodes: [
			{ id: 'w1', name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2.1, position: [0, 0], webhookId: 'c0ffee00-0000-4000-8000-000000000001', parameters: { httpMethod: 'POST', path: 'bench-webhook', responseMode: 'onReceived', options: { responseData: 'OK' } } },
		],
		connections: {},
	};
	const webhookCode = {
		id: 'benchWebhookCode',
		name: 'bench webhook code',
		nodes: [
			{ id: 'c1', name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2.1, position: [0, 0], webhookId: 'c0ffee00-0000-4000-8000-000000000002', parameters: { httpMethod: 'POST', path: 'bench-webhook-code', responseMode: 'responseNode', options: {} } },
			{ id: 'c2', name: 'Check sha_sign', type: 'n8n-nodes-base.code', typeVersion: 2, position: [240, 0], parameters: { jsCode: SIGNATURE_CHECK_CODE } },
			{
				id: 'c3',
				name: 'Valid?',
				type: 'n8n-nodes-base.if',
				typeVersion: 2.2,
				position: [480, 0],
				parameters: {
					conditions: {
						options: { caseSensitive: true, leftValue: '', typeValidation: 'strict', version: 2 },
						conditions: [{ id: 'v', leftValue: '={{ $json.valid }}', rightValue: true, operator: { type: 'boolean', operation: 'true', singleValue: true } }],
						combinator: 'and',
					},
					options: {},
				},
			},
			{ id: 'c4', name: 'OK', type: 'n8n-nodes-base.respondToWebhook', typeVersion: 1.1, position: [720, -100], parameters: { respondWith: 'text', responseBody: 'OK', options: {} } },
			{ id: 'c5', name: 'Refuse', type: 'n8n-nodes-base.respondToWebhook', typeVersion: 1.1, position: [720, 100], parameters: { respondWith: 'text', responseBody: 'invalid signature', options: { responseCode: 401 } } },
		],
		connections: {
			Webhook: { main: [[{ node: 'Check sha_sign', type: 'main', index: 0 }]] },
			'Check sha_sign': { main: [[{ node: 'Valid?', type: 'main', index: 0 }]] },
			'Valid?': { main: [[{ node: 'OK', type: 'main', index: 0 }], [{ node: 'Refuse', type: 'main', index: 0 }]] },
		},
	};
	const noopCredential = triggerWorkflow({
		id: 'benchNoopCredTrg',
		name: 'bench noop credential trigger',
		type: 'n8n-nodes-bench-noop.noopCredentialTrigger',
		webhookId: 'bench-noop-credential',
		parameters: {},
		credentials: credentialRef(DS24_CREDENTIAL),
	});
	const fundraisingBox = fbTriggerWorkflow('benchFbTrigger01', 'bench-fb', { events: ['*'] });
	return { ds24, noop, noopCredential, webhook, webhookCode, fundraisingBox };
}

const NOOP_BASELINE_DIR = join(REPO_ROOT, 'bench/noop-trigger');

/** Compiles the do-nothing baselines (bench/noop-trigger/src) afresh, so a clone needs nothing but the repo. */
function buildNoopBaseline(): string {
	rmSync(join(NOOP_BASELINE_DIR, 'dist'), { recursive: true, force: true });
	execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(NOOP_BASELINE_DIR, 'tsconfig.json')], { stdio: 'inherit' });
	return NOOP_BASELINE_DIR;
}

async function drive(pool: Pool, target: Target, seconds: number): Promise<{ latencies: number[]; errors: number; elapsed: number }> {
	const latencies: number[] = [];
	let errors = 0;
	const started = performance.now();
	const until = started + seconds * 1000;
	const lane = async () => {
		while (performance.now() < until) {
			const { headers, body } = target.request();
			const t0 = performance.now();
			try {
				const response = await pool.request({ path: target.path, method: 'POST', headers, body });
				const text = await response.body.text();
				if (target.accepted(response.statusCode, text)) latencies.push(performance.now() - t0);
				else errors++;
			} catch {
				errors++;
			}
		}
	};
	await Promise.all(Array.from({ length: CONNECTIONS }, lane));
	return { latencies, errors, elapsed: (performance.now() - started) / 1000 };
}

async function drain(n8n: N8nInstance): Promise<void> {
	for (let i = 0; i < 100; i++) {
		const [row] = n8n.query<{ n: number }>("SELECT COUNT(*) AS n FROM execution_entity WHERE status IN ('new', 'running')");
		if (!row || row.n === 0) return;
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
}

async function main(): Promise<void> {
	prepareRuntime();
	const noopBaseline = buildNoopBaseline();
	const wf = workflows();
	const n8n = await N8nInstance.start({
		name: 'bench',
		credentials: [DS24_CREDENTIAL, FB_BASIC_CREDENTIAL],
		workflows: [wf.ds24, wf.noop, wf.noopCredential, wf.webhook, wf.webhookCode, wf.fundraisingBox],
		extraPackages: [noopBaseline],
		env: { NODE_FUNCTION_ALLOW_BUILTIN: 'crypto', EXECUTIONS_DATA_PRUNE: 'false' },
	});
	const ipn = { request: signedIpnRequest, accepted: answeredOk, baselines: { floor: 'noopCredential', webhook: 'webhook' } };
	const xml = { request: mergeWebhookRequest, accepted: answered2xx, baselines: { floor: 'noopCredentialXml', webhook: 'webhookXml' } };
	const targets: Target[] = [
		{ key: 'ds24', label: 'Digistore24 IPN Trigger (this pack)', path: `/webhook/bench-ds24/webhook`, workflowId: wf.ds24.id, ...ipn },
		{ key: 'noop', label: 'Do-nothing community trigger, same reply pattern', path: `/webhook/bench-noop/webhook`, workflowId: wf.noop.id, ...ipn },
		{ key: 'noopCredential', label: 'Do-nothing trigger with a credential attached (not read)', path: `/webhook/bench-noop-credential/webhook`, workflowId: wf.noopCredential.id, ...ipn },
		{ key: 'webhook', label: 'n8n Webhook node (no verification)', path: `/webhook/bench-webhook`, workflowId: wf.webhook.id, ...ipn },
		{ key: 'webhookCode', label: 'Webhook + Code (sha_sign) + IF + Respond', path: `/webhook/bench-webhook-code`, workflowId: wf.webhookCode.id, ...ipn },
		// The same 10 KB FundraisingBox merge webhook (application/xml) to three receivers.
		{ key: 'fundraisingBoxXml', label: 'FundraisingBox Trigger, 10 KB XML (this pack)', path: `/webhook/bench-fb/webhook`, workflowId: wf.fundraisingBox.id, ...xml },
		{ key: 'noopCredentialXml', label: 'Do-nothing trigger with a credential, same XML (n8n parses it)', path: `/webhook/bench-noop-credential/webhook`, workflowId: wf.noopCredential.id, ...xml },
		{ key: 'webhookXml', label: 'n8n Webhook node, same XML (n8n parses it, no check)', path: `/webhook/bench-webhook`, workflowId: wf.webhook.id, ...xml },
	];
	const pool = new Pool(n8n.baseUrl, { connections: CONNECTIONS });
	let runs: Map<string, Array<Awaited<ReturnType<typeof drive>>>>;
	try {
		for (const target of targets) {
			const warm = await drive(pool, target, 1);
			if (warm.latencies.length === 0) throw new Error(`${target.label} answered nothing but errors in warm-up`);
		}
		await drain(n8n);
		runs = await runRotatingRounds({
			contestants: targets,
			rounds: ROUNDS,
			measure: async (target) => {
				const run = await drive(pool, target, SECONDS);
				await drain(n8n);
				return run;
			},
			measured: (target, round, run) => process.stderr.write(`[bench] round ${round} ${target.key}: ${(run.latencies.length / run.elapsed).toFixed(1)} req/s\n`),
		});
	} finally {
		await pool.close();
		await n8n.dispose();
	}

	// Throughput over all rounds together: every request answered, over the time spent driving the target.
	const rows = targets.map((target) => {
		const targetRuns = runs.get(target.key)!;
		const sorted = targetRuns.flatMap((run) => run.latencies).sort((a, b) => a - b);
		const elapsed = targetRuns.reduce((sum, run) => sum + run.elapsed, 0);
		const errors = targetRuns.reduce((sum, run) => sum + run.errors, 0);
		return { ...target, rps: sorted.length / elapsed, p50: percentile(sorted, 50), p99: percentile(sorted, 99), ok: sorted.length, errors };
	});
	const rps = (key: string) => rows.find((r) => r.key === key)!.rps;
	const lines = [
		`Webhook throughput, n8n 2.40.7, SQLite, ${ROUNDS} rotating rounds × ${SECONDS} s per target, ${CONNECTIONS} connections, distinct requests (signed IPNs; FundraisingBox XML with distinct request ids)`,
		'',
		...markdownTable(
			nameAndFigures('target', ['req/s', 'p50 ms', 'p99 ms', 'answered', 'errors', 'vs do-nothing trigger with credential, same payload', 'vs Webhook node, same payload']),
			rows.map((r) => [
				r.label,
				r.rps.toFixed(1),
				r.p50.toFixed(0),
				r.p99.toFixed(0),
				String(r.ok),
				String(r.errors),
				ratio(r.rps, rps(r.baselines.floor)),
				ratio(r.rps, rps(r.baselines.webhook)),
			]),
		),
	];
	process.stdout.write(`${lines.join('\n')}\n`);
	writeResults('webhookThroughput', { ROUNDS, SECONDS, CONNECTIONS, rows });
}

main().catch((error) => {
	process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
	process.exit(1);
});
