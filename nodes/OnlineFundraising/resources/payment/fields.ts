import type { OnlineFundraisingEntity } from '../entityApi';

export const PAYMENT: OnlineFundraisingEntity = {
	noun: 'payment',
	entityPath: 'payment',
	idName: 'paymentGuid',
	idDisplayName: 'Payment GUID',
};
