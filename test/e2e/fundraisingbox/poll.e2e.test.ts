/**
 * FundraisingBox Scheduled Pull Trigger inside a real n8n, against the fake FundraisingBox REST
 * API: while donations keep arriving (many sharing a timestamp, some during a poll, over several
 * pages) and older ones change, every new donation and every change is emitted exactly once, and
 * the history from before activation is not emitted.
 */
import { FakeFundraisingBoxApi } from '../../fakes/fundraisingBoxApi';
import type { CredentialSpec } from '../harness/n8n';
import { N8nInstance } from '../harness/n8n';
import { TRIGGER_NODE_NAME, triggerWorkflow } from '../harness/workflows';
import { credentialRef } from '../helpers/digistore24';

const TOKEN = 'poll-e2e-token-0001';
const fake = new FakeFundraisingBoxApi({ tokens: { [TOKEN]: 'readonly' } });

let n8n: N8nInstance;
let credential: CredentialSpec;
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
	const workflow = triggerWorkflow({
		id: WORKFLOW_ID,
		name: WORKFLOW_ID,
		type: 'fundraisingBoxPollTrigger',
		parameters: { pollTimes: { item: [{ mode: 'everyMinute' }] }, objects: ['donation', 'recurring'], startFrom: 'now' },
		credentials: credentialRef(credential),
	});
	n8n = await N8nInstance.start({ name: 'fb-poll', credentials: [credential], workflows: [workflow] });
});

afterAll(async () => {
	await n8n?.dispose();
	await fake.stop();
});

/** Every item the trigger emitted, over all executions. */
function emittedItems(): Array<Record<string, unknown>> {
	return n8n.executions(WORKFLOW_ID).flatMap((row) => n8n.nodeOutput(row.id, TRIGGER_NODE_NAME));
}

/** Runs one poll now, the way n8n does on activation. */
async function pollNow(): Promise<void> {
	await n8n.deactivateWorkflow(WORKFLOW_ID);
	await n8n.activateWorkflow(WORKFLOW_ID);
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
