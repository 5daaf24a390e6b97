import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import type { Operation } from '../../../shared/operations';
import { requiredId } from '../fields';
import { compact } from '../../apiFormat';
import { itemRequest, smartBusinessRequest } from '../../transport';
import { contactRecipient, invoicePath, parseRecipients, type Recipient } from './bodies';
import { checked } from '../../../shared/operations';
import { invoiceIdField } from './fields';

/**
 * PATCH /receivables/invoices/{id}/send-by-email (204). Without recipients the e-mail goes to the
 * invoice's contact (GET the invoice, then its contact). Whether SmartBusiness then sets the
 * status to Sent is unconfirmed (reference §5.4): use Change Status to be sure.
 */
export const sendInvoiceByEmail: Operation = {
	option: {
		name: 'Send by Email',
		value: 'sendByEmail',
		action: 'Send an invoice by email',
		description: 'Email the invoice to its contact or to given recipients. Irreversible: the email goes out at once.',
	},
	properties: [
		invoiceIdField,
		{ displayName: 'Subject', name: 'subject', type: 'string', default: '', required: true, placeholder: 'e.g. Rechnung {INVOICENO}' },
		{
			displayName: 'Body',
			name: 'body',
			type: 'string',
			typeOptions: { rows: 6 },
			default: '',
			required: true,
			description: 'Text of the email; SmartBusiness attaches the invoice',
		},
		{
			displayName: 'Recipients',
			name: 'recipients',
			type: 'string',
			default: '',
			placeholder: 'e.g. jane@example.ch, Max Muster <max@example.ch>',
			description: "Email addresses separated by commas. Empty: the email address of the invoice's contact.",
		},
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			default: {},
			placeholder: 'Add Option',
			options: [
				{
					displayName: 'From',
					name: 'from',
					type: 'options',
					options: [
						{ name: 'Central No-Reply Address', value: 'CE' },
						{ name: 'Company Email', value: 'CO' },
						{ name: 'Company SMTP Server', value: 'S' },
						{ name: 'User Email', value: 'U' },
					],
					default: 'CO',
					description: "The sender; without this option the company's default",
				},
				{ displayName: 'Send Receipt', name: 'receipt', type: 'boolean', default: false, description: 'Whether to send a receipt instead of the invoice' },
			],
		},
	],
	async handler(this: IExecuteFunctions, itemIndex: number) {
		const id = requiredId(this, itemIndex, 'invoiceId', 'Invoice ID');
		const text = (name: string) => String(this.getNodeParameter(name, itemIndex, '') ?? '').trim();
		const subject = text('subject');
		const body = text('body');
		for (const [value, label] of [
			[subject, 'Subject'],
			[body, 'Body'],
		]) {
			if (value === '') throw new NodeOperationError(this.getNode(), `${label} is required`, { itemIndex });
		}
		let recipients: Recipient[] = checked(this, itemIndex, () => parseRecipients(text('recipients')));
		if (recipients.length === 0) {
			const invoice = await itemRequest.call(this, 'GET', invoicePath(id));
			const contact = await itemRequest.call(this, 'GET', `/contacts/${String(invoice.contact_id)}`);
			const recipient = contactRecipient(contact);
			if (!recipient) {
				throw new NodeOperationError(this.getNode(), `Recipients is empty and the invoice's contact ${String(contact.name ?? '')} (ID ${String(invoice.contact_id)}) has no email address`, {
					itemIndex,
					description: 'Set Recipients, or add an email address to the contact in SmartBusiness.',
				});
			}
			recipients = [recipient];
		}
		const options = compact(this.getNodeParameter('options', itemIndex, {}) as IDataObject);
		await smartBusinessRequest.call(this, 'PATCH', invoicePath(id, 'send-by-email'), { body: { subject, body, recipients, ...options } });
		return { id, sent: true, recipients };
	},
};
