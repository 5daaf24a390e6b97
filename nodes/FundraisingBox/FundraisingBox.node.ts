import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { resourceSelector, runResourceOperations, type ResourceModule } from '../shared/resourceModule';
import { loadOptions } from './methods/loadOptions';
import { testPaymentApiCredential } from './paymentApi/transport';
import { communicationResource } from './resources/communication';
import { donationResource } from './resources/donation';
import { paymentResource } from './resources/payment';
import { paymentTypeResource } from './resources/paymentType';
import { personResource } from './resources/person';
import { personAddressResource } from './resources/personAddress';
import { personEmailAddressResource } from './resources/personEmailAddress';
import { projectResource } from './resources/project';
import { recurringPaymentResource } from './resources/recurringPayment';
import { sepaMandateResource } from './resources/sepaMandate';
import { sourceResource } from './resources/source';
import { REST_CREDENTIAL_TYPE } from './transport';

/** Every resource of the node; adding one is adding its module here. */
const RESOURCES: ResourceModule[] = [
	personResource,
	personAddressResource,
	personEmailAddressResource,
	donationResource,
	recurringPaymentResource,
	sepaMandateResource,
	communicationResource,
	projectResource,
	sourceResource,
	paymentTypeResource,
	paymentResource,
];

export class FundraisingBox implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'FundraisingBox',
		name: 'fundraisingBox',
		icon: { light: 'file:../../icons/fundraisingbox.svg', dark: 'file:../../icons/fundraisingbox.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Create, read and update persons, donations, recurring payments and communications in FundraisingBox, and take payments through its Payment-API',
		defaults: { name: 'FundraisingBox' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			// The Payment-API resource authenticates with a form hash instead (its own credential).
			{ name: REST_CREDENTIAL_TYPE, required: true, displayOptions: { hide: { resource: [paymentResource.option.value] } } },
			{
				name: 'fundraisingBoxPaymentApi',
				required: true,
				testedBy: 'fundraisingBoxPaymentApiTest',
				displayOptions: { show: { resource: [paymentResource.option.value] } },
			},
		],
		properties: [
			resourceSelector(RESOURCES, 'person'),
			...RESOURCES.flatMap((resource) => resource.properties),
		],
	};

	methods = {
		loadOptions,
		credentialTest: { fundraisingBoxPaymentApiTest: testPaymentApiCredential },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await runResourceOperations.call(this, RESOURCES);
	}
}
