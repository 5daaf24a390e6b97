import { getOperation } from '../operations';
import { PERSON_EMAIL_ADDRESS } from './fields';

/** GET /personEmailAddresses/:id.json */
export const getPersonEmailAddress = getOperation(PERSON_EMAIL_ADDRESS);
