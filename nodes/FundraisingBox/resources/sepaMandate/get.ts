import { rest } from '../restApi';

/** GET /mandates/:id.json (the path the developer reference links from the webhook documentation) */
export const getSepaMandate = rest.get({
	noun: 'SEPA mandate',
	path: '/mandates',
	idName: 'sepaMandateId',
	idDisplayName: 'SEPA Mandate ID',
});
