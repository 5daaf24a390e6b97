import { rest } from '../restApi';
import { addressFields, optionalAddressFields, PERSON_ADDRESS } from './fields';

/** PUT /personAddresses/:id.json */
export const updatePersonAddress = rest.update(PERSON_ADDRESS, { fields: [...Object.values(addressFields), ...optionalAddressFields],
});
