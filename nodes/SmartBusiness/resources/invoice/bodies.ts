/**
 * Invoice request bodies, list filters, open amounts and PDF answers from the node's field values
 * (reference smartbusiness.md §5). Pure: an invalid value throws an Error naming the field, which
 * the operation turns into a NodeOperationError for its item.
 */
import type { IDataObject } from 'n8n-workflow';
import { wallClockIn } from '../../../shared/canonicalEvent';
import { addDays, apiDate, apiDateTime, compact, SMARTBUSINESS_TIME_ZONE } from '../../apiFormat';

export const INVOICES_PATH = '/receivables/invoices';

/** `/receivables/invoices/{id}` or one of its actions (`/payments`, `/send-by-email`, …). */
export function invoicePath(id: number, action?: string): string {
	return `${INVOICES_PATH}/${id}${action ? `/${action}` : ''}`;
}

/** A number from a number field or an expression's text, or an error naming the field. */
export function numberOf(value: unknown, label: string): number {
	const number = typeof value === 'string' && value.trim() !== '' ? Number(value.trim()) : value;
	if (typeof number !== 'number' || !Number.isFinite(number)) throw new Error(`${label} must be a number, not "${String(value ?? '')}"`);
	return number;
}

/** A SmartBusiness ID from a dropdown or text field; undefined when empty. */
export function optionalId(value: unknown, label: string): number | undefined {
	if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) return undefined;
	const text = String(value).trim();
	if (!/^\d+$/.test(text) || Number(text) === 0) throw new Error(`${label} must be a SmartBusiness ID (a whole number), not "${text}"`);
	return Number(text);
}

/** A date field's value as text: n8n gives a string, an expression may give a Date (read in Swiss time) or a Luxon DateTime (in its zone). */
function dateText(value: unknown): string {
	if (value instanceof Date) return Number.isNaN(value.getTime()) ? String(value) : wallClockIn(value, SMARTBUSINESS_TIME_ZONE);
	if (typeof value === 'object' && value !== null && typeof (value as { toISO?: unknown }).toISO === 'function') return String((value as { toISO: () => string }).toISO());
	return typeof value === 'string' ? value.trim() : value === undefined || value === null ? '' : String(value);
}

function checkedDateText(value: unknown, label: string, format: string): string | undefined {
	const text = dateText(value);
	if (text === '') return undefined;
	if (!/^\d{4}-\d{2}-\d{2}/.test(text)) throw new Error(`${label}: "${text}" is not a ${format}`);
	return text;
}

/** `YYYY-MM-DD` from a date field (undefined when empty), or an error naming the field. */
export function dateOf(value: unknown, label: string): string | undefined {
	return apiDate(checkedDateText(value, label, 'date (YYYY-MM-DD)'));
}

/** `YYYY-MM-DD HH:MM:SS` from a date-time field (undefined when empty), or an error naming the field. */
export function dateTimeOf(value: unknown, label: string): string | undefined {
	return apiDateTime(checkedDateText(value, label, 'date and time (YYYY-MM-DD HH:MM:SS)'));
}

/** Rounded to the cent (2 decimals). */
export function toCents(amount: number): number {
	return Math.round((amount + Number.EPSILON) * 100) / 100;
}

/** The `positions` fixedCollection (`{ position: [...] }`) as the API's positions, all of type N (normal). */
export function positionsBody(value: unknown): IDataObject[] {
	const entries = (value as { position?: IDataObject[] } | undefined)?.position;
	return (Array.isArray(entries) ? entries : []).map((position, index) => {
		const label = `Position ${index + 1}`;
		const name = String(position.name ?? '').trim();
		if (name === '') throw new Error(`${label}: Name is required`);
		const unitId = optionalId(position.unit_id, `${label}: Unit`);
		if (unitId === undefined) throw new Error(`${label}: Unit is required`);
		const discount = numberOf(position.discount_rate ?? 0, `${label}: Discount`);
		return compact({
			type: 'N',
			catalog_type: position.catalog_type || 'S',
			name,
			description: String(position.description ?? '').trim(),
			price: numberOf(position.price, `${label}: Price`),
			amount: numberOf(position.amount ?? 1, `${label}: Quantity`),
			vat: numberOf(position.vat ?? 0, `${label}: VAT %`),
			unit_id: unitId,
			...(discount > 0 ? { discount_rate: discount, discount_type: position.discount_type || 'P' } : {}),
		});
	});
}

const FIELD_LABELS: Readonly<Record<string, string>> = {
	bank_account_id: 'Bank Account',
	cash_discount_date: 'Cash Discount Until',
	cash_discount_rate: 'Cash Discount (%)',
	contact_address_id: 'Address ID',
	contact_person_id: 'Contact Person ID',
	date: 'Date',
	discount_rate: 'Discount',
	due: 'Due Date',
	isr_id: 'Payment Slip',
	period_from: 'Service Period From',
	period_to: 'Service Period To',
};
const DATE_FIELDS = ['date', 'due', 'period_from', 'period_to', 'cash_discount_date'];
const ID_FIELDS = ['contact_address_id', 'isr_id', 'bank_account_id', 'contact_person_id'];
const NUMBER_FIELDS = ['discount_rate', 'cash_discount_rate'];
/** Whole numbers only (swagger: `cash_discount_rate` integer, "cash discount value in %"). */
const INTEGER_FIELDS = ['cash_discount_rate'];
const TEXT_FIELDS = ['title', 'introduction', 'conditions'];

