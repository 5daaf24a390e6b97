/**
 * How the resources of an action node (FundraisingBox, OnlineFundraising, SmartBusiness) plug
 * into it: their UI fields and one handler per operation. The node's `execute()` only dispatches
 * (runResourceOperations), pairs items and applies continue-on-fail; everything resource-specific
 * lives in `resources/<resource>/`.
 */
import type { IBinaryKeyData, IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties, INodePropertyOptions, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { failedItemJson } from './failedItem';

/** An output item with binary data (a downloaded file), made by withBinary(). */
export class ItemWithBinary {
	constructor(
		readonly json: IDataObject,
		readonly binary: IBinaryKeyData,
	) {}
}

/** What a handler returns for an item that carries binary data besides its JSON. */
export function withBinary(json: IDataObject, binary: IBinaryKeyData): ItemWithBinary {
	return new ItemWithBinary(json, binary);
}

/** One output item: its JSON, or JSON and binary data (withBinary). */
export type OperationResult = IDataObject | ItemWithBinary;

/** Runs one operation for one input item; returns the object(s) to emit for it. */
export type OperationHandler = (this: IExecuteFunctions, itemIndex: number) => Promise<OperationResult | OperationResult[]>;

/** A handler's result as an output item paired with its input item. */
function outputItem(result: OperationResult, itemIndex: number): INodeExecutionData {
	const pairedItem = { item: itemIndex };
	return result instanceof ItemWithBinary ? { json: result.json, binary: result.binary, pairedItem } : { json: result, pairedItem };
}

export interface ResourceModule {
	/** Option shown in the Resource dropdown. */
	option: { name: string; value: string; description?: string };
	/** The Operation selector and the operations' fields, each with displayOptions.show.resource. */
	properties: INodeProperties[];
	operations: Record<string, OperationHandler>;
}

export interface Operation {
	/** Option of the Operation selector (name, value, action, description). */
	option: INodePropertyOptions & { action: string };
	/** The operation's fields; resourceModule() shows them only for its resource and this operation. */
	properties: INodeProperties[];
	handler: OperationHandler;
}

/** Fields in the order n8n's lint wants in a collection: by display name. */
export function sortedByName(fields: INodeProperties[]): INodeProperties[] {
	return [...fields].sort((a, b) => a.displayName.localeCompare(b.displayName));
}

/** Shows a field only for one resource and operation. */
export function showFor(resource: string, operation: string, properties: INodeProperties[]): INodeProperties[] {
	return properties.map((property) => ({
		...property,
		displayOptions: {
			...property.displayOptions,
			show: { ...property.displayOptions?.show, resource: [resource], operation: [operation] },
		},
	}));
}

/** A resource: its option, an Operation selector over its operations, their fields (shown for them) and handlers. */
export function resourceModule(option: ResourceModule['option'], operations: Operation[]): ResourceModule {
	const firstOperation = operations[0].option.value;
	const selector: INodeProperties = {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [option.value] } },
		options: operations.map((operation) => operation.option).sort((a, b) => a.name.localeCompare(b.name)),
		default: firstOperation,
	};
	return {
		option,
		properties: [selector, ...operations.flatMap((operation) => showFor(option.value, String(operation.option.value), operation.properties))],
		operations: Object.fromEntries(operations.map((operation) => [operation.option.value, operation.handler])),
	};
}

/** The Resource selector over a node's resources, sorted by name. */
export function resourceSelector(resources: ResourceModule[], defaultResource: string): INodeProperties {
	return {
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: resources.map((resource) => resource.option).sort((a, b) => a.name.localeCompare(b.name)),
		default: defaultResource,
	};
}

/**
 * The body of an action node's `execute()`: each item through the handler of its resource and
 * operation, every output item paired with its input (and carrying binary data when the handler
 * returned withBinary()); under continue-on-fail a failed item becomes `{ error }`
 * (./failedItem.ts), otherwise the error stops the node, naming the item.
 */
export async function runResourceOperations(this: IExecuteFunctions, resources: ResourceModule[]): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const resource = this.getNodeParameter('resource', itemIndex) as string;
			const operation = this.getNodeParameter('operation', itemIndex) as string;
			const handler = resources.find((module) => module.option.value === resource)?.operations[operation];
			if (!handler) {
				throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not supported for resource "${resource}"`, {
					itemIndex,
				});
			}
			const result = await handler.call(this, itemIndex);
			for (const entry of Array.isArray(result) ? result : [result]) output.push(outputItem(entry, itemIndex));
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

/** The Return All switch and the Limit of a Get Many operation. */
export const RETURN_ALL_PROPERTIES: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
];

/** undefined for Return All, else the Limit. */
export function requestedLimit(context: IExecuteFunctions, itemIndex: number): number | undefined {
	return context.getNodeParameter('returnAll', itemIndex) ? undefined : (context.getNodeParameter('limit', itemIndex) as number);
}

/** The fields of a Get Many operation: Return All, Limit and (when there are any) the Filters collection. */
export function getManyProperties(filters: INodeProperties[] = [], filterNote?: string): INodeProperties[] {
	if (filters.length === 0) return [...RETURN_ALL_PROPERTIES];
	return [
		...RETURN_ALL_PROPERTIES,
		{
			displayName: 'Filters',
			name: 'filters',
			type: 'collection',
			default: {},
			placeholder: 'Add Filter',
			description: filterNote,
			options: sortedByName(filters),
		},
	];
}
