import { rest } from '../restApi';
import { DONATION } from './fields';

/** GET /donations/:id.json */
export const getDonation = rest.get(DONATION);
