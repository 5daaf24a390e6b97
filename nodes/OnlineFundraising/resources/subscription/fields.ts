import type { EntityNames } from '../operations';

export const SUBSCRIPTION: EntityNames = {
	resource: 'subscription',
	noun: 'subscription',
	entityPath: 'subscription',
	guidName: 'subscriptionGuid',
	guidDisplayName: 'Subscription GUID',
};

/** States seen across OnlineFundraising's docs and UI; the exact enum strings are UNCONFIRMED. */
export const SUBSCRIPTION_STATES = ['Active', 'Cancelled', 'Expired', 'Inactive', 'OnHold', 'Pending'];
