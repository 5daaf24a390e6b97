import { rest } from '../restApi';
import { COMMUNICATION, messageField, optionalCommunicationFields } from './fields';

/** PUT /communications/:id.json */
export const updateCommunication = rest.update(COMMUNICATION, { fields: [messageField, ...optionalCommunicationFields],
});
