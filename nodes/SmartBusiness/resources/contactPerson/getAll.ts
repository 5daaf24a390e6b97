import type { IExecuteFunctions } from 'n8n-workflow';
import type { Operation } from '../../../shared/operations';
import { getManyProperties, requestedLimit } from '../../../shared/resourceModule';
import { requiredId } from '../fields';
import { listAll } from '../../transport';
import { peoplePath, personContactField, withContactId } from './fields';

/** GET /contacts/{id}/people; Return All pages at 200 per request. */
export const getManyContactPeople: Operation = {
	option: { name: 'Get Many', value: 'getAll', action: 'Get many contact persons', description: 'List the people of a contact' },
	properties: [personContactField, ...getManyProperties()],
	async handler(this: IExecuteFunctions, itemIndex: number) {
		const contactId = requiredId(this, itemIndex, 'contactId', 'Contact');
		const people = await listAll.call(this, peoplePath(contactId), {}, requestedLimit(this, itemIndex));
		return people.map((person) => withContactId(person, contactId));
	},
};
