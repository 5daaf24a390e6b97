import { rest } from '../restApi';
import { PERSON_ADDRESS } from './fields';

/** GET /personAddresses/:id.json */
export const getPersonAddress = rest.get(PERSON_ADDRESS);
