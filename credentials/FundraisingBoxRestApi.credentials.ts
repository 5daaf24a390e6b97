import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

/**
 * FundraisingBox's JSON REST API: the per-user API token as the HTTP Basic user name, with the
 * dummy password "X" (developer.fundraisingbox.com, "Introduction JSON"). Named differently from
 * FundraisingBox's own package (`fundraisingBoxApi`) so both packages can be installed side by side.
 */
export class FundraisingBoxRestApi implements ICredentialType {
	name = 'fundraisingBoxRestApi';

	displayName = 'FundraisingBox REST API';

	icon: Icon = { light: 'file:../icons/fundraisingbox.svg', dark: 'file:../icons/fundraisingbox.dark.svg' };

	documentationUrl = 'https://github.com/fundraising-sync/n8n-nodes-fundraising-sync?tab=readme-ov-file#fundraisingbox';

	properties: INodeProperties[] = [
		{
			displayName: 'API Token',
			name: 'apiToken',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description:
				'The API token of a FundraisingBox user (FundraisingBox support issues it; the account needs the API package). Requests act with that user\'s rights.',
		},
		{
			displayName: 'API Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.fundraisingbox.com/v1',
			description: 'Change only for testing against another server',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			auth: { username: '={{$credentials.apiToken}}', password: 'X' },
			headers: { Accept: 'application/json' },
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/persons.json',
			qs: { page: 1, perPage: 1 },
			method: 'GET',
		},
	};
}
