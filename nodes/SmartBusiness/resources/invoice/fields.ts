/** The UI fields of an invoice (reference smartbusiness.md §5.2–§5.5, §6); bodies.ts turns their values into requests. */
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { idField, sortedByName as sorted } from '../fields';

export const invoiceIdField = idField('invoiceId', 'Invoice ID', 'The ID of the invoice');

/** Document languages of an invoice. */
export const INVOICE_LANGUAGES: INodePropertyOptions[] = [
	{ name: 'English', value: 'en' },
	{ name: 'French', value: 'fr' },
	{ name: 'German', value: 'de' },
	{ name: 'Italian', value: 'it' },
	{ name: 'Spanish', value: 'es' },
];

/** Every invoice status (read-only `status`). */
export const INVOICE_STATUSES: INodePropertyOptions[] = [
	{ name: 'Cancelled', value: 'C' },
	{ name: 'Debt Collection', value: 'DC' },
	{ name: 'Deleted (Still Visible)', value: 'D' },
	{ name: 'Draft', value: 'DR' },
	{ name: 'Paid', value: 'P' },
	{ name: 'Partially Paid', value: 'PP' },
	{ name: 'Payment Reminder', value: 'R' },
	{ name: 'Reminder 1', value: 'R1' },
	{ name: 'Reminder 2', value: 'R2' },
	{ name: 'Reminder 3', value: 'R3' },
	{ name: 'Sent', value: 'S' },
];

/** What Change Status can set: partially paid follows from payments, deleted from Delete. */
export const SETTABLE_STATUSES = INVOICE_STATUSES.filter((status) => status.value !== 'PP' && status.value !== 'D');

const discountTypeOptions: INodePropertyOptions[] = [
	{ name: 'Amount', value: 'A' },
	{ name: 'Percent', value: 'P' },
];

export const languageField: INodeProperties = {
	displayName: 'Language',
	name: 'language',
	type: 'options',
	options: INVOICE_LANGUAGES,
	default: 'de',
	description: 'Language of the invoice document',
};

export const currencyField: INodeProperties = { displayName: 'Currency', name: 'currency', type: 'string', default: 'CHF', placeholder: 'e.g. CHF', description: 'ISO 4217 code, e.g. CHF or EUR' };

/** One position (`positions[]`, type N); the names are the API's. */
const positionValues: INodeProperties[] = [
	{ displayName: 'Name', name: 'name', type: 'string', default: '', required: true, placeholder: 'e.g. Donation' },
	{ displayName: 'Description', name: 'description', type: 'string', typeOptions: { rows: 2 }, default: '' },
	{ displayName: 'Price', name: 'price', type: 'number', typeOptions: { numberPrecision: 2 }, default: 0, description: 'Price per unit' },
	{ displayName: 'Quantity', name: 'amount', type: 'number', typeOptions: { numberPrecision: 2 }, default: 1 },
	{ displayName: 'VAT %', name: 'vat', type: 'number', typeOptions: { minValue: 0, numberPrecision: 2 }, default: 0, description: 'VAT rate in percent, e.g. 8.1; 0 for donations' },
	{
		displayName: 'Unit Name or ID',
		name: 'unit_id',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getUnits' },
		default: '',
		required: true,
		description: 'The unit of the position (e.g. pieces, hours). Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Catalog Type',
		name: 'catalog_type',
		type: 'options',
		options: [
			{ name: 'Product', value: 'P' },
			{ name: 'Service', value: 'S' },
		],
		default: 'S',
	},
	{ displayName: 'Discount', name: 'discount_rate', type: 'number', typeOptions: { minValue: 0, numberPrecision: 2 }, default: 0, description: 'Discount on this position; 0 for none' },
	{ displayName: 'Discount Type', name: 'discount_type', type: 'options', options: discountTypeOptions, default: 'P' },
];

export function positionsField(description: string, required = false): INodeProperties {
	return {
		displayName: 'Positions',
		name: 'positions',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		default: {},
		required,
		placeholder: 'Add Position',
		description,
		options: [{ displayName: 'Position', name: 'position', values: positionValues }],
	};
}

