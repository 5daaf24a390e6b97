import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import type { Operation } from '../../../shared/operations';
import { requiredId } from '../fields';
import { swissToday } from '../../apiFormat';
import { itemRequest } from '../../transport';
import { invoicePath, openAmount, paymentBody } from './bodies';
import { checked } from '../../../shared/operations';
import { invoiceIdField } from './fields';

/**
 * POST /receivables/invoices/{id}/payments (201 `{item}`), by default for the open amount (GET the
 * invoice: `total - total_paid`). The reference's way to mark an invoice paid, as it keeps
 * `total_paid` and `paid_date` right (§5.5).
 */
export const recordInvoicePayment: Operation = {
	option: {
		name: 'Record Payment',
		value: 'recordPayment',
		action: 'Record a payment of an invoice',
		description: 'Add a payment to an invoice, by default of the amount still open',
	},
	properties: [
		invoiceIdField,
		{
			displayName: 'Pay Open Amount',
			name: 'payOpenAmount',
			type: 'boolean',
			default: true,
			description: 'Whether to pay what is still open on the invoice (its total less what was paid), read from SmartBusiness',
		},
		{
			displayName: 'Amount',
			name: 'amount',
			type: 'number',
			typeOptions: { minValue: 0.01, numberPrecision: 2 },
			default: 0,
			required: true,
			displayOptions: { show: { payOpenAmount: [false] } },
		},
		{
			displayName: 'Payment Type',
			name: 'paymentType',
			type: 'options',
			options: [
				{ name: 'Cash Discount', value: 'C' },
				{ name: 'Normal', value: 'N' },
				{ name: 'Rounding Difference', value: 'D' },
				{ name: 'Write-Off', value: 'W' },
			],
			default: 'N',
		},
		{ displayName: 'Date', name: 'date', type: 'dateTime', default: '', description: 'The payment date. Empty: today (in Switzerland).' },
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			default: {},
			placeholder: 'Add Field',
			options: [
				{
					displayName: 'Channel',
					name: 'channel',
					type: 'options',
					options: [
						{ name: 'Bank Transfer', value: 'T' },
						{ name: 'Cash', value: 'C' },
						{ name: 'Credit Card', value: 'CC' },
						{ name: 'PayPal', value: 'PP' },
						{ name: 'Payrexx', value: 'PR' },
						{ name: 'PostFinance', value: 'PF' },
						{ name: 'SmartCommerce', value: 'SC' },
					],
					default: 'T',
					description: 'How the money came in',
				},
				{ displayName: 'Notes', name: 'notes', type: 'string', typeOptions: { rows: 2 }, default: '' },
			],
		},
	],
	async handler(this: IExecuteFunctions, itemIndex: number) {
		const id = requiredId(this, itemIndex, 'invoiceId', 'Invoice ID');
		let amount: number;
		if (this.getNodeParameter('payOpenAmount', itemIndex, true)) {
			const invoice = await itemRequest.call(this, 'GET', invoicePath(id));
			amount = checked(this, itemIndex, () => openAmount(invoice));
			if (amount <= 0) {
				throw new NodeOperationError(this.getNode(), `Invoice ${String(invoice.number ?? id)} has nothing open to pay (total ${String(invoice.total)}, paid ${String(invoice.total_paid ?? 0)})`, {
					itemIndex,
				});
			}
		} else {
			amount = this.getNodeParameter('amount', itemIndex) as number;
		}
		const extra = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
		const body = checked(this, itemIndex, () =>
			paymentBody({ type: this.getNodeParameter('paymentType', itemIndex, 'N'), amount, date: this.getNodeParameter('date', itemIndex, ''), channel: extra.channel, notes: extra.notes, today: swissToday() }),
		);
		const payment = await itemRequest.call(this, 'POST', invoicePath(id, 'payments'), { body });
		return { ...payment, invoice_id: id };
	},
};
