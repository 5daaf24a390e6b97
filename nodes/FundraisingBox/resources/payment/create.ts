/** Create Payment: a one-step payment through `app/payment` with all values in one request. */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { interpretPaymentAnswer, paymentFormBody } from '../../paymentApi';
import { callPaymentApi, resultOrThrow } from '../../paymentTransport';
import { donationFields, donorIpField, readDonorIp, readPaymentValues, valueCollections, type PaymentOperation } from './descriptions';

const OPERATION: PaymentOperation[] = ['create'];

export const description: INodeProperties[] = [...donationFields(OPERATION), donorIpField(OPERATION), ...valueCollections(OPERATION)];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const values = readPaymentValues.call(this, itemIndex, { topLevel: ['amount', 'interval', 'paymentMethod'] });
	const ip = readDonorIp.call(this, itemIndex);
	const answer = await callPaymentApi.call(this, 'payment', paymentFormBody(values, { api: 'json', ip }), itemIndex);
	return resultOrThrow.call(this, interpretPaymentAnswer(answer.statusCode, answer.body), itemIndex);
}
