/**
 * Create Session: stores values in a new session (`app/createSession`). FundraisingBox validates
 * them at once; the session may stay incomplete (its `other_fields` errors list what is missing)
 * and be completed with Update Session, used to prefill the form (`?fbSessionHash=`), or processed.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import type { Operation } from '../../../shared/operations';
import { interpretSessionAnswer, paymentFormBody } from '../../paymentApi/protocol';
import { callPaymentApi, resultOrThrow } from '../../paymentApi/transport';
import { readPaymentValues, sessionDonationCollection, valueCollections } from './fields';

export const createSession: Operation = {
	option: {
		name: 'Create Session',
		value: 'createSession',
		action: 'Create a session',
		description: 'Store donation values in a new session (Session-API)',
	},
	properties: [sessionDonationCollection, ...valueCollections],
	async handler(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
		const values = readPaymentValues.call(this, itemIndex, { collections: ['donation'] });
		if (Object.keys(values).length === 0) {
			throw new NodeOperationError(this.getNode(), 'Add at least one value to create a session', {
				itemIndex,
				description: 'FundraisingBox refuses a new session without values (error 205).',
			});
		}
		const answer = await callPaymentApi.call(this, 'createSession', paymentFormBody(values), itemIndex);
		return resultOrThrow.call(this, interpretSessionAnswer(answer.statusCode, answer.body), itemIndex);
	},
};
