/** UI fields of the FundraisingBox Scheduled Pull Trigger (n8n adds the Poll Times field itself). */
import type { INodeProperties } from 'n8n-workflow';

export interface FundraisingBoxPollOptions {
	testDonations?: 'yes' | 'no' | 'all';
	includePerson?: boolean;
}

export const fundraisingBoxPollTriggerProperties: INodeProperties[] = [
	{
		displayName:
			'Each poll asks FundraisingBox for everything changed since the start of the day (FundraisingBox filters by whole days) and emits only what is new or changed since the last poll. For real-time delivery, use the FundraisingBox Trigger (webhooks) instead.',
		name: 'pollNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Objects',
		name: 'objects',
		type: 'multiOptions',
		required: true,
		default: ['donation'],
		options: [
			{ name: 'Donations', value: 'donation', description: 'New and updated confirmed donations' },
			{ name: 'Recurring Payments', value: 'recurring', description: 'New and updated recurring payments' },
		],
	},
	{
		displayName: 'Start From',
		name: 'startFrom',
		type: 'options',
		default: 'now',
		options: [
			{ name: 'Activation', value: 'now', description: 'Only changes after the workflow is activated' },
			{ name: 'A Date', value: 'date', description: 'Also changes since a date: the first poll emits them all' },
		],
	},
	{
		displayName: 'Start Date',
		name: 'startDate',
		type: 'dateTime',
		default: '',
		required: true,
		displayOptions: { show: { startFrom: ['date'] } },
		description: 'German time (FundraisingBox\'s). Changing it starts afresh from the new date.',
	},
	{
		displayName: 'Options',
		name: 'pollOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Include Person',
				name: 'includePerson',
				type: 'boolean',
				default: true,
				description: 'Whether to fetch the person of each donation (one request per person) so the event has its contact',
			},
			{
				displayName: 'Test Donations',
				name: 'testDonations',
				type: 'options',
				default: 'all',
				options: [
					{ name: 'Include', value: 'all' },
					{ name: 'Exclude', value: 'no' },
					{ name: 'Only', value: 'yes' },
				],
			},
		],
	},
];
