import { dateRangeFilters } from '../fields';
import { onlineFundraising } from '../entityApi';
import { PAYMENT } from './fields';

/**
 * GET /payments with `startDate`, `endDate` and `state`: UNCONFIRMED, built like the documented
 * subscription list. The state is free text: the documented names (charged, pending, failed, …)
 * are UI labels whose API spelling is not documented.
 */
export const getManyPayments = onlineFundraising.getMany(PAYMENT, {
	filters: [
		...dateRangeFilters('payments'),
		{ displayName: 'State', name: 'state', type: 'string', default: '', placeholder: 'e.g. Charged', description: 'Only payments in this state' },
	],
	dateFilters: ['startDate', 'endDate'],
});
