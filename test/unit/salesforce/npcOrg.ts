/** A fake Nonprofit Cloud org as the NPC unit tests use it: the External ID fields the model needs, started, with a session token. */
import type { NpcConfig } from '../../../nodes/SalesforceMapper/fromCanonicalEvent/nonprofitCloud';
import { type FakeSalesforceApi, NPC_PAYMENT_METHODS } from '../../fakes/salesforceApi';

/** The model's settings with those key fields and the fake's payment methods. */
export const NPC_TEST_CONFIG: NpcConfig = {
	includeTestEvents: false,
	personRecordTypeId: '012000000000001AAA',
	businessRecordTypeId: '',
	giftTransactionKeyField: 'Payment_Id__c',
	giftRefundKeyField: 'Refund_Id__c',
	giftCommitmentKeyField: 'Subscription_Id__c',
	paymentMethods: NPC_PAYMENT_METHODS,
	fallbackPaymentMethod: '',
	campaignId: '',
	giftDesignationId: '',
	sendCurrency: false,
};

/** The External ID (Unique) text fields an org adds for the Nonprofit Cloud model (docs/salesforce-npc.md, set-up). */
export function addNpcKeyFields(fake: FakeSalesforceApi): void {
	fake.addField('GiftTransaction', 'Payment_Id__c', { type: 'string', externalId: true, unique: true, length: 64 });
	fake.addField('GiftRefund', 'Refund_Id__c', { type: 'string', externalId: true, unique: true, length: 64 });
	fake.addField('GiftCommitment', 'Subscription_Id__c', { type: 'string', externalId: true, unique: true, length: 64 });
}

/** A session token of the fake (client credentials `id` / `secret`). */
export async function sessionToken(fake: FakeSalesforceApi): Promise<string> {
	const response = await fetch(`${fake.baseUrl}/services/oauth2/token`, {
		method: 'POST',
		body: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'id', client_secret: 'secret' }).toString(),
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
	});
	return ((await response.json()) as { access_token: string }).access_token;
}
