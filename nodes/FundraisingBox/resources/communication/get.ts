import { rest } from '../restApi';
import { COMMUNICATION } from './fields';

/** GET /communications/:id.json */
export const getCommunication = rest.get(COMMUNICATION);
