import { updateOperation } from '../operations';
import { lastNameField, PERSON, PERSON_FORMATS, personFields } from './fields';

/** PUT /persons/:id.json */
export const updatePerson = updateOperation({ ...PERSON, fields: [lastNameField, ...personFields], formats: PERSON_FORMATS });
