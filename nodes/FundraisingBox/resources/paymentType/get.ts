import { fundraisingBox } from '../entityApi';
import { PAYMENT_TYPE } from './fields';

/** GET /types/:id.json */
export const getPaymentType = fundraisingBox.get(PAYMENT_TYPE);
