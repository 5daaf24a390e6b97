/**
 * How a resource of the FundraisingBox action node plugs into the node: its UI fields and one
 * handler per operation. The node's `execute()` only dispatches, pairs items and applies
 * continue-on-fail; everything resource-specific lives in `resources/<resource>/`.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

/** Runs one operation for one input item; returns the object(s) to emit for it. */
export type OperationHandler = (this: IExecuteFunctions, itemIndex: number) => Promise<IDataObject | IDataObject[]>;

export interface ResourceModule {
	/** Option shown in the Resource dropdown. */
	option: { name: string; value: string; description?: string };
	/** The Operation selector and the operations' fields, each with displayOptions.show.resource. */
	properties: INodeProperties[];
	operations: Record<string, OperationHandler>;
}
