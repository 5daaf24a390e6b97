import type { IExecuteFunctions } from 'n8n-workflow';
import type { Operation } from '../../../shared/operations';
import { requiredId } from '../fields';
import { smartBusinessRequest } from '../../transport';
import { peoplePath, personContactField, personIdField } from './fields';

/** DELETE /contacts/{id}/people/{personId} (204). */
export const deleteContactPerson: Operation = {
	option: { name: 'Delete', value: 'delete', action: 'Delete a contact person', description: 'Delete a person of a contact' },
	properties: [personContactField, personIdField],
	async handler(this: IExecuteFunctions, itemIndex: number) {
		const contactId = requiredId(this, itemIndex, 'contactId', 'Contact');
		const id = requiredId(this, itemIndex, 'personId', 'Contact Person ID');
		await smartBusinessRequest.call(this, 'DELETE', peoplePath(contactId, id));
		return { contactId, id, deleted: true };
	},
};
