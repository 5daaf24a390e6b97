/** UI fields of the FundraisingBox Trigger. */
import type { INodeProperties } from 'n8n-workflow';
import { eventFilterProperty, ipAllowlistOption } from '../shared/triggerDescriptions';
import { FUNDRAISINGBOX_EVENTS } from './events';

export interface FundraisingBoxTriggerOptions {
	ipAllowlist?: string;
}

export const fundraisingBoxTriggerProperties: INodeProperties[] = [
	{
		displayName:
			'In FundraisingBox, add the production URL above as a webhook of each donation form (XML or JSON webhook), with the credential\'s user and password in it: https://USER:PASSWORD@your-n8n-host/webhook/… (or, with a token, https://TOKEN@your-n8n-host/webhook/…).',
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
	{
		// n8n parses the body of a version-1 webhook node (XML with xml2js) before calling it, unless
		// `options.binaryData` is set. This trigger reads the raw bytes with its own bounded, DTD-free
		// parser, so it tells n8n to leave the body alone: no second parse, and a malformed body gets
		// this node's 400 instead of n8n's generic 422.
		displayName: 'Raw Body',
		name: 'options',
		type: 'hidden',
		default: { binaryData: true },
	},
];
