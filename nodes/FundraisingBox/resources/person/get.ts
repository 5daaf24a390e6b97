import { getOperation } from '../operations';
import { PERSON } from './fields';

/** GET /persons/:id.json (with the person's addresses and email addresses) */
export const getPerson = getOperation(PERSON);
