/**
 * The FundraisingBox → Salesforce Nonprofit Cloud template (templates/fundraisingbox-to-salesforce-npc.json)
 * imported as it is into a real n8n, its credentials pointed at the fake NPC org, driven through the
 * real FundraisingBox Trigger with JSON webhooks (protected with ?token=, as its sticky note says),
 * its effects checked in the org. Between payments the test runs the org's jobs (`runJobs()`), as
 * NPC's scheduled job creates the schedule's next Unpaid instalment.
 *
 * Test-time overrides (the template file stays unchanged; test/e2e/helpers/templates.ts):
 * - Salesforce Mapper: the Person Account Record Type, which the template leaves to the user (its
 *   sticky note says so), is the fake org's `PersonAccount`. The three External ID fields the note
 *   asks for are added to the org under the names the template preselects.
 */
import type { WorkflowSpec } from '../../../tools/n8n/n8n';
import { N8nInstance } from '../../../tools/n8n/n8n';
import { itemsOf, latestRun } from '../helpers/actionChain';
import { FB_TOKEN_CREDENTIAL, JSON_WEBHOOK, TOKEN_QUERY, webhookHeaders } from '../helpers/fundraisingbox';
import { send } from '../helpers/http';
import { addNpcKeyFields, instalmentsOf, npcSnapshot } from '../helpers/npcOrg';
import { salesforceCredential, salesforceOrg, templateWorkflow, webhookIdOf } from '../helpers/templates';

let clock = new Date('2026-11-20T10:00:00Z');
const org = salesforceOrg({ npc: true, now: () => clock });

let n8n: N8nInstance;
let workflow: WorkflowSpec;

beforeAll(async () => {
	addNpcKeyFields(org);
	await org.start();
	const sf = salesforceCredential('tplSfNpcCred0001', org);
	workflow = templateWorkflow('fundraisingbox-to-salesforce-npc.json', {
		id: 'tplFbToSfNpc0001',
		credentials: [FB_TOKEN_CREDENTIAL, sf],
		parameters: { 'Salesforce Mapper': { personRecordTypeId: org.recordTypeId('PersonAccount') } },
	});
	n8n = await N8nInstance.start({ name: 'template-npc', credentials: [FB_TOKEN_CREDENTIAL, sf], workflows: [workflow] });
}, 600_000);

afterAll(async () => {
	await n8n?.dispose();
	await org.stop();
});

/** A FundraisingBox JSON webhook as the trigger gets it: the captured donation with these fields changed, or a recurring payment instead. */
interface Delivery {
	event: string;
	requestId: string;
	donation: Record<string, unknown>;
	recurringPayment?: Record<string, unknown>;
}

let runs = 0;
/** Posts a webhook to the template's trigger and waits for its execution to succeed. */
async function deliver({ event, requestId, donation, recurringPayment }: Delivery): Promise<void> {
	const payload = JSON.parse(JSON_WEBHOOK) as { fb_donation?: Record<string, unknown>; fb_recurring_payment?: Record<string, unknown> };
	payload.fb_donation = { ...payload.fb_donation, ...donation };
	if (recurringPayment) {
		delete payload.fb_donation;
		payload.fb_recurring_payment = recurringPayment;
	}
	const url = `${n8n.webhookUrl(webhookIdOf(workflow, 'fundraisingBoxTrigger'))}${TOKEN_QUERY}`;
	const reply = await send(url, { body: JSON.stringify(payload), headers: webhookHeaders(event, requestId, 'application/json', '') });
	expect(reply).toMatchObject({ status: 200, body: 'OK' });
	await n8n.waitForExecutions(workflow.id, ++runs);
	expect(latestRun(n8n, workflow.id).status).toBe('success');
}

const mapperResult = () => itemsOf(latestRun(n8n, workflow.id).data, 'Salesforce Mapper')[0].json;

const snapshot = () => npcSnapshot(org);
const instalments = (subscriptionKey: string) => instalmentsOf(org, subscriptionKey);

// The captured webhook is a test donation (is_test 1) of 100 EUR by PayPal (fb_type_id 3).
const TEST_DONATION: Delivery = { event: 'online_donation.create', requestId: 'tpl-npc-1', donation: {} };
const ONE_OFF: Delivery = { event: 'online_donation.create', requestId: 'tpl-npc-2', donation: { is_test: 0 } };
/** A monthly recurring donation (FundraisingBox recurring payment 377586) of 25 EUR: its payments. */
const recurring = (requestId: string, event: string, id: number, day: string): Delivery => ({
	event,
	requestId,
	donation: { id, is_test: 0, amount: 25, interval: 1, fb_recurring_payment_id: 377586, received_at: `${day} 09:30:00`, created_at: `${day} 09:30:00`, transaction_id: `FB-T-${id}` },
});
const FIRST_PAYMENT = recurring('tpl-npc-3', 'online_donation.create', 8700001, '2026-11-20');
/** FundraisingBox deletes the recurring payment (the donor ends it): its JSON webhook carries the recurring payment, no donation. */
const DELETED: Delivery = {
	event: 'recurring_payment.delete',
	requestId: 'tpl-npc-6',
	donation: {},
	recurringPayment: { id: 377586, fb_person_id: 1706520, fb_type_id: 3, amount: 25, currency: 'EUR', interval: 1, is_test: 0, created_at: '2026-11-20 09:30:00', updated_at: '2027-02-03 12:00:00' },
};
const LATER_PAYMENTS = [recurring('tpl-npc-4', 'donation.recurrent', 8700002, '2026-12-20'), recurring('tpl-npc-5', 'donation.recurrent', 8700003, '2027-01-20')];

