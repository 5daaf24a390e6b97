import { fundraisingBox } from '../entityApi';
import { PERSON } from './fields';

/** GET /persons/:id.json (with the person's addresses and email addresses) */
export const getPerson = fundraisingBox.get(PERSON);