/**
 * The Additional Fields / Update Fields collection as invoice fields (dates `YYYY-MM-DD`, IDs as
 * numbers, empty values left out) and, apart, the changes to the invoice text (title,
 * introduction, conditions).
 */
export function invoiceFieldsBody(fields: IDataObject): { body: IDataObject; text: IDataObject } {
	const body: IDataObject = {};
	const text: IDataObject = {};
	for (const [key, value] of Object.entries(fields)) {
		const label = FIELD_LABELS[key] ?? key;
		if (TEXT_FIELDS.includes(key)) text[key] = typeof value === 'string' ? value.trim() : value;
		else if (DATE_FIELDS.includes(key)) body[key] = dateOf(value, label);
		else if (ID_FIELDS.includes(key)) body[key] = optionalId(value, label);
		else if (NUMBER_FIELDS.includes(key)) body[key] = value === '' || value === null || value === undefined ? undefined : numberOf(value, label);
		else if (key === 'currency' && typeof value === 'string') body[key] = value.trim().toUpperCase();
		else body[key] = typeof value === 'string' ? value.trim() : value;
	}
	for (const key of INTEGER_FIELDS) {
		if (body[key] !== undefined && !Number.isInteger(body[key])) throw new Error(`${FIELD_LABELS[key] ?? key} must be a whole number, not "${String(fields[key])}"`);
	}
	return { body: compact(body), text: compact(text) };
}

export interface CreateInvoiceInput {
	contactId: number;
	/** Left out when undefined: the operation then fills in the contact's main address. */
	addressId?: number;
	/** The Date field (empty: today). */
	date: unknown;
	/** The Due Date field (empty: date + payment term). */
	due: unknown;
	paymentTermDays: unknown;
	currency: unknown;
	language: unknown;
	positions: unknown;
	additionalFields: IDataObject;
	/** Today as `YYYY-MM-DD`. */
	today: string;
}

/** The body of `POST /receivables/invoices` (all of `contact_id … positions` is required there). */
export function createInvoiceBody(input: CreateInvoiceInput): IDataObject {
	const date = dateOf(input.date, 'Date') ?? input.today;
	let due = dateOf(input.due, 'Due Date');
	if (due === undefined) {
		const days = numberOf(input.paymentTermDays ?? 30, 'Payment Term (Days)');
		if (!Number.isInteger(days) || days < 0) throw new Error(`Payment Term (Days) must be a whole number of days, not "${String(input.paymentTermDays)}"`);
		due = addDays(date, days);
	}
	if (due < date) throw new Error(`Due Date ${due} is before the invoice date ${date}`);
	const currency = String(input.currency ?? '').trim().toUpperCase();
	if (currency === '') throw new Error('Currency is required, e.g. CHF');
	const positions = positionsBody(input.positions);
	if (positions.length === 0) throw new Error('Positions: add at least one position');
	const { body: extra, text } = invoiceFieldsBody(input.additionalFields);
	return compact({
		...extra,
		contact_id: input.contactId,
		contact_address_id: input.addressId,
		date,
		due,
		currency,
		language: String(input.language || 'de'),
		positions,
		texts: Object.keys(text).length > 0 ? [{ status: 'D', ...text }] : undefined,
	});
}

/** The invoice's texts with the changes applied to the default text (status D), which is added when missing. */
export function mergeDefaultText(texts: unknown, changes: IDataObject): IDataObject[] {
	const existing = Array.isArray(texts) ? (texts as IDataObject[]) : [];
	const hasDefault = existing.some((text) => text.status === 'D');
	const merged = existing.map((text) => (text.status === 'D' ? { ...text, ...changes } : text));
	return hasDefault ? merged : [...merged, { status: 'D', ...changes }];
}

/** The filters of Get Many: what goes to SmartBusiness and the check the node applies to every answer. */
export interface InvoiceListFilter {
	/** Equality filter keys for `filter` (status, contact_id, currency). */
	equals: IDataObject;
	q?: string;
	/** Whether an invoice meets every filter; SmartBusiness's contact filter is reported unreliable and it has no documented date comparator. */
	matches: (invoice: IDataObject) => boolean;
	/** Whether any filter is checked by the node (then lists are read in pages of 200 until the limit is met). */
	filtered: boolean;
}

