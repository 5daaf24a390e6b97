import { dateRangeFilters } from '../../descriptions';
import { getManyOperation } from '../operations';
import { PAYMENT } from './get';

/**
 * GET /payments with `startDate`, `endDate` and `state`: UNCONFIRMED, built like the documented
 * subscription list. The state is free text: the documented names (charged, pending, failed, …)
 * are UI labels whose API spelling is not documented.
 */
export const getManyPayments = getManyOperation({
	...PAYMENT,
	filters: [
		...dateRangeFilters('payments'),
		{ displayName: 'State', name: 'state', type: 'string', default: '', placeholder: 'e.g. Charged', description: 'Only payments in this state' },
	],
	dateFilters: ['startDate', 'endDate'],
});
