import type { IAuthenticate, ICredentialDataDecryptedObject, ICredentialTestRequest, ICredentialType, IDataObject, IHttpRequestHelper, Icon, INodeProperties } from 'n8n-workflow';
import { loginRequest, sessionFromAnswer, type LoginKind } from '../nodes/SalesforceMapper/login';

const legacy = { show: { loginKind: ['password', 'soap'] } };

/**
 * Salesforce for the Salesforce Mapper (this pack may not use n8n's own Salesforce credentials).
 * Logs in by client credentials on the org's My Domain, or, as legacy options, with username,
 * password and security token. The session token and instance URL are kept in hidden fields and
 * renewed by n8n when Salesforce answers 401 (INVALID_SESSION_ID): it logs in again once and
 * repeats the request.
 */
export class SalesforceMapperApi implements ICredentialType {
	name = 'salesforceMapperApi';

	displayName = 'Salesforce Mapper API';

	icon: Icon = { light: 'file:../icons/salesforcemapper.svg', dark: 'file:../icons/salesforcemapper.dark.svg' };

	documentationUrl = 'https://github.com/fundraising-sync/n8n-nodes-fundraising-sync?tab=readme-ov-file#salesforce-mapper';

	properties: INodeProperties[] = [
		{
			displayName: 'Login',
			name: 'loginKind',
			type: 'options',
			options: [
				{ name: 'Client Credentials (Recommended)', value: 'clientCredentials', description: 'An External Client App with the client credentials flow and a Run As user' },
				{ name: 'Username, Password and Security Token: OAuth (Legacy)', value: 'password', description: 'OAuth username-password flow; blocked by default in orgs created since Summer ’23' },
				{ name: 'Username, Password and Security Token: SOAP (Legacy)', value: 'soap', description: 'SOAP login(), as Digistore24’s connector logs in; retired by Salesforce in Summer ’27' },
			],
			default: 'clientCredentials',
		},
		{
			displayName: 'My Domain URL',
			name: 'myDomainUrl',
			type: 'string',
			default: '',
			placeholder: 'https://yourorg.my.salesforce.com',
			description: 'Setup → My Domain. Client credentials work only on it.',
			displayOptions: { show: { loginKind: ['clientCredentials'] } },
		},
		{
			displayName: 'Login URL',
			name: 'loginUrl',
			type: 'string',
			default: 'https://login.salesforce.com',
			description: 'https://login.salesforce.com, https://test.salesforce.com for a sandbox, or your My Domain URL',
			displayOptions: legacy,
		},
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			description: 'Consumer key of the app',
			displayOptions: { show: { loginKind: ['clientCredentials', 'password'] } },
		},
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'Consumer secret of the app',
			displayOptions: { show: { loginKind: ['clientCredentials', 'password'] } },
		},
		{ displayName: 'Username', name: 'username', type: 'string', default: '', displayOptions: legacy },
		{ displayName: 'Password', name: 'password', type: 'string', typeOptions: { password: true }, default: '', displayOptions: legacy },
		{
			displayName: 'Security Token',
			name: 'securityToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'Appended to the password; reset it under your personal settings in Salesforce. Empty if n8n’s IP address is trusted by the org.',
			displayOptions: legacy,
		},
		{
			displayName: 'API Version',
			name: 'apiVersion',
			type: 'string',
			default: '62.0',
			description: '46.0 or later (sObject Collections upsert needs 46.0)',
		},
		{ displayName: 'Session Token', name: 'sessionToken', type: 'hidden', typeOptions: { expirable: true, password: true }, default: '' },
		{ displayName: 'Instance URL', name: 'instanceUrl', type: 'hidden', default: '' },
	];

	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject): Promise<IDataObject> {
		const request = loginRequest(credentials);
		const answer = (await this.helpers.httpRequest({ ...request, json: false, returnFullResponse: true, ignoreHttpStatusErrors: true })) as { statusCode: number; body: unknown };
		const body = Buffer.isBuffer(answer.body) ? answer.body.toString('utf8') : typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body ?? '');
		return { ...sessionFromAnswer((credentials.loginKind as LoginKind) ?? 'clientCredentials', answer.statusCode, body) };
	}

	/** REST requests are sent to the instance URL of the session, with its token. */
	authenticate: IAuthenticate = async (credentials, requestOptions) => ({
		...requestOptions,
		baseURL: String(credentials.instanceUrl ?? ''),
		headers: { ...requestOptions.headers, Authorization: `Bearer ${String(credentials.sessionToken ?? '')}` },
	});

	test: ICredentialTestRequest = {
		request: { url: '={{"/services/data/v" + ($credentials.apiVersion || "62.0").replace(/^v/i, "") + "/sobjects/Contact/describe"}}', method: 'GET' },
	};
}
