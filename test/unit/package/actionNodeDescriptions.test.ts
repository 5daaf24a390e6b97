/**
 * The action nodes' descriptions as saved workflows and templates depend on them: node type names,
 * parameter names, stored values, defaults, display names and displayOptions. Compared with a
 * committed snapshot so that a refactor of how operations are written cannot change what n8n
 * shows or stores. After a deliberate change, rewrite the snapshot and review its diff:
 *     UPDATE_DESCRIPTION_SNAPSHOT=1 npx jest --selectProjects unit test/unit/package/actionNodeDescriptions.test.ts
 * The trigger nodes are compared the same way with their own snapshot (triggerNodeDescriptions.snapshot.json).
 * (The Salesforce Mapper is not covered here.)
 */
import { existsSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import type { INodeType } from 'n8n-workflow';
import { Digistore24Trigger } from '../../../nodes/Digistore24/Digistore24Trigger.node';
import { FundraisingBox } from '../../../nodes/FundraisingBox/FundraisingBox.node';
import { FundraisingBoxPollTrigger } from '../../../nodes/FundraisingBox/FundraisingBoxPollTrigger.node';
import { FundraisingBoxTrigger } from '../../../nodes/FundraisingBox/FundraisingBoxTrigger.node';
import { OnlineFundraising } from '../../../nodes/OnlineFundraising/OnlineFundraising.node';
import { OnlineFundraisingTrigger } from '../../../nodes/OnlineFundraising/OnlineFundraisingTrigger.node';
import { SmartBusiness } from '../../../nodes/SmartBusiness/SmartBusiness.node';

const SNAPSHOT = join(__dirname, 'actionNodeDescriptions.snapshot.json');
const TRIGGER_SNAPSHOT = join(__dirname, 'triggerNodeDescriptions.snapshot.json');

/** What n8n reads of a node: its description as JSON, and the names of its methods the description refers to. */
function dumpNode(node: INodeType): unknown {
	const methods = Object.fromEntries(
		Object.entries(node.methods ?? {}).map(([kind, entries]) => [kind, Object.keys(entries as object).sort()]),
	);
	return JSON.parse(JSON.stringify({ description: node.description, methods }));
}

function dumpAll(nodes: INodeType[]): Record<string, unknown> {
	return Object.fromEntries(nodes.map((node) => [node.description.name, dumpNode(node)]));
}

function expectSnapshot(file: string, dump: Record<string, unknown>): void {
	if (process.env.UPDATE_DESCRIPTION_SNAPSHOT === '1') writeFileSync(file, `${JSON.stringify(dump, null, '\t')}\n`);
	if (!existsSync(file)) throw new Error(`${file} is missing: write it with UPDATE_DESCRIPTION_SNAPSHOT=1`);
	expect(dump).toEqual(JSON.parse(readFileSync(file, 'utf8')));
}

describe('action node descriptions', () => {
	it('are unchanged (the committed snapshot)', () => {
		expectSnapshot(SNAPSHOT, dumpAll([new FundraisingBox(), new OnlineFundraising(), new SmartBusiness()]));
	});
});

describe('trigger node descriptions', () => {
	it('are unchanged (the committed snapshot)', () => {
		expectSnapshot(
			TRIGGER_SNAPSHOT,
			dumpAll([new Digistore24Trigger(), new FundraisingBoxTrigger(), new FundraisingBoxPollTrigger(), new OnlineFundraisingTrigger()]),
		);
	});
});
