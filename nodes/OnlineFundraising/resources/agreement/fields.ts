import type { OnlineFundraisingEntity } from '../entityApi';

export const AGREEMENT: OnlineFundraisingEntity = {
	noun: 'agreement',
	entityPath: 'agreement',
	idName: 'agreementGuid',
	idDisplayName: 'Agreement GUID',
};

/** Agreement states (support UI article); the enum is not documented as such. */
export const AGREEMENT_STATES = ['Available', 'Archived'];
