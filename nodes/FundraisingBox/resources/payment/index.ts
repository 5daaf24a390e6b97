/** The Payment resource: FundraisingBox's Payment-API (app/payment) and Session-API. */
import { resourceModule } from '../../../shared/resourceModule';
import { createPayment } from './create';
import { createPaymentFromSession } from './createFromSession';
import { createSession } from './createSession';
import { updateSession } from './updateSession';

export const paymentResource = resourceModule(
	{
		name: 'Payment',
		value: 'payment',
		description: 'Donations through a donation form (Payment-API and Session-API; needs the form hash)',
	},
	[createPayment, createPaymentFromSession, createSession, updateSession],
);
