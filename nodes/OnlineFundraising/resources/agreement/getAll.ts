import { stateFilter } from '../fields';
import { onlineFundraising } from '../entityApi';
import { AGREEMENT, AGREEMENT_STATES } from './fields';

/** GET /agreements (OnlineFundraising: "Get a list of Shared Agreements"), optionally by `state` */
export const getManyAgreements = onlineFundraising.getMany(AGREEMENT, {
	filters: [stateFilter('agreements', AGREEMENT_STATES)],
	filterNote: 'OnlineFundraising lists shared agreements here',
});
