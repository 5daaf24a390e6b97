import { rest } from '../restApi';
import { PERSON } from './fields';

/** GET /persons/:id.json (with the person's addresses and email addresses) */
export const getPerson = rest.get(PERSON);
