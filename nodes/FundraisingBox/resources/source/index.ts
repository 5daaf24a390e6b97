import { resourceModule } from '../../../shared/resourceModule';
import { getSource } from './get';
import { getManySources } from './getAll';

export const sourceResource = resourceModule(
	{ name: 'Source', value: 'source', description: 'Where donations come from: donation form, fundraising pages, SMS,' },
	[getSource, getManySources],
);
