import type { EntityNames } from '../operations';

export const DATA_SET: EntityNames = {
	resource: 'dataSet',
	noun: 'data set',
	entityPath: 'dataSet',
	guidName: 'dataSetGuid',
	guidDisplayName: 'Data Set GUID',
};
