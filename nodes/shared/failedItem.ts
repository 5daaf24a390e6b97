/**
 * The item a failed operation emits under continue-on-fail: `{ error: message }`, plus the details
 * an operation attached to its error (`context.failedItemDetails`), e.g. FundraisingBox's field
 * errors, so a workflow can branch on them without parsing the message.
 */
import type { IDataObject } from 'n8n-workflow';

export function failedItemJson(error: Error & { context?: IDataObject }): IDataObject {
	const details = error.context?.failedItemDetails;
	const extra = typeof details === 'object' && details !== null && !Array.isArray(details) ? (details as IDataObject) : {};
	return { ...extra, error: error.message };
}
