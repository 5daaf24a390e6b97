/** UI fields of the FundraisingBox Scheduled Pull Trigger (n8n adds the Poll Times field itself). */
import type { INodeProperties } from 'n8n-workflow';
import { DEFAULT_MAX_PAGES } from './scan';

export interface FundraisingBoxPollOptions {
	maxPages?: number;
	testDonations?: 'yes' | 'no' | 'all';
	includePerson?: boolean;
}

export const fundraisingBoxPollTriggerProperties: INodeProperties[] = [
	{
		displayName:
			'Each poll emits only what is new or changed since the last poll. It reads donations changed since the start of the day and pages through all recurring payments (FundraisingBox has no "changed since" filter for them), at most Max Pages per Poll pages of 100 per type, going on where the last poll stopped. For real-time delivery, use the FundraisingBox Trigger (webhooks) instead.',
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
				displayName: 'Max Pages per Poll',
				name: 'maxPages',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 1000 },
				default: DEFAULT_MAX_PAGES,
				description:
					'Pages of 100 objects read per type and poll; a longer list is read on over the next polls. Raise it if one poll should cover all your recurring payments.',
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
