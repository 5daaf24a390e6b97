import { getOperation } from '../operations';
import { DATA_SET } from './fields';

/** GET /dataSet/{guid} */
export const getDataSet = getOperation(DATA_SET);
