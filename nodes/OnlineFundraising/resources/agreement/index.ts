import { resourceModule } from '../../../shared/resourceModule';
import { createAgreement } from './create';
import { getAgreement } from './get';
import { getManyAgreements } from './getAll';

export const agreementResource = resourceModule(
	{ name: 'Agreement', value: 'agreement', description: 'What is paid, how often, from when and how much' },
	[createAgreement, getAgreement, getManyAgreements],
);
