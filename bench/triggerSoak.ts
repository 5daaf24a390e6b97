/**
 * Soak: the webhook triggers of this pack inside one real n8n 2.40.7 under a seeded corpus of bad
 * requests, every one of which the trigger (or n8n in front of it) must refuse with a 4xx:
 *   - Digistore24 IPN Trigger: missing, malformed, wrong sha_sign; fields tampered after signing;
 *     signed with another passphrase; repeated fields; truncated and bit-flipped signed IPNs;
 *   - FundraisingBox Trigger (Basic auth): missing or wrong credentials, tokens, garbage
 *     Authorization headers; with the right credentials only bodies that are not a webhook
 *     (unclosed or mismatched tags, DOCTYPE/entity bombs, deep nesting, malformed JSON,
 *     `__proto__`/`constructor`/`prototype` elements, ...); and behind an IP allowlist whose entries
 *     have host bits set (`203.0.113.5/0` once allowed every IPv4 client): valid webhooks, 403;
 *   - OnlineFundraising Trigger three times: without credential only malformed arrays (`..`, `.`,
 *     `%2e%2e` GUIDs, `toString: null` fields); behind an IP allowlist that excludes 127.0.0.1
 *     anything, valid batches included (forged sender); with a credential on a loopback fake of the
 *     OnlineFundraising API, forged batches (GUIDs the API does not know, also one GUID many times:
 *     one read each) and the malformed arrays (no read at all);
 *   - for all: empty and oversized (> 1 MiB) bodies, wrong content types, huge header values, and
 *     gzip/deflate bombs (16 KB inflating to 16 MiB: 415 before n8n inflates them).
 * Truncated/garbled variants are checked locally with the nodes' own parsers and signature check
 * and regenerated if they happen to be valid, so that no request in the corpus may be accepted.
 *
 * Positive controls, counted apart (their own workflows): FundraisingBox donations that hostile-input
 * checks once refused but must accept (a donor's `<!doctype` in CDATA, element names that are
 * Object.prototype members, JSON values `{ toString: null }`), each answered 200 with exactly one
 * execution carrying its event id.
 *
 * Two phases after the mix, one request at a time (the fake's counters are global):
 *   - fan-out: 1,500 objects about one real entity (1 read, one execution: a positive control),
 *     about one unknown entity (400, 1 read), about 1,500 unknown entities (400, at most
 *     MAX_RESOLVES_IN_FLIGHT reads in flight), MAX_WEBHOOK_OBJECTS + 1 objects (413, no read);
 *   - API outage: the fake answering 503, 429 or not at all → 503 with Retry-After, no execution
 *     (the one 5xx this soak expects: OnlineFundraising retries it).
 *
 * Checks: no 5xx (outside the outage phase), every refusal a 4xx (the case's own status where it
 * has one), no execution but the controls', the API-read bounds above, n8n alive under its heap cap
 * (SOAK_N8N_HEAP_MB); samples n8n's RSS every 1,000 requests (a tenth of shorter runs) and reports
 * the trend (warning only: machines here are noisy). Exit 1 on any failed check. Sends only to loopback.
 *
 *   npm run soak:triggers      # SOAK_REQUESTS=10000 SOAK_SEED=1 SOAK_CONCURRENCY=8 SOAK_FANOUT_ROUNDS=3 SOAK_N8N_HEAP_MB=512
 */
import { Pool } from 'undici';
import { deflateSync, gzipSync } from 'zlib';
import { FakeOnlineFundraisingApi } from '../test/fakes/onlineFundraisingApi';
import { N8nInstance, type CredentialSpec } from '../tools/n8n/n8n';
import { prepareRuntime } from '../tools/n8n/provision';
import { TRIGGER_NODE_NAME, triggerWorkflow } from '../tools/n8n/workflows';
import { DS24_CREDENTIAL, PASSPHRASE, credentialRef, ds24Workflow, signedIpn } from '../test/e2e/helpers/digistore24';
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
import { verifyIpnSignature } from '../nodes/Digistore24/trigger/signature';
import { parseFormBody } from '../nodes/shared/formBody';
import { parseWebhookBody as parseFundraisingBoxBody } from '../nodes/FundraisingBox/trigger/payload';
import { MAX_WEBHOOK_OBJECTS, parseWebhookBody as parseOnlineFundraisingBody } from '../nodes/OnlineFundraising/trigger/payload';
import { MAX_RESOLVES_IN_FLIGHT } from '../nodes/OnlineFundraising/trigger/entityResolution';
import { statusKb } from './lib/processMemory';
import { markdownTable, writeResults } from './lib/report';

