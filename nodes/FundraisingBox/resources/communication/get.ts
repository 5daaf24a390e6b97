import { getOperation } from '../operations';
import { COMMUNICATION } from './fields';

/** GET /communications/:id.json */
export const getCommunication = getOperation(COMMUNICATION);
