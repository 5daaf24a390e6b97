import type { IAuthenticateGeneric, Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * FundraisingBox's Payment-API and Session-API (secure.fundraisingbox.com/app/...) authenticate
 * with the hash of a donation form only: "there is no secret authentication, because the donation
 * form is a public part of your website". The hash still lets anyone create payments on the
 * organisation's form, so it lives in a credential and travels in the form-encoded body (`hash`),
 * added here so the node never handles it.
 *
 * The test is on the node (`testedBy`): no endpoint of this API tells a known hash from an unknown
 * one by HTTP status, only by the error code in the answer (see nodes/FundraisingBox/paymentApi/transport.ts).
 */
export class FundraisingBoxPaymentApi implements ICredentialType {
	name = 'fundraisingBoxPaymentApi';

	displayName = 'FundraisingBox Payment API';

	icon: Icon = { light: 'file:../icons/fundraisingbox.svg', dark: 'file:../icons/fundraisingbox.dark.svg' };

	documentationUrl = 'https://github.com/fundraising-sync/n8n-nodes-fundraising-sync?tab=readme-ov-file#fundraisingbox';

	properties: INodeProperties[] = [
		{
			displayName: 'Form Hash',
			name: 'formHash',
			type: 'string',
			required: true,
			default: '',
			description:
				'The hash of the donation form (FundraisingBox → Forms → the form → Settings). The form must be active and allow the form API.',
		},
		{
			displayName: 'Payment-API Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://secure.fundraisingbox.com/app',
			description: 'Change only for testing against another server',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			body: { hash: '={{$credentials.formHash}}' },
		},
	};
}
