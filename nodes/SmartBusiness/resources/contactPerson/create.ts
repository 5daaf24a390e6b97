import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import type { Operation } from '../../../shared/operations';
import { requiredId } from '../fields';
import { itemRequest } from '../../transport';
import { checked } from '../../../shared/operations';
import { additionalFieldsField, createPersonBody, firstNameField, lastNameField, peoplePath, personContactField, personGenderField, withContactId } from './fields';

/** POST /contacts/{id}/people (201 `{item}`). */
export const createContactPerson: Operation = {
	option: { name: 'Create', value: 'create', action: 'Create a contact person', description: 'Add a person to a contact, e.g. the addressee of invoices at a company' },
	properties: [personContactField, firstNameField, lastNameField, personGenderField, additionalFieldsField],
	async handler(this: IExecuteFunctions, itemIndex: number) {
		const contactId = requiredId(this, itemIndex, 'contactId', 'Contact');
		const param = (name: string, fallback: unknown = '') => this.getNodeParameter(name, itemIndex, fallback) as IDataObject[string];
		const body = checked(this, itemIndex, () =>
			createPersonBody({ name: param('name'), surname: param('surname'), gender: param('gender', 'F'), additionalFields: param('additionalFields', {}) as IDataObject }),
		);
		return withContactId(await itemRequest.call(this, 'POST', peoplePath(contactId), { body }), contactId);
	},
};
