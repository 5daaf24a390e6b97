import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import { failedItemJson } from './failedItem';
import { testPaymentApiCredential } from './paymentTransport';
import { paymentResource } from './resources/payment';
import type { ResourceModule } from './resources/types';

/** Every resource of the node; each brings its fields and one handler per operation. */
const RESOURCES: ResourceModule[] = [paymentResource];

const resourceField: INodeProperties = {
	displayName: 'Resource',
	name: 'resource',
	type: 'options',
	noDataExpression: true,
	options: RESOURCES.map((resource) => resource.option),
	default: 'payment',
};

export class FundraisingBox implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'FundraisingBox',
		name: 'fundraisingBox',
		icon: { light: 'file:../../icons/fundraisingbox.svg', dark: 'file:../../icons/fundraisingbox.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Create donations and payment sessions in FundraisingBox',
		defaults: { name: 'FundraisingBox' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'fundraisingBoxPaymentApi',
				required: true,
				testedBy: 'fundraisingBoxPaymentApiTest',
				displayOptions: { show: { resource: [paymentResource.option.value] } },
			},
		],
		properties: [resourceField, ...RESOURCES.flatMap((resource) => resource.properties)],
	};

	methods = {
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
					throw new NodeOperationError(this.getNode(), `Unknown operation "${operation}" of resource "${resource}"`, { itemIndex });
				}
				const result: IDataObject[] = ([] as IDataObject[]).concat(await handler.call(this, itemIndex));
				for (const json of result) output.push({ json, pairedItem: { item: itemIndex } });
			} catch (error) {
				if (this.continueOnFail()) {
					output.push({ json: failedItemJson(error as Error), pairedItem: { item: itemIndex } });
					continue;
				}
				// Both constructors hand an error of their own class back unchanged; anything else gets wrapped.
				if (error instanceof NodeApiError) throw new NodeApiError(this.getNode(), error as unknown as JsonObject);
				throw new NodeOperationError(this.getNode(), error as Error, { itemIndex });
			}
		}
		return [output];
	}
}
