/** Small builders for the workflows and credentials the end-to-end tests import into n8n. */
import type { CredentialSpec, WorkflowSpec } from './n8n';
import { PACKAGE_NAME } from './paths';

/** Node type of one of this package's nodes as n8n registers it when installed from npm. */
export const nodeType = (name: string) => `${PACKAGE_NAME}.${name}`;

export interface TriggerWorkflowOptions {
	id: string;
	name: string;
	/** Node name without the package prefix, e.g. `digistore24Trigger`. */
	type: string;
	typeVersion?: number;
	/** For webhook triggers only: the harness waits until n8n serves it. */
	webhookId?: string;
	parameters: Record<string, unknown>;
	credentials?: Record<string, Pick<CredentialSpec, 'id' | 'name'>>;
	/** Nodes after the trigger, connected in a chain. */
	then?: Array<Record<string, unknown>>;
}

export const TRIGGER_NODE_NAME = 'Trigger';

/** A workflow that starts with one trigger (and optionally a chain of nodes after it). */
export function triggerWorkflow(options: TriggerWorkflowOptions): WorkflowSpec {
	const trigger = {
		id: `${options.id}-trigger`,
		name: TRIGGER_NODE_NAME,
		type: options.type.includes('.') ? options.type : nodeType(options.type),
		typeVersion: options.typeVersion ?? 1,
		position: [0, 0],
		...(options.webhookId ? { webhookId: options.webhookId } : {}),
		parameters: options.parameters,
		...(options.credentials ? { credentials: options.credentials } : {}),
	};
	const chain = (options.then ?? []).map((node, index) => ({ position: [240 * (index + 1), 0], ...node }));
	const nodes: Array<Record<string, unknown>> = [trigger, ...chain];
	const connections: Record<string, unknown> = {};
	for (let index = 0; index < nodes.length - 1; index++) {
		connections[nodes[index].name as string] = { main: [[{ node: nodes[index + 1].name, type: 'main', index: 0 }]] };
	}
	return { id: options.id, name: options.name, nodes, connections };
}
