import { fundraisingBox } from '../entityApi';
import { COMMUNICATION } from './fields';

/** DELETE /communications/:id.json */
export const deleteCommunication = fundraisingBox.delete(COMMUNICATION);
