import { fundraisingBox } from '../entityApi';
import { PERSON_EMAIL_ADDRESS } from './fields';

/** GET /personEmailAddresses/:id.json */
export const getPersonEmailAddress = fundraisingBox.get(PERSON_EMAIL_ADDRESS);
