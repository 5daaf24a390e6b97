import type { IExecuteFunctions } from 'n8n-workflow';
import type { Operation } from '../../../shared/operations';
import { contactLocator, requiredId } from '../fields';
import { listQuery } from '../../apiFormat';
import { itemRequest } from '../../transport';
import { includeField } from './properties';

/** GET /contacts/{id}?with=… */
export const getContact: Operation = {
	option: { name: 'Get', value: 'get', action: 'Get a contact', description: 'Get one contact by ID' },
	properties: [contactLocator(), includeField],
	async handler(this: IExecuteFunctions, itemIndex: number) {
		const id = requiredId(this, itemIndex, 'contactId', 'Contact');
		const include = this.getNodeParameter('include', itemIndex, []) as string[];
		return await itemRequest.call(this, 'GET', `/contacts/${id}`, { qs: listQuery({ with: include }) });
	},
};
