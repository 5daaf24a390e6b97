import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import type { Operation } from '../../../shared/operations';
import { requiredId } from '../fields';
import { itemRequest } from '../../transport';
import { invoiceFieldsBody, invoicePath, mergeDefaultText, positionsBody } from './bodies';
import { checked } from '../../../shared/operations';
import { invoiceIdField, positionsField, updateFieldsField } from './fields';

/**
 * PUT /receivables/invoices/{id} with the changed fields. Positions, when given, replace all of
 * the invoice's positions. A changed title, introduction or conditions is merged into the
 * invoice's default text (read with GET …?with=texts), so the other texts stay.
 */
export const updateInvoice: Operation = {
	option: { name: 'Update', value: 'update', action: 'Update an invoice', description: 'Change fields or replace the positions of an invoice' },
	properties: [
		invoiceIdField,
		updateFieldsField,
		positionsField('When set, these replace all positions of the invoice; leave empty to keep them'),
	],
	async handler(this: IExecuteFunctions, itemIndex: number) {
		const id = requiredId(this, itemIndex, 'invoiceId', 'Invoice ID');
		const { body, text } = checked(this, itemIndex, () => invoiceFieldsBody(this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject));
		const positions = checked(this, itemIndex, () => positionsBody(this.getNodeParameter('positions', itemIndex, {})));
		if (positions.length > 0) body.positions = positions;
		if (Object.keys(body).length === 0 && Object.keys(text).length === 0) {
			throw new NodeOperationError(this.getNode(), 'Nothing to update: add a field under "Update Fields" or a position', { itemIndex });
		}
		if (Object.keys(text).length > 0) {
			const current = await itemRequest.call(this, 'GET', invoicePath(id), { qs: { with: 'texts' } });
			body.texts = mergeDefaultText(current.texts, text);
		}
		return await itemRequest.call(this, 'PUT', invoicePath(id), { body });
	},
};
