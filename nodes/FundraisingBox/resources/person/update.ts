import { rest } from '../restApi';
import { lastNameField, PERSON, personFields } from './fields';

/** PUT /persons/:id.json */
export const updatePerson = rest.update(PERSON, { fields: [lastNameField, ...personFields] });
