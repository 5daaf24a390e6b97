/**
 * Create Payment from Session: processes a complete session through `app/payment`. Only the
 * session hash is sent; FundraisingBox ignores payment values next to a session, and processes a
 * session once only (error 202 afterwards).
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import type { Operation } from '../../../shared/operations';
import { interpretPaymentAnswer } from '../../paymentApi/protocol';
import { callPaymentApi, resultOrThrow } from '../../paymentApi/transport';
import { donorIpField, readDonorIp, sessionHashField } from './fields';

export const createPaymentFromSession: Operation = {
	option: {
		name: 'Create Payment From Session',
		value: 'createFromSession',
		action: 'Create a payment from a session',
		description: 'Process a complete session; a session can be processed once',
	},
	properties: [
		sessionHashField('Hash of a complete session (session.hash of Create Session or Update Session). A session can be processed only once.'),
		donorIpField,
	],
	async handler(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
		const fbSessionHash = String(this.getNodeParameter('sessionHash', itemIndex)).trim();
		const ip = readDonorIp.call(this, itemIndex);
		const answer = await callPaymentApi.call(this, 'payment', { api: 'json', fbSessionHash, ip }, itemIndex);
		return resultOrThrow.call(this, interpretPaymentAnswer(answer.statusCode, answer.body), itemIndex);
	},
};
