import { createOperation } from '../operations';
import { lastNameField, PERSON, PERSON_FORMATS, personFields } from './fields';

/** POST /persons.json */
export const createPerson = createOperation({ ...PERSON, required: [lastNameField], additional: personFields, formats: PERSON_FORMATS });
