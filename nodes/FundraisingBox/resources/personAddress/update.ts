import { updateOperation } from '../operations';
import { addressFields, optionalAddressFields, PERSON_ADDRESS } from './fields';

/** PUT /personAddresses/:id.json */
export const updatePersonAddress = updateOperation({
	...PERSON_ADDRESS,
	fields: [...Object.values(addressFields), ...optionalAddressFields],
});
