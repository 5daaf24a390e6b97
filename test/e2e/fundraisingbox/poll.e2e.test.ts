/**
 * FundraisingBox Scheduled Pull Trigger inside a real n8n, against the fake FundraisingBox REST
 * API: while donations keep arriving (many sharing a timestamp, some during a poll, over several
 * pages) and older ones change, every new donation and every change is emitted exactly once, and
 * the history from before activation is not emitted. Against a second fake that ignores
 * `updated_min` everywhere (recurring payments do not document it; on donations only
 * FundraisingBox's own node uses it), the same holds with at most Max Pages per Poll (+1) list
 * requests per type and poll, and a state that does not grow with the history. When that fake
 * also ignores `page`, the poll fails with an error naming the list after two requests.
 */
import { FakeFundraisingBoxApi } from '../../fakes/fundraisingBoxApi';
import type { CredentialSpec } from '../../../tools/n8n/n8n';
import { N8nInstance } from '../../../tools/n8n/n8n';
import { TRIGGER_NODE_NAME, triggerWorkflow } from '../../../tools/n8n/workflows';
import { credentialRef } from '../helpers/digistore24';

const TOKEN = 'poll-e2e-token-0001';
const fake = new FakeFundraisingBoxApi({ tokens: { [TOKEN]: 'readonly' } });
/** Ignores `updated_min` on donations too (recurring payments never had it). */
const ignoring = new FakeFundraisingBoxApi({ tokens: { [TOKEN]: 'readonly' }, ignoredFilters: { donations: ['updated_min'] } });
const BOUNDED_ID = 'fbPollBounded01';
const MAX_PAGES = 2;

let n8n: N8nInstance;
let credential: CredentialSpec;
let ignoringCredential: CredentialSpec;
const WORKFLOW_ID = 'fbPollDonations1';

const berlinDaysAgo = (days: number, time: string) =>
	`${new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Berlin' }).format(new Date(Date.now() - days * 86_400_000))} ${time}`;

beforeAll(async () => {
	await fake.start();
	// History from before activation: yesterday's, and today's from just after midnight (same query day).
	for (let n = 0; n < 60; n++) fake.addDonation({ created_at: berlinDaysAgo(1, '12:00:00'), updated_at: berlinDaysAgo(1, '12:00:00') });
	for (let n = 0; n < 60; n++) fake.addDonation({ created_at: berlinDaysAgo(0, '00:00:01'), updated_at: berlinDaysAgo(0, '00:00:01') });
	fake.addRecurring({ created_at: berlinDaysAgo(0, '00:00:01'), updated_at: berlinDaysAgo(0, '00:00:01') });
	credential = { id: 'fbRestPollE2e01', name: 'FundraisingBox REST (fake)', type: 'fundraisingBoxRestApi', data: { apiToken: TOKEN, baseUrl: fake.baseUrl } };
	await ignoring.start();
	// History over several pages: 450 recurring payments (id order), 350 donations (newest first).
	const donor = ignoring.addPerson();
	for (let n = 0; n < 450; n++) ignoring.addRecurring({ fb_person_id: donor.id, created_at: '2025-03-01 12:00:00', updated_at: '2025-06-01 12:00:00', start_date: '2025-03-01' });
	for (let n = 0; n < 350; n++) ignoring.addDonation({ fb_person_id: donor.id, created_at: berlinDaysAgo(2 + (n % 300), '12:00:00'), updated_at: berlinDaysAgo(1, '12:00:00') });
	ignoringCredential = { id: 'fbRestPollE2e02', name: 'FundraisingBox REST (ignores updated_min)', type: 'fundraisingBoxRestApi', data: { apiToken: TOKEN, baseUrl: ignoring.baseUrl } };
	const bounded = triggerWorkflow({
		id: BOUNDED_ID,
		name: BOUNDED_ID,
		type: 'fundraisingBoxPollTrigger',
		// Polled by the test only: the scheduled time is half a day away.
		parameters: {
			pollTimes: { item: [{ mode: 'everyDay', hour: (new Date().getHours() + 12) % 24, minute: 0 }] },
			objects: ['donation', 'recurring'],
			startFrom: 'now',
			pollOptions: { maxPages: MAX_PAGES },
		},
		credentials: credentialRef(ignoringCredential),
	});
	const workflow = triggerWorkflow({
		id: WORKFLOW_ID,
		name: WORKFLOW_ID,
		type: 'fundraisingBoxPollTrigger',
		parameters: { pollTimes: { item: [{ mode: 'everyMinute' }] }, objects: ['donation', 'recurring'], startFrom: 'now' },
		credentials: credentialRef(credential),
	});
	n8n = await N8nInstance.start({ name: 'fb-poll', credentials: [credential, ignoringCredential], workflows: [workflow, bounded] });
});

afterAll(async () => {
	await n8n?.dispose();
	await fake.stop();
	await ignoring.stop();
});

