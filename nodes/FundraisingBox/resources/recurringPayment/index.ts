import { resourceModule } from '../../../shared/resourceModule';
import { createRecurringPayment } from './create';
import { getRecurringPayment } from './get';
import { getManyRecurringPayments } from './getAll';
import { updateRecurringPayment } from './update';

export const recurringPaymentResource = resourceModule(
	{
		name: 'Recurring Payment',
		value: 'recurringPayment',
		description: 'A standing order: recurring donation, membership, sponsorship or fine',
	},
	[createRecurringPayment, getRecurringPayment, getManyRecurringPayments, updateRecurringPayment],
);
