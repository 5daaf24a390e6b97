/** Payment Types: `/types.json` and `/types/:id.json`, the paths FundraisingBox's own n8n node uses. */
export const PAYMENT_TYPE = {
	noun: 'payment type',
	path: '/types',
	idName: 'paymentTypeId',
	idDisplayName: 'Payment Type ID',
};
