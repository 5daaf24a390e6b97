import { resourceModule } from '../../../shared/resourceModule';
import { getPayment } from './get';
import { getManyPayments } from './getAll';

export const paymentResource = resourceModule(
	{ name: 'Payment', value: 'payment', description: 'A single, one-off or recurring payment' },
	[getPayment, getManyPayments],
);
