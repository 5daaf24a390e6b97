/**
 * The action nodes' descriptions as saved workflows and templates depend on them: node type names,
 * parameter names, stored values, defaults, display names and displayOptions. Compared with a
 * committed snapshot so that a refactor of how operations are written cannot change what n8n
 * shows or stores. After a deliberate change, rewrite the snapshot and review its diff:
 *     UPDATE_DESCRIPTION_SNAPSHOT=1 npx jest --selectProjects unit test/unit/package/actionNodeDescriptions.test.ts
 * (Triggers and the Salesforce Mapper are not covered here.)
 */
import { existsSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import type { INodeType } from 'n8n-workflow';
import { FundraisingBox } from '../../../nodes/FundraisingBox/FundraisingBox.node';
import { OnlineFundraising } from '../../../nodes/OnlineFundraising/OnlineFundraising.node';
import { SmartBusiness } from '../../../nodes/SmartBusiness/SmartBusiness.node';

const SNAPSHOT = join(__dirname, 'actionNodeDescriptions.snapshot.json');

/** What n8n reads of a node: its description as JSON, and the names of its methods the description refers to. */
function dumpNode(node: INodeType): unknown {
	const methods = Object.fromEntries(
		Object.entries(node.methods ?? {}).map(([kind, entries]) => [kind, Object.keys(entries as object).sort()]),
	);
	return JSON.parse(JSON.stringify({ description: node.description, methods }));
}

function dumpAll(): Record<string, unknown> {
	return Object.fromEntries(
		[new FundraisingBox(), new OnlineFundraising(), new SmartBusiness()].map((node) => [node.description.name, dumpNode(node)]),
	);
}

describe('action node descriptions', () => {
	it('are unchanged (the committed snapshot)', () => {
		const dump = dumpAll();
		if (process.env.UPDATE_DESCRIPTION_SNAPSHOT === '1') writeFileSync(SNAPSHOT, `${JSON.stringify(dump, null, '\t')}\n`);
		if (!existsSync(SNAPSHOT)) throw new Error(`${SNAPSHOT} is missing: write it with UPDATE_DESCRIPTION_SNAPSHOT=1`);
		expect(dump).toEqual(JSON.parse(readFileSync(SNAPSHOT, 'utf8')));
	});
});
