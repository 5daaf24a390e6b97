import { idField } from '../fields';
import { fundraisingBox } from '../entityApi';
import { emailField, optionalEmailFields, PERSON_EMAIL_ADDRESS } from './fields';

/** POST /personEmailAddresses.json */
export const createPersonEmailAddress = fundraisingBox.create(PERSON_EMAIL_ADDRESS, {
	required: [idField('fb_person_id', 'Person ID', 'The ID of the person the email address belongs to'), emailField],
	additional: optionalEmailFields,
});
