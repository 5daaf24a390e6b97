import type { OnlineFundraisingEntity } from '../entityApi';

export const DATA_SET: OnlineFundraisingEntity = {
	noun: 'data set',
	entityPath: 'dataSet',
	idName: 'dataSetGuid',
	idDisplayName: 'Data Set GUID',
};
