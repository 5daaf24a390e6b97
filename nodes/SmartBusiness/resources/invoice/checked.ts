import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** The value of a pure step (bodies.ts); its error, which names the field, becomes the item's NodeOperationError. */
export function checked<T>(context: IExecuteFunctions, itemIndex: number, build: () => T): T {
	try {
		return build();
	} catch (error) {
		throw new NodeOperationError(context.getNode(), (error as Error).message, { itemIndex });
	}
}