export function invoiceListFilter(filters: IDataObject): InvoiceListFilter {
	const status = typeof filters.status === 'string' && filters.status !== '' ? filters.status : undefined;
	const contactId = optionalId(filters.contact_id, 'Contact ID');
	const currency = typeof filters.currency === 'string' && filters.currency.trim() !== '' ? filters.currency.trim().toUpperCase() : undefined;
	const from = dateOf(filters.dateFrom, 'Date From');
	const to = dateOf(filters.dateTo, 'Date To');
	if (from && to && from > to) throw new Error(`Date From ${from} is after Date To ${to}`);
	const matches = (invoice: IDataObject) => {
		const date = typeof invoice.date === 'string' ? invoice.date.slice(0, 10) : '';
		return (
			(status === undefined || invoice.status === status) &&
			(contactId === undefined || String(invoice.contact_id) === String(contactId)) &&
			(currency === undefined || String(invoice.currency ?? '').toUpperCase() === currency) &&
			(from === undefined || (date !== '' && date >= from)) &&
			(to === undefined || (date !== '' && date <= to))
		);
	};
	const q = typeof filters.q === 'string' && filters.q.trim() !== '' ? filters.q.trim() : undefined;
	return {
		equals: compact({ status, contact_id: contactId, currency }),
		q,
		matches,
		filtered: [status, contactId, currency, from, to].some((value) => value !== undefined),
	};
}

/** What is still open on an invoice: `total - total_paid`, to the cent. */
export function openAmount(invoice: IDataObject): number {
	const total = Number(invoice.total);
	if (invoice.total === null || invoice.total === undefined || !Number.isFinite(total)) throw new Error(`Invoice ${String(invoice.id ?? '')} has no total`);
	const paid = Number(invoice.total_paid ?? 0);
	return toCents(total - (Number.isFinite(paid) ? paid : 0));
}

export interface PaymentInput {
	type: unknown;
	amount: number;
	date: unknown;
	channel?: unknown;
	notes?: unknown;
	/** Today as `YYYY-MM-DD`. */
	today: string;
}

/** The body of `POST /receivables/invoices/{id}/payments`. */
export function paymentBody(input: PaymentInput): IDataObject {
	const amount = numberOf(input.amount, 'Amount');
	if (amount <= 0) throw new Error(`Amount must be more than 0, not ${amount}`);
	return compact({
		type: String(input.type || 'N'),
		amount: toCents(amount),
		date: dateOf(input.date, 'Date') ?? input.today,
		channel: typeof input.channel === 'string' ? input.channel : undefined,
		notes: typeof input.notes === 'string' ? input.notes.trim() : undefined,
	});
}

export interface Recipient extends IDataObject {
	email: string;
	name: string;
}

const EMAIL = /^[^\s@<>,;]+@[^\s@<>,;]+\.[^\s@<>,;]+$/;

/**
 * Recipients from a comma-separated list: `name@example.ch` or `Jane Doe <jane@example.ch>`.
 * SmartBusiness wants a name with each address: the address itself when none is given.
 */
export function parseRecipients(text: string): Recipient[] {
	return text
		.split(/[,;\n]/)
		.map((entry) => entry.trim())
		.filter((entry) => entry !== '')
		.map((entry) => {
			const named = /^(.*?)\s*<([^<>]+)>$/.exec(entry);
			const email = (named ? named[2] : entry).trim();
			if (!EMAIL.test(email)) throw new Error(`Recipients: "${entry}" is not an e-mail address`);
			const name = named ? named[1].trim().replace(/^"(.*)"$/, '$1') : '';
			return { email, name: name || email };
		});
}

/** The contact's e-mail address as a recipient; undefined when it has none. */
export function contactRecipient(contact: IDataObject): Recipient | undefined {
	const email = typeof contact.email === 'string' ? contact.email.trim() : '';
	if (!EMAIL.test(email)) return undefined;
	const name = typeof contact.name === 'string' && contact.name.trim() !== '' ? contact.name.trim() : email;
	return { email, name };
}

export const PDF_OPTIONS = ['receipt', 'isr_display_image', 'isr_ignore_custom_position'];

/** The query of `GET …/pdf`: `options` as JSON with the options switched on; none when all are off (the API's default). */
export function pdfQuery(options: IDataObject): IDataObject {
	const on = Object.fromEntries(PDF_OPTIONS.filter((key) => options[key] === true).map((key) => [key, true]));
	return Object.keys(on).length > 0 ? { options: JSON.stringify(on) } : {};
}

/** `invoice-<number>.pdf`, or `invoice-<id>.pdf` for an invoice without a number; safe as a file name. */
export function pdfFileName(invoice: IDataObject, id: number): string {
	const number = typeof invoice.number === 'string' || typeof invoice.number === 'number' ? String(invoice.number).trim() : '';
	const stem = (number || String(id)).replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+|-+$/g, '');
	return `invoice-${stem || id}.pdf`;
}

/** The bytes of a binary answer (n8n's full response `{ body }` with `encoding: 'arraybuffer'`, or the body alone). */
export function responseBytes(response: unknown): Buffer {
	const body = typeof response === 'object' && response !== null && !Buffer.isBuffer(response) && !(response instanceof ArrayBuffer) && !ArrayBuffer.isView(response) && 'body' in response ? (response as { body: unknown }).body : response;
	if (Buffer.isBuffer(body)) return body;
	if (body instanceof ArrayBuffer) return Buffer.from(body);
	if (ArrayBuffer.isView(body)) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
	if (typeof body === 'string') return Buffer.from(body, 'binary');
	throw new Error('SmartBusiness sent no PDF');
}
