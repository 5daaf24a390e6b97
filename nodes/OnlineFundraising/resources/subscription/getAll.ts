import { dateRangeFilters, stateFilter } from '../fields';
import { onlineFundraising } from '../entityApi';
import { SUBSCRIPTION, SUBSCRIPTION_STATES } from './fields';

/** GET /subscriptions with `startDate`, `endDate` (YYYY-MM-DD) and `state` */
export const getManySubscriptions = onlineFundraising.getMany(SUBSCRIPTION, {
	filters: [...dateRangeFilters('subscriptions'), stateFilter('subscriptions', SUBSCRIPTION_STATES)],
	dateFilters: ['startDate', 'endDate'],
});
