import { rest } from '../restApi';
import { RECURRING_PAYMENT } from './fields';

/** GET /recurrings/:id.json */
export const getRecurringPayment = rest.get(RECURRING_PAYMENT);
