import {
	amountFilters,
	dateFilter,
	idField,
	IS_TEST_OPTIONS,
	paymentTypeField,
	projectField,
	sourceField,
	updatedFilters,
} from '../fields';
import { fundraisingBox } from '../entityApi';
import { DONATION, receiptStatusField } from './fields';

/** Date filters → the donation field whose time of day the node compares itself. */
const FINER_BOUNDS = {
	date_min: 'created_at',
	date_max: 'created_at',
	received_min: 'received_at',
	received_max: 'received_at',
	updated_min: 'updated_at',
	updated_max: 'updated_at',
};

/** GET /donations.json: FundraisingBox lists confirmed donations, newest first. */
export const getManyDonations = fundraisingBox.getMany(DONATION, {
	filterNote: 'FundraisingBox lists confirmed donations only, newest first',
	filters: [
		...amountFilters('donations'),
		dateFilter('date_max', 'Date Max', 'Only donations made at or before this date'),
		dateFilter('date_min', 'Date Min', 'Only donations made at or after this date'),
		{ displayName: 'External Donation ID', name: 'external_donation_id', type: 'string', default: '' },
		idField('fb_payment_form_configuration_id', 'Form ID', 'Only donations made with this donation form'),
		{
			displayName: 'Donation IDs',
			name: 'ids',
			type: 'string',
			default: '',
			placeholder: '8594118,8594119',
			description: 'Comma-separated list of donation IDs',
		},
		{
			displayName: 'Ident ID Max',
			name: 'ident_id_max',
			type: 'number',
			default: 0,
			description: 'Only donations up to this running number',
		},
		{
			displayName: 'Ident ID Min',
			name: 'ident_id_min',
			type: 'number',
			default: 0,
			description: 'Only donations from this running number',
		},
		{
			displayName: 'Is Test',
			name: 'is_test',
			type: 'options',
			options: IS_TEST_OPTIONS,
			default: 'all',
			description: 'Whether to list test donations',
		},
		paymentTypeField(),
		idField('fb_payout_id', 'Payout ID', 'Only donations of this payout'),
		idField('fb_person_id', 'Person ID', 'Only donations of this person'),
		projectField(),
		receiptStatusField,
		dateFilter('received_max', 'Received Max', 'Only donations received at or before this date'),
		dateFilter('received_min', 'Received Min', 'Only donations received at or after this date'),
		idField('search_id', 'Smart Search ID', 'Only donations found by this saved smart search'),
		sourceField(),
		{
			displayName: 'Transaction ID',
			name: 'transaction_id',
			type: 'string',
			default: '',
			placeholder: 'FB-T-6341087',
			description: 'The FB-T ID of the transaction',
		},
		...updatedFilters('donations'),
	],
	formats: { dateFilters: Object.keys(FINER_BOUNDS) },
	finerBounds: FINER_BOUNDS,
});
