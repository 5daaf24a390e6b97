import { fundraisingBox } from '../entityApi';
import { COMMUNICATION } from './fields';

/** GET /communications/:id.json */
export const getCommunication = fundraisingBox.get(COMMUNICATION);
