import { onlineFundraising } from '../entityApi';

/** GET /paymentMethod/{guid} (UNCONFIRMED path, named like the other entities and the webhooks' entityType) */
export const getPaymentMethod = onlineFundraising.get({
	noun: 'payment method',
	entityPath: 'paymentMethod',
	idName: 'paymentMethodGuid',
	idDisplayName: 'Payment Method GUID',
});
