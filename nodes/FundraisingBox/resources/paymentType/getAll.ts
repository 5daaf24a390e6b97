import { rest } from '../restApi';
import { PAYMENT_TYPE } from './fields';

/** GET /types.json */
export const getManyPaymentTypes = rest.getMany(PAYMENT_TYPE, {});