describe('FundraisingBox → Salesforce Nonprofit Cloud (fundraisingbox-to-salesforce-npc.json)', () => {
	it('a test donation is skipped by default: nothing written, the item says why', async () => {
		await deliver(TEST_DONATION);
		expect(mapperResult()).toMatchObject({ status: 'skipped', reason: expect.stringContaining('is a test payment (testMode)') });
		expect(org.count('Account') + org.count('GiftTransaction')).toBe(0);
	});

	it('a one-off donation is a Person Account and a Paid Gift Transaction', async () => {
		await deliver(ONE_OFF);
		const [donor] = org.records('Account');
		expect(org.records('Account')).toEqual([
			expect.objectContaining({ IsPersonAccount: true, PersonEmail: 'beate@example.ch', FirstName: 'Beate', LastName: 'Beispiel', RecordTypeId: org.recordTypeId('PersonAccount'), PersonMailingCity: 'Zürich' }),
		]);
		expect(org.records('GiftTransaction')).toEqual([
			expect.objectContaining({ Payment_Id__c: 'FB-8594200', Status: 'Paid', OriginalAmount: 100, PaymentMethod: 'PayPal', TransactionDate: '2026-11-20', DonorId: donor.Id }),
		]);
	});

	it('a recurring donation: the first payment brings commitment and schedule, later payments take over the instalments NPC created', async () => {
		await deliver(FIRST_PAYMENT);
		const [donor] = org.records('Account');
		const [commitment] = org.findBy('GiftCommitment', 'Subscription_Id__c', 'FB-377586');
		expect(commitment).toMatchObject({ Status: 'Active', DonorId: donor.Id });
		expect(org.findBy('GiftCommitmentSchedule', 'GiftCommitmentId', commitment.Id)).toEqual([
			expect.objectContaining({ TransactionAmount: 25, TransactionPeriod: 'Monthly', TransactionInterval: 1, TransactionDay: '20', StartDate: '2026-11-20', PaymentMethod: 'PayPal', Type: 'CreateTransactions' }),
		]);
		org.runJobs();
		expect(instalments('FB-377586')).toEqual(['2026-11-20 Paid FB-8700001', '2026-12-20 Unpaid -']);
		const scheduled = org.findBy('GiftTransaction', 'TransactionDueDate', '2026-12-20')[0];

		for (const payment of LATER_PAYMENTS) {
			clock = new Date(`${String(payment.donation.received_at).slice(0, 10)}T10:00:00Z`);
			await deliver(payment);
			org.runJobs();
		}
		expect(instalments('FB-377586')).toEqual(['2026-11-20 Paid FB-8700001', '2026-12-20 Paid FB-8700002', '2027-01-20 Paid FB-8700003', '2027-02-20 Unpaid -']);
		// Taken over, not added: the instalment NPC created is the one now Paid.
		expect(org.findBy('GiftTransaction', 'Payment_Id__c', 'FB-8700002')).toEqual([expect.objectContaining({ Id: scheduled.Id, OriginalAmount: 25, TransactionDate: '2026-12-20' })]);
		expect(org.records('Account')).toHaveLength(1);
		expect(org.records('GiftTransaction')).toHaveLength(5);
	});

	it('a deleted recurring payment closes the commitment, cancels its open instalment and ends the schedule', async () => {
		clock = new Date('2027-02-03T11:00:00Z');
		await deliver(DELETED);
		org.runJobs();
		const [commitment] = org.findBy('GiftCommitment', 'Subscription_Id__c', 'FB-377586');
		expect(commitment).toMatchObject({ Status: 'Closed' });
		expect(org.findBy('GiftCommitmentSchedule', 'GiftCommitmentId', commitment.Id)).toEqual([expect.objectContaining({ EndDate: '2027-02-03' })]);
		expect(instalments('FB-377586')).toEqual(['2026-11-20 Paid FB-8700001', '2026-12-20 Paid FB-8700002', '2027-01-20 Paid FB-8700003', '2027-02-20 Canceled -']);
	});

	it('every webhook delivered again changes nothing but the update stamps', async () => {
		const before = snapshot();
		for (const delivery of [TEST_DONATION, ONE_OFF, FIRST_PAYMENT, ...LATER_PAYMENTS, DELETED]) await deliver(delivery);
		org.runJobs();
		expect(snapshot()).toEqual(before);
	});
});
