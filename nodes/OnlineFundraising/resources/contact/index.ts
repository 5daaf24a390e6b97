import { resourceModule } from '../../../shared/resourceModule';
import { createContact } from './create';
import { getContact } from './get';
import { getManyContacts } from './getAll';
import { updateContact } from './update';

export const contactResource = resourceModule(
	{ name: 'Contact', value: 'contact', description: 'The payee or end user (a donor or member)' },
	[createContact, getContact, getManyContacts, updateContact],
);
