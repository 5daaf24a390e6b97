import { resourceModule } from '../../../shared/resourceModule';
import { getPaymentType } from './get';
import { getManyPaymentTypes } from './getAll';

export const paymentTypeResource = resourceModule(
	{ name: 'Payment Type', value: 'paymentType', description: 'How donations are paid: PayPal, SEPA direct debit, ... (fb_type_id).' },
	[getPaymentType, getManyPaymentTypes],
);
