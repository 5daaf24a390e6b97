import { resourceModule } from '../../../shared/resourceModule';
import { createPersonEmailAddress } from './create';
import { getPersonEmailAddress } from './get';
import { updatePersonEmailAddress } from './update';

export const personEmailAddressResource = resourceModule(
	{ name: 'Person Email Address', value: 'personEmailAddress', description: 'An email address of a person' },
	[createPersonEmailAddress, getPersonEmailAddress, updatePersonEmailAddress],
);
