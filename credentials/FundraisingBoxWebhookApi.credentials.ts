import type { Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * How the FundraisingBox Trigger checks that a webhook call comes from FundraisingBox. FundraisingBox
 * signs nothing; it offers HTTP authentication in the configured URL, "user name/password or API
 * token" (support article "Schnittstellen zu Drittsystemen"). The node checks it in constant time.
 */
export class FundraisingBoxWebhookApi implements ICredentialType {
	name = 'fundraisingBoxWebhookApi';

	displayName = 'FundraisingBox Webhook API';

	icon: Icon = { light: 'file:../icons/fundraisingbox.svg', dark: 'file:../icons/fundraisingbox.dark.svg' };

	documentationUrl = 'https://github.com/fundraising-sync/n8n-nodes-fundraising-sync?tab=readme-ov-file#fundraisingbox-trigger';

	properties: INodeProperties[] = [
		{
			displayName: 'Method',
			name: 'method',
			type: 'options',
			default: 'basicAuth',
			options: [
				{
					name: 'HTTP Basic Auth',
					value: 'basicAuth',
					description: 'Webhook URL: https://USER:PASSWORD@your-n8n/webhook/…, only if FundraisingBox sends the user info as HTTP Basic (not documented)',
				},
				{
					name: 'API Token',
					value: 'token',
					description: 'Recommended. Webhook URL for FundraisingBox support to add: https://your-n8n/webhook/…?token=TOKEN',
				},
			],
		},
		{
			displayName: 'User',
			name: 'user',
			type: 'string',
			default: '',
			required: true,
			displayOptions: { show: { method: ['basicAuth'] } },
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			displayOptions: { show: { method: ['basicAuth'] } },
		},
		{
			displayName: 'Token',
			name: 'token',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			displayOptions: { show: { method: ['token'] } },
			description: 'A long random string (at least 16 characters), sent as the "token" query parameter of the webhook URL. Also accepted as the HTTP Basic user name.',
		},
	];
}
