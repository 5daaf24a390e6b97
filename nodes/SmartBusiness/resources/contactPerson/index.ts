import { resourceModule } from '../../../shared/resourceModule';
import { createContactPerson } from './create';
import { deleteContactPerson } from './delete';
import { getContactPerson } from './get';
import { getManyContactPeople } from './getAll';
import { updateContactPerson } from './update';

export const contactPersonResource = resourceModule(
	{ name: 'Contact Person', value: 'contactPerson', description: 'A person at a company contact: invoices can be addressed to them' },
	[createContactPerson, getContactPerson, getManyContactPeople, updateContactPerson, deleteContactPerson],
);
