/**
 * The Nonprofit Cloud path of `npm run bench:salesforce` (./salesforceUpsert.ts runs it in the same
 * n8n, after the Contacts model): API calls per 1,000 events of the Salesforce Mapper with
 * Data Model = Nonprofit Cloud against a naive client that makes one call per record (plus the
 * lookups a record without an upsert key needs), both against the fake NPC org (`npc: true`).
 *
 * The 1,000 events (of the Contacts benchmark's Digistore24 payments, new donors each): 60 %
 * one-off payments, 30 % the second payment of a monthly subscription whose instalment NPC's
 * scheduler created (taken over), 10 % refunds of earlier payments. Before each measurement, outside
 * it, the history goes in through the mapper (the subscriptions' first payments, the payments later
 * refunded) and the org's jobs run (the Unpaid instalments due 2026-12-20). Every measurement uses
 * new donors and keys (a generation number in e-mails and ids): no reset, because the workflow holds
 * the org's person record type Id, which a reset would change.
 *
 * Naive, per event, in sequence on one keep-alive connection: donor found by SOQL (PersonEmail is no
 * upsert key) and created or updated by Id (2); one-off: the transaction upserted by its key (1);
 * subscription payment: the commitment's and its Unpaid instalment's Ids by SOQL (2) and the
 * instalment updated to Paid with the payment's key (1); refund: the transaction upserted (1, for its
 * Id) and the GiftRefund upserted (1). Fields are the mapper's own (`mapNpcEvent`).
 */
import { Client } from 'undici';
import { mapNpcEvent, type NpcConfig, type NpcRecord, type NpcRole } from '../nodes/SalesforceMapper/fromCanonicalEvent/nonprofitCloud';
import type { CanonicalEvent } from '../nodes/shared/canonicalEvent';
import { NPC_PAYMENT_METHODS, type FakeSalesforceApi, type SalesforceFakeCall } from '../test/fakes/salesforceApi';
import { markdownTable, medianRange, nameAndFigures, ratio } from './lib/report';
import { runRotatingRounds } from './lib/rounds';
import { spread, type Spread } from './lib/stats';

export const NPC_SHARES = { oneOff: 0.6, takeover: 0.3, refund: 0.1 };
export const NPC_KEY_FIELDS = { giftTransactionKeyField: 'Payment_Id__c', giftCommitmentKeyField: 'Subscription_Id__c', giftRefundKeyField: 'Refund_Id__c' };
/** The fake org's clock: the subscriptions start on the 20th; their next instalment is due a month later. */
export const NPC_CLOCK = new Date('2026-11-20T10:00:00Z');
const FIRST_DUE = '2026-11-20T09:00:00+01:00';
const SECOND_DUE = '2026-12-20T09:00:00+01:00';

/** The mapper's node parameters for the org (Sofort and TWINT fit no NPC value: Other). */
export const npcMapperParameters = (personRecordTypeId: string) => ({ operation: 'write', dataModel: 'nonprofitCloud', personRecordTypeId, ...NPC_KEY_FIELDS, fallbackPaymentMethod: 'Other' });

export interface NpcEventSet {
	/** Written through the mapper before the measurement. */
	history: CanonicalEvent[];
	/** The measured events. */
	measured: CanonicalEvent[];
	counts: { oneOff: number; takeover: number; refund: number };
}

/** Generation `generation` of the events: new donors and keys, so no measurement sees another's records. */
export function npcEvents(payments: CanonicalEvent[], generation: number): NpcEventSet {
	const oneOff = Math.round(payments.length * NPC_SHARES.oneOff);
	const takeover = Math.round(payments.length * NPC_SHARES.takeover);
	const history: CanonicalEvent[] = [];
	const measured: CanonicalEvent[] = [];
	payments.forEach((payment, index) => {
		const id = `G${generation}X${payment.payment!.id!}`;
		const base: CanonicalEvent = {
			...payment,
			eventId: `bench-npc:${id}`,
			contact: { ...payment.contact!, email: `g${generation}.${payment.contact!.email!}` },
			payment: { ...payment.payment!, id },
		};
		if (index < oneOff) {
			measured.push(base);
		} else if (index < oneOff + takeover) {
			const subscription = { id: `SUB${id}`, interval: 'monthly' as const, status: 'active', nextPaymentAt: null };
			history.push({ ...base, eventId: `${base.eventId}:1`, occurredAt: FIRST_DUE, subscription });
			measured.push({ ...base, eventId: `${base.eventId}:2`, occurredAt: SECOND_DUE, subscription, payment: { ...base.payment!, id: `${id}N2` } });
		} else {
			history.push(base);
			measured.push({ ...base, event: 'payment.refunded', eventId: `${base.eventId}:refund`, payment: { ...base.payment!, id: `${id}R`, parentId: id } });
		}
	});
	return { history, measured, counts: { oneOff, takeover, refund: payments.length - oneOff - takeover } };
}

