/**
 * Soak: the webhook triggers of this pack inside one real n8n 2.40.7 under a seeded corpus of bad
 * requests, every one of which the trigger (or n8n in front of it) must refuse with a 4xx:
 *   - Digistore24 IPN Trigger: missing, malformed, wrong sha_sign; fields tampered after signing;
 *     signed with another passphrase; repeated fields; truncated and bit-flipped signed IPNs;
 *   - FundraisingBox Trigger (Basic auth): missing or wrong credentials, tokens, garbage
 *     Authorization headers; with the right credentials only bodies that are not a webhook
 *     (unclosed or mismatched tags, DOCTYPE/entity bombs, deep nesting, malformed JSON, ...);
 *   - OnlineFundraising Trigger twice: without allowlist only malformed arrays, and behind an IP
 *     allowlist that excludes 127.0.0.1 anything, valid batches included (forged sender);
 *   - for all: empty and oversized (> 1 MiB) bodies, wrong content types, huge header values.
 * Truncated/garbled variants are checked locally with the nodes' own parsers and signature check
 * and regenerated if they happen to be valid, so that no request in the corpus may be accepted.
 *
 * Checks: no 5xx, no execution of any of the workflows; samples n8n's RSS every 1,000 requests and
 * reports the trend (warning only: machines here are noisy). Exit 1 on any 5xx or execution.
 *
 *   npm run soak:triggers                      # SOAK_REQUESTS=10000 SOAK_SEED=1 SOAK_CONCURRENCY=8
 */
import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import { Pool } from 'undici';
import { N8nInstance } from '../test/e2e/harness/n8n';
import { prepareRuntime } from '../test/e2e/harness/provision';
import { REPO_ROOT } from '../test/e2e/harness/paths';
import { triggerWorkflow } from '../test/e2e/harness/workflows';
import { DS24_CREDENTIAL, PASSPHRASE, ds24Workflow, signedIpn } from '../test/e2e/helpers/digistore24';
import {
	FB_BASIC_CREDENTIAL,
	JSON_WEBHOOK,
	MERGE_WEBHOOK_XML,
	WEBHOOK_PASSWORD,
	WEBHOOK_TOKEN,
	WEBHOOK_USER,
	basicAuthorization,
	fbTriggerWorkflow,
	webhookHeaders,
} from '../test/e2e/helpers/fundraisingbox';
import { formBody } from '../test/e2e/helpers/http';
import { verifyIpnSignature } from '../nodes/Digistore24/signature';
import { parseFormBody } from '../nodes/shared/formBody';
import { parseWebhookBody as parseFundraisingBoxBody } from '../nodes/FundraisingBox/webhookPayload';
import { parseWebhookBody as parseOnlineFundraisingBody } from '../nodes/OnlineFundraising/webhookPayload';
import { statusKb } from './processMemory';

const REQUESTS = Number(process.env.SOAK_REQUESTS ?? 10_000);
const SEED = Number(process.env.SOAK_SEED ?? 1);
const CONCURRENCY = Number(process.env.SOAK_CONCURRENCY ?? 8);
const SAMPLE_EVERY = 1_000;
const MIB = 1024 * 1024;

