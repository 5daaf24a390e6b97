import { resourceModule } from '../../../shared/resourceModule';
import { createSubscription } from './create';
import { getSubscription } from './get';
import { getManySubscriptions } from './getAll';

/**
 * State changes (put on hold, cancel, inactivate, restart, skip a payment) are not offered: the
 * docs name them but their endpoints and bodies are not in any stored copy (docs/onlinefundraising.md).
 */
export const subscriptionResource = resourceModule(
	{ name: 'Subscription', value: 'subscription', description: 'A contact’s engagement in an agreement, with a payment method' },
	[createSubscription, getSubscription, getManySubscriptions],
);
