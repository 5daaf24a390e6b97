import { fundraisingBox } from '../entityApi';
import { emailField, optionalEmailFields, PERSON_EMAIL_ADDRESS } from './fields';

/** PUT /personEmailAddresses/:id.json */
export const updatePersonEmailAddress = fundraisingBox.update(PERSON_EMAIL_ADDRESS, { fields: [emailField, ...optionalEmailFields] });