/** What the org must hold after the measured events of a generation; throws otherwise. */
export function checkNpcOrg(fake: FakeSalesforceApi, set: NpcEventSet, before: { transactions: number; refunds: number }, label: string): void {
	const problems: string[] = [];
	const transactions = fake.count('GiftTransaction') - before.transactions;
	const refunds = fake.count('GiftRefund') - before.refunds;
	// Takeovers add no transaction: only the one-off payments do.
	if (transactions !== set.counts.oneOff) problems.push(`${transactions} new Gift Transactions (expected ${set.counts.oneOff})`);
	if (refunds !== set.counts.refund) problems.push(`${refunds} new Gift Refunds (expected ${set.counts.refund})`);
	let wrong = 0;
	for (const event of set.measured) {
		const [gift] = fake.findBy('GiftTransaction', 'Payment_Id__c', `DS24-${event.event === 'payment.refunded' ? event.payment!.parentId! : event.payment!.id!}`);
		const takenOver = event.subscription !== null;
		if (!gift || gift.Status !== 'Paid' || (takenOver && (gift.TransactionDueDate !== '2026-12-20' || !gift.GiftCommitmentScheduleId))) wrong++;
		if (event.event === 'payment.refunded' && fake.findBy('GiftRefund', 'Refund_Id__c', `DS24-${event.payment!.id!}`)[0]?.GiftTransactionId !== gift?.Id) wrong++;
	}
	if (wrong > 0) problems.push(`${wrong} events without their Paid (taken-over) transaction or refund`);
	if (problems.length) throw new Error(`${label}: ${problems.join(', ')}`);
}

const whole = (mapped: NpcRecord) => ({ ...mapped.fields, ...mapped.ifNew, ...mapped.createOnly });

/** One call per record, in sequence: what a workflow of single-record Salesforce nodes would send. */
export async function upsertNpcDirectly(fake: FakeSalesforceApi, session: string, api: string, events: CanonicalEvent[], config: NpcConfig): Promise<{ ms: number }> {
	const client = new Client(`http://127.0.0.1:${fake.port}`);
	const headers = { accept: 'application/json', 'content-type': 'application/json', authorization: `Bearer ${session}` };
	const call = async (method: 'GET' | 'PATCH' | 'POST', path: string, body?: Record<string, unknown>): Promise<Record<string, unknown>> => {
		const response = await client.request({ path: `${api}${path}`, method, headers, body: body && JSON.stringify(body) });
		const text = await response.body.text();
		if (response.statusCode >= 300) throw new Error(`naive NPC ${method} ${path}: ${response.statusCode} ${text}`);
		return text ? (JSON.parse(text) as Record<string, unknown>) : {};
	};
	const firstId = async (soql: string) => ((await call('GET', `/query?q=${encodeURIComponent(soql)}`)).records as Array<{ Id: string }>)[0]?.Id;
	const quoted = (value: string) => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
	const started = performance.now();
	try {
		for (const event of events) {
			const mapping = mapNpcEvent(event, config);
			if ('skipped' in mapping) throw new Error(`event ${event.eventId} maps to nothing: ${mapping.skipped}`);
			const byRole = (role: NpcRole) => mapping.records.find((mapped) => mapped.role === role);
			const donor = byRole('donor')!;
			let donorId = await firstId(`SELECT Id FROM Account WHERE PersonEmail = ${quoted(donor.externalIdValue)}`);
			if (donorId) await call('PATCH', `/sobjects/Account/${donorId}`, donor.fields);
			else donorId = String((await call('POST', '/sobjects/Account', whole(donor))).id);
			const gift = byRole('giftTransaction')!;
			const giftPath = `/sobjects/GiftTransaction/${gift.externalIdField}/${encodeURIComponent(gift.externalIdValue)}`;
			const commitment = byRole('giftCommitment');
			if (commitment) {
				const commitmentId = await firstId(`SELECT Id FROM GiftCommitment WHERE ${commitment.externalIdField} = ${quoted(commitment.externalIdValue)}`);
				const instalmentId = await firstId(`SELECT Id FROM GiftTransaction WHERE GiftCommitmentId = ${quoted(String(commitmentId))} AND Status = 'Unpaid'`);
				if (!instalmentId) throw new Error(`naive NPC: no Unpaid instalment for ${event.eventId}`);
				await call('PATCH', `/sobjects/GiftTransaction/${instalmentId}`, { ...gift.fields, [gift.externalIdField]: gift.externalIdValue });
				continue;
			}
			const giftId = String((await call('PATCH', giftPath, { ...whole(gift), DonorId: donorId })).id);
			const refund = byRole('giftRefund');
			if (refund) await call('PATCH', `/sobjects/GiftRefund/${refund.externalIdField}/${encodeURIComponent(refund.externalIdValue)}`, { ...whole(refund), GiftTransactionId: giftId });
		}
		return { ms: performance.now() - started };
	} finally {
		await client.close();
	}
}

/** The naive client's NpcConfig: the mapper's, as `npcMapperParameters` sets it. */
export const npcNaiveConfig = (personRecordTypeId: string): NpcConfig => ({
	includeTestEvents: false,
	personRecordTypeId,
	businessRecordTypeId: '',
	...NPC_KEY_FIELDS,
	paymentMethods: NPC_PAYMENT_METHODS,
	fallbackPaymentMethod: 'Other',
	campaignId: '',
	giftDesignationId: '',
	sendCurrency: false,
});

