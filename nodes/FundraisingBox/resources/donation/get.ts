import { fundraisingBox } from '../entityApi';
import { DONATION } from './fields';

/** GET /donations/:id.json */
export const getDonation = fundraisingBox.get(DONATION);
