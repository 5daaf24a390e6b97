import { getOperation } from '../operations';
import { RECURRING_PAYMENT } from './fields';

/** GET /recurrings/:id.json */
export const getRecurringPayment = getOperation(RECURRING_PAYMENT);
