import { rest } from '../restApi';
import { COMMUNICATION, messageField, optionalCommunicationFields, personIdField } from './fields';

/** POST /communications.json (html_message and fb_person_id are mandatory) */
export const createCommunication = rest.create(COMMUNICATION, { required: [personIdField, messageField],
	additional: optionalCommunicationFields,
});