export const paymentSlipField: INodeProperties = {
	displayName: 'Payment Slip Name or ID',
	name: 'isr_id',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getPaymentSlips' },
	default: '',
	description: 'The payment slip (QR-bill, ISR) printed with the invoice. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

export const bankAccountField: INodeProperties = {
	displayName: 'Bank Account Name or ID',
	name: 'bank_account_id',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getBankAccounts' },
	default: '',
	description: 'The bank account printed on the invoice. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

/** Optional invoice fields of Create and Update; the names are the API's (the texts become `texts[status D]`). */
export const invoiceExtraFields: INodeProperties[] = [
	{ displayName: 'Invoice Number', name: 'number', type: 'string', default: '', description: 'SmartBusiness takes the next free number when empty' },
	{ displayName: 'Notes', name: 'notes', type: 'string', typeOptions: { rows: 3 }, default: '', description: 'Internal notes, not printed' },
	{ displayName: 'VAT Included', name: 'vat_included', type: 'boolean', default: false, description: 'Whether the prices of the positions include VAT' },
	{ displayName: 'Discount', name: 'discount_rate', type: 'number', typeOptions: { minValue: 0, numberPrecision: 2 }, default: 0, description: 'Discount on the whole invoice' },
	{ displayName: 'Discount Type', name: 'discount_type', type: 'options', options: discountTypeOptions, default: 'P' },
	paymentSlipField,
	{
		displayName: 'Payment Slip Position',
		name: 'isr_position',
		type: 'options',
		options: [
			{ name: 'Additional Page', value: 'A' },
			{ name: 'First Page', value: 'F' },
			{ name: 'Last Page', value: 'L' },
		],
		default: 'A',
	},
	bankAccountField,
	{ displayName: 'Service Period From', name: 'period_from', type: 'dateTime', default: '' },
	{ displayName: 'Service Period To', name: 'period_to', type: 'dateTime', default: '' },
	{ displayName: 'Service Period Text', name: 'period_text', type: 'string', default: '', placeholder: 'e.g. 01.12.2025 - 31.12.2025' },
	{ displayName: 'Contact Person ID', name: 'contact_person_id', type: 'string', default: '', description: "One of the contact's people (contact persons)" },
	{ displayName: 'Cash Discount (%)', name: 'cash_discount_rate', type: 'number', typeOptions: { minValue: 0, numberPrecision: 0 }, default: 0, description: 'Discount for paying early (Skonto), in whole percent' },
	{ displayName: 'Cash Discount Until', name: 'cash_discount_date', type: 'dateTime', default: '', description: 'Last day the cash discount applies' },
	{ displayName: 'PayPal Payment Link', name: 'payment_link_paypal', type: 'boolean', default: false, description: 'Whether to print a PayPal payment link on the invoice' },
	{ displayName: 'PostFinance Payment Link', name: 'payment_link_postfinance', type: 'boolean', default: false, description: 'Whether to print a PostFinance payment link on the invoice' },
	{ displayName: 'Payrexx Payment Link', name: 'payment_link_payrexx', type: 'boolean', default: false, description: 'Whether to print a Payrexx payment link on the invoice' },
	{ displayName: 'SmartCommerce Payment Link', name: 'payment_link_smartcommerce', type: 'boolean', default: false, description: 'Whether to print a SmartCommerce payment link on the invoice' },
	{ displayName: 'Title', name: 'title', type: 'string', default: '', placeholder: 'e.g. Rechnung Nr. {INVOICENO}', description: 'Title of the invoice text. Placeholders such as {INVOICENO}, {CUSTOMERNO}, {INVOICEAMOUNT} and {DATEDUE} are filled in by SmartBusiness.' },
	{ displayName: 'Introduction', name: 'introduction', type: 'string', typeOptions: { rows: 3 }, default: '', description: 'Text before the positions. Placeholders such as {INVOICENO}, {CUSTOMERNO}, {INVOICEAMOUNT} and {DATEDUE} are filled in by SmartBusiness.' },
	{ displayName: 'Conditions', name: 'conditions', type: 'string', typeOptions: { rows: 3 }, default: '', description: 'Text after the positions, e.g. payment conditions. Placeholders such as {INVOICENO}, {CUSTOMERNO}, {INVOICEAMOUNT} and {DATEDUE} are filled in by SmartBusiness.' },
];

export const createAdditionalFields: INodeProperties = {
	displayName: 'Additional Fields',
	name: 'additionalFields',
	type: 'collection',
	default: {},
	placeholder: 'Add Field',
	options: sorted(invoiceExtraFields),
};

export const updateFieldsField: INodeProperties = {
	displayName: 'Update Fields',
	name: 'updateFields',
	type: 'collection',
	default: {},
	placeholder: 'Add Field',
	options: sorted([
		{ displayName: 'Address ID', name: 'contact_address_id', type: 'string', default: '', description: "One of the contact's addresses, printed on the invoice" },
		{ displayName: 'Date', name: 'date', type: 'dateTime', default: '' },
		{ displayName: 'Due Date', name: 'due', type: 'dateTime', default: '' },
		{ ...currencyField, default: '' },
		languageField,
		...invoiceExtraFields,
	]),
};

/** Which optional parts to include in an invoice answer (`with`, reference §3.2). */
export const includeField: INodeProperties = {
	displayName: 'Include',
	name: 'invoiceInclude',
	type: 'multiOptions',
	options: [
		{ name: 'Bank Account', value: 'bank_account' },
		{ name: 'Contact', value: 'contact' },
		{ name: 'Contact Address', value: 'contact_address' },
		{ name: 'Contact Name', value: 'contact_name' },
		{ name: 'Contact Person', value: 'contact_person' },
		{ name: 'Custom Fields', value: 'custom_fields' },
		{ name: 'Free Texts', value: 'free_texts' },
		{ name: 'Payment Slip', value: 'isr' },
		{ name: 'Permissions', value: 'permissions' },
		{ name: 'Positions', value: 'positions' },
		{ name: 'Postal Address', value: 'contact_prepage_address' },
		{ name: 'Texts', value: 'texts' },
		{ name: 'Workflow (Automatic Reminders)', value: 'workflow' },
	],
	default: ['positions', 'texts'],
	description: 'Optional parts of the invoice to return with it; without them SmartBusiness returns only the base fields',
};
