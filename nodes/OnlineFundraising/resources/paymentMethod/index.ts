import { resourceModule } from '../../../shared/resourceModule';
import { getPaymentMethod } from './get';

export const paymentMethodResource = resourceModule(
	{ name: 'Payment Method', value: 'paymentMethod', description: 'How payments are charged (card, Betalingsservice, MobilePay …)' },
	[getPaymentMethod],
);
