/**
 * Workflows that drive an action node over HTTP: n8n's Webhook node (answering with all items of
 * the last node) → a chain of nodes. One HTTP call to n8n runs one chain.
 */
import type { CredentialSpec, N8nInstance, WorkflowSpec } from '../../../tools/n8n/n8n';
import { nodeType } from '../../../tools/n8n/workflows';
import { send } from './http';

const PACKAGE_NODE_PREFIX = nodeType('');

/** Webhook (POST /webhook/<path>, JSON body) → nodes; every node of this package gets the credential. */
export function webhookChain(id: string, path: string, credential: CredentialSpec, nodes: Array<Record<string, unknown>>): WorkflowSpec {
	const webhook = {
		id: `${id}-webhook`,
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position: [0, 0],
		webhookId: `${id}-hook`,
		parameters: { httpMethod: 'POST', path, responseMode: 'lastNode', responseData: 'allEntries', options: {} },
	};
	const chain = nodes.map((node, index) => ({
		id: `${id}-${index}`,
		position: [240 * (index + 1), 0],
		...(String(node.type).startsWith(PACKAGE_NODE_PREFIX) ? { credentials: { [credential.type]: { id: credential.id, name: credential.name } } } : {}),
		...node,
	}));
	const all: Array<Record<string, unknown>> = [webhook, ...chain];
	const connections: Record<string, unknown> = {};
	for (let index = 0; index < all.length - 1; index++) {
		connections[all[index].name as string] = { main: [[{ node: all[index + 1].name, type: 'main', index: 0 }]] };
	}
	return { id, name: id, nodes: all, connections };
}

export interface ChainReply {
	status: number;
	/** The items of the last node (as JSON), or n8n's error answer. */
	body: unknown;
	text: string;
}

export async function runChain(n8n: N8nInstance, path: string, body: unknown = {}): Promise<ChainReply> {
	const reply = await send(`${n8n.baseUrl}/webhook/${path}`, { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
	let parsed: unknown = reply.body;
	try {
		parsed = JSON.parse(reply.body);
	} catch {
		// n8n's answer stays text
	}
	return { status: reply.status, body: parsed, text: reply.body };
}

/** Runs chains and keeps every raw answer, so a test can check that no secret appeared in any. */
export function chainRunner(n8n: () => N8nInstance): { replies: string[]; run: (path: string, body?: unknown) => Promise<ChainReply> } {
	const replies: string[] = [];
	const run = async (path: string, body: unknown = {}) => {
		const reply = await runChain(n8n(), path, body);
		replies.push(reply.text);
		return reply;
	};
	return { replies, run };
}

interface RunData {
	resultData: {
		error?: { message?: string; description?: string };
		runData: Record<string, Array<{ data?: { main?: Array<Array<{ json: Record<string, unknown>; pairedItem?: unknown }>> } }>>;
	};
}

/** The run data of the newest execution of a workflow. */
export function latestRun(n8n: N8nInstance, workflowId: string): { id: number; status: string; data: RunData } {
	const [row] = n8n.query<{ id: number; status: string; data: RunData }>(
		`SELECT e.id AS id, e.status AS status, d.data AS data FROM execution_entity e JOIN execution_data d ON d.executionId = e.id
		 WHERE e.workflowId = '${workflowId.replace(/'/g, "''")}' ORDER BY e.id DESC LIMIT 1`,
		true,
	);
	if (!row) throw new Error(`no execution of ${workflowId}`);
	return row;
}

/** The items (json and pairedItem) a node emitted in a run. */
export function itemsOf(data: RunData, nodeName: string): Array<{ json: Record<string, unknown>; pairedItem?: unknown }> {
	return data.resultData.runData[nodeName]?.[0]?.data?.main?.[0] ?? [];
}
