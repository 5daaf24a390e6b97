/**
 * Update Session: adds or changes values of a session (`app/updateSession`); without values it
 * reads the session. FundraisingBox validates some fields only together, so a partly sent group
 * (e.g. first_name without salutation, title, last_name) is refused here before sending.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import type { Operation } from '../../../shared/operations';
import { describeGroupProblems, incompleteFieldGroups, interpretSessionAnswer, paymentFormBody } from '../../paymentApi/protocol';
import { callPaymentApi, resultOrThrow } from '../../paymentApi/transport';
import { readPaymentValues, sessionDonationCollection, sessionHashField, valueCollections } from './fields';

export const updateSession: Operation = {
	option: {
		name: 'Update Session',
		value: 'updateSession',
		action: 'Update a session',
		description: 'Add or change values of a session, or read it (Session-API)',
	},
	properties: [
		sessionHashField('Hash of the session to change or read (session.hash of Create Session)'),
		sessionDonationCollection,
		...valueCollections,
	],
	async handler(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
		const fbSessionHash = String(this.getNodeParameter('sessionHash', itemIndex)).trim();
		const values = readPaymentValues.call(this, itemIndex, { collections: ['donation'] });
		const problems = incompleteFieldGroups(values);
		if (problems.length > 0) {
			throw new NodeOperationError(this.getNode(), `FundraisingBox needs these fields in the same update: ${describeGroupProblems(problems)}`, {
				itemIndex,
				description:
					'FundraisingBox validates name, address and bank account fields only together. Add the missing fields (empty if unused) under Donor, Address, Bank Account or Other Form Fields.',
			});
		}
		const answer = await callPaymentApi.call(this, 'updateSession', paymentFormBody(values, { fbSessionHash }), itemIndex);
		return resultOrThrow.call(this, interpretSessionAnswer(answer.statusCode, answer.body), itemIndex);
	},
};
