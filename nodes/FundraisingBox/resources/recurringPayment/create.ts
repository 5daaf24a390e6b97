import { idField, paymentTypeField } from '../../descriptions';
import { amountField } from '../donation/fields';
import { createOperation } from '../operations';
import {
	intervalField,
	nextPaymentDateField,
	optionalRecurringFields,
	RECURRING_FORMATS,
	RECURRING_PAYMENT,
	recurringTypeField,
} from './fields';

/** POST /recurrings.json */
export const createRecurringPayment = createOperation({
	...RECURRING_PAYMENT,
	required: [
		idField('fb_person_id', 'Person ID', 'The donor; cannot be changed later'),
		amountField,
		intervalField,
		recurringTypeField,
		paymentTypeField(true),
		nextPaymentDateField,
	],
	additional: optionalRecurringFields,
	formats: RECURRING_FORMATS,
});
