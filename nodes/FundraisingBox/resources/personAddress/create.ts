import { idField } from '../fields';
import { fundraisingBox } from '../entityApi';
import { addressFields, optionalAddressFields, PERSON_ADDRESS } from './fields';

/** POST /personAddresses.json */
export const createPersonAddress = fundraisingBox.create(PERSON_ADDRESS, {
	required: [
		idField('fb_person_id', 'Person ID', 'The ID of the person the address belongs to'),
		addressFields.address,
		addressFields.postCode,
		addressFields.city,
		addressFields.country,
	],
	additional: optionalAddressFields,
});
