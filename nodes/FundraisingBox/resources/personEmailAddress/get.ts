import { rest } from '../restApi';
import { PERSON_EMAIL_ADDRESS } from './fields';

/** GET /personEmailAddresses/:id.json */
export const getPersonEmailAddress = rest.get(PERSON_EMAIL_ADDRESS);
