import { resourceModule } from '../../../shared/resourceModule';
import { createPersonAddress } from './create';
import { getPersonAddress } from './get';
import { updatePersonAddress } from './update';

export const personAddressResource = resourceModule(
	{ name: 'Person Address', value: 'personAddress', description: 'A postal address of a person' },
	[createPersonAddress, getPersonAddress, updatePersonAddress],
);
