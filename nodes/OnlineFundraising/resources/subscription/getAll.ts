import { dateRangeFilters, stateFilter } from '../../descriptions';
import { getManyOperation } from '../operations';
import { SUBSCRIPTION, SUBSCRIPTION_STATES } from './fields';

/** GET /subscriptions with `startDate`, `endDate` (YYYY-MM-DD) and `state` */
export const getManySubscriptions = getManyOperation({
	...SUBSCRIPTION,
	filters: [...dateRangeFilters('subscriptions'), stateFilter('subscriptions', SUBSCRIPTION_STATES)],
	dateFilters: ['startDate', 'endDate'],
});
