import { resourceModule } from '../operations';
import { getSepaMandate } from './get';

export const sepaMandateResource = resourceModule(
	{ name: 'SEPA Mandate', value: 'sepaMandate', description: 'A SEPA direct debit mandate (read only)' },
	[getSepaMandate],
);
