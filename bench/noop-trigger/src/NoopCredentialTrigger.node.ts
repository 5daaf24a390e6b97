/**
 * Benchmark baseline (never published): the do-nothing trigger with a credential attached and never
 * read. n8n does per-execution work for any node with a credential, so this is the floor for a
 * trigger that verifies with a secret (the pack's Digistore24 credential type, so no extra type).
 */
import type { INodeType, INodeTypeDescription } from 'n8n-workflow';
import { ACKNOWLEDGED_WEBHOOK, emitBody } from './NoopTrigger.node';

export class NoopCredentialTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Noop Credential Trigger (benchmark)',
		name: 'noopCredentialTrigger',
		group: ['trigger'],
		version: 1,
		description: 'Benchmark baseline: a credential attached but not read, emits the parsed body, replies OK',
		defaults: { name: 'Noop Credential Trigger' },
		inputs: [],
		outputs: ['main'],
		credentials: [{ name: 'digistore24Api', required: true }],
		webhooks: [ACKNOWLEDGED_WEBHOOK],
		properties: [],
	};

	webhook = emitBody;
}
