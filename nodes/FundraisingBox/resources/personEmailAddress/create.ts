import { idField } from '../../descriptions';
import { rest } from '../restApi';
import { emailField, optionalEmailFields, PERSON_EMAIL_ADDRESS } from './fields';

/** POST /personEmailAddresses.json */
export const createPersonEmailAddress = rest.create(PERSON_EMAIL_ADDRESS, { required: [idField('fb_person_id', 'Person ID', 'The ID of the person the email address belongs to'), emailField],
	additional: optionalEmailFields,
});
