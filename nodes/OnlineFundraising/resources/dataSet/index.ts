import { resourceModule } from '../../../shared/resourceModule';
import { createDataSet } from './create';
import { getDataSet } from './get';
import { getManyDataSets } from './getAll';

export const dataSetResource = resourceModule(
	{ name: 'Data Set', value: 'dataSet', description: 'Form or SMS submissions with their metadata (DataSet API)' },
	[createDataSet, getDataSet, getManyDataSets],
);
