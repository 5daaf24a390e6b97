import type { IExecuteFunctions } from 'n8n-workflow';
import type { Operation } from '../../../shared/operations';
import { requiredId } from '../fields';
import { listQuery } from '../../apiFormat';
import { itemRequest } from '../../transport';
import { invoicePath } from './bodies';
import { includeField, invoiceIdField } from './fields';

/** GET /receivables/invoices/{id}?with=… (positions and texts by default). */
export const getInvoice: Operation = {
	option: { name: 'Get', value: 'get', action: 'Get an invoice', description: 'Get one invoice by ID, with its positions' },
	properties: [invoiceIdField, includeField],
	async handler(this: IExecuteFunctions, itemIndex: number) {
		const id = requiredId(this, itemIndex, 'invoiceId', 'Invoice ID');
		const include = this.getNodeParameter('invoiceInclude', itemIndex, []) as string[];
		return await itemRequest.call(this, 'GET', invoicePath(id), { qs: listQuery({ with: include }) });
	},
};