/** Every item the trigger emitted, over all executions. */
function emittedItems(workflowId = WORKFLOW_ID): Array<Record<string, unknown>> {
	return n8n.executions(workflowId).flatMap((row) => n8n.nodeOutput(row.id, TRIGGER_NODE_NAME));
}

/** Runs one poll now, the way n8n does on activation. */
async function pollNow(workflowId = WORKFLOW_ID): Promise<void> {
	await n8n.deactivateWorkflow(workflowId);
	await n8n.activateWorkflow(workflowId);
}

it('emits each new donation and each change exactly once while donations keep arriving', async () => {
	const historyIds = new Set([...fake['store'].donations.keys()].map(String));
	// Every version that existed, and each object's latest: a poll sees an object's state at that
	// moment, so a version overwritten between two polls may never be seen; the latest must be.
	const versions = new Set<string>();
	const latest = new Map<string, string>();
	const record = (kind: string, object: Record<string, unknown>) => {
		const eventId = `fundraisingbox:${kind}:${String(object.id)}:${String(object.updated_at).replace(/\D/g, '')}`;
		versions.add(eventId);
		latest.set(`${kind}:${String(object.id)}`, eventId);
	};

	// About 25 donations a second, so many share a second; every 20th tick changes an earlier one.
	let tick = 0;
	const added: Array<Record<string, unknown>> = [];
	const stream = setInterval(() => {
		tick++;
		const donation = fake.addDonation({ amount: 5 + (tick % 7) });
		added.push(donation);
		record('donation', donation);
		if (tick % 20 === 0 && added.length > 30) {
			const older = added[added.length - 30];
			const changed = fake.updateDonation(Number(older.id), { receipt_status: 'receipt_sent' });
			if (changed.updated_at !== older.updated_at) record('donation', changed);
		}
		if (tick % 50 === 0) record('recurring', fake.addRecurring());
	}, 40);

	try {
		for (let cycle = 0; cycle < 4; cycle++) {
			await new Promise((resolve) => setTimeout(resolve, 2_500));
			await pollNow();
		}
	} finally {
		clearInterval(stream);
	}
	// Everything added is now at least a second old: one more poll must pick up the rest.
	await new Promise((resolve) => setTimeout(resolve, 1_100));
	await pollNow();

	let items = emittedItems();
	const expected = new Set(latest.values());
	for (let i = 0; i < 60 && [...expected].some((id) => !items.some((item) => item.eventId === id)); i++) {
		await new Promise((resolve) => setTimeout(resolve, 1_000));
		items = emittedItems();
	}
	const eventIds = items.map((item) => String(item.eventId));
	const pages = fake.calls.filter((call) => call.path === '/v1/donations.json').map((call) => Number(call.query.page));
	process.stderr.write(
		`[poll] added ${added.length} donations, ${versions.size} versions of ${expected.size} objects, emitted ${eventIds.length} in ${n8n.executions(WORKFLOW_ID).length} executions, most pages in one poll ${Math.max(...pages)}\n`,
	);

	expect(new Set(eventIds).size).toBe(eventIds.length);
	expect([...expected].filter((id) => !eventIds.includes(id))).toEqual([]);
	expect(eventIds.filter((id) => !versions.has(id))).toEqual([]);
	expect(items.filter((item) => historyIds.has(String((item.payment as { id?: string } | null)?.id)))).toEqual([]);
	expect(Math.max(...pages)).toBeGreaterThan(1);

	const first = items.find((item) => item.vendorEvent === 'donation.create');
	expect(first).toMatchObject({ source: 'fundraisingbox', event: 'payment.succeeded', currency: 'EUR', contact: { lastName: expect.any(String) } });
	expect(items.some((item) => item.vendorEvent === 'donation.update')).toBe(true);
	expect(items.some((item) => item.vendorEvent === 'recurring_payment.create' && item.event === 'subscription.created')).toBe(true);
});

