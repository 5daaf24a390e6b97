import { fundraisingBox } from '../entityApi';
import { COMMUNICATION, messageField, optionalCommunicationFields, personIdField } from './fields';

/** POST /communications.json (html_message and fb_person_id are mandatory) */
export const createCommunication = fundraisingBox.create(COMMUNICATION, {
	required: [personIdField, messageField],
	additional: optionalCommunicationFields,
});
