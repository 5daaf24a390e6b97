import type { IExecuteFunctions } from 'n8n-workflow';
import type { Operation } from '../../../shared/operations';
import { requiredId } from '../fields';
import { itemRequest } from '../../transport';
import { peoplePath, personContactField, personIdField, withContactId } from './fields';

/** GET /contacts/{id}/people/{personId}. */
export const getContactPerson: Operation = {
	option: { name: 'Get', value: 'get', action: 'Get a contact person', description: 'Get one person of a contact by ID' },
	properties: [personContactField, personIdField],
	async handler(this: IExecuteFunctions, itemIndex: number) {
		const contactId = requiredId(this, itemIndex, 'contactId', 'Contact');
		const personId = requiredId(this, itemIndex, 'personId', 'Contact Person ID');
		return withContactId(await itemRequest.call(this, 'GET', peoplePath(contactId, personId)), contactId);
	},
};
