/**
 * Create Payment from Session: processes a complete session through `app/payment`. Only the
 * session hash is sent; FundraisingBox ignores payment values next to a session, and processes a
 * session once only (error 202 afterwards).
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { interpretPaymentAnswer } from '../../paymentApi';
import { callPaymentApi, resultOrThrow } from '../../paymentTransport';
import { donorIpField, readDonorIp, sessionHashField, type PaymentOperation } from './descriptions';

const OPERATION: PaymentOperation[] = ['createFromSession'];

export const description: INodeProperties[] = [
	sessionHashField(OPERATION, 'Hash of a complete session (session.hash of Create Session or Update Session). A session can be processed only once.'),
	donorIpField(OPERATION),
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const fbSessionHash = String(this.getNodeParameter('sessionHash', itemIndex)).trim();
	const ip = readDonorIp.call(this, itemIndex);
	const answer = await callPaymentApi.call(this, 'payment', { api: 'json', fbSessionHash, ip }, itemIndex);
	return resultOrThrow.call(this, interpretPaymentAnswer(answer.statusCode, answer.body), itemIndex);
}
