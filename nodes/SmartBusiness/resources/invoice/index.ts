import { resourceModule } from '../../../shared/resourceModule';
import { changeInvoiceStatus } from './changeStatus';
import { createInvoice } from './create';
import { createFromEvent } from './createFromEvent';
import { deleteInvoice } from './delete';
import { downloadInvoicePdf } from './downloadPdf';
import { getInvoice } from './get';
import { getManyInvoices } from './getAll';
import { getInvoicePayments } from './getPayments';
import { recordInvoicePayment } from './recordPayment';
import { sendInvoiceByEmail } from './sendByEmail';
import { sendInvoiceByPost } from './sendByPost';
import { updateInvoice } from './update';

export const invoiceResource = resourceModule(
	{ name: 'Invoice', value: 'invoice', description: 'An invoice (receivable) with its positions, payments and PDF' },
	[
		createInvoice,
		createFromEvent,
		getInvoice,
		getManyInvoices,
		updateInvoice,
		deleteInvoice,
		sendInvoiceByEmail,
		sendInvoiceByPost,
		changeInvoiceStatus,
		recordInvoicePayment,
		getInvoicePayments,
		downloadInvoicePdf,
	],
);
