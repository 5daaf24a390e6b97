import type { EntityNames } from '../operations';
import { getOperation } from '../operations';

export const PAYMENT: EntityNames = {
	resource: 'payment',
	noun: 'payment',
	entityPath: 'payment',
	guidName: 'paymentGuid',
	guidDisplayName: 'Payment GUID',
};

/** GET /payment/{guid} */
export const getPayment = getOperation(PAYMENT);
