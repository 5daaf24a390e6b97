import type { IExecuteFunctions } from 'n8n-workflow';
import type { Operation } from '../../../shared/operations';
import { requiredId } from '../fields';
import { compact } from '../../apiFormat';
import { itemRequest } from '../../transport';
import { dateTimeOf, invoicePath } from './bodies';
import { checked } from '../../../shared/operations';
import { invoiceIdField, SETTABLE_STATUSES } from './fields';

/** PATCH /receivables/invoices/{id}/change-status `{status, date_time?}` (200 `{item}`). */
export const changeInvoiceStatus: Operation = {
	option: {
		name: 'Change Status',
		value: 'changeStatus',
		action: 'Change the status of an invoice',
		description: 'Mark an invoice as sent, paid, cancelled, reminded, … without sending anything',
	},
	properties: [
		invoiceIdField,
		{ displayName: 'Status', name: 'status', type: 'options', options: SETTABLE_STATUSES, default: 'S' },
		{ displayName: 'Date and Time', name: 'dateTime', type: 'dateTime', default: '', description: 'When the status changed. Empty: now.' },
	],
	async handler(this: IExecuteFunctions, itemIndex: number) {
		const id = requiredId(this, itemIndex, 'invoiceId', 'Invoice ID');
		const body = checked(this, itemIndex, () =>
			compact({
				status: this.getNodeParameter('status', itemIndex) as string,
				date_time: dateTimeOf(this.getNodeParameter('dateTime', itemIndex, ''), 'Date and Time'),
			}),
		);
		return await itemRequest.call(this, 'PATCH', invoicePath(id, 'change-status'), { body });
	},
};
