import type { INodeProperties } from 'n8n-workflow';
import { dateFilter, idField, textField } from '../fields';
import { fundraisingBox } from '../entityApi';
import { COMMUNICATION, COMMUNICATION_TYPE_OPTIONS, DIRECTION_OPTIONS } from './fields';

const flagFilter = (displayName: string, name: string, description: string): INodeProperties => ({
	displayName,
	name,
	type: 'boolean',
	default: false,
	description,
});

const dateTimeFilter = (displayName: string, name: string, description: string): INodeProperties => ({
	displayName,
	name,
	type: 'dateTime',
	default: '',
	description: `${description} (date and time, German time)`,
});

/** GET /communications.json with the criteria of the communicationsjson reference. */
export const getManyCommunications = fundraisingBox.getMany(COMMUNICATION, {
	filters: [
		{
			displayName: 'Category',
			name: 'category',
			type: 'options',
			options: [
				{ name: 'Donation Thank You', value: 'donation_thank_you' },
				{ name: 'Double Opt-In', value: 'double_opt_in' },
				{ name: 'Fundraising Page Mail', value: 'fundraising_page_mail' },
				{ name: 'Gift Donation Certificate', value: 'gift_donation_certificate' },
			],
			default: 'donation_thank_you',
			description: 'Only communications FundraisingBox wrote for this purpose',
		},
		textField('Communication IDs', 'ids', 'Comma-separated list of communication IDs', '910001,910002'),
		dateTimeFilter('Created Time Max', 'created_time_max', 'Only communications created at or before this time'),
		dateTimeFilter('Created Time Min', 'created_time_min', 'Only communications created at or after this time'),
		dateFilter('date_max', 'Date Max', 'Only communications created at or before this date'),
		dateFilter('date_min', 'Date Min', 'Only communications created at or after this date'),
		{ displayName: 'Direction', name: 'direction', type: 'options', options: DIRECTION_OPTIONS, default: 'out' },
		flagFilter('Has Attachment', 'has_attachment', 'Whether to list only communications with (or without) an attachment'),
		flagFilter('Is System', 'is_system', 'Whether to list only communications FundraisingBox created (or only those a user created)'),
		textField('Message', 'message', 'Only communications whose message contains this text'),
		idField('fb_person_id', 'Person ID', 'Only communications of this person'),
		idField('search_id', 'Smart Search ID', 'Only communications found by this saved smart search'),
		textField('Subject', 'subject', 'Only communications whose subject contains this text'),
		{ displayName: 'Type', name: 'type', type: 'options', options: COMMUNICATION_TYPE_OPTIONS, default: 'note' },
	],
	formats: {
		dateFilters: ['date_min', 'date_max'],
		dateTimeFilters: ['created_time_min', 'created_time_max'],
		booleanFilters: ['has_attachment', 'is_system'],
	},
	finerBounds: { date_min: 'created_at', date_max: 'created_at' },
});
