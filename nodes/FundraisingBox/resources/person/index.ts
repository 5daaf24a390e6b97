import { resourceModule } from '../../../shared/resourceModule';
import { createPerson } from './create';
import { getPerson } from './get';
import { getManyPersons } from './getAll';
import { updatePerson } from './update';

export const personResource = resourceModule(
	{ name: 'Person', value: 'person', description: 'A donor or contact, with addresses, email addresses and custom fields' },
	[createPerson, getPerson, getManyPersons, updatePerson],
);
