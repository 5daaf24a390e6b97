import type { IExecuteFunctions } from 'n8n-workflow';
import type { Operation } from '../../../shared/operations';
import { requiredId } from '../fields';
import { listAll } from '../../transport';
import { invoicePath } from './bodies';
import { invoiceIdField } from './fields';

/** GET /receivables/invoices/{id}/payments, every page (newest first); each payment names its invoice. */
export const getInvoicePayments: Operation = {
	option: { name: 'Get Payments', value: 'getPayments', action: 'Get the payments of an invoice', description: 'List the payments recorded on an invoice' },
	properties: [invoiceIdField],
	async handler(this: IExecuteFunctions, itemIndex: number) {
		const id = requiredId(this, itemIndex, 'invoiceId', 'Invoice ID');
		const payments = await listAll.call(this, invoicePath(id, 'payments'));
		return payments.map((payment) => ({ ...payment, invoice_id: id }));
	},
};