it('stays exactly-once and bounded when FundraisingBox ignores updated_min (recurring payments, and donations too)', async () => {
	const listCalls = (path: string) => ignoring.calls.filter((call) => call.path === path).length;
	const historyIds = { donation: new Set(ignoring['store'].donations.keys()), recurring: new Set(ignoring['store'].recurrings.keys()) };
	const latest = new Map<string, string>();
	const record = (kind: string, object: Record<string, unknown>) =>
		latest.set(`${kind}:${String(object.id)}`, `fundraisingbox:${kind}:${String(object.id)}:${String(object.updated_at).replace(/\D/g, '')}`);
	const perPoll: Array<{ donations: number; recurrings: number }> = [];
	const sleep = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));
	/** One poll, counted once its requests have stopped (n8n runs the activation poll after answering). */
	const pollCounted = async () => {
		for (let attempt = 0; attempt < 5; attempt++) {
			const before = { all: ignoring.calls.length, donations: listCalls('/v1/donations.json'), recurrings: listCalls('/v1/recurrings.json') };
			await pollNow(BOUNDED_ID);
			for (let waited = 0; waited < 5_000 && ignoring.calls.length === before.all; waited += 100) await sleep(100);
			if (ignoring.calls.length === before.all) continue;
			for (let seen = -1; seen !== ignoring.calls.length; ) {
				seen = ignoring.calls.length;
				await sleep(500);
			}
			perPoll.push({ donations: listCalls('/v1/donations.json') - before.donations, recurrings: listCalls('/v1/recurrings.json') - before.recurrings });
			return;
		}
		throw new Error('n8n did not poll');
	};
	// Activation polled once already; changes from here on are a second newer than it.
	await sleep(1_100);
	const oldRecurringIds = [...historyIds.recurring];
	const oldDonationIds = [...historyIds.donation];
	for (let round = 0; round < 9; round++) {
		if (round < 3) {
			record('recurring', ignoring.addRecurring());
			record('donation', ignoring.addDonation());
			// Old objects change deep in the lists: page 4 of the recurring payments, the oldest donations (last page).
			record('recurring', ignoring.updateRecurring(oldRecurringIds[320 + round], { amount: 20 + round }));
			record('donation', ignoring.updateDonation(oldDonationIds[299 - round], { receipt_status: 'receipt_sent' }));
		}
		await pollCounted();
	}
	const items = emittedItems(BOUNDED_ID);
	const eventIds = items.map((item) => String(item.eventId));
	const [row] = n8n.query<{ staticData: string | null }>(`SELECT staticData FROM workflow_entity WHERE id = '${BOUNDED_ID}'`);
	// Static data is kept per node ("node:Trigger").
	const nodes = JSON.parse(row?.staticData ?? '{}') as Record<string, { fundraisingBoxPoll?: { emitted?: Record<string, string> } }>;
	const emittedKeys = Object.values(nodes).flatMap((node) => Object.keys(node.fundraisingBoxPoll?.emitted ?? {}));
	process.stderr.write(`[poll bounded] list requests per poll ${JSON.stringify(perPoll)}; emitted ${eventIds.length}; state keeps ${emittedKeys.length} objects\n`);

	// Exactly once: each change emitted, none twice, nothing of the history that did not change.
	expect(new Set(eventIds).size).toBe(eventIds.length);
	expect([...latest.values()].filter((id) => !eventIds.includes(id))).toEqual([]);
	expect(eventIds.filter((id) => ![...latest.values()].includes(id))).toEqual([]);
	// Bounded: at most Max Pages new pages (+1 re-read) per type and poll; the state holds the changed objects, not the lists.
	for (const counts of perPoll) {
		expect(counts.donations).toBeLessThanOrEqual(MAX_PAGES + 1);
		expect(counts.recurrings).toBeLessThanOrEqual(MAX_PAGES + 1);
	}
	expect(emittedKeys.length).toBeGreaterThan(0);
	expect(emittedKeys.length).toBeLessThanOrEqual(latest.size);
	// No updated_min on recurring payments: it is not a documented filter there.
	expect(ignoring.calls.filter((call) => call.path === '/v1/recurrings.json' && 'updated_min' in call.query)).toEqual([]);
});

// A poll that fails on activation is an activation error in n8n (shown on the workflow, retried by
// n8n with back-off), not an execution: each attempt stops after two requests and changes nothing.
it('fails the poll with an error naming the list when FundraisingBox ignores `page`: two requests per attempt, no execution, the state unchanged', async () => {
	// The pass may stand on any page after the tests before: the error names the pages it read.
	const message = /There was a problem activating the workflow: "FundraisingBox \/donations\.json: page (\d+) repeats the records of page (\d+); the API ignores paging, so the read stopped\."/;
	const stateOf = () => n8n.query<{ staticData: string | null }>(`SELECT staticData FROM workflow_entity WHERE id = '${BOUNDED_ID}'`)[0]?.staticData;
	const sleep = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));
	const stateBefore = stateOf();
	const executionsBefore = n8n.executions(BOUNDED_ID).length;
	const callsBefore = ignoring.calls.length;
	const logBefore = n8n.log.length;
	// n8n 2.x answers the activation and logs the failed first poll; 1.x refuses it (400) with the
	// same message in a JSON body (its quotes escaped).
	let refusal = '';
	const reported = () => refusal + n8n.log.slice(logBefore);
	ignoring.ignorePaging = true;
	try {
		await pollNow(BOUNDED_ID).catch((error: Error) => (refusal = error.message.replace(/\\"/g, '"')));
		for (let waited = 0; waited < 30_000 && !message.test(reported()); waited += 200) await sleep(200);
	} finally {
		ignoring.ignorePaging = false;
	}
	const [, repeating, repeated] = message.exec(reported()) ?? [];
	expect(Number(repeating)).toBe(Number(repeated) + 1);
	const attempt = ignoring.calls.slice(callsBefore, callsBefore + 2).map((call) => `${call.path}?page=${String(call.query.page)}`);
	expect(attempt).toEqual([`/v1/donations.json?page=${repeated}`, `/v1/donations.json?page=${repeating}`]);
	expect(n8n.executions(BOUNDED_ID)).toHaveLength(executionsBefore);
	expect(stateOf()).toBe(stateBefore);
});
