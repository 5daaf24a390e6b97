import { getOperation } from '../operations';
import { AGREEMENT } from './fields';

/** GET /agreement/{guid} */
export const getAgreement = getOperation(AGREEMENT);
