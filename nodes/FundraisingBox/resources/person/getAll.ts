import { idField, PERSON_SALUTATION_FILTER_OPTIONS, textField, updatedFilters } from '../fields';
import { fundraisingBox } from '../entityApi';
import { PERSON } from './fields';

/** GET /persons.json with the criteria of the persons-list reference, and updated_min/max (persons-create page). */
export const getManyPersons = fundraisingBox.getMany(PERSON, {
	filters: [
		textField('Address', 'address', 'Persons with this part of an address (street, city or post code)'),
		textField('Company', 'company', 'Persons with this company name'),
		textField('Email', 'email', 'Persons with this email address, e.g. to find a donor before creating one', 'name@email.com'),
		textField('First Name', 'first_name', 'Persons with this first name'),
		textField('Last Name', 'last_name', 'Persons with this last name'),
		textField('Phone', 'phone', 'Persons with this phone number'),
		textField('Person IDs', 'ids', 'Comma-separated list of person IDs', '1706519,1706520'),
		{
			displayName: 'Salutation',
			name: 'salutation',
			type: 'options',
			options: PERSON_SALUTATION_FILTER_OPTIONS,
			default: 'Mrs.',
			description: 'Persons with this salutation. Miss and Ms. are older values persons may still have.',
		},
		idField('search_id', 'Smart Search ID', 'Only persons found by this saved smart search'),
		textField('Tag IDs', 'tag_ids', 'Comma-separated list of tag IDs', '12,15'),
		...updatedFilters('persons'),
	],
	formats: { dateFilters: ['updated_min', 'updated_max'] },
	finerBounds: { updated_min: 'updated_at', updated_max: 'updated_at' },
});
