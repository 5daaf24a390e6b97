import { updateOperation } from '../operations';
import { COMMUNICATION, COMMUNICATION_FORMATS, messageField, optionalCommunicationFields } from './fields';

/** PUT /communications/:id.json */
export const updateCommunication = updateOperation({
	...COMMUNICATION,
	fields: [messageField, ...optionalCommunicationFields],
	formats: COMMUNICATION_FORMATS,
});
