import { resourceModule } from '../../../shared/resourceModule';
import { getInvoice } from './get';

export const invoiceResource = resourceModule(
	{ name: 'Invoice', value: 'invoice', description: 'An invoice (receivable) with its positions, payments and PDF' },
	[getInvoice],
);
