import { onlineFundraising } from '../entityApi';
import { PAYMENT } from './fields';

/** GET /payment/{guid} */
export const getPayment = onlineFundraising.get(PAYMENT);
