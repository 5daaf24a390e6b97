/** Create Payment: a one-step payment through `app/payment` with all values in one request. */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import type { Operation } from '../../../shared/operations';
import { interpretPaymentAnswer, paymentFormBody } from '../../paymentApi/protocol';
import { callPaymentApi, resultOrThrow } from '../../paymentApi/transport';
import { donationFields, donorIpField, readDonorIp, readPaymentValues, valueCollections } from './fields';

export const createPayment: Operation = {
	option: {
		name: 'Create Payment',
		value: 'create',
		action: 'Create a payment',
		description: 'Process a donation in one step (Payment-API)',
	},
	properties: [...donationFields, donorIpField, ...valueCollections],
	async handler(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
		const values = readPaymentValues.call(this, itemIndex, { topLevel: ['amount', 'interval', 'paymentMethod'] });
		const ip = readDonorIp.call(this, itemIndex);
		const answer = await callPaymentApi.call(this, 'payment', paymentFormBody(values, { api: 'json', ip }), itemIndex);
		return resultOrThrow.call(this, interpretPaymentAnswer(answer.statusCode, answer.body), itemIndex);
	},
};
