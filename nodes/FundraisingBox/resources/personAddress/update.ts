import { fundraisingBox } from '../entityApi';
import { addressFields, optionalAddressFields, PERSON_ADDRESS } from './fields';

/** PUT /personAddresses/:id.json */
export const updatePersonAddress = fundraisingBox.update(PERSON_ADDRESS, {
	fields: [...Object.values(addressFields), ...optionalAddressFields],
});
