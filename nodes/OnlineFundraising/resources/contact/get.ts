import { getOperation } from '../operations';
import { CONTACT } from './fields';

/** GET /contact/{guid} */
export const getContact = getOperation(CONTACT);
