import { paymentTypeField } from '../fields';
import { amountField } from '../donation/fields';
import { fundraisingBox } from '../entityApi';
import {
	intervalField,
	nextPaymentDateField,
	optionalRecurringFields,
	RECURRING_PAYMENT,
	recurringTypeField,
} from './fields';

/** PUT /recurrings/:id.json */
export const updateRecurringPayment = fundraisingBox.update(RECURRING_PAYMENT, {
	fields: [amountField, intervalField, recurringTypeField, paymentTypeField(), nextPaymentDateField, ...optionalRecurringFields],
});
