import {
	amountFilters,
	dateFilter,
	idField,
	INTERVAL_OPTIONS,
	IS_TEST_OPTIONS,
	paymentTypeField,
	projectField,
	RECURRING_TYPE_OPTIONS,
	sourceField,
} from '../fields';
import { fundraisingBox } from '../entityApi';
import { RECURRING_PAYMENT } from './fields';

/** GET /recurrings.json */
export const getManyRecurringPayments = fundraisingBox.getMany(RECURRING_PAYMENT, {
	filters: [
		{
			displayName: 'Show',
			name: 'show',
			type: 'options',
			options: [{ name: 'Active Only', value: 'active', description: 'Only recurring payments that are still running' }],
			default: 'active',
		},
		...amountFilters('recurring payments'),
		idField('fb_payment_form_configuration_id', 'Form ID', 'Only recurring payments made with this donation form'),
		{ displayName: 'Interval', name: 'interval', type: 'options', options: INTERVAL_OPTIONS, default: 1 },
		{
			displayName: 'Is Test',
			name: 'is_test',
			type: 'options',
			options: IS_TEST_OPTIONS,
			default: 'all',
			description: 'Whether to list test recurring payments',
		},
		dateFilter('next_max', 'Next Payment Max', 'Only recurring payments whose next payment is at or before this date', false),
		dateFilter('next_min', 'Next Payment Min', 'Only recurring payments whose next payment is at or after this date', false),
		paymentTypeField(),
		idField('fb_person_id', 'Person ID', 'Only recurring payments of this person'),
		projectField(),
		{
			displayName: 'Recurring Payment IDs',
			name: 'ids',
			type: 'string',
			default: '',
			description: 'Comma-separated list of recurring payment IDs',
		},
		idField('search_id', 'Smart Search ID', 'Only recurring payments found by this saved smart search'),
		sourceField(),
		dateFilter('start_max', 'Start Max', 'Only recurring payments starting at or before this date', false),
		dateFilter('start_min', 'Start Min', 'Only recurring payments starting at or after this date', false),
		{ displayName: 'Type', name: 'type', type: 'options', options: RECURRING_TYPE_OPTIONS, default: 'recurring_donation' },
	],
	formats: { dateFilters: ['start_min', 'start_max', 'next_min', 'next_max'] },
});
