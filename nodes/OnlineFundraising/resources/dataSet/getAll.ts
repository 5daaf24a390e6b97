import { dateRangeFilters } from '../fields';
import { onlineFundraising } from '../entityApi';
import { DATA_SET } from './fields';

/** GET /dataSets with `startDate` and `endDate` (YYYY-MM-DD) */
export const getManyDataSets = onlineFundraising.getMany(DATA_SET, {
	filters: dateRangeFilters('data sets'), dateFilters: ['startDate', 'endDate'] });
