import { rest } from '../restApi';
import { lastNameField, PERSON, personFields } from './fields';

/** POST /persons.json */
export const createPerson = rest.create(PERSON, { required: [lastNameField], additional: personFields });
