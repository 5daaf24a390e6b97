import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import type { Operation } from '../../../shared/operations';
import { requiredId } from '../fields';
import { itemRequest } from '../../transport';
import { checked } from '../../../shared/operations';
import { peoplePath, personContactField, personIdField, updateFieldsField, updatePersonBody, withContactId } from './fields';

/** PUT /contacts/{id}/people/{personId} with the changed fields. */
export const updateContactPerson: Operation = {
	option: { name: 'Update', value: 'update', action: 'Update a contact person', description: 'Change fields of a person of a contact' },
	properties: [personContactField, personIdField, updateFieldsField],
	async handler(this: IExecuteFunctions, itemIndex: number) {
		const contactId = requiredId(this, itemIndex, 'contactId', 'Contact');
		const personId = requiredId(this, itemIndex, 'personId', 'Contact Person ID');
		const body = checked(this, itemIndex, () => updatePersonBody(this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject));
		return withContactId(await itemRequest.call(this, 'PUT', peoplePath(contactId, personId), { body }), contactId);
	},
};
