import { paymentTypeField } from '../../descriptions';
import { amountField } from '../donation/fields';
import { updateOperation } from '../operations';
import {
	intervalField,
	nextPaymentDateField,
	optionalRecurringFields,
	RECURRING_FORMATS,
	RECURRING_PAYMENT,
	recurringTypeField,
} from './fields';

/** PUT /recurrings/:id.json */
export const updateRecurringPayment = updateOperation({
	...RECURRING_PAYMENT,
	fields: [amountField, intervalField, recurringTypeField, paymentTypeField(), nextPaymentDateField, ...optionalRecurringFields],
	formats: RECURRING_FORMATS,
});
