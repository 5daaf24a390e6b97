import type { IExecuteFunctions } from 'n8n-workflow';
import type { Operation } from '../../../shared/operations';
import { contactLocator, requiredId } from '../fields';
import { smartBusinessRequest } from '../../transport';

/** DELETE /contacts/{id} (204). */
export const deleteContact: Operation = {
	option: { name: 'Delete', value: 'delete', action: 'Delete a contact', description: 'Delete a contact' },
	properties: [contactLocator()],
	async handler(this: IExecuteFunctions, itemIndex: number) {
		const id = requiredId(this, itemIndex, 'contactId', 'Contact');
		await smartBusinessRequest.call(this, 'DELETE', `/contacts/${id}`);
		return { id, deleted: true };
	},
};
