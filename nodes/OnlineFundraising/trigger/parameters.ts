/** UI fields of the OnlineFundraising Trigger. */
import type { INodeProperties } from 'n8n-workflow';
import { eventFilterProperty, ipAllowlistOption, RAW_BODY_PARAMETER, triggerOptionsCollection } from '../../shared/triggerDescriptions';
import { eventName, ONLINEFUNDRAISING_EVENTS } from '../events';

/** `paymentMethod` → `Payment Method`, `onHold` → `On Hold`: event names as the UI shows them. */
const words = (camelCase: string) => camelCase.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/^./, (first) => first.toUpperCase());

export interface OnlineFundraisingTriggerOptions {
	ipAllowlist?: string;
	resolveEntity?: boolean;
}

export const onlineFundraisingTriggerProperties: INodeProperties[] = [
	{
		displayName:
			'In OnlineFundraising, add the Production URL (under Webhook URLs at the top of this panel) under Webhooks (API: Payment API, the events you want). With an API credential, each webhook is checked: its entity is fetched from OnlineFundraising, a forged one is refused, and while the API cannot answer the webhook is answered 503 so that OnlineFundraising sends it again (it retries for about 22.5 hours). Without a credential nothing is checked: items are marked unverified.',
		name: 'setupNotice',
		type: 'notice',
		default: '',
	},
	eventFilterProperty(
		'OnlineFundraising',
		'webhook events (entity type and event type)',
		ONLINEFUNDRAISING_EVENTS.map(({ entityType, eventType, description }) => ({
			name: `${words(entityType)} ${words(eventType)}`,
			value: eventName(entityType, eventType),
			description,
		})),
	),
	triggerOptionsCollection([
		ipAllowlistOption(' OnlineFundraising lists its sending addresses at https://info.onlinefundraising.dk/webhooks.json (check it regularly).'),
		{
			displayName: 'Resolve Entity',
			name: 'resolveEntity',
			type: 'boolean',
			default: true,
			description:
				'Whether to fetch the entity each webhook points at (with the API credential), so the item holds its data and a forged webhook is refused. Off, or without a credential, nothing is checked: every item carries an "unverified" note, and anyone who can reach the URL can send such a webhook.',
		},
	]),
	RAW_BODY_PARAMETER,
];
