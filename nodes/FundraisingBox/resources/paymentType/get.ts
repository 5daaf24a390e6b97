import { rest } from '../restApi';
import { PAYMENT_TYPE } from './fields';

/** GET /types/:id.json */
export const getPaymentType = rest.get(PAYMENT_TYPE);
