import { updatedFilters } from '../../descriptions';
import { getManyOperation } from '../operations';
import { PERSON } from './fields';

/** GET /persons.json, filtered by when a person was last changed */
export const getManyPersons = getManyOperation({
	...PERSON,
	filters: updatedFilters('persons'),
	formats: { dateFilters: ['updated_min', 'updated_max'] },
});
