import { resourceModule } from '../../../shared/resourceModule';
import { validateCpr } from './validate';

/** Danish CPR numbers (a contact's `nationalId`), checked in n8n: OnlineFundraising does not validate them. */
export const cprResource = resourceModule(
	{ name: 'CPR', value: 'cpr', description: 'Check Danish CPR numbers (no API call)' },
	[validateCpr],
);
