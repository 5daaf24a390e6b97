import { createOperation } from '../operations';
import { COMMUNICATION, COMMUNICATION_FORMATS, messageField, optionalCommunicationFields, personIdField } from './fields';

/** POST /communications.json (html_message and fb_person_id are mandatory) */
export const createCommunication = createOperation({
	...COMMUNICATION,
	required: [personIdField, messageField],
	additional: optionalCommunicationFields,
	formats: COMMUNICATION_FORMATS,
});
