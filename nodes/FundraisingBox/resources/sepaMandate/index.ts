import { resourceModule } from '../../../shared/resourceModule';
import { getSepaMandate } from './get';

export const sepaMandateResource = resourceModule(
	{ name: 'SEPA Mandate', value: 'sepaMandate', description: 'A SEPA direct debit mandate (read only)' },
	[getSepaMandate],
);
