import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { resourceSelector, runResourceOperations, type ResourceModule } from '../shared/resourceModule';
import { loadOptions } from './methods/loadOptions';
import { agreementResource } from './resources/agreement';
import { contactResource } from './resources/contact';
import { cprResource } from './resources/cpr';
import { dataSetResource } from './resources/dataSet';
import { paymentResource } from './resources/payment';
import { paymentMethodResource } from './resources/paymentMethod';
import { subscriptionResource } from './resources/subscription';
import { API_CREDENTIAL_TYPE } from './transport';

/** Every resource of the node; adding one is adding its module here. */
const RESOURCES: ResourceModule[] = [
	contactResource,
	agreementResource,
	subscriptionResource,
	paymentResource,
	paymentMethodResource,
	dataSetResource,
	cprResource,
];

export class OnlineFundraising implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'OnlineFundraising',
		name: 'onlineFundraising',
		icon: { light: 'file:../../icons/onlinefundraising.svg', dark: 'file:../../icons/onlinefundraising.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Create and read contacts, agreements, subscriptions, payments and data sets in OnlineFundraising, and check Danish CPR numbers',
		defaults: { name: 'OnlineFundraising' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			// Checking a CPR number needs no API access.
			{ name: API_CREDENTIAL_TYPE, required: true, displayOptions: { hide: { resource: [cprResource.option.value] } } },
		],
		properties: [resourceSelector(RESOURCES, contactResource.option.value), ...RESOURCES.flatMap((resource) => resource.properties)],
	};

	methods = { loadOptions };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await runResourceOperations.call(this, RESOURCES);
	}
}
