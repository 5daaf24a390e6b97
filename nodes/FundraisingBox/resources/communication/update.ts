import { fundraisingBox } from '../entityApi';
import { COMMUNICATION, messageField, optionalCommunicationFields } from './fields';

/** PUT /communications/:id.json */
export const updateCommunication = fundraisingBox.update(COMMUNICATION, {
	fields: [messageField, ...optionalCommunicationFields],
});
