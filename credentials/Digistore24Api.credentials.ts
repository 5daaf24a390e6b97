import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

export class Digistore24Api implements ICredentialType {
	name = 'digistore24Api';

	displayName = 'Digistore24 API';

	icon: Icon = { light: 'file:../icons/digistore24.svg', dark: 'file:../icons/digistore24.dark.svg' };

	documentationUrl = 'https://github.com/fundraising-sync/n8n-nodes-fundraising-sync?tab=readme-ov-file#digistore24';

	properties: INodeProperties[] = [
		{
			displayName: 'IPN Passphrase',
			name: 'ipnPassphrase',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description:
				'The "IPN passphrase" of the IPN connection in Digistore24 (Settings → Integrations (IPN)). Every IPN is checked against it; without it every IPN is refused.',
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Optional. A Digistore24 API key with write access (Settings → Account Access → API Keys). With it, activating the workflow registers the IPN URL in Digistore24 and deactivating removes it.',
		},
		{
			displayName: 'API Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://www.digistore24.com/api/call',
			description: 'Change only for testing against another server',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				'X-DS-API-KEY': '={{$credentials.apiKey}}',
				Accept: 'application/json',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/ping/format/json',
			method: 'POST',
		},
		rules: [
			{
				type: 'responseSuccessBody',
				properties: { key: 'result', value: 'error', message: 'Digistore24 refused the API key' },
			},
		],
	};
}
