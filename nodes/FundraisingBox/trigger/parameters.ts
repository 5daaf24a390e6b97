/** UI fields of the FundraisingBox Trigger. */
import type { INodeProperties } from 'n8n-workflow';
import { eventFilterProperty, ipAllowlistOption, RAW_BODY_PARAMETER, triggerOptionsCollection } from '../../shared/triggerDescriptions';
import { FUNDRAISINGBOX_EVENTS } from '../events';

export interface FundraisingBoxTriggerOptions {
	ipAllowlist?: string;
}

export const fundraisingBoxTriggerProperties: INodeProperties[] = [
	{
		// Users cannot add webhooks themselves: FundraisingBox support sets them up (Maileon's
		// FundraisingBox integration docs, docs/fundraisingbox.md).
		displayName:
			'Ask FundraisingBox support to add the Production URL (under Webhook URLs at the top of this panel) as a webhook of each donation form, as an XML or a JSON webhook. Protect it with an API Token credential and the token in the URL: https://your-n8n-host/webhook/…?token=TOKEN (recommended). User and password in the URL (https://USER:PASSWORD@…) work only if FundraisingBox sends them as HTTP Basic, which it does not document.',
		name: 'setupNotice',
		type: 'notice',
		default: '',
	},
	eventFilterProperty(
		'FundraisingBox',
		'webhook events (X-FundraisingBox-Event)',
		FUNDRAISINGBOX_EVENTS.map(({ name, value }) => ({ name, value, description: value })),
	),
	triggerOptionsCollection([
		ipAllowlistOption(' FundraisingBox does not publish its sending addresses; ask its support.'),
	]),
	RAW_BODY_PARAMETER,
];
