import type { ICredentialTestRequest, Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

/** `{base}` of the chosen product, as an n8n expression over this credential's own fields. */
const BASE_URL_EXPRESSION =
	'($self["product"] === "custom" ? $self["baseUrl"] : ($self["product"] === "smallinvoice" ? "https://api.smallinvoice.com/v2" : "https://api-smartbusiness.postfinance.ch/v2"))';

/**
 * PostFinance SmartBusiness / smallinvoice API v2 (one API on two hosts, reference smartbusiness.md
 * §0): OAuth2 with client credentials (your own account) or authorization code (acting for
 * another account). n8n fetches, stores and renews the token; the node never touches it.
 * Token URL `{base}/auth/access-tokens`, authorize URL `{base}/auth/authorize`.
 */
export class SmartBusinessOAuth2Api implements ICredentialType {
	name = 'smartBusinessOAuth2Api';

	extends = ['oAuth2Api'];

	displayName = 'PostFinance SmartBusiness OAuth2 API';

	icon: Icon = { light: 'file:../icons/smartbusiness.svg', dark: 'file:../icons/smartbusiness.dark.svg' };

	documentationUrl = 'https://github.com/fundraising-sync/n8n-nodes-fundraising-sync?tab=readme-ov-file#postfinance-smartbusiness';

	properties: INodeProperties[] = [
		{
			displayName: 'Product',
			name: 'product',
			type: 'options',
			options: [
				{ name: 'PostFinance SmartBusiness', value: 'smartBusiness', description: 'https://api-smartbusiness.postfinance.ch/v2' },
				{ name: 'Smallinvoice', value: 'smallinvoice', description: 'https://api.smallinvoice.com/v2' },
				{ name: 'Custom API URL', value: 'custom', description: 'E.g. a staging or demo host' },
			],
			default: 'smartBusiness',
		},
		{
			displayName: 'API URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'https://stage-api.smallinvoice.com/v2',
			description: 'The API v2 base URL, without a trailing slash',
			displayOptions: { show: { product: ['custom'] } },
		},
		{
			displayName: 'Grant Type',
			name: 'grantType',
			type: 'options',
			options: [
				{ name: 'Client Credentials', value: 'clientCredentials', description: 'Your own account: a client created under Users → API V2' },
				{ name: 'Authorization Code', value: 'authorizationCode', description: 'Software acting for another SmartBusiness account' },
			],
			default: 'clientCredentials',
		},
		{
			displayName: 'Authorization URL',
			name: 'authUrl',
			type: 'hidden',
			default: `={{ ${BASE_URL_EXPRESSION} + "/auth/authorize" }}`,
		},
		{
			displayName: 'Access Token URL',
			name: 'accessTokenUrl',
			type: 'hidden',
			default: `={{ ${BASE_URL_EXPRESSION} + "/auth/access-tokens" }}`,
		},
		{
			displayName: 'Scope',
			name: 'scope',
			type: 'string',
			default: 'profile contact invoice configuration',
			description:
				'Space separated; the client must be registered for each. contact (contacts), invoice (invoices), configuration (bank accounts, payment slips and units, as in SmartBusiness\'s own API clients), profile (the credential test). If your account asks for catalog to list units, add catalog.',
		},
		{
			displayName: 'Auth URI Query Parameters',
			name: 'authQueryParameters',
			type: 'hidden',
			default: '',
		},
		{
			// The vendor's own client sends the client id and secret in the form body.
			displayName: 'Authentication',
			name: 'authentication',
			type: 'hidden',
			default: 'body',
		},
	];

	// GET /auth/profile needs the `profile` scope (vendor client ProfileEndpoint), so the test also checks that scope.
	test: ICredentialTestRequest = {
		request: { baseURL: `={{ ${BASE_URL_EXPRESSION.replace(/\$self/g, '$credentials')} }}`, url: '/auth/profile', method: 'GET' },
	};
}