export interface NpcRoundsInput {
	fake: FakeSalesforceApi;
	payments: CanonicalEvent[];
	rounds: number;
	/** Sends events through the NPC mapper workflow; throws unless every item came out ok. */
	throughMapper: (events: CanonicalEvent[]) => Promise<{ ms: number }>;
	/** Calls the naive client straight (session, API base path). */
	naive: (events: CanonicalEvent[]) => Promise<{ ms: number }>;
	pause: () => Promise<void>;
}

export interface NpcRow {
	key: string;
	label: string;
	apiCalls: Spread;
	ms: Spread;
	callsByKind: Record<string, number>;
}

/** A call's kind: method and path without the API version, record Ids, key values and query text. */
export function npcKindOf(call: SalesforceFakeCall): string {
	const path = call.path
		.replace(/^\/services\/data\/v\d+\.\d/, '')
		.replace(/\?.*$/, '')
		.replace(/^(\/sobjects\/\w+\/\w+)\/[^/]+$/, '$1/<value>')
		.replace(/^(\/sobjects\/\w+)\/[a-zA-Z0-9]{15,18}$/, '$1/<id>');
	return `${call.method} ${path}`;
}

/** Rotating rounds of the NPC mapper and the naive client on new events each time; one row each. */
export async function runNpcRounds(input: NpcRoundsInput): Promise<{ rows: NpcRow[]; counts: NpcEventSet['counts'] }> {
	const { fake } = input;
	let generation = 0;
	let set = npcEvents(input.payments, 0);
	let before = { transactions: 0, refunds: 0 };
	const prepare = async () => {
		set = npcEvents(input.payments, ++generation);
		await input.throughMapper(set.history);
		fake.runJobs();
		before = { transactions: fake.count('GiftTransaction'), refunds: fake.count('GiftRefund') };
		fake.calls.length = 0;
		await input.pause();
	};
	const contestants = [
		{ key: 'npcMapper', label: 'Salesforce Mapper (Nonprofit Cloud) in n8n', run: async () => await input.throughMapper(set.measured) },
		{ key: 'npcNaive', label: 'naive baseline: 1 call per record (+ lookups), undici, in sequence', run: async () => await input.naive(set.measured) },
	];
	const results = await runRotatingRounds({
		contestants,
		rounds: input.rounds,
		measure: async (contestant) => {
			await prepare();
			const { ms } = await contestant.run();
			checkNpcOrg(fake, set, before, contestant.key);
			const calls = fake.calls.filter((call) => !call.auth);
			const failed = calls.filter((call) => call.status === undefined || call.status >= 300);
			if (failed.length > 0) throw new Error(`${contestant.key}: failed API calls ${JSON.stringify(failed.slice(0, 5).map((c) => [c.method, c.path, c.status]))}`);
			const callsByKind: Record<string, number> = {};
			for (const call of calls) callsByKind[npcKindOf(call)] = (callsByKind[npcKindOf(call)] ?? 0) + 1;
			await input.pause();
			return { ms, apiCalls: calls.length, callsByKind };
		},
		measured: (contestant, round, result) => process.stderr.write(`[bench] NPC round ${round} ${contestant.key}: ${result.ms.toFixed(0)} ms, ${result.apiCalls} API calls\n`),
	});
	const rows = contestants.map(({ key, label }) => {
		const runs = results.get(key)!;
		return { key, label, apiCalls: spread(runs.map((r) => r.apiCalls)), ms: spread(runs.map((r) => r.ms)), callsByKind: runs[0].callsByKind };
	});
	return { rows, counts: set.counts };
}

/** The NPC section of the report: the table and the calls by kind. */
export function npcReport(rows: NpcRow[], counts: NpcEventSet['counts'], events: number): string[] {
	const naive = rows.find((row) => row.key === 'npcNaive')!;
	const perThousand = (calls: number) => ((calls * 1000) / events).toFixed(0);
	return [
		`Nonprofit Cloud (Data Model = Nonprofit Cloud), ${events.toLocaleString('en')} events of new donors per measurement: ${counts.oneOff} one-off payments, ${counts.takeover} subscription payments taking over the instalment NPC's job created, ${counts.refund} refunds of earlier payments (history written and the org's jobs run before each measurement, outside it)`,
		'',
		...markdownTable(
			nameAndFigures('contestant', ['API calls (median)', 'calls per 1,000 events', 'calls vs naive', 'time ms, median (min–max)', 'time vs naive']),
			rows.map((row) => [row.label, String(row.apiCalls.median), perThousand(row.apiCalls.median), ratio(row.apiCalls.median, naive.apiCalls.median, 4), medianRange(row.ms), ratio(row.ms.median, naive.ms.median)]),
		),
		'',
		`NPC API calls by kind (first round): ${rows.map((row) => `${row.key}: ${Object.entries(row.callsByKind).map(([kind, n]) => `${kind} ×${n}`).join(', ')}`).join('; ')}.`,
	];
}
