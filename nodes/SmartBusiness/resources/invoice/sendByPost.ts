import type { IExecuteFunctions } from 'n8n-workflow';
import type { Operation } from '../../../shared/operations';
import { requiredId } from '../fields';
import { smartBusinessRequest } from '../../transport';
import { invoicePath } from './bodies';
import { invoiceIdField } from './fields';

/** PATCH /receivables/invoices/{id}/send-by-post (204): SmartBusiness prints and posts the invoice, at a cost. */
export const sendInvoiceByPost: Operation = {
	option: {
		name: 'Send by Post',
		value: 'sendByPost',
		action: 'Send an invoice by post',
		description: 'Have SmartBusiness print and post the invoice. Irreversible, and it costs postage.',
	},
	properties: [
		invoiceIdField,
		{
			displayName: 'Colour',
			name: 'palette',
			type: 'options',
			options: [
				{ name: 'Black and White', value: 'BW' },
				{ name: 'Colour', value: 'C' },
			],
			default: 'BW',
		},
		{
			displayName: 'Print',
			name: 'print',
			type: 'options',
			options: [
				{ name: 'Duplex (Both Sides)', value: 'D' },
				{ name: 'Simplex (One Side)', value: 'S' },
			],
			default: 'S',
		},
		{
			displayName: 'Speed',
			name: 'speed',
			type: 'options',
			options: [
				{ name: 'Economy (B-Post)', value: 'E' },
				{ name: 'Priority (A-Post)', value: 'P' },
			],
			default: 'E',
		},
	],
	async handler(this: IExecuteFunctions, itemIndex: number) {
		const id = requiredId(this, itemIndex, 'invoiceId', 'Invoice ID');
		const body = {
			palette: this.getNodeParameter('palette', itemIndex, 'BW') as string,
			print: this.getNodeParameter('print', itemIndex, 'S') as string,
			speed: this.getNodeParameter('speed', itemIndex, 'E') as string,
		};
		await smartBusinessRequest.call(this, 'PATCH', invoicePath(id, 'send-by-post'), { body });
		return { id, sent: true, channel: 'post' };
	},
};
