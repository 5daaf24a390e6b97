/**
 * The OnlineFundraising → Salesforce template (templates/onlinefundraising-to-salesforce.json)
 * imported as it is into a real n8n, its Salesforce Mapper switched to Data Model = Nonprofit Cloud,
 * driven through the REAL OnlineFundraising Trigger (Resolve Entity on: each webhook's payment or
 * subscription, its Agreement with the rhythm, and in *Get Contact* the donor, all read from the
 * OnlineFundraising fake), its effects checked in the fake NPC org. Between deliveries the test runs the
 * org's jobs (`runJobs()`), as NPC's scheduled job creates the schedule's next Unpaid instalment.
 *
 * Test-time overrides (the template file stays unchanged; test/e2e/helpers/templates.ts):
 * - Salesforce Mapper: Data Model Nonprofit Cloud, the fake org's `PersonAccount` Record Type and the
 *   three External ID fields as the FundraisingBox NPC template preselects them (added to the org).
 *   A parameter override is enough: *Get Contact* and *Event With Contact* put the donor into the
 *   canonical event before the mapper, whatever its data model; the Contacts model's parameters the
 *   template sets (contactKeyField, stages …) are not read in Nonprofit Cloud mode.
 *
 * The fake's entities change as OnlineFundraising changes them (charged, refunded, cancelled) before
 * their webhook arrives: the trigger reads the current entity and refuses claims it contradicts.
 * Timestamps are given explicitly (the fake's own `refundPayment` stamps the wall clock).
 */
import { randomUUID } from 'crypto';
import type { WorkflowSpec } from '../../../tools/n8n/n8n';
import { N8nInstance } from '../../../tools/n8n/n8n';
import { itemsOf, latestRun } from '../helpers/actionChain';
import { send } from '../helpers/http';
import { addNpcKeyFields, instalmentsOf, npcSnapshot } from '../helpers/npcOrg';
import { onlineFundraisingAccount, onlineFundraisingCredential, salesforceCredential, salesforceOrg, templateWorkflow, webhookIdOf } from '../helpers/templates';

let clock = new Date('2026-11-20T10:00:00Z');
const org = salesforceOrg({ npc: true, now: () => clock });
const onlineFundraising = onlineFundraisingAccount();

let n8n: N8nInstance;
let workflow: WorkflowSpec;

beforeAll(async () => {
	addNpcKeyFields(org);
	await org.start();
	await onlineFundraising.start();
	const sf = salesforceCredential('tplSfOfNpcCred01', org);
	const of = onlineFundraisingCredential('tplOfNpcApiCred1', onlineFundraising);
	workflow = templateWorkflow('onlinefundraising-to-salesforce.json', {
		id: 'tplOfToSfNpc0001',
		credentials: [of, sf],
		parameters: {
			'Salesforce Mapper': {
				dataModel: 'nonprofitCloud',
				personRecordTypeId: org.recordTypeId('PersonAccount'),
				giftTransactionKeyField: 'Payment_Id__c',
				giftCommitmentKeyField: 'Subscription_Id__c',
				giftRefundKeyField: 'Refund_Id__c',
			},
		},
	});
	n8n = await N8nInstance.start({ name: 'template-of-npc', credentials: [of, sf], workflows: [workflow] });
}, 600_000);

afterAll(async () => {
	await n8n?.dispose();
	await org.stop();
	await onlineFundraising.stop();
});

// ---- OnlineFundraising's side: the donor, the monthly agreement (its default schedule: Monthly, every 1 month), the entities.

const donor = onlineFundraising.addContact({ firstName: 'Olga', lastName: 'Online', name: 'Olga Online', email: 'Olga@Example.dk', msisdn: '4535294855', city: 'Aarhus C', postCode: '8000' });
const agreement = onlineFundraising.addAgreement({ name: 'Månedlig støtte', amountTotal: 150.0, currencyCode: 'DKK' });
const SUBSCRIPTION = 'b0b00000-0000-4000-8000-0000000000f1';
const paymentGuid = (n: number) => `d0d00000-0000-4000-8000-0000000000f${n}`;
const key = (guid: string) => `OF-${guid}`;

/** A payment as OnlineFundraising holds it once charged on `day`; of the subscription unless `oneOff`. */
const charge = (guid: string, day: string, oneOff = false) =>
	onlineFundraising.addPayment({
		paymentGuid: guid,
		contactGuid: donor.contactGuid,
		...(oneOff ? { amount: 200.0 } : { subscriptionGuid: SUBSCRIPTION, agreementGuid: agreement.agreementGuid, amount: 150.0 }),
		paymentMethodType: 'Card',
		state: 'Charged',
		dueDate: day,
		chargedTs: `${day} 09:00:00 +0100`,
		updatedTs: `${day} 09:00:00 +0100`,
	});
