import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import type { Operation } from '../../../shared/operations';
import { contactLocator, requiredId, sortedByName as sorted } from '../fields';
import { compact } from '../../apiFormat';
import { itemRequest } from '../../transport';
import { addressExtraFields, addressFields, contactExtraFields, genderField, nameField, relationField, typeField } from './fields';

const optional = (field: INodeProperties): INodeProperties => ({ ...field, required: false, displayOptions: undefined });

/**
 * PUT /contacts/{id} with the changed fields. The contact body has no main address (reference
 * §4.1), so a changed address goes to PUT /contacts/{id}/addresses/{main_address_id}.
 */
export const updateContact: Operation = {
	option: { name: 'Update', value: 'update', action: 'Update a contact', description: 'Change fields or the main address of a contact' },
	properties: [
		contactLocator(),
		{
			displayName: 'Update Fields',
			name: 'updateFields',
			type: 'collection',
			default: {},
			placeholder: 'Add Field',
			options: sorted([...[typeField, nameField, genderField, relationField].map(optional), ...contactExtraFields]),
		},
		{
			displayName: 'Main Address',
			name: 'mainAddress',
			type: 'collection',
			default: {},
			placeholder: 'Add Address Field',
			options: sorted([...addressFields.map(optional), ...addressExtraFields]),
		},
	],
	async handler(this: IExecuteFunctions, itemIndex: number) {
		const id = requiredId(this, itemIndex, 'contactId', 'Contact');
		const fields = compact(this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject);
		const address = compact(this.getNodeParameter('mainAddress', itemIndex, {}) as IDataObject);
		if (Object.keys(fields).length === 0 && Object.keys(address).length === 0) {
			throw new NodeOperationError(this.getNode(), 'Nothing to update: add a field under "Update Fields" or "Main Address"', { itemIndex });
		}
		let contact = Object.keys(fields).length > 0 ? await itemRequest.call(this, 'PUT', `/contacts/${id}`, { body: fields }) : undefined;
		if (Object.keys(address).length > 0) {
			contact ??= await itemRequest.call(this, 'GET', `/contacts/${id}`);
			if (typeof address.country === 'string') address.country = address.country.toUpperCase();
			const mainAddress = await itemRequest.call(this, 'PUT', `/contacts/${id}/addresses/${String(contact.main_address_id)}`, { body: address });
			contact = { ...contact, main_address: mainAddress };
		}
		return contact as IDataObject;
	},
};
