import type { OnlineFundraisingEntity } from '../entityApi';

export const SUBSCRIPTION: OnlineFundraisingEntity = {
	noun: 'subscription',
	entityPath: 'subscription',
	idName: 'subscriptionGuid',
	idDisplayName: 'Subscription GUID',
	dates: ['startDate', 'expiresAfterDate'],
};

/** States seen across OnlineFundraising's docs and UI; the exact enum strings are UNCONFIRMED. */
export const SUBSCRIPTION_STATES = ['Active', 'Cancelled', 'Expired', 'Inactive', 'OnHold', 'Pending'];
