import { getOperation } from '../operations';
import { PAYMENT_TYPE } from './fields';

/** GET /types/:id.json */
export const getPaymentType = getOperation(PAYMENT_TYPE);
