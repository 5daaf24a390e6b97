import { idField, paymentTypeField } from '../fields';
import { amountField } from '../donation/fields';
import { fundraisingBox } from '../entityApi';
import {
	intervalField,
	nextPaymentDateField,
	optionalRecurringFields,
	RECURRING_PAYMENT,
	recurringTypeField,
} from './fields';

/** POST /recurrings.json */
export const createRecurringPayment = fundraisingBox.create(RECURRING_PAYMENT, {
	required: [
		idField('fb_person_id', 'Person ID', 'The donor; cannot be changed later'),
		amountField,
		intervalField,
		recurringTypeField,
		paymentTypeField(true),
		nextPaymentDateField,
	],
	additional: optionalRecurringFields,
});
