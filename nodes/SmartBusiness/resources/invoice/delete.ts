import type { IExecuteFunctions } from 'n8n-workflow';
import type { Operation } from '../../../shared/operations';
import { requiredId } from '../fields';
import { smartBusinessRequest } from '../../transport';
import { invoicePath } from './bodies';
import { invoiceIdField } from './fields';

/** DELETE /receivables/invoices/{id} (204). */
export const deleteInvoice: Operation = {
	option: { name: 'Delete', value: 'delete', action: 'Delete an invoice', description: 'Delete an invoice' },
	properties: [invoiceIdField],
	async handler(this: IExecuteFunctions, itemIndex: number) {
		const id = requiredId(this, itemIndex, 'invoiceId', 'Invoice ID');
		await smartBusinessRequest.call(this, 'DELETE', invoicePath(id));
		return { id, deleted: true };
	},
};
