import { customFieldsField, idField, paymentTypeField, projectField, sourceField } from '../fields';
import { fundraisingBox } from '../entityApi';
import { amountField, DONATION, receiptStatusField } from './fields';

/** POST /donations.json (fb_type_id, amount and created_at are mandatory) */
export const createDonation = fundraisingBox.create(DONATION, {
	required: [
		paymentTypeField(true),
		amountField,
		{
			displayName: 'Created At',
			name: 'created_at',
			type: 'dateTime',
			default: '',
			description: 'Date and time of the donation (German time)',
		},
	],
	additional: [
		customFieldsField,
		{
			displayName: 'External Donation ID',
			name: 'external_donation_id',
			type: 'string',
			default: '',
			description: 'Your own ID of this donation (at most 100 characters)',
		},
		idField('fb_fundraising_page_id', 'Fundraising Page ID', 'The fundraising page the donation belongs to'),
		{ displayName: 'Info', name: 'info', type: 'string', default: '', description: 'A message from the donor (at most 500 characters)' },
		idField('fb_person_bank_account_id', 'Person Bank Account ID', 'The bank account of the person the donation was paid from'),
		idField('fb_person_credit_card_id', 'Person Credit Card ID', 'The credit card of the person the donation was paid with'),
		idField('fb_person_id', 'Person ID', 'The donor'),
		projectField(),
		{
			displayName: 'Public Message',
			name: 'public_message',
			type: 'string',
			default: '',
			description: 'Message shown publicly, e.g. on a fundraising page (at most 1000 characters)',
		},
		{
			displayName: 'Public Name',
			name: 'public_name',
			type: 'string',
			default: '',
			description: 'Name shown publicly (at most 100 characters)',
		},
		receiptStatusField,
		{ displayName: 'Received At', name: 'received_at', type: 'dateTime', default: '', description: 'When the money arrived (German time)' },
		idField('fb_sepa_mandate_id', 'SEPA Mandate ID', 'The SEPA mandate of a direct debit'),
		sourceField(),
	],
});
