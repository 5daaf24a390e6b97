import { fundraisingBox } from '../entityApi';
import { lastNameField, PERSON, personFields } from './fields';

/** POST /persons.json */
export const createPerson = fundraisingBox.create(PERSON, { required: [lastNameField], additional: personFields });
