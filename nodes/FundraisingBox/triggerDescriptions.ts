/** UI fields of the FundraisingBox Trigger. */
import type { INodeProperties } from 'n8n-workflow';
import { eventFilterProperty, ipAllowlistOption, RAW_BODY_PARAMETER } from '../shared/triggerDescriptions';
import { FUNDRAISINGBOX_EVENTS } from './events';

export interface FundraisingBoxTriggerOptions {
	ipAllowlist?: string;
}

export const fundraisingBoxTriggerProperties: INodeProperties[] = [
	{
		displayName:
			'In FundraisingBox, add the Production URL (under Webhook URLs at the top of this panel) as a webhook of each donation form (XML or JSON webhook), with the credential\'s user and password in it: https://USER:PASSWORD@your-n8n-host/webhook/… (or, with a token, https://TOKEN@your-n8n-host/webhook/…).',
		name: 'setupNotice',
		type: 'notice',
		default: '',
	},
	eventFilterProperty(
		'FundraisingBox',
		'webhook events (X-FundraisingBox-Event)',
		FUNDRAISINGBOX_EVENTS.map(({ name, value }) => ({ name, value, description: value })),
	),
	{
		displayName: 'Options',
		name: 'triggerOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			ipAllowlistOption(' FundraisingBox does not publish its sending addresses; ask its support.'),
		],
	},
	RAW_BODY_PARAMETER,
];
