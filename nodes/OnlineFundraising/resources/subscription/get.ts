import { onlineFundraising } from '../entityApi';
import { SUBSCRIPTION } from './fields';

/** GET /subscription/{guid} */
export const getSubscription = onlineFundraising.get(SUBSCRIPTION);
