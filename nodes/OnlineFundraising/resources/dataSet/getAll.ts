import { dateRangeFilters } from '../../descriptions';
import { getManyOperation } from '../operations';
import { DATA_SET } from './fields';

/** GET /dataSets with `startDate` and `endDate` (YYYY-MM-DD) */
export const getManyDataSets = getManyOperation({ ...DATA_SET, filters: dateRangeFilters('data sets'), dateFilters: ['startDate', 'endDate'] });
