import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import { failedItemJson } from './failedItem';
import { loadOptions } from './loadOptions';
import { testPaymentApiCredential } from './paymentTransport';
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
import type { ResourceModule } from './resources/types';
import { REST_CREDENTIAL_TYPE } from './transport';

/** Every resource of the node; adding one is adding its module here. */
const RESOURCES: ResourceModule[] = [
	personResource,
	personAddressResource,
	personEmailAddressResource,
	donationResource,
	recurringPaymentResource,
	sepaMandateResource,
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
		description: 'Create, read and update persons, donations and recurring payments in FundraisingBox, and take payments through its Payment-API',
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
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: RESOURCES.map((resource) => resource.option).sort((a, b) => a.name.localeCompare(b.name)),
				default: 'person',
			},
			...RESOURCES.flatMap((resource) => resource.properties),
		],
	};

	methods = {
		loadOptions,
		credentialTest: { fundraisingBoxPaymentApiTest: testPaymentApiCredential },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const output: INodeExecutionData[] = [];
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			try {
				const resource = this.getNodeParameter('resource', itemIndex) as string;
				const operation = this.getNodeParameter('operation', itemIndex) as string;
				const handler = RESOURCES.find((module) => module.option.value === resource)?.operations[operation];
				if (!handler) {
					throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not supported for resource "${resource}"`, {
						itemIndex,
					});
				}
				const result = await handler.call(this, itemIndex);
				for (const json of Array.isArray(result) ? result : [result]) output.push({ json, pairedItem: { item: itemIndex } });
			} catch (error) {
				if (this.continueOnFail()) {
					output.push({ json: failedItemJson(error as Error), pairedItem: { item: itemIndex } });
					continue;
				}
				// Both constructors hand back an error of their own class unchanged; it only gains the item.
				if (error instanceof NodeApiError || error instanceof NodeOperationError) error.context.itemIndex ??= itemIndex;
				if (error instanceof NodeApiError) throw new NodeApiError(this.getNode(), error as unknown as JsonObject);
				throw new NodeOperationError(this.getNode(), error as Error, { itemIndex });
			}
		}
		return [output];
	}
}
