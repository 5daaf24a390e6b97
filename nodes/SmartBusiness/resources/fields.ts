/** UI fields the SmartBusiness node's resources share. */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

export { sortedByName } from '../../shared/resourceModule';

/** A contact picked from a searchable list or given by ID. */
export function contactLocator(name = 'contactId', displayName = 'Contact', required = true): INodeProperties {
	return {
		displayName,
		name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required,
		modes: [
			{ displayName: 'From List', name: 'list', type: 'list', typeOptions: { searchListMethod: 'searchContacts', searchable: true } },
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 525765968',
				validation: [{ type: 'regex', properties: { regex: '^\\s*\\d+\\s*$', errorMessage: 'A contact ID is a number' } }],
			},
		],
	};
}

/** A numeric record ID field (SmartBusiness IDs are integers). */
export function idField(name: string, displayName: string, description: string): INodeProperties {
	return { displayName, name, type: 'string', default: '', required: true, description, placeholder: 'e.g. 699144547' };
}

/** The value of an ID field or contact locator as a positive integer, or an error naming the field. */
export function requiredId(context: IExecuteFunctions, itemIndex: number, name: string, displayName: string): number {
	const raw = context.getNodeParameter(name, itemIndex, '', { extractValue: true });
	const text = String(raw ?? '').trim();
	if (!/^\d+$/.test(text) || Number(text) === 0) {
		throw new NodeOperationError(context.getNode(), `${displayName} must be a SmartBusiness ID (a whole number), not "${text}"`, { itemIndex });
	}
	return Number(text);
}

/** Unit dropdown, from the API. */
export const unitField: INodeProperties = {
	displayName: 'Unit Name or ID',
	name: 'unitId',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getUnits' },
	default: '',
	required: true,
	description: 'The unit of the position (e.g. pieces, hours). Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};
