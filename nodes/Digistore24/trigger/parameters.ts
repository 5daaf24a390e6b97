/** UI fields of the Digistore24 IPN Trigger. */
import type { INodeProperties } from 'n8n-workflow';
import { DIGISTORE24_EVENTS } from '../events';
import { DEFAULT_DIGISTORE24_TIME_ZONE } from '../toCanonicalEvent';
import type { ReplyOptions } from './reply';
import { ALL_EVENTS } from '../../shared/eventFilter';
import { eventFilterProperty, ipAllowlistOption, RAW_BODY_PARAMETER, triggerOptionsCollection } from '../../shared/triggerDescriptions';

export { ALL_EVENTS };


export interface Digistore24TriggerOptions extends ReplyOptions {
	startOnConnectionTest?: boolean;
	ipAllowlist?: string;
	timeZone?: string;
	registrationProductIds?: string;
	registrationName?: string;
}

export const digistore24TriggerProperties: INodeProperties[] = [
	{
		displayName:
			'Digistore24 sends every IPN to the Production URL (under Webhook URLs at the top of this panel). With an API key in the credential, activating this workflow registers that URL in Digistore24 for you; otherwise add it under Settings → Integrations (IPN) → Generic, with the same IPN passphrase as the credential.',
		name: 'setupNotice',
		type: 'notice',
		default: '',
	},
	eventFilterProperty(
		'Digistore24',
		'IPN events',
		DIGISTORE24_EVENTS.map(({ name, value, description }) => ({ name, value, description })),
	),
	triggerOptionsCollection([
		ipAllowlistOption(),
		{
			displayName: 'Registration: IPN Name',
			name: 'registrationName',
			type: 'string',
			default: 'n8n',
			description: 'Name of the IPN connection created in Digistore24 when an API key is set',
		},
		{
			displayName: 'Registration: Product IDs',
			name: 'registrationProductIds',
			type: 'string',
			default: 'all',
			description:
				'Comma-separated Digistore24 product IDs the registered IPN connection is for, or "all"',
		},
		{
			displayName: 'Reply Lines',
			name: 'replyLines',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			default: {},
			placeholder: 'Add Line',
			description:
				'Extra "key: value" lines sent after OK, e.g. access data (username, password, loginurl, headline, show_on, hide_on). Digistore24 shows them to the buyer when the IPN timing is "before thank-you page".',
			options: [
				{
					displayName: 'Line',
					name: 'line',
					values: [
						{ displayName: 'Key', name: 'key', type: 'string', default: '', placeholder: 'loginurl' },
						{ displayName: 'Value', name: 'value', type: 'string', default: '' },
					],
				},
			],
		},
		{
			displayName: 'Start Workflow on Connection Test',
			name: 'startOnConnectionTest',
			type: 'boolean',
			default: false,
			description:
				'Whether Digistore24\'s "Test connection" call (event connection_test) starts the workflow. It is always answered OK.',
		},
		{
			displayName: 'Thank-You URL',
			name: 'thankYouUrl',
			type: 'string',
			default: '',
			placeholder: 'https://example.org/thank-you',
			description: 'Sent back as thankyou_url: Digistore24 redirects the buyer there after the purchase',
		},
		{
			displayName: 'Time Zone of Digistore24 Dates',
			name: 'timeZone',
			type: 'string',
			default: DEFAULT_DIGISTORE24_TIME_ZONE,
			description:
				'IANA time zone in which Digistore24 writes order and transaction dates (they carry no offset). Used for occurredAt.',
		},
	]),
	RAW_BODY_PARAMETER,
];
