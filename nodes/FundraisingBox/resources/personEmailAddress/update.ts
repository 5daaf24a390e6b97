import { rest } from '../restApi';
import { emailField, optionalEmailFields, PERSON_EMAIL_ADDRESS } from './fields';

/** PUT /personEmailAddresses/:id.json */
export const updatePersonEmailAddress = rest.update(PERSON_EMAIL_ADDRESS, { fields: [emailField, ...optionalEmailFields] });
