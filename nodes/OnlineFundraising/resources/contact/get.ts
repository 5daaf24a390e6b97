import { onlineFundraising } from '../entityApi';
import { CONTACT } from './fields';

/** GET /contact/{guid} */
export const getContact = onlineFundraising.get(CONTACT);
