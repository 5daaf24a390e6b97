import { getOperation } from '../operations';
import { DONATION } from './fields';

/** GET /donations/:id.json */
export const getDonation = getOperation(DONATION);
