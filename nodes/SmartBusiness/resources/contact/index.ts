import { resourceModule } from '../../../shared/resourceModule';
import { createContact } from './create';
import { deleteContact } from './delete';
import { findOrCreate } from './findOrCreate';
import { getContact } from './get';
import { getManyContacts } from './getAll';
import { updateContact } from './update';

export const contactResource = resourceModule(
	{ name: 'Contact', value: 'contact', description: 'A customer or supplier: person or company, with its main address' },
	[createContact, findOrCreate, getContact, getManyContacts, updateContact, deleteContact],
);
