/** Reading the fake Nonprofit Cloud org the way the NPC end-to-end tests compare it. */
import type { FakeSalesforceApi } from '../../fakes/salesforceApi';

/** The External ID fields the tests' orgs get, under the names the template preselects. */
export { addNpcKeyFields } from '../../unit/salesforce/npcOrg';

/** Everything the org holds, without the stamps every write moves. */
const STAMPS = new Set(['LastModifiedDate', 'SystemModstamp']);
export const npcSnapshot = (org: FakeSalesforceApi) =>
	['Account', 'Contact', 'GiftCommitment', 'GiftCommitmentSchedule', 'GiftTransaction', 'GiftRefund'].map((object) =>
		org.records(object).map((record) => Object.fromEntries(Object.entries(record).filter(([field]) => !STAMPS.has(field)))),
	);

/** A commitment's transactions as "due date, status, key", by due date. */
export function instalmentsOf(org: FakeSalesforceApi, subscriptionKey: string): string[] {
	const [commitment] = org.findBy('GiftCommitment', 'Subscription_Id__c', subscriptionKey);
	return org
		.findBy('GiftTransaction', 'GiftCommitmentId', commitment.Id)
		.map((gift) => `${String(gift.TransactionDueDate)} ${String(gift.Status)} ${String(gift.Payment_Id__c ?? '-')}`)
		.sort();
}
