import { resourceModule } from '../../../shared/resourceModule';
import { getOperation } from '../operations';

/** GET /paymentMethod/{guid} (UNCONFIRMED path, named like the other entities and the webhooks' entityType) */
const getPaymentMethod = getOperation({
	resource: 'paymentMethod',
	noun: 'payment method',
	entityPath: 'paymentMethod',
	guidName: 'paymentMethodGuid',
	guidDisplayName: 'Payment Method GUID',
});

export const paymentMethodResource = resourceModule(
	{ name: 'Payment Method', value: 'paymentMethod', description: 'How payments are charged (card, Betalingsservice, MobilePay …)' },
	[getPaymentMethod],
);
