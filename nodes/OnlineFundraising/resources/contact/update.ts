import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { fieldsCollection, type Operation } from '../../../shared/operations';
import { guidField } from '../fields';
import { entityBody, fromOnlineFundraising } from '../../apiFormat';
import { entityPath, onlineFundraisingApiRequest } from '../../transport';
import { requiredGuid } from '../entityApi';
import { CONTACT, CONTACT_DATES, contactFields } from './fields';

/**
 * PUT /contact/{guid} with the changed properties. UNCONFIRMED: OnlineFundraising documents that
 * contacts are updated through the API (the "updated" webhook, Donorfy's push-back) but not the verb
 * and path; PUT on the entity path is assumed, sending only the fields to change.
 */
export const updateContact: Operation = {
	option: { name: 'Update', value: 'update', action: 'Update a contact', description: 'Change properties of a contact' },
	properties: [
		guidField(CONTACT.idName, CONTACT.idDisplayName, 'The GUID of the contact to update', true),
		fieldsCollection('updateFields', 'Update Fields', contactFields),
	],
	async handler(this: IExecuteFunctions, itemIndex: number) {
		const guid = requiredGuid(this, itemIndex, CONTACT.idName, CONTACT.idDisplayName);
		const body = entityBody(this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject, { dates: CONTACT_DATES });
		if (Object.keys(body).length === 0) {
			throw new NodeOperationError(this.getNode(), 'Nothing to update: add at least one field under "Update Fields"', { itemIndex });
		}
		return fromOnlineFundraising((await onlineFundraisingApiRequest.call(this, 'PUT', entityPath('contact', guid), body)) as IDataObject);
	},
};
