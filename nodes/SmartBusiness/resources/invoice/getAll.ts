import type { IDataObject, IExecuteFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';
import type { Operation } from '../../../shared/operations';
import { getManyProperties, requestedLimit } from '../../../shared/resourceModule';
import { listQuery } from '../../apiFormat';
import { isRefusedQuery, listAll, listGuard, listPage, PAGE_LIMIT } from '../../transport';
import { INVOICES_PATH, invoiceListFilter } from './bodies';
import { checked } from '../../../shared/operations';
import { includeField, INVOICE_STATUSES } from './fields';

/** The invoices that meet `matches`, read in pages of 200 until `limit` of them are found or the list ends. */
async function listMatching(this: IExecuteFunctions, query: IDataObject, matches: (invoice: IDataObject) => boolean, limit?: number): Promise<IDataObject[]> {
	const found: IDataObject[] = [];
	const guard = listGuard(INVOICES_PATH);
	for (let offset = 0; ; ) {
		const page = await listPage.call(this, INVOICES_PATH, query, PAGE_LIMIT, offset);
		guard.check(page.items, page.next);
		found.push(...page.items.filter(matches));
		offset += page.items.length;
		if (limit !== undefined && found.length >= limit) return found.slice(0, limit);
		if (!page.hasNext || page.items.length === 0) return found;
	}
}

/**
 * GET /receivables/invoices. Status, contact and currency go to SmartBusiness as `filter` and are
 * checked again on every invoice (the contact filter is reported unreliable, reference §3.2); the
 * date range is checked only here, as the API's comparators are undocumented. If SmartBusiness
 * refuses the filter (any 400 or 422), the list is read without `filter`.
 */
export const getManyInvoices: Operation = {
	option: { name: 'Get Many', value: 'getAll', action: 'Get many invoices', description: 'List invoices, 200 per request' },
	properties: [
		...getManyProperties(
			[
				{ displayName: 'Status', name: 'status', type: 'options', options: INVOICE_STATUSES, default: 'S' },
				{ displayName: 'Contact ID', name: 'contact_id', type: 'string', default: '', placeholder: 'e.g. 525765968', description: 'Only invoices of this contact' },
				{
					displayName: 'Date From',
					name: 'dateFrom',
					type: 'dateTime',
					default: '',
					description: 'Only invoices dated on or after this day. Checked by the node, which reads through the list to find them.',
				},
				{
					displayName: 'Date To',
					name: 'dateTo',
					type: 'dateTime',
					default: '',
					description: 'Only invoices dated on or before this day. Checked by the node, which reads through the list to find them.',
				},
				{ displayName: 'Currency', name: 'currency', type: 'string', default: '', placeholder: 'e.g. CHF' },
				{ displayName: 'Search', name: 'q', type: 'string', default: '', description: "SmartBusiness's full-text search (number, contact, …)" },
			],
			'Every filter is also checked by the node on each invoice, so the output is right even where SmartBusiness ignores one',
		),
		{
			displayName: 'Sort',
			name: 'invoiceSort',
			type: 'string',
			default: '-number',
			description: 'Field names separated by commas, "-" in front for descending, e.g. "-date,number"',
		},
		includeField,
	],
	async handler(this: IExecuteFunctions, itemIndex: number) {
		const filter = checked(this, itemIndex, () => invoiceListFilter(this.getNodeParameter('filters', itemIndex, {}) as IDataObject));
		const query = listQuery({
			equals: filter.equals,
			q: filter.q,
			sort: this.getNodeParameter('invoiceSort', itemIndex, '-number'),
			with: this.getNodeParameter('invoiceInclude', itemIndex, []) as string[],
		});
		const limit = requestedLimit(this, itemIndex);
		if (!filter.filtered) return await listAll.call(this, INVOICES_PATH, query, limit);
		try {
			return await listMatching.call(this, query, filter.matches, limit);
		} catch (error) {
			if (!isRefusedQuery(error) || query.filter === undefined) throw new NodeApiError(this.getNode(), error as JsonObject);
			const unfiltered = { ...query };
			delete unfiltered.filter;
			return await listMatching.call(this, unfiltered, filter.matches, limit);
		}
	},
};