/** Changes a stored entity as OnlineFundraising would (the fake's add* replace the entity of the same GUID). */
const changePayment = (guid: string, fields: Record<string, unknown>) => onlineFundraising.addPayment({ ...onlineFundraising.entity('payment', guid), ...fields });
const changeSubscription = (fields: Record<string, unknown>) => onlineFundraising.addSubscription({ ...onlineFundraising.entity('subscription', SUBSCRIPTION), ...fields });

// ---- Webhooks: one object per delivery, its webhookEventGuid kept for redelivery (a new attempt GUID each time).

interface Webhook {
	entityType: string;
	eventType: string;
	entityGuid: string;
	webhookEventGuid: string;
}
const webhook = (entityType: string, eventType: string, entityGuid: string): Webhook => ({ entityType, eventType, entityGuid, webhookEventGuid: randomUUID() });
const WEBHOOK_GUID = randomUUID();

let runs = 0;
/** Posts the webhook to the template's trigger and waits for its execution to succeed with every item written. */
async function deliver(hook: Webhook): Promise<void> {
	const object = { merchantId: onlineFundraising.merchantId, webhookGuid: WEBHOOK_GUID, webhookAttemptGuid: randomUUID(), ...hook };
	const reply = await send(n8n.webhookUrl(webhookIdOf(workflow, 'onlineFundraisingTrigger')), { body: JSON.stringify([object]), headers: { 'content-type': 'application/json' } });
	expect(reply).toMatchObject({ status: 200, body: 'OK' });
	await n8n.waitForExecutions(workflow.id, ++runs);
	const run = latestRun(n8n, workflow.id);
	expect(run.status).toBe('success');
	expect(itemsOf(run.data, 'Salesforce Mapper').map((item) => item.json.status)).toEqual(['ok']);
}

const instalments = () => instalmentsOf(org, key(SUBSCRIPTION));
const delivered: Webhook[] = [];
async function deliverOnce(hook: Webhook, at: string): Promise<void> {
	clock = new Date(at);
	delivered.push(hook);
	await deliver(hook);
	org.runJobs();
}

