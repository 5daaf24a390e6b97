import { getOperation } from '../operations';
import { SUBSCRIPTION } from './fields';

/** GET /subscription/{guid} */
export const getSubscription = getOperation(SUBSCRIPTION);