// ---------------------------------------------------------------- seeded randomness (mulberry32)
let state = SEED >>> 0;
function random(): number {
	state = (state + 0x6d2b79f5) >>> 0;
	let t = state;
	t = Math.imul(t ^ (t >>> 15), t | 1);
	t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
	return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const int = (n: number) => Math.floor(random() * n);
const pick = <T>(values: readonly T[]): T => values[int(values.length)];
const randomBytes = (n: number) => Buffer.from(Array.from({ length: n }, () => int(256)));
const hex = (n: number) => Array.from({ length: n }, () => '0123456789ABCDEF'[int(16)]).join('');

// ---------------------------------------------------------------- mutations of valid bodies
const truncate = (body: Buffer) => body.subarray(0, int(body.length));
function bitFlip(body: Buffer): Buffer {
	const copy = Buffer.from(body);
	for (let i = 1 + int(4); i > 0; i--) copy[int(copy.length)] ^= 1 << int(8);
	return copy;
}
function garble(body: Buffer): Buffer {
	const start = int(body.length);
	return Buffer.concat([body.subarray(0, start), randomBytes(1 + int(64)), body.subarray(Math.min(body.length, start + int(64)))]);
}
const mutate = (body: Buffer) => pick([truncate, bitFlip, garble])(body);
/** Mutates until `refused` agrees that the result is not acceptable (almost always the first try). */
function mutateRefused(body: Buffer, refused: (candidate: Buffer) => boolean): Buffer {
	for (;;) {
		const candidate = mutate(body);
		if (refused(candidate)) return candidate;
	}
}
const padTo = (body: string, bytes: number, filler = ' ') => body + filler.repeat(Math.max(0, bytes - Buffer.byteLength(body)));
const oversized = () => 1 * MIB + 1 + int(MIB / 2);
const hugeHeader = () => ({ 'x-soak-padding': 'A'.repeat(pick([4_000, 8_000, 12_000, 15_000, 15_000, 32_000])) });

interface SoakRequest {
	kind: string;
	headers: Record<string, string>;
	body: string | Buffer;
	query?: string;
}

// ---------------------------------------------------------------- Digistore24
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const ds24Valid = () => Buffer.from(formBody(signedIpn({ transaction_id: String(70_000_000 + int(1e7)) })));
const ds24Refused = (body: Buffer) => {
	const form = parseFormBody(body);
	return !form.ok || !verifyIpnSignature(PASSPHRASE, form.fields).valid;
};
function tamperedIpn(): string {
	const signed = signedIpn({ transaction_id: String(70_000_000 + int(1e7)) });
	const field = pick(['amount', 'email', 'event', 'transaction_id', 'product_id', 'currency']);
	return formBody({ ...signed, [field]: `${signed[field] ?? ''}${pick(['0', 'x', ' ', '1'])}` });
}
const DS24_KINDS: Record<string, () => SoakRequest> = {
	'missing sha_sign': () => {
		const fields = signedIpn();
		delete fields.sha_sign;
		return { kind: '', headers: FORM, body: formBody(fields) };
	},
	'wrong sha_sign': () => ({ kind: '', headers: FORM, body: formBody({ ...signedIpn(), sha_sign: hex(128) }) }),
	'malformed sha_sign': () => ({ kind: '', headers: FORM, body: formBody({ ...signedIpn(), sha_sign: pick(['', 'x', hex(127), `${hex(120)}ZZZZZZZZ`, hex(256)]) }) }),
	'tampered field': () => ({ kind: '', headers: FORM, body: tamperedIpn() }),
	'other passphrase': () => ({ kind: '', headers: FORM, body: formBody(signedIpn({}, { passphrase: `wrong-${int(1000)}` })) }),
	'sha_sign and SHASIGN': () => {
		const signed = signedIpn();
		return { kind: '', headers: FORM, body: formBody({ ...signed, SHASIGN: signed.sha_sign }) };
	},
	'repeated field': () => {
		const signed = signedIpn();
		return { kind: '', headers: FORM, body: formBody([...Object.entries(signed), ['amount', signed.amount ?? '1']]) };
	},
	'truncated/bit-flipped/garbled': () => ({ kind: '', headers: FORM, body: mutateRefused(ds24Valid(), ds24Refused) }),
	'empty body': () => ({ kind: '', headers: FORM, body: '' }),
	'malformed JSON': () => ({ kind: '', headers: { 'content-type': 'application/json' }, body: pick(['{"sha_sign":', '{', '[1,2', '{"a":1}}', 'null x']) }),
	'XML entity bomb': () => ({ kind: '', headers: { 'content-type': 'application/xml' }, body: ENTITY_BOMB }),
	'wrong content type': () => ({ kind: '', headers: { 'content-type': pick(['application/json', 'text/plain', 'application/xml', 'multipart/form-data; boundary=x', 'application/octet-stream']) }, body: tamperedIpn() }),
	'huge header': () => ({ kind: '', headers: { ...FORM, ...hugeHeader() }, body: tamperedIpn() }),
	'random bytes': () => ({ kind: '', headers: FORM, body: randomBytes(1 + int(4096)) }),
};
const ds24Oversized = (): SoakRequest => ({ kind: 'oversized (> 1 MiB)', headers: FORM, body: `${tamperedIpn()}&padding=${'x'.repeat(oversized())}` });

// ---------------------------------------------------------------- FundraisingBox
const fbRefused = (body: Buffer) => !parseFundraisingBoxBody(body).ok;
const fbHeaders = (contentType: string, authorization = basicAuthorization(WEBHOOK_USER, WEBHOOK_PASSWORD)) =>
	webhookHeaders('donation.create', `soak-${int(1e9)}`, contentType, authorization);
const fbValid = () => pick([{ type: 'application/xml', body: MERGE_WEBHOOK_XML }, { type: 'application/json', body: JSON_WEBHOOK }]);
const WRONG_AUTHORIZATIONS = () => [
	'',
	basicAuthorization(WEBHOOK_USER, `${WEBHOOK_PASSWORD}x`),
	basicAuthorization(`${WEBHOOK_USER}x`, WEBHOOK_PASSWORD),
	basicAuthorization(WEBHOOK_USER, ''),
	basicAuthorization(WEBHOOK_TOKEN, ''),
	basicAuthorization(WEBHOOK_PASSWORD, WEBHOOK_USER),
	`Bearer ${WEBHOOK_TOKEN}`,
	`Basic ${Buffer.from(WEBHOOK_USER).toString('base64')}`,
	'Basic !!!not-base64!!!',
	'Basic',
	`Basic ${randomBytes(48).toString('base64')}`,
	`Digest username="${WEBHOOK_USER}"`,
];
const deepXml = (depth: number) => `<fb_transaction>${'<a>'.repeat(depth)}x${'</a>'.repeat(depth)}</fb_transaction>`;
const deepJson = (depth: number) => `{"fb_person":${'['.repeat(depth)}1${']'.repeat(depth)}}`;
const ENTITY_BOMB = `<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('')}]>\n<fb_transaction><fb_donation>&lol9;</fb_donation></fb_transaction>`;
const XXE = `<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<fb_transaction><fb_donation><id>&xxe;</id></fb_donation></fb_transaction>`;
const MALFORMED_FB_BODIES: Array<() => string> = [
	() => MERGE_WEBHOOK_XML.slice(0, MERGE_WEBHOOK_XML.lastIndexOf('</fb_transaction>') - int(200)),
	() => MERGE_WEBHOOK_XML.replace('</fb_donation>', '</fb_donatio>'),
	() => MERGE_WEBHOOK_XML.replace('<fb_donation>', '<fb_donation><unclosed>'),
	() => ENTITY_BOMB,
	() => XXE,
	() => deepXml(pick([40, 100, 1_000, 20_000])),
	() => JSON_WEBHOOK.slice(0, 1 + int(JSON_WEBHOOK.length - 2)),
	() => pick(['{', '{"fb_person":}', "{'a':1}", '{"a":1,}', '{"a":NaN}']),
	() => pick(['[1,2,3]', '"text"', '42', 'null', 'donation=1&amount=2', '']),
	() => '<fb_transaction>only text</fb_transaction>',
	() => `${deepJson(pick([1_000, 100_000]))}x`,
];
const FB_KINDS: Record<string, () => SoakRequest> = {
	'missing/wrong Basic auth': () => {
		const { type, body } = fbValid();
		return { kind: '', headers: fbHeaders(type, pick(WRONG_AUTHORIZATIONS())), body };
	},
	'wrong token in query': () => ({ kind: '', headers: fbHeaders('application/xml', ''), body: MERGE_WEBHOOK_XML, query: `?token=${pick(['', 'x', `${WEBHOOK_TOKEN}x`, WEBHOOK_PASSWORD])}` }),
	'wrong auth, garbled body': () => {
		const { type, body } = fbValid();
		return { kind: '', headers: fbHeaders(type, pick(WRONG_AUTHORIZATIONS())), body: mutate(Buffer.from(body)) };
	},
	'authorized, truncated/bit-flipped/garbled': () => {
		const { type, body } = fbValid();
		return { kind: '', headers: fbHeaders(type), body: mutateRefused(Buffer.from(body), fbRefused) };
	},
	'authorized, malformed XML/JSON': () => ({ kind: '', headers: fbHeaders(pick(['application/xml', 'text/xml', 'application/json'])), body: pick(MALFORMED_FB_BODIES)() }),
	'authorized, wrong content type': () => ({ kind: '', headers: fbHeaders(pick(['application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'text/plain', 'image/png'])), body: pick(MALFORMED_FB_BODIES)() }),
	'authorized, empty body': () => ({ kind: '', headers: fbHeaders(pick(['application/xml', 'application/json'])), body: '' }),
	'huge header': () => ({ kind: '', headers: { ...fbHeaders('application/xml', pick(WRONG_AUTHORIZATIONS())), ...hugeHeader() }, body: MERGE_WEBHOOK_XML }),
	'huge Authorization': () => ({ kind: '', headers: fbHeaders('application/xml', `Basic ${Buffer.from(`${WEBHOOK_USER}:${'p'.repeat(10_000)}`).toString('base64')}`), body: MERGE_WEBHOOK_XML }),
};
const fbOversized = (): SoakRequest => ({
	kind: 'oversized (> 1 MiB)',
	headers: fbHeaders('application/xml', pick([basicAuthorization(WEBHOOK_USER, WEBHOOK_PASSWORD), ''])),
	body: padTo(MERGE_WEBHOOK_XML, oversized()),
});

// ---------------------------------------------------------------- OnlineFundraising
const JSON_TYPE = { 'content-type': 'application/json' };
const ofObject = () => ({
	merchantId: 'soak',
	webhookEventGuid: `soak-${int(1e9)}`,
	webhookGuid: 'soak',
	webhookAttemptGuid: `attempt-${int(1e9)}`,
	entityGuid: `payment-${int(1e9)}`,
	entityType: 'payment',
	eventType: 'charged',
});
const ofValid = () => Buffer.from(JSON.stringify(Array.from({ length: 1 + int(3) }, ofObject)));
const ofRefused = (body: Buffer) => !parseOnlineFundraisingBody(body).ok;
const OF_MALFORMED: Array<() => string> = [
	() => '[]',
	() => pick(['[', '[{', '[{"entityGuid":', '{"a":1}}', "[{'a':1}]", '[1,]']),
	() => JSON.stringify([1, 'x', null]),
	() => JSON.stringify([[ofObject()]]),
	() => JSON.stringify([{ ...ofObject(), entityGuid: undefined }]),
	() => JSON.stringify([{ ...ofObject(), entityType: 'pay ment' }]),
	() => JSON.stringify([{ ...ofObject(), webhookEventGuid: 'x'.repeat(101) }]),
	() => JSON.stringify([{ ...ofObject(), eventType: { $ne: null } }]),
	() => JSON.stringify([ofObject(), { ...ofObject(), entityGuid: '../../etc' + '/'.repeat(3) }]),
	() => `${'['.repeat(pick([1_000, 100_000]))}`,
	() => pick(['null', '"x"', '42', 'true']),
];
const OF_OPEN_KINDS: Record<string, () => SoakRequest> = {
	'truncated/bit-flipped/garbled': () => ({ kind: '', headers: JSON_TYPE, body: mutateRefused(ofValid(), ofRefused) }),
	'malformed array': () => ({ kind: '', headers: JSON_TYPE, body: pick(OF_MALFORMED)() }),
	'empty body': () => ({ kind: '', headers: JSON_TYPE, body: '' }),
	'wrong content type': () => ({ kind: '', headers: { 'content-type': pick(['application/x-www-form-urlencoded', 'application/xml', 'text/plain', 'multipart/form-data; boundary=x']) }, body: pick(OF_MALFORMED)() }),
	'huge header': () => ({ kind: '', headers: { ...JSON_TYPE, ...hugeHeader() }, body: pick(OF_MALFORMED)() }),
	'XML entity bomb': () => ({ kind: '', headers: { 'content-type': 'application/xml' }, body: ENTITY_BOMB }),
};
const ofOversized = (): SoakRequest => ({ kind: 'oversized (> 1 MiB)', headers: JSON_TYPE, body: padTo(ofValid().toString(), oversized()) });
const OF_FENCED_KINDS: Record<string, () => SoakRequest> = {
	'valid batch, sender outside allowlist': () => ({ kind: '', headers: JSON_TYPE, body: ofValid() }),
	'garbled batch, sender outside allowlist': () => ({ kind: '', headers: JSON_TYPE, body: mutate(ofValid()) }),
	'malformed array, sender outside allowlist': () => ({ kind: '', headers: JSON_TYPE, body: pick(OF_MALFORMED)() }),
	'empty body, sender outside allowlist': () => ({ kind: '', headers: JSON_TYPE, body: '' }),
};

// ---------------------------------------------------------------- targets
const DS24 = ds24Workflow('soakDs24Trigger1', 'soak-ds24', { events: ['*'] });
const FB = fbTriggerWorkflow('soakFbTrigger001', 'soak-fb', { events: ['*'] });
const OF_OPEN = triggerWorkflow({ id: 'soakOfTrigger001', name: 'soakOfTrigger001', type: 'onlineFundraisingTrigger', webhookId: 'soak-of', parameters: { events: ['*'] } });
const OF_FENCED = triggerWorkflow({
	id: 'soakOfFenced0001',
	name: 'soakOfFenced0001',
	type: 'onlineFundraisingTrigger',
	webhookId: 'soak-of-fenced',
	parameters: { events: ['*'], triggerOptions: { ipAllowlist: '203.0.113.0/24, 2001:db8::/32' } },
});

interface Target {
	key: string;
	label: string;
	webhookId: string;
	workflowId: string;
	weight: number;
	kinds: Record<string, () => SoakRequest>;
	oversized: () => SoakRequest;
}
const TARGETS: Target[] = [
	{ key: 'ds24', label: 'Digistore24 IPN Trigger', webhookId: 'soak-ds24', workflowId: DS24.id, weight: 0.35, kinds: DS24_KINDS, oversized: ds24Oversized },
	{ key: 'fb', label: 'FundraisingBox Trigger (Basic auth)', webhookId: 'soak-fb', workflowId: FB.id, weight: 0.35, kinds: FB_KINDS, oversized: fbOversized },
	{ key: 'of', label: 'OnlineFundraising Trigger', webhookId: 'soak-of', workflowId: OF_OPEN.id, weight: 0.18, kinds: OF_OPEN_KINDS, oversized: ofOversized },
	{ key: 'ofFenced', label: 'OnlineFundraising Trigger, IP allowlist', webhookId: 'soak-of-fenced', workflowId: OF_FENCED.id, weight: 0.12, kinds: OF_FENCED_KINDS, oversized: ofOversized },
];

function nextRequest(): { target: Target; request: SoakRequest } {
	let roll = random();
	const target = TARGETS.find((t) => (roll -= t.weight) < 0) ?? TARGETS[0];
	// A few oversized bodies: about 3 per 1,000 requests.
	if (random() < 0.003) return { target, request: target.oversized() };
	const kind = pick(Object.keys(target.kinds));
	return { target, request: { ...target.kinds[kind](), kind } };
}

// ---------------------------------------------------------------- run
interface Tally {
	requests: number;
	statuses: Record<string, number>;
	byKind: Record<string, Record<string, number>>;
}
const bump = (record: Record<string, number>, key: string) => (record[key] = (record[key] ?? 0) + 1);

async function main(): Promise<void> {
	prepareRuntime();
	const n8n = await N8nInstance.start({
		name: 'soak',
		credentials: [DS24_CREDENTIAL, FB_BASIC_CREDENTIAL],
		workflows: [DS24, FB, OF_OPEN, OF_FENCED],
		env: { EXECUTIONS_DATA_PRUNE: 'false' },
	});
	const pid = n8n.pid;
	if (!pid) throw new Error('n8n has no pid');
	const tallies = new Map<string, Tally>(TARGETS.map((t) => [t.key, { requests: 0, statuses: {}, byKind: {} }]));
	const serverErrors: Array<{ target: string; kind: string; status: number; body: string }> = [];
	// Requests without any answer (timeouts, resets): reported, not failed on.
	const unanswered: Array<{ target: string; kind: string; contentType?: string; bytes: number; error: string }> = [];
	const memory: Array<{ requests: number; rssKb: number }> = [{ requests: 0, rssKb: statusKb(pid, 'VmRSS') }];
	// A refusal takes milliseconds; anything unanswered after 30 s is counted as a timeout.
	const pool = new Pool(n8n.baseUrl, { connections: CONCURRENCY, headersTimeout: 30_000, bodyTimeout: 30_000 });
	const started = performance.now();
	let sent = 0;
	try {
		while (sent < REQUESTS) {
			const batch = Array.from({ length: Math.min(SAMPLE_EVERY, REQUESTS - sent) }, nextRequest);
			let next = 0;
			const lane = async () => {
				while (next < batch.length) {
					const { target, request } = batch[next++];
					const tally = tallies.get(target.key)!;
					let outcome: string;
					try {
						const response = await pool.request({ path: `/webhook/${target.webhookId}/webhook${request.query ?? ''}`, method: 'POST', headers: request.headers, body: request.body });
						const text = await response.body.text();
						outcome = String(response.statusCode);
						if (response.statusCode >= 500) serverErrors.push({ target: target.key, kind: request.kind, status: response.statusCode, body: text.slice(0, 300) });
					} catch (error) {
						outcome = `error ${(error as { code?: string }).code ?? (error as Error).message}`;
						unanswered.push({ target: target.key, kind: request.kind, contentType: request.headers['content-type'], bytes: Buffer.byteLength(request.body), error: outcome });
					}
					tally.requests++;
					bump(tally.statuses, outcome);
					bump((tally.byKind[request.kind] ??= {}), outcome);
				}
			};
			await Promise.all(Array.from({ length: CONCURRENCY }, lane));
			sent += batch.length;
			memory.push({ requests: sent, rssKb: statusKb(pid, 'VmRSS') });
			process.stderr.write(`[soak] ${sent}/${REQUESTS} requests, ${serverErrors.length} 5xx, RSS ${(memory[memory.length - 1].rssKb / 1024).toFixed(0)} MiB\n`);
		}
	} finally {
		await pool.close();
	}
	const seconds = (performance.now() - started) / 1000;
	// An execution would be registered before the answer; a short wait covers any straggler.
	await new Promise((resolve) => setTimeout(resolve, 2_000));
	const executions = Object.fromEntries(TARGETS.map((t) => [t.key, n8n.executions(t.workflowId)]));
	const allExecutions = n8n.query<{ n: number }>('SELECT COUNT(*) AS n FROM execution_entity')[0]?.n ?? 0;
	await n8n.dispose();

	// Memory trend over the samples after each 1,000 requests (the one at start, before any warm-up,
	// is reported only): least-squares slope, and the mean of the last third vs the first third.
	const trend = memory.length > 2 ? memory.slice(1) : memory;
	const xs = trend.map((m) => m.requests);
	const ys = trend.map((m) => m.rssKb / 1024);
	const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
	const mx = mean(xs);
	const my = mean(ys);
	const slopePer1k = (xs.reduce((sum, x, i) => sum + (x - mx) * (ys[i] - my), 0) / xs.reduce((sum, x) => sum + (x - mx) ** 2, 0)) * 1000;
	const third = Math.max(1, Math.floor(ys.length / 3));
	const firstThird = mean(ys.slice(0, third));
	const lastThird = mean(ys.slice(-third));
	const growth = lastThird / firstThird - 1;

	const rows = TARGETS.map((t) => {
		const tally = tallies.get(t.key)!;
		const histogram = Object.entries(tally.statuses)
			.sort(([a], [b]) => a.localeCompare(b))
			.map(([status, n]) => `${status}: ${n}`)
			.join(', ');
		return { target: t.label, requests: tally.requests, histogram, executions: executions[t.key].length, statuses: tally.statuses, byKind: tally.byKind };
	});
	const lines = [
		`Trigger soak, n8n 2.40.7, seed ${SEED}, ${REQUESTS} bad requests in ${seconds.toFixed(0)} s (${(REQUESTS / seconds).toFixed(0)} req/s), ${CONCURRENCY} connections`,
		'',
		'| trigger | requests | statuses | executions |',
		'| --- | ---: | --- | ---: |',
		...rows.map((r) => `| ${r.target} | ${r.requests} | ${r.histogram} | ${r.executions} |`),
		'',
		`5xx: ${serverErrors.length}; executions (all workflows): ${allExecutions}; unanswered: ${unanswered.length}`,
		`n8n RSS: ${(memory[0].rssKb / 1024).toFixed(0)} MiB before, ${ys[0].toFixed(0)} MiB after ${xs[0]} requests, ${ys[ys.length - 1].toFixed(0)} MiB after ${xs[xs.length - 1]}; slope ${slopePer1k.toFixed(2)} MiB per 1,000 requests; last third ${growth >= 0 ? '+' : ''}${(growth * 100).toFixed(1)} % vs first third`,
		`RSS samples (MiB): ${memory.map((m) => (m.rssKb / 1024).toFixed(0)).join(' ')}`,
	];
	if (growth > 0.25) lines.push(`WARNING: n8n's RSS in the last third is ${(growth * 100).toFixed(0)} % above the first third`);
	for (const error of serverErrors.slice(0, 10)) lines.push(`5xx: ${error.target} "${error.kind}" → ${error.status} ${error.body}`);
	for (const miss of unanswered.slice(0, 10)) lines.push(`WARNING unanswered: ${miss.target} "${miss.kind}" (${miss.contentType}, ${miss.bytes} bytes) → ${miss.error}`);
	process.stdout.write(`${lines.join('\n')}\n`);

	const dir = join(REPO_ROOT, 'bench/results');
	mkdirSync(dir, { recursive: true });
	writeFileSync(
		join(dir, `triggerSoak-${new Date().toISOString().replace(/[:.]/g, '-')}.json`),
		JSON.stringify({ REQUESTS, SEED, CONCURRENCY, seconds, rows, serverErrors, unanswered, executions, allExecutions, memory, slopePer1k, growth }, null, 2),
	);
	if (serverErrors.length > 0 || allExecutions > 0) process.exit(1);
}

main().catch((error) => {
	process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
	process.exit(1);
});
