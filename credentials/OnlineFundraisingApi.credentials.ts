import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

/**
 * OnlineFundraising's Payment API: the organisation's own API URL and an API key sent as is in the
 * `Authorization` header, without a scheme word ("Authentication", OnlineFundraising help centre).
 * Keys are bound to the IP address they were created for.
 */
export class OnlineFundraisingApi implements ICredentialType {
	name = 'onlineFundraisingApi';

	displayName = 'OnlineFundraising API';

	icon: Icon = { light: 'file:../icons/onlinefundraising.svg', dark: 'file:../icons/onlinefundraising.dark.svg' };

	documentationUrl = 'https://github.com/fundraising-sync/n8n-nodes-fundraising-sync?tab=readme-ov-file#onlinefundraising';

	properties: INodeProperties[] = [
		{
			displayName: 'API URL',
			name: 'baseUrl',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'https://…',
			description: 'The Payment API URL of your organisation, from Settings in OnlineFundraising',
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description:
				'Created in OnlineFundraising under Settings for the IP address n8n connects from (requests from other addresses are refused)',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: { Authorization: '={{$credentials.apiKey}}' },
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/contacts',
			qs: { pageNumber: 1, pageSize: 1 },
			method: 'GET',
			headers: { 'Content-Type': 'application/json; charset=utf-8' },
		},
	};
}
