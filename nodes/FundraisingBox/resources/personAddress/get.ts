import { fundraisingBox } from '../entityApi';
import { PERSON_ADDRESS } from './fields';

/** GET /personAddresses/:id.json */
export const getPersonAddress = fundraisingBox.get(PERSON_ADDRESS);
