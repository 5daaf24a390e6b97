import { onlineFundraising } from '../entityApi';
import { CONTACT } from './fields';

/** GET /contacts, optionally `search` (an email address or MSISDN) and `archived` */
export const getManyContacts = onlineFundraising.getMany(CONTACT, {
	filters: [
		{
			displayName: 'Archived',
			name: 'archived',
			type: 'options',
			options: [
				{ name: 'Archived Only', value: 'true' },
				{ name: 'Not Archived Only', value: 'false' },
			],
			default: 'false',
			description: 'Whether to list archived or not archived contacts (without this filter, OnlineFundraising lists only contacts that are not archived)',
		},
		{
			displayName: 'Search',
			name: 'search',
			type: 'string',
			default: '',
			placeholder: 'e.g. jens@example.dk or 4535294855',
			description: 'An email address or a phone number (MSISDN, with country code)',
		},
	],
});
