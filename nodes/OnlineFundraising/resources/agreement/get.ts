import { onlineFundraising } from '../entityApi';
import { AGREEMENT } from './fields';

/** GET /agreement/{guid} */
export const getAgreement = onlineFundraising.get(AGREEMENT);
