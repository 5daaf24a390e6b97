import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import type { Operation } from '../../../shared/operations';
import { contactLocator, requiredId } from '../fields';
import { swissToday } from '../../apiFormat';
import { itemRequest } from '../../transport';
import { createInvoiceBody, INVOICES_PATH, optionalId } from './bodies';
import { checked } from '../../../shared/operations';
import { createAdditionalFields, currencyField, languageField, positionsField } from './fields';

/**
 * POST /receivables/invoices (201 `{item}`): a draft invoice (status DR), not sent. Without an
 * Address ID it is addressed to the contact's main address (GET /contacts/{id}).
 */
export const createInvoice: Operation = {
	option: { name: 'Create', value: 'create', action: 'Create an invoice', description: 'Create a draft invoice with its positions; it is not sent' },
	properties: [
		contactLocator(),
		{ displayName: 'Address ID', name: 'addressId', type: 'string', default: '', description: "One of the contact's addresses, printed on the invoice. Empty: the contact's main address." },
		{ displayName: 'Date', name: 'date', type: 'dateTime', default: '', description: 'The invoice date. Empty: today (in Switzerland).' },
		{ displayName: 'Due Date', name: 'due', type: 'dateTime', default: '', description: 'Empty: the invoice date plus the payment term' },
		{
			displayName: 'Payment Term (Days)',
			name: 'paymentTermDays',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 30,
			description: 'Days from the invoice date to the due date, used when Due Date is empty',
		},
		{ ...currencyField, required: true },
		languageField,
		positionsField('What the invoice bills: at least one position', true),
		createAdditionalFields,
	],
	async handler(this: IExecuteFunctions, itemIndex: number) {
		const contactId = requiredId(this, itemIndex, 'contactId', 'Contact');
		const param = (name: string, fallback: unknown = '') => this.getNodeParameter(name, itemIndex, fallback);
		const body = checked(this, itemIndex, () =>
			createInvoiceBody({
				contactId,
				addressId: optionalId(param('addressId'), 'Address ID'),
				date: param('date'),
				due: param('due'),
				paymentTermDays: param('paymentTermDays', 30),
				currency: param('currency', 'CHF'),
				language: param('language', 'de'),
				positions: param('positions', {}),
				additionalFields: param('additionalFields', {}) as IDataObject,
				today: swissToday(),
			}),
		);
		if (body.contact_address_id === undefined) {
			const contact = await itemRequest.call(this, 'GET', `/contacts/${contactId}`);
			const mainAddressId = Number(contact.main_address_id);
			if (!Number.isInteger(mainAddressId) || mainAddressId <= 0) {
				throw new NodeOperationError(this.getNode(), `Contact ${contactId} has no main address to send the invoice to`, {
					itemIndex,
					description: 'Set Address ID, or give the contact an address in SmartBusiness.',
				});
			}
			body.contact_address_id = mainAddressId;
		}
		return await itemRequest.call(this, 'POST', INVOICES_PATH, { body });
	},
};
