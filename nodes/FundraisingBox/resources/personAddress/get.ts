import { getOperation } from '../operations';
import { PERSON_ADDRESS } from './fields';

/** GET /personAddresses/:id.json */
export const getPersonAddress = getOperation(PERSON_ADDRESS);
