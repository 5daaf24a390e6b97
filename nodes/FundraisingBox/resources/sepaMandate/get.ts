import { fundraisingBox } from '../entityApi';

/** GET /mandates/:id.json (the path the developer reference links from the webhook documentation) */
export const getSepaMandate = fundraisingBox.get({
	noun: 'SEPA mandate',
	path: '/mandates',
	idName: 'sepaMandateId',
	idDisplayName: 'SEPA Mandate ID',
});
