import type { IExecuteFunctions } from 'n8n-workflow';
import type { Operation } from '../../../shared/operations';
import { itemRequest } from '../../transport';
import { additionalFields, contactCreateProperties } from './properties';
import { contactBodyFromFields } from './fields';

/** POST /contacts: a new contact every time (Find or Create does not duplicate). */
export const createContact: Operation = {
	option: { name: 'Create', value: 'create', action: 'Create a contact', description: 'Create a person or company with its main address' },
	properties: [...contactCreateProperties, additionalFields('additionalFields')],
	async handler(this: IExecuteFunctions, itemIndex: number) {
		return await itemRequest.call(this, 'POST', '/contacts', { body: contactBodyFromFields(this, itemIndex) });
	},
};
