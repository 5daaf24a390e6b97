import { getManyOperation } from '../operations';
import { PAYMENT_TYPE } from './fields';

/** GET /types.json */
export const getManyPaymentTypes = getManyOperation(PAYMENT_TYPE);
