import { updateOperation } from '../operations';
import { emailField, optionalEmailFields, PERSON_EMAIL_ADDRESS } from './fields';

/** PUT /personEmailAddresses/:id.json */
export const updatePersonEmailAddress = updateOperation({ ...PERSON_EMAIL_ADDRESS, fields: [emailField, ...optionalEmailFields] });
