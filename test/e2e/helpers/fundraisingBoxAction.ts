/**
 * The FundraisingBox action node's parts of a Webhook → node chain (./actionChain.ts): its node type,
 * credential and nodes.
 */
import type { CredentialSpec } from '../../../tools/n8n/n8n';
import { nodeType } from '../../../tools/n8n/workflows';

export { chainRunner, itemsOf, latestRun, runChain, webhookChain, type ChainReply } from './actionChain';

export const FB_NODE_TYPE = nodeType('fundraisingBox');

export function fbCredential(id: string, name: string, apiToken: string, baseUrl: string): CredentialSpec {
	return { id, name, type: 'fundraisingBoxRestApi', data: { apiToken, baseUrl } };
}

/** A FundraisingBox node of the chain: its name, parameters and settings like `onError`. */
export function fbNode(name: string, parameters: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
	return { name, type: FB_NODE_TYPE, typeVersion: 1, parameters, ...extra };
}
