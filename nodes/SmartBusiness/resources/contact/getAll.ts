import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import type { Operation } from '../../../shared/operations';
import { getManyProperties, requestedLimit } from '../../../shared/resourceModule';
import { listQuery } from '../../apiFormat';
import { listAll } from '../../transport';
import { includeField } from './properties';

/** GET /contacts with search, equality filters and sort; Return All pages at 200 per request. */
export const getManyContacts: Operation = {
	option: { name: 'Get Many', value: 'getAll', action: 'Get many contacts', description: 'List contacts, 200 per request' },
	properties: [
		...getManyProperties([
			{ displayName: 'Search', name: 'q', type: 'string', default: '', description: "SmartBusiness's full-text search (name, number, e-mail, …)" },
			{ displayName: 'Email', name: 'email', type: 'string', placeholder: 'name@email.com', default: '', description: 'Only contacts with exactly this e-mail address' },
			{ displayName: 'Customer Number', name: 'number', type: 'string', default: '', description: 'Only the contact with this customer number' },
			{
				displayName: 'Type',
				name: 'type',
				type: 'options',
				options: [
					{ name: 'Person', value: 'P' },
					{ name: 'Company', value: 'C' },
				],
				default: 'P',
			},
		]),
		{
			displayName: 'Sort',
			name: 'sort',
			type: 'string',
			default: 'name',
			description: 'Field names separated by commas, "-" in front for descending, e.g. "-created,name"',
		},
		includeField,
	],
	async handler(this: IExecuteFunctions, itemIndex: number) {
		const { q, ...equals } = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
		const query = listQuery({
			equals,
			q,
			sort: this.getNodeParameter('sort', itemIndex, 'name'),
			with: this.getNodeParameter('include', itemIndex, []) as string[],
		});
		return await listAll.call(this, '/contacts', query, requestedLimit(this, itemIndex));
	},
};
