import { fundraisingBox } from '../entityApi';
import { lastNameField, PERSON, personFields } from './fields';

/** PUT /persons/:id.json */
export const updatePerson = fundraisingBox.update(PERSON, { fields: [lastNameField, ...personFields] });
