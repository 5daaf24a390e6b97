import { fundraisingBox } from '../entityApi';
import { PAYMENT_TYPE } from './fields';

/** GET /types.json */
export const getManyPaymentTypes = fundraisingBox.getMany(PAYMENT_TYPE, {});