const REQUESTS = Number(process.env.SOAK_REQUESTS ?? 10_000);
const SEED = Number(process.env.SOAK_SEED ?? 1);
const CONCURRENCY = Number(process.env.SOAK_CONCURRENCY ?? 8);
const FANOUT_ROUNDS = Number(process.env.SOAK_FANOUT_ROUNDS ?? 3);
const FANOUT_OBJECTS = 1_500;
/**
 * n8n's V8 old space for the soak, in MiB. RSS alone cannot tell garbage V8 has not collected yet
 * from a leak (it climbs for a few thousand requests, then drops at a major GC); under a cap a leak
 * ends in an out-of-memory crash, i.e. unanswered requests and a failed soak.
 */
const N8N_HEAP_MB = Number(process.env.SOAK_N8N_HEAP_MB ?? 512); // 0: no cap
/** RSS sample interval: every 1,000 requests, or a tenth of a short run (at least 100). */
const SAMPLE_EVERY = Math.min(1_000, Math.max(100, Math.floor(REQUESTS / 10)));
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
/** A seeded version-4 GUID, as OnlineFundraising writes them (lower case). */
const guid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-${pick(['8', '9', 'A', 'B'])}${hex(3)}-${hex(12)}`.toLowerCase();

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
// 16 MiB (n8n's own payload limit) of one byte, compressed to about 16 KB: what n8n would inflate
// before any trigger saw the body, had the guard not refused compressed bodies.
const BOMB_INFLATED = 16 * MIB;
const BOMBS = { gzip: gzipSync(Buffer.alloc(BOMB_INFLATED, 'a'), { level: 9 }), deflate: deflateSync(Buffer.alloc(BOMB_INFLATED, 'a'), { level: 9 }) };
/** A compressed bomb under the given headers. */
function bomb(headers: Record<string, string>): Omit<SoakRequest, 'kind'> {
	const coding = pick(['gzip', 'deflate'] as const);
	return { headers: { ...headers, 'content-encoding': coding }, body: BOMBS[coding], expect: 415 };
}

interface SoakRequest {
	kind: string;
	headers: Record<string, string>;
	body: string | Buffer;
	query?: string;
	/** The exact status this request must get, where the case has one (otherwise any 4xx). */
	expect?: number;
}

// ---------------------------------------------------------------- OnlineFundraising API reads to check afterwards
/** GUIDs sent in requests that must be refused before any API call, and in forged batches (one read each at most). */
const mustNotRead = new Set<string>();
const readAtMostOnce = new Set<string>();

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
	'gzip/deflate bomb': () => ({ kind: '', ...bomb(FORM) }),
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
	'authorized, __proto__/constructor/prototype element': () => {
		const name = pick(['__proto__', 'constructor', 'prototype']);
		const parent = pick(['fb_donation', 'fb_person', 'meta_info']);
		return { kind: '', headers: fbHeaders('application/xml'), body: MERGE_WEBHOOK_XML.replace(`<${parent}>`, `<${parent}><${name}><polluted>1</polluted></${name}>`), expect: 400 };
	},
	'authorized, DOCTYPE in the prolog': () => ({ kind: '', headers: fbHeaders('application/xml'), body: MERGE_WEBHOOK_XML.replace('<fb_transaction>', '<!DOCTYPE fb_transaction><fb_transaction>') }),
	'authorized, gzip/deflate bomb': () => ({ kind: '', ...bomb(fbHeaders(pick(['application/xml', 'application/json']))) }),
};
/** Behind an allowlist whose entries have host bits set: every sender refused, the right credentials and bodies included. */
const FB_HOST_BITS_KINDS: Record<string, () => SoakRequest> = {
	'valid webhook, host-bit allowlist': () => {
		const { type, body } = fbValid();
		return { kind: '', headers: fbHeaders(type), body, expect: 403 };
	},
	'gzip/deflate bomb, host-bit allowlist': () => ({ kind: '', ...bomb(fbHeaders('application/xml')), expect: 403 }),
};

// Positive controls: donations the hostile-input checks must accept (issue 14); each one executes exactly once.
const controlIds: string[] = [];
const PROTOTYPE_NAMES = ['toLocaleString', 'isPrototypeOf', 'hasOwnProperty', 'toString', 'valueOf', 'propertyIsEnumerable'];
const NULL_TO_STRING = { toString: null, valueOf: null };
function control(event: string, contentType: string, body: string): SoakRequest {
	const requestId = `soak-control-${controlIds.length}-${int(1e9)}`;
	controlIds.push(requestId);
	return { kind: '', headers: webhookHeaders(event, requestId, contentType, basicAuthorization(WEBHOOK_USER, WEBHOOK_PASSWORD)), body };
}
const FB_CONTROL_KINDS: Record<string, () => SoakRequest> = {
	'donor message with <!doctype in CDATA': () =>
		control('donation.create', 'application/xml', MERGE_WEBHOOK_XML.replace('Alles Gute & viel Erfolg!', pick(['<!doctype html><p>Alles Gute</p>', '<!DOCTYPE x [<!ENTITY e "E">]>', '<!ENTITY x "y"> &x;']))),
	'Object.prototype element names': () =>
		control('donation.create', 'application/xml', MERGE_WEBHOOK_XML.replace('<fb_donation>', `<fb_donation>${PROTOTYPE_NAMES.slice(int(3)).map((name) => `<${name}>v</${name}>`).join('')}`)),
	'JSON values { toString: null }': () =>
		control(
			'online_donation.create',
			'application/json',
			JSON.stringify({ fb_donation: { id: NULL_TO_STRING, amount: 1 + int(100), currency: 'EUR', status: NULL_TO_STRING }, fb_person: { id: 7, email: NULL_TO_STRING, fb_person_addresses: [null] } }),
		),
	'JSON __proto__/constructor keys': () => control('person.create', 'application/json', '{"__proto__":{"fb_donation":{"id":1}},"constructor":{"prototype":{"x":1}},"fb_person":{"id":8,"toString":null}}'),
};
const fbOversized = (): SoakRequest => ({
	kind: 'oversized (> 1 MiB)',
	headers: fbHeaders('application/xml', pick([basicAuthorization(WEBHOOK_USER, WEBHOOK_PASSWORD), ''])),
	body: padTo(MERGE_WEBHOOK_XML, oversized()),
});

// ---------------------------------------------------------------- OnlineFundraising
const JSON_TYPE = { 'content-type': 'application/json' };
const ofObject = (entityGuid = guid(), entityType = 'payment', eventType = pick(['charged', 'refunded'])) => ({
	merchantId: 'soak',
	webhookEventGuid: guid(),
	webhookGuid: guid(),
	webhookAttemptGuid: guid(),
	entityGuid,
	entityType,
	eventType,
});
const ofBatch = (objects: object[]) => JSON.stringify(objects);
const ofValid = () => Buffer.from(JSON.stringify(Array.from({ length: 1 + int(3) }, () => ofObject())));
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
/** A batch of well-formed objects, one of which names `..`, `.`, `%2e%2e` (or a `toString: null` object) as its entity: refused before any API call. */
function ofPathTrick(entityGuid: unknown): string {
	const objects = Array.from({ length: 1 + int(5) }, () => ofObject());
	for (const object of objects) mustNotRead.add(object.entityGuid);
	objects[int(objects.length)].entityGuid = entityGuid as string;
	return ofBatch(objects);
}
const OF_PATH_TRICKS = () => pick(['..', '.', '%2e%2e', '%2E%2E', '../..', `${guid()}/..`, '.%2e']);
const OF_OPEN_KINDS: Record<string, () => SoakRequest> = {
	'truncated/bit-flipped/garbled': () => ({ kind: '', headers: JSON_TYPE, body: mutateRefused(ofValid(), ofRefused) }),
	'malformed array': () => ({ kind: '', headers: JSON_TYPE, body: pick(OF_MALFORMED)() }),
	'empty body': () => ({ kind: '', headers: JSON_TYPE, body: '' }),
	'wrong content type': () => ({ kind: '', headers: { 'content-type': pick(['application/x-www-form-urlencoded', 'application/xml', 'text/plain', 'multipart/form-data; boundary=x']) }, body: pick(OF_MALFORMED)() }),
	'huge header': () => ({ kind: '', headers: { ...JSON_TYPE, ...hugeHeader() }, body: pick(OF_MALFORMED)() }),
	'XML entity bomb': () => ({ kind: '', headers: { 'content-type': 'application/xml' }, body: ENTITY_BOMB }),
	'`..`/`.`/`%2e%2e` as entityGuid': () => ({ kind: '', headers: JSON_TYPE, body: ofPathTrick(OF_PATH_TRICKS()), expect: 400 }),
	'toString: null fields': () => ({ kind: '', headers: JSON_TYPE, body: ofPathTrick(NULL_TO_STRING), expect: 400 }),
	'gzip/deflate bomb': () => ({ kind: '', ...bomb(JSON_TYPE) }),
};
const ofOversized = (): SoakRequest => ({ kind: 'oversized (> 1 MiB)', headers: JSON_TYPE, body: padTo(ofValid().toString(), oversized()) });
const OF_FENCED_KINDS: Record<string, () => SoakRequest> = {
	'valid batch, sender outside allowlist': () => ({ kind: '', headers: JSON_TYPE, body: ofValid() }),
	'garbled batch, sender outside allowlist': () => ({ kind: '', headers: JSON_TYPE, body: mutate(ofValid()) }),
	'malformed array, sender outside allowlist': () => ({ kind: '', headers: JSON_TYPE, body: pick(OF_MALFORMED)() }),
	'empty body, sender outside allowlist': () => ({ kind: '', headers: JSON_TYPE, body: '' }),
};
/** With a credential on the fake API: GUIDs it does not know (forged), one read per distinct entity; malformed ones, no read. */
function forged(objects: Array<ReturnType<typeof ofObject>>): string {
	for (const object of objects) readAtMostOnce.add(object.entityGuid);
	return ofBatch(objects);
}
const OF_VERIFIED_KINDS: Record<string, () => SoakRequest> = {
	'forged batch (unknown GUIDs)': () => ({ kind: '', headers: JSON_TYPE, body: forged(Array.from({ length: 1 + int(20) }, () => ofObject(guid(), pick(['payment', 'contact', 'subscription'])))), expect: 400 }),
	'forged, one entity many times': () => {
		const entityGuid = guid();
		return { kind: '', headers: JSON_TYPE, body: forged(Array.from({ length: 2 + int(300) }, () => ofObject(entityGuid))), expect: 400 };
	},
	'`..`/`.`/`%2e%2e` as entityGuid': () => ({ kind: '', headers: JSON_TYPE, body: ofPathTrick(OF_PATH_TRICKS()), expect: 400 }),
	'toString: null fields': () => ({ kind: '', headers: JSON_TYPE, body: ofPathTrick(NULL_TO_STRING), expect: 400 }),
	'truncated/bit-flipped/garbled': () => ({ kind: '', headers: JSON_TYPE, body: mutateRefused(ofValid(), ofRefused) }),
	'malformed array': () => ({ kind: '', headers: JSON_TYPE, body: pick(OF_MALFORMED)() }),
	'gzip/deflate bomb': () => ({ kind: '', ...bomb(JSON_TYPE) }),
};

// ---------------------------------------------------------------- targets
const OF_API_KEY = 'a0f3c6e1d2b4958776a5c4d3e2f10987'.repeat(2);
/** The loopback OnlineFundraising API the verified triggers ask (baseUrl set once it listens). */
const ofApi = new FakeOnlineFundraisingApi({ apiKey: OF_API_KEY });
const OF_CREDENTIAL: CredentialSpec = { id: 'soakOfApiCred001', name: 'OnlineFundraising (soak fake)', type: 'onlineFundraisingApi', data: {} };
const ofWorkflow = (id: string, webhookId: string, parameters: Record<string, unknown>, verified = false) =>
	triggerWorkflow({ id, name: id, type: 'onlineFundraisingTrigger', webhookId, parameters, ...(verified ? { credentials: credentialRef(OF_CREDENTIAL) } : {}) });

const DS24 = ds24Workflow('soakDs24Trigger1', 'soak-ds24', { events: ['*'] });
const FB = fbTriggerWorkflow('soakFbTrigger001', 'soak-fb', { events: ['*'] });
const FB_HOST_BITS = fbTriggerWorkflow('soakFbHostBits01', 'soak-fb-host-bits', { events: ['*'], triggerOptions: { ipAllowlist: '203.0.113.5/0, ::ffff:10.0.0.0/8' } });
const FB_CONTROLS = fbTriggerWorkflow('soakFbControls01', 'soak-fb-controls', { events: ['*'] });
const OF_OPEN = ofWorkflow('soakOfTrigger001', 'soak-of', { events: ['*'] });
const OF_FENCED = ofWorkflow('soakOfFenced0001', 'soak-of-fenced', { events: ['*'], triggerOptions: { ipAllowlist: '203.0.113.0/24, 2001:db8::/32' } });
const OF_VERIFIED = ofWorkflow('soakOfVerified01', 'soak-of-verified', { events: ['*'] }, true);
const OF_CONTROLS = ofWorkflow('soakOfControls01', 'soak-of-controls', { events: ['*'] }, true);

interface Target {
	key: string;
	label: string;
	webhookId: string;
	workflowId: string;
	weight: number;
	kinds: Record<string, () => SoakRequest>;
	oversized?: () => SoakRequest;
	/** Positive controls: every request answered 200 and executed exactly once. */
	control?: boolean;
}
const TARGETS: Target[] = [
	{ key: 'ds24', label: 'Digistore24 IPN Trigger', webhookId: 'soak-ds24', workflowId: DS24.id, weight: 0.24, kinds: DS24_KINDS, oversized: ds24Oversized },
	{ key: 'fb', label: 'FundraisingBox Trigger (Basic auth)', webhookId: 'soak-fb', workflowId: FB.id, weight: 0.24, kinds: FB_KINDS, oversized: fbOversized },
	{ key: 'fbHostBits', label: 'FundraisingBox Trigger, allowlist with host bits set', webhookId: 'soak-fb-host-bits', workflowId: FB_HOST_BITS.id, weight: 0.07, kinds: FB_HOST_BITS_KINDS, oversized: fbOversized },
	{ key: 'of', label: 'OnlineFundraising Trigger, no credential', webhookId: 'soak-of', workflowId: OF_OPEN.id, weight: 0.12, kinds: OF_OPEN_KINDS, oversized: ofOversized },
	{ key: 'ofFenced', label: 'OnlineFundraising Trigger, IP allowlist', webhookId: 'soak-of-fenced', workflowId: OF_FENCED.id, weight: 0.07, kinds: OF_FENCED_KINDS, oversized: ofOversized },
	{ key: 'ofVerified', label: 'OnlineFundraising Trigger, credential (fake API)', webhookId: 'soak-of-verified', workflowId: OF_VERIFIED.id, weight: 0.22, kinds: OF_VERIFIED_KINDS, oversized: ofOversized },
	{ key: 'fbControls', label: 'positive controls: FundraisingBox donations to accept', webhookId: 'soak-fb-controls', workflowId: FB_CONTROLS.id, weight: 0.04, kinds: FB_CONTROL_KINDS, control: true },
];

function nextRequest(): { target: Target; request: SoakRequest } {
	let roll = random();
	const target = TARGETS.find((t) => (roll -= t.weight) < 0) ?? TARGETS[0];
	// A few oversized bodies: about 3 per 1,000 requests.
	if (target.oversized && random() < 0.003) return { target, request: target.oversized() };
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
const histogram = (statuses: Record<string, number>) =>
	Object.entries(statuses)
		.sort(([a], [b]) => a.localeCompare(b))
		.map(([status, n]) => `${status}: ${n}`)
		.join(', ');

interface Answer {
	status: number;
	retryAfter?: string;
	text: string;
}
async function post(pool: Pool, webhookId: string, request: Omit<SoakRequest, 'kind'>): Promise<Answer> {
	const response = await pool.request({ path: `/webhook/${webhookId}/webhook${request.query ?? ''}`, method: 'POST', headers: request.headers, body: request.body });
	const text = await response.body.text();
	const retryAfter = response.headers['retry-after'];
	return { status: response.statusCode, text, retryAfter: typeof retryAfter === 'string' ? retryAfter : undefined };
}

const GET_ENTITY = /^\/payment-api\/[A-Za-z]+\/([^/]+)$/;
const IS_GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The fake's GET calls since `from`: how many, and per GUID read. */
function readsSince(from: number): { reads: number; byGuid: Map<string, number>; withoutGuid: string[] } {
	const byGuid = new Map<string, number>();
	const withoutGuid: string[] = [];
	let reads = 0;
	for (const call of ofApi.calls.slice(from)) {
		if (call.method !== 'GET') continue;
		reads++;
		const entityGuid = decodeURIComponent(GET_ENTITY.exec(call.path)?.[1] ?? '');
		if (!IS_GUID.test(entityGuid)) withoutGuid.push(call.path);
		else byGuid.set(entityGuid, (byGuid.get(entityGuid) ?? 0) + 1);
	}
	return { reads, byGuid, withoutGuid };
}

/**
 * Fan-out, one request at a time: 1,500 objects about one real entity (a positive control: one read,
 * one execution), about one unknown entity (400, one read), about 1,500 unknown entities (400, one read
 * each, at most MAX_RESOLVES_IN_FLIGHT at once), and one object over the cap (413, no read).
 */
async function fanOut(pool: Pool, failures: string[]): Promise<{ lines: string[]; controls: number }> {
	let controls = 0;
	const from = ofApi.calls.length;
	ofApi.readDelayMs = 2;
	ofApi.resetLoad();
	const started = performance.now();
	/** Per scenario: statuses, the most API reads one request made, the slowest answer. */
	const seen: Record<string, { statuses: Record<string, number>; maxReads: number; slowestMs: number }> = {};
	const send = async (what: string, webhookId: string, objects: object[], status: number, maxReads: number) => {
		const before = ofApi.calls.length;
		const t0 = performance.now();
		const answer = await post(pool, webhookId, { headers: JSON_TYPE, body: ofBatch(objects) });
		const { reads, byGuid } = readsSince(before);
		const entry = (seen[what] ??= { statuses: {}, maxReads: 0, slowestMs: 0 });
		bump(entry.statuses, String(answer.status));
		entry.maxReads = Math.max(entry.maxReads, reads);
		entry.slowestMs = Math.max(entry.slowestMs, performance.now() - t0);
		if (answer.status !== status) failures.push(`fan-out, ${what}: answered ${answer.status} (expected ${status}) ${answer.text.slice(0, 200)}`);
		if (reads > maxReads || [...byGuid.values()].some((n) => n > 1)) failures.push(`fan-out, ${what}: ${reads} API reads (at most ${maxReads}, one per entity)`);
	};
	for (let round = 0; round < FANOUT_ROUNDS; round++) {
		const contactGuid = String(ofApi.addContact({ firstName: `Soak${round}` }).contactGuid);
		await send('one real entity (control)', 'soak-of-controls', Array.from({ length: FANOUT_OBJECTS }, () => ofObject(contactGuid, 'contact', 'updated')), 200, 1);
		controls++;
		const unknown = guid();
		await send('one unknown entity', 'soak-of-verified', Array.from({ length: FANOUT_OBJECTS }, () => ofObject(unknown)), 400, 1);
		await send(`${FANOUT_OBJECTS} unknown entities`, 'soak-of-verified', Array.from({ length: FANOUT_OBJECTS }, () => ofObject()), 400, FANOUT_OBJECTS);
		await send(`${MAX_WEBHOOK_OBJECTS + 1} objects`, 'soak-of-verified', Array.from({ length: MAX_WEBHOOK_OBJECTS + 1 }, () => ofObject()), 413, 0);
	}
	ofApi.readDelayMs = 0;
	if (ofApi.maxInFlight > MAX_RESOLVES_IN_FLIGHT) failures.push(`fan-out: ${ofApi.maxInFlight} reads in flight at once (at most ${MAX_RESOLVES_IN_FLIGHT})`);
	const scenarios = Object.entries(seen).map(([what, entry]) => `${what} → ${histogram(entry.statuses)}, at most ${entry.maxReads} reads, slowest ${Math.round(entry.slowestMs)} ms`);
	return {
		controls,
		lines: [
			`Fan-out, ${FANOUT_ROUNDS} rounds of ${FANOUT_OBJECTS} objects (fake API holding each answer 2 ms), ${((performance.now() - started) / 1000).toFixed(0)} s: ${readsSince(from).reads} API reads, at most ${ofApi.maxInFlight} in flight`,
			...scenarios.map((line) => `- ${line}`),
		],
	};
}

/** While the API answers 503, 429 or nothing: every webhook (real and forged entities) answered 503 with Retry-After, nothing executed. */
async function outage(pool: Pool, failures: string[]): Promise<{ lines: string[]; statuses: Record<string, number> }> {
	const statuses: Record<string, number> = {};
	const paymentGuid = String(ofApi.addPayment().paymentGuid);
	const from = ofApi.calls.length;
	const started = performance.now();
	for (const failure of [503, 429, 'hang'] as const) {
		ofApi.outage(failure);
		const answers = await Promise.all(
			Array.from({ length: failure === 'hang' ? 2 : 6 }, async () => await post(pool, 'soak-of-verified', { headers: JSON_TYPE, body: ofBatch([ofObject(paymentGuid), ofObject()]) })),
		);
		for (const answer of answers) {
			bump(statuses, `API ${failure} → ${answer.status}`);
			if (answer.status !== 503 || !/^\d+$/.test(answer.retryAfter ?? '')) failures.push(`outage ${failure}: answered ${answer.status}, Retry-After ${answer.retryAfter} (expected 503 with Retry-After)`);
		}
	}
	ofApi.outage(undefined);
	return {
		statuses,
		lines: [`API outage (${((performance.now() - started) / 1000).toFixed(0)} s): ${histogram(statuses)}, each with Retry-After; API requests ${ofApi.calls.length - from}`],
	};
}

async function main(): Promise<void> {
	prepareRuntime();
	await ofApi.start();
	OF_CREDENTIAL.data = { baseUrl: ofApi.baseUrl, apiKey: OF_API_KEY };
	const n8n = await N8nInstance.start({
		name: 'soak',
		credentials: [DS24_CREDENTIAL, FB_BASIC_CREDENTIAL, OF_CREDENTIAL],
		workflows: [DS24, FB, FB_HOST_BITS, FB_CONTROLS, OF_OPEN, OF_FENCED, OF_VERIFIED, OF_CONTROLS],
		env: { EXECUTIONS_DATA_PRUNE: 'false', ...(N8N_HEAP_MB > 0 ? { NODE_OPTIONS: `--max-old-space-size=${N8N_HEAP_MB}` } : {}) },
	});
	const pid = n8n.pid;
	if (!pid) throw new Error('n8n has no pid');
	/** n8n's RSS now, NaN once it has exited (then the soak fails below). */
	const rssKb = () => {
		try {
			return statusKb(pid, 'VmRSS');
		} catch {
			return Number.NaN;
		}
	};
	const tallies = new Map<string, Tally>(TARGETS.map((t) => [t.key, { requests: 0, statuses: {}, byKind: {} }]));
	const serverErrors: Array<{ target: string; kind: string; status: number; body: string }> = [];
	/** Failed checks; and answers other than expected (a 2xx/3xx to a refusal, another 4xx than the case's, anything but 200 to a control). */
	const failures: string[] = [];
	const wrongAnswers: string[] = [];
	// Requests without any answer (timeouts, resets): reported, not failed on.
	const unanswered: Array<{ target: string; kind: string; contentType?: string; bytes: number; error: string }> = [];
	const memory: Array<{ requests: number; rssKb: number }> = [{ requests: 0, rssKb: rssKb() }];
	// A refusal takes milliseconds; anything unanswered after 30 s is counted as a timeout.
	const pool = new Pool(n8n.baseUrl, { connections: CONCURRENCY, headersTimeout: 30_000, bodyTimeout: 30_000 });
	// Fan-out and outage requests wait for up to 2,000 API reads or the 10 s read timeout.
	const slowPool = new Pool(n8n.baseUrl, { connections: 2, headersTimeout: 120_000, bodyTimeout: 120_000 });
	const started = performance.now();
	let sent = 0;
	let mixMaxInFlight = 0;
	let phases: { lines: string[]; statuses: Record<string, number> } = { lines: [], statuses: {} };
	let ofControls = 0;
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
						const answer = await post(pool, target.webhookId, request);
						outcome = String(answer.status);
						if (answer.status >= 500) serverErrors.push({ target: target.key, kind: request.kind, status: answer.status, body: answer.text.slice(0, 300) });
						else if (target.control ? answer.status !== 200 : answer.status < 400 || (request.expect !== undefined && answer.status !== request.expect)) {
							wrongAnswers.push(`${target.key} "${request.kind}" → ${answer.status}${request.expect ? ` (expected ${request.expect})` : ''} ${answer.text.slice(0, 200)}`);
						}
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
			memory.push({ requests: sent, rssKb: rssKb() });
			process.stderr.write(`[soak] ${sent}/${REQUESTS} requests, ${serverErrors.length} 5xx, RSS ${(memory[memory.length - 1].rssKb / 1024).toFixed(0)} MiB\n`);
		}
		mixMaxInFlight = ofApi.maxInFlight;
		process.stderr.write('[soak] fan-out\n');
		const fan = await fanOut(slowPool, failures);
		ofControls = fan.controls;
		memory.push({ requests: sent, rssKb: rssKb() });
		process.stderr.write('[soak] API outage\n');
		const down = await outage(slowPool, failures);
		phases = { lines: [...fan.lines, ...down.lines], statuses: down.statuses };
	} finally {
		await pool.close();
		await slowPool.close();
	}
	const seconds = (performance.now() - started) / 1000;
	// An execution would be registered before the answer; a short wait covers any straggler.
	await new Promise((resolve) => setTimeout(resolve, 2_000));
	const endRssKb = rssKb();
	if (Number.isNaN(endRssKb)) failures.push(`n8n exited during the soak${n8n.log.includes('heap out of memory') ? `: out of its ${N8N_HEAP_MB} MiB heap` : ''}`);
	const executions = Object.fromEntries(TARGETS.map((t) => [t.key, n8n.executions(t.workflowId)]));
	const ofControlRuns = n8n.executions(OF_CONTROLS.id);
	const allExecutions = n8n.query<{ n: number }>('SELECT COUNT(*) AS n FROM execution_entity')[0]?.n ?? 0;
	// Each FundraisingBox control executed exactly once, with its own event id, successfully.
	const controlEvents = executions.fbControls.map((row) => String(n8n.nodeOutput(row.id, TRIGGER_NODE_NAME)[0]?.eventId));
	const expectedEvents = controlIds.map((id) => `fundraisingbox:${id}`);
	if (JSON.stringify([...controlEvents].sort()) !== JSON.stringify([...expectedEvents].sort())) {
		failures.push(`FundraisingBox controls: ${controlEvents.length} executions for ${expectedEvents.length} controls, or their event ids differ`);
	}
	for (const row of [...executions.fbControls, ...ofControlRuns]) if (row.status !== 'success') failures.push(`control execution ${row.id} of ${row.workflowId}: ${row.status}`);
	if (ofControlRuns.length !== ofControls) failures.push(`OnlineFundraising controls: ${ofControlRuns.length} executions for ${ofControls}`);
	for (const t of TARGETS) if (!t.control && executions[t.key].length > 0) failures.push(`${t.key}: ${executions[t.key].length} executions of a workflow that only gets refusals`);
	const controlsTotal = controlIds.length + ofControls;
	if (allExecutions !== controlsTotal) failures.push(`${allExecutions} executions in all, expected ${controlsTotal} (the controls')`);
	await n8n.dispose();
	await ofApi.stop();

	// API reads: refused-before-reading GUIDs never read, forged ones at most once, no path without a GUID.
	const reads = readsSince(0);
	const readButMustNot = [...mustNotRead].filter((g) => reads.byGuid.has(g));
	const readTwice = [...readAtMostOnce].filter((g) => (reads.byGuid.get(g) ?? 0) > 1);
	if (readButMustNot.length > 0) failures.push(`${readButMustNot.length} GUIDs of requests refused before any API call were read, e.g. ${readButMustNot[0]}`);
	if (readTwice.length > 0) failures.push(`${readTwice.length} forged GUIDs read more than once, e.g. ${readTwice[0]}`);
	if (reads.withoutGuid.length > 0) failures.push(`${reads.withoutGuid.length} API reads without a GUID in the path, e.g. ${reads.withoutGuid[0]}`);
	if (mixMaxInFlight > MAX_RESOLVES_IN_FLIGHT * CONCURRENCY) failures.push(`mix: ${mixMaxInFlight} reads in flight (at most ${MAX_RESOLVES_IN_FLIGHT} per request × ${CONCURRENCY} connections)`);

	// Memory trend over the mix's samples after each 1,000 requests (the one at start, before any warm-up,
	// is reported only): least-squares slope, and the mean of the last third vs the first third.
	const mix = memory.slice(0, Math.ceil(REQUESTS / SAMPLE_EVERY) + 1);
	const trend = mix.length > 2 ? mix.slice(1) : mix;
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
		return { target: t.label, requests: tally.requests, histogram: histogram(tally.statuses), executions: executions[t.key].length, statuses: tally.statuses, byKind: tally.byKind };
	});
	const mib = (kb: number) => (kb / 1024).toFixed(0);
	const lines = [
		`Trigger soak, n8n 2.40.7, seed ${SEED}, ${REQUESTS} requests (${controlIds.length} of them positive controls) in ${seconds.toFixed(0)} s with fan-out and outage, ${CONCURRENCY} connections, n8n's old space ${N8N_HEAP_MB > 0 ? `capped at ${N8N_HEAP_MB} MiB` : 'not capped'}`,
		'',
		...markdownTable(
			[{ title: 'trigger' }, { title: 'requests', align: 'right' }, { title: 'statuses' }, { title: 'executions', align: 'right' }],
			rows.map((r) => [r.target, String(r.requests), r.histogram, String(r.executions)]),
		),
		'',
		...phases.lines,
		'',
		`5xx (outside the outage): ${serverErrors.length}; executions (all workflows): ${allExecutions} = ${controlIds.length} FundraisingBox + ${ofControls} OnlineFundraising positive controls; unanswered: ${unanswered.length}`,
		`OnlineFundraising API: ${reads.reads} reads in all; mix: at most ${mixMaxInFlight} in flight over ${CONCURRENCY} connections; ${mustNotRead.size} GUIDs of requests refused before any call, none read; ${readAtMostOnce.size} forged GUIDs, none read twice`,
		`n8n RSS: ${mib(memory[0].rssKb)} MiB at start, ${ys[0].toFixed(0)} MiB after ${xs[0]} requests, ${ys[ys.length - 1].toFixed(0)} MiB after ${xs[xs.length - 1]}; slope ${slopePer1k.toFixed(2)} MiB per 1,000 requests; last third ${growth >= 0 ? '+' : ''}${(growth * 100).toFixed(1)} % vs first third; ${mib(endRssKb)} MiB at the end (after fan-out and outage)`,
		`RSS samples (MiB): ${memory.map((m) => mib(m.rssKb)).join(' ')} ${mib(endRssKb)}`,
	];
	if (growth > 0.25) lines.push(`WARNING: n8n's RSS in the last third is ${(growth * 100).toFixed(0)} % above the first third`);
	for (const error of serverErrors.slice(0, 10)) lines.push(`5xx: ${error.target} "${error.kind}" → ${error.status} ${error.body}`);
	for (const failure of failures) lines.push(`FAILED: ${failure}`);
	if (wrongAnswers.length > 0) lines.push(`FAILED: ${wrongAnswers.length} requests answered other than expected:`, ...wrongAnswers.slice(0, 10).map((wrong) => `  ${wrong}`));
	for (const miss of unanswered.slice(0, 10)) lines.push(`WARNING unanswered: ${miss.target} "${miss.kind}" (${miss.contentType}, ${miss.bytes} bytes) → ${miss.error}`);
	process.stdout.write(`${lines.join('\n')}\n`);

	writeResults('triggerSoak', {
		REQUESTS,
		SEED,
		CONCURRENCY,
		FANOUT_ROUNDS,
		seconds,
		rows,
		phases,
		serverErrors,
		failures,
		wrongAnswers,
		unanswered,
		executions,
		allExecutions,
		apiReads: reads.reads,
		mixMaxInFlight,
		memory,
		endRssKb,
		slopePer1k,
		growth,
	});
	if (serverErrors.length > 0 || failures.length > 0 || wrongAnswers.length > 0) process.exit(1);
}

main().catch((error) => {
	process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
	process.exit(1);
});
