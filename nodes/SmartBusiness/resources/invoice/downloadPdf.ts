import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import type { Operation } from '../../../shared/operations';
import { withBinary } from '../../../shared/resourceModule';
import { requiredId } from '../fields';
import { itemRequest, smartBusinessRequest } from '../../transport';
import { invoicePath, pdfFileName, pdfQuery, responseBytes } from './bodies';
import { checked } from '../../../shared/operations';
import { invoiceIdField } from './fields';

/**
 * GET /receivables/invoices/{id}/pdf?options={…}: the PDF as binary data, `invoice-<number>.pdf`,
 * with the invoice (GET /receivables/invoices/{id}) as the item's JSON.
 */
export const downloadInvoicePdf: Operation = {
	option: { name: 'Download PDF', value: 'downloadPdf', action: 'Download the PDF of an invoice', description: 'Get the invoice as a PDF file, with its payment slip' },
	properties: [
		invoiceIdField,
		{
			displayName: 'Put Output File in Field',
			name: 'binaryPropertyName',
			type: 'string',
			default: 'data',
			required: true,
			hint: 'The name of the output binary field to put the file in',
		},
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			default: {},
			placeholder: 'Add Option',
			options: [
				{ displayName: 'Ignore Custom Slip Position', name: 'isr_ignore_custom_position', type: 'boolean', default: false, description: "Whether to ignore the payment slip's custom position" },
				{ displayName: 'Print Slip Background', name: 'isr_display_image', type: 'boolean', default: false, description: "Whether to print the payment slip's background image" },
				{ displayName: 'Receipt', name: 'receipt', type: 'boolean', default: false, description: 'Whether to get a receipt instead of the invoice' },
			],
		},
	],
	async handler(this: IExecuteFunctions, itemIndex: number) {
		const id = requiredId(this, itemIndex, 'invoiceId', 'Invoice ID');
		const property = String(this.getNodeParameter('binaryPropertyName', itemIndex, 'data') ?? '').trim();
		if (property === '') throw new NodeOperationError(this.getNode(), 'Put Output File in Field is required', { itemIndex });
		const qs = pdfQuery(this.getNodeParameter('options', itemIndex, {}) as IDataObject);
		const invoice = await itemRequest.call(this, 'GET', invoicePath(id));
		const response = await smartBusinessRequest.call(this, 'GET', invoicePath(id, 'pdf'), { binary: true, qs });
		const bytes = checked(this, itemIndex, () => responseBytes(response));
		const binary = await this.helpers.prepareBinaryData(bytes, pdfFileName(invoice, id), 'application/pdf');
		return withBinary(invoice, { [property]: binary });
	},
};
