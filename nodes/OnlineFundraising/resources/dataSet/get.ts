import { onlineFundraising } from '../entityApi';
import { DATA_SET } from './fields';

/** GET /dataSet/{guid} */
export const getDataSet = onlineFundraising.get(DATA_SET);
