import type { IExecuteFunctions } from 'n8n-workflow';
import type { Operation } from '../../../shared/resourceModule';
import { showFor } from '../../../shared/resourceModule';
import { idField, requiredId } from '../../descriptions';
import { itemRequest } from '../../transport';

/** GET /receivables/invoices/{id}?with=positions,texts */
export const getInvoice: Operation = {
	option: { name: 'Get', value: 'get', action: 'Get an invoice', description: 'Get one invoice by ID, with its positions' },
	properties: showFor('invoice', 'get', [idField('invoiceId', 'Invoice ID', 'The ID of the invoice')]),
	async handler(this: IExecuteFunctions, itemIndex: number) {
		const id = requiredId(this, itemIndex, 'invoiceId', 'Invoice ID');
		return await itemRequest.call(this, 'GET', `/receivables/invoices/${id}`, { qs: { with: 'positions,texts' } });
	},
};
