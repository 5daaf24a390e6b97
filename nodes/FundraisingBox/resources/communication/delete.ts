import { rest } from '../restApi';
import { COMMUNICATION } from './fields';

/** DELETE /communications/:id.json */
export const deleteCommunication = rest.delete(COMMUNICATION);
