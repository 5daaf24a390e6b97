import { idField } from '../../descriptions';
import { createOperation } from '../operations';
import { emailField, optionalEmailFields, PERSON_EMAIL_ADDRESS } from './fields';

/** POST /personEmailAddresses.json */
export const createPersonEmailAddress = createOperation({
	...PERSON_EMAIL_ADDRESS,
	required: [idField('fb_person_id', 'Person ID', 'The ID of the person the email address belongs to'), emailField],
	additional: optionalEmailFields,
});
