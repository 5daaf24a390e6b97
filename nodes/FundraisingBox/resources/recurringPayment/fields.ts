/** Recurring payments: `/recurrings.json` and `/recurrings/:id.json`. */
import type { INodeProperties } from 'n8n-workflow';
import { customFieldsField, idField, INTERVAL_OPTIONS, projectField, RECURRING_TYPE_OPTIONS, sourceField } from '../fields';
import type { RestObject } from '../entityApi';
import { receiptStatusField } from '../donation/fields';

export const RECURRING_PAYMENT: RestObject = {
	noun: 'recurring payment',
	path: '/recurrings',
	idName: 'recurringPaymentId',
	idDisplayName: 'Recurring Payment ID',
	formats: { dates: ['start_date', 'next_payment_date', 'end_date'] },
};


export const intervalField: INodeProperties = {
	displayName: 'Interval',
	name: 'interval',
	type: 'options',
	options: INTERVAL_OPTIONS,
	default: 1,
};
export const recurringTypeField: INodeProperties = {
	displayName: 'Type',
	name: 'type',
	type: 'options',
	options: RECURRING_TYPE_OPTIONS,
	default: 'recurring_donation',
};
export const nextPaymentDateField: INodeProperties = {
	displayName: 'Next Payment Date',
	name: 'next_payment_date',
	type: 'dateTime',
	default: '',
};

/** Optional on create and update (the person cannot be changed once set). */
export const optionalRecurringFields: INodeProperties[] = [
	customFieldsField,
	{ displayName: 'End Date', name: 'end_date', type: 'dateTime', default: '', description: 'Last date of the recurring payment' },
	idField('fb_person_bank_account_id', 'Person Bank Account ID', 'The bank account to debit (depends on the payment type)'),
	projectField(),
	receiptStatusField,
	idField('fb_sepa_mandate_id', 'SEPA Mandate ID', 'The SEPA mandate to debit with (depends on the payment type)'),
	sourceField(),
	{ displayName: 'Start Date', name: 'start_date', type: 'dateTime', default: '' },
];
