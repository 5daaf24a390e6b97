import { deleteOperation } from '../operations';
import { COMMUNICATION } from './fields';

/** DELETE /communications/:id.json */
export const deleteCommunication = deleteOperation(COMMUNICATION);
