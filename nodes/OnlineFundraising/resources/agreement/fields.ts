import type { EntityNames } from '../operations';

export const AGREEMENT: EntityNames = {
	resource: 'agreement',
	noun: 'agreement',
	entityPath: 'agreement',
	guidName: 'agreementGuid',
	guidDisplayName: 'Agreement GUID',
};

/** Agreement states (support UI article); the enum is not documented as such. */
export const AGREEMENT_STATES = ['Available', 'Archived'];
