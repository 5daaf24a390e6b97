import { getOperation } from '../operations';

/** GET /mandates/:id.json (the path the developer reference links from the webhook documentation) */
export const getSepaMandate = getOperation({
	resource: 'sepaMandate',
	noun: 'SEPA mandate',
	path: '/mandates',
	idName: 'sepaMandateId',
	idDisplayName: 'SEPA Mandate ID',
});
