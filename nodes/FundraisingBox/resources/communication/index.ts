import { resourceModule } from '../../../shared/resourceModule';
import { createCommunication } from './create';
import { deleteCommunication } from './delete';
import { getCommunication } from './get';
import { getManyCommunications } from './getAll';
import { updateCommunication } from './update';

export const communicationResource = resourceModule(
	{ name: 'Communication', value: 'communication', description: 'A note, email, call, talk or letter on a person’s timeline' },
	[createCommunication, deleteCommunication, getCommunication, getManyCommunications, updateCommunication],
);
