import { fundraisingBox } from '../entityApi';
import { RECURRING_PAYMENT } from './fields';

/** GET /recurrings/:id.json */
export const getRecurringPayment = fundraisingBox.get(RECURRING_PAYMENT);
