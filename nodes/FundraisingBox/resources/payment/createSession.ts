/**
 * Create Session: stores values in a new session (`app/createSession`). FundraisingBox validates
 * them at once; the session may stay incomplete (its `other_fields` errors list what is missing)
 * and be completed with Update Session, used to prefill the form (`?fbSessionHash=`), or processed.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { interpretSessionAnswer, paymentFormBody } from '../../paymentApi';
import { callPaymentApi, resultOrThrow } from '../../paymentTransport';
import { readPaymentValues, sessionDonationCollection, valueCollections, type PaymentOperation } from './descriptions';

const OPERATION: PaymentOperation[] = ['createSession'];

export const description: INodeProperties[] = [sessionDonationCollection(OPERATION), ...valueCollections(OPERATION)];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const values = readPaymentValues.call(this, itemIndex, { collections: ['donation'] });
	if (Object.keys(values).length === 0) {
		throw new NodeOperationError(this.getNode(), 'Add at least one value to create a session', {
			itemIndex,
			description: 'FundraisingBox refuses a new session without values (error 205).',
		});
	}
	const answer = await callPaymentApi.call(this, 'createSession', paymentFormBody(values), itemIndex);
	return resultOrThrow.call(this, interpretSessionAnswer(answer.statusCode, answer.body), itemIndex);
}
