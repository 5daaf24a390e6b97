/**
 * Benchmark baseline (never published): a community trigger that does nothing but emit the body n8n
 * parsed, with the reply pattern of this pack's triggers (n8n answers `OK` after it has registered
 * the execution). What any community trigger costs inside n8n, before its own work.
 */
import type { IDataObject, INodeType, INodeTypeDescription, IWebhookDescription, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

/** The same webhook description as the pack's triggers (nodes/shared/webhookGuard.ts, ACKNOWLEDGED_WEBHOOK). */
export const ACKNOWLEDGED_WEBHOOK: IWebhookDescription = {
	name: 'default',
	httpMethod: 'POST',
	responseMode: 'onReceived',
	path: 'webhook',
	responseData: '',
};

/** Emits the parsed body and lets n8n answer `OK` once the execution is registered. */
export async function emitBody(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	return { workflowData: [[{ json: { body: this.getBodyData() as IDataObject } }]], webhookResponse: 'OK' };
}

export class NoopTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Noop Trigger (benchmark)',
		name: 'noopTrigger',
		group: ['trigger'],
		version: 1,
		description: 'Benchmark baseline: emits the parsed body, replies OK after the execution is registered',
		defaults: { name: 'Noop Trigger' },
		inputs: [],
		outputs: ['main'],
		webhooks: [ACKNOWLEDGED_WEBHOOK],
		properties: [],
	};

	webhook = emitBody;
}