describe('OnlineFundraising → Salesforce Nonprofit Cloud (onlinefundraising-to-salesforce.json, Data Model Nonprofit Cloud)', () => {
	it('a one-off payment is a Person Account from the fetched contact and a Paid Gift Transaction', async () => {
		charge(paymentGuid(0), '2026-11-20', true);
		await deliverOnce(webhook('payment', 'charged', paymentGuid(0)), '2026-11-20T08:05:00Z');
		const [account] = org.records('Account');
		expect(org.records('Account')).toEqual([
			expect.objectContaining({ IsPersonAccount: true, PersonEmail: 'olga@example.dk', FirstName: 'Olga', LastName: 'Online', RecordTypeId: org.recordTypeId('PersonAccount'), PersonMailingCity: 'Aarhus C' }),
		]);
		expect(org.records('GiftTransaction')).toEqual([
			expect.objectContaining({ Payment_Id__c: key(paymentGuid(0)), Status: 'Paid', OriginalAmount: 200, PaymentMethod: 'Credit Card', TransactionDate: '2026-11-20', DonorId: account.Id }),
		]);
	});

	it('a monthly subscription brings a commitment and its schedule from the agreement; three payments each take over the instalment NPC created', async () => {
		onlineFundraising.addSubscription({
			subscriptionGuid: SUBSCRIPTION,
			contactGuid: donor.contactGuid,
			agreementGuid: agreement.agreementGuid,
			paymentMethodType: 'Card',
			startDate: '2026-11-20 00:00:00 +0100',
			updatedTs: '2026-11-20 09:30:00 +0100',
		});
		await deliverOnce(webhook('subscription', 'created', SUBSCRIPTION), '2026-11-20T08:35:00Z');
		const [commitment] = org.findBy('GiftCommitment', 'Subscription_Id__c', key(SUBSCRIPTION));
		expect(commitment).toMatchObject({ Status: 'Active', DonorId: org.records('Account')[0].Id });
		expect(org.findBy('GiftCommitmentSchedule', 'GiftCommitmentId', commitment.Id)).toEqual([
			expect.objectContaining({ TransactionAmount: 150, TransactionPeriod: 'Monthly', TransactionInterval: 1, TransactionDay: '20', StartDate: '2026-11-20', PaymentMethod: 'Credit Card', Type: 'CreateTransactions' }),
		]);
		expect(instalments()).toEqual(['2026-11-20 Unpaid -']);

		const days = ['2026-11-20', '2026-12-20', '2027-01-20'];
		for (const [index, day] of days.entries()) {
			const scheduled = org.findBy('GiftTransaction', 'TransactionDueDate', day).filter((gift) => gift.GiftCommitmentId === commitment.Id);
			expect(scheduled).toEqual([expect.objectContaining({ Status: 'Unpaid' })]);
			charge(paymentGuid(index + 1), day);
			await deliverOnce(webhook('payment', 'charged', paymentGuid(index + 1)), `${day}T08:05:00Z`);
			// Taken over, not added: the instalment NPC created is the one now Paid.
			expect(org.findBy('GiftTransaction', 'Payment_Id__c', key(paymentGuid(index + 1)))).toEqual([
				expect.objectContaining({ Id: scheduled[0].Id, Status: 'Paid', OriginalAmount: 150, TransactionDate: day }),
			]);
		}
		expect(instalments()).toEqual([...days.map((day, index) => `${day} Paid ${key(paymentGuid(index + 1))}`), '2027-02-20 Unpaid -']);
		expect(org.records('Account')).toHaveLength(1);
		expect(org.records('GiftTransaction')).toHaveLength(5);
	});

	it('a refunded payment (Refunded in OnlineFundraising) gets a Gift Refund of its whole amount', async () => {
		changePayment(paymentGuid(2), { state: 'Refunded', refundedTs: '2027-01-25 10:00:00 +0100', updatedTs: '2027-01-25 10:00:00 +0100' });
		await deliverOnce(webhook('payment', 'refunded', paymentGuid(2)), '2027-01-25T09:05:00Z');
		expect(org.findBy('GiftRefund', 'Refund_Id__c', key(paymentGuid(2)))).toEqual([expect.objectContaining({ Amount: 150, Date: '2027-01-25' })]);
		expect(org.findBy('GiftTransaction', 'Payment_Id__c', key(paymentGuid(2)))).toEqual([expect.objectContaining({ Status: 'Paid', OriginalAmount: 150, CurrentAmount: 0, TransactionDate: '2026-12-20' })]);
	});

	it('the cancellation closes the commitment, cancels its open instalment and ends the schedule', async () => {
		// A cancel leaves the subscription Inactive with its cancelledTs (docs/onlinefundraising.md, claims table).
		changeSubscription({ state: 'Inactive', cancelledTs: '2027-02-03 12:00:00 +0100', inactivatedTs: '2027-02-03 12:00:00 +0100', updatedTs: '2027-02-03 12:00:00 +0100' });
		await deliverOnce(webhook('subscription', 'cancelled', SUBSCRIPTION), '2027-02-03T11:05:00Z');
		const [commitment] = org.findBy('GiftCommitment', 'Subscription_Id__c', key(SUBSCRIPTION));
		expect(commitment).toMatchObject({ Status: 'Closed' });
		expect(org.findBy('GiftCommitmentSchedule', 'GiftCommitmentId', commitment.Id)).toEqual([expect.objectContaining({ StartDate: '2026-11-20', EndDate: '2027-02-03' })]);
		expect(instalments()).toEqual([
			`2026-11-20 Paid ${key(paymentGuid(1))}`,
			`2026-12-20 Paid ${key(paymentGuid(2))}`,
			`2027-01-20 Paid ${key(paymentGuid(3))}`,
			'2027-02-20 Canceled -',
		]);
		expect(org.records('GiftTransaction')).toHaveLength(5);
	});

	it('every webhook delivered again, each alone, changes nothing but the update stamps', async () => {
		const before = npcSnapshot(org);
		clock = new Date('2027-02-04T10:00:00Z');
		// Checked after each one: a late created or charged webhook must not undo what came after it.
		const changedBy: string[] = [];
		for (const hook of delivered) {
			await deliver(hook);
			org.runJobs();
			if (JSON.stringify(npcSnapshot(org)) !== JSON.stringify(before)) changedBy.push(`${hook.entityType}.${hook.eventType} ${hook.entityGuid}`);
		}
		expect(changedBy).toEqual([]);
		expect(npcSnapshot(org)).toEqual(before);
	});
});
