/** Request bodies and list queries for OnlineFundraising, from the node's field values (pure). */
import type { IDataObject } from 'n8n-workflow';
import { toApiDate } from './values';

/**
 * The fields as OnlineFundraising takes them: dates as `YYYY-MM-DD`, comma lists as arrays, JSON
 * text parsed; empty optional values are left out (OnlineFundraising stores what it is given as is).
 */
export function entityBody(fields: IDataObject, formats: { dates?: string[]; lists?: string[]; json?: string[] } = {}): IDataObject {
	const body: IDataObject = {};
	for (const [key, value] of Object.entries(fields)) {
		if (value === undefined || value === null || value === '') continue;
		if (formats.dates?.includes(key)) body[key] = toApiDate(value);
		else if (formats.lists?.includes(key)) body[key] = String(value).split(',').map((entry) => entry.trim()).filter(Boolean);
		else if (formats.json?.includes(key)) body[key] = parsedJson(key, value) as IDataObject;
		else body[key] = value;
	}
	return body;
}

function parsedJson(key: string, value: unknown): unknown {
	if (typeof value !== 'string') return value;
	let parsed: unknown;
	let valid = true;
	try {
		parsed = JSON.parse(value);
	} catch {
		valid = false;
	}
	if (!valid) throw new Error(`${key} is not valid JSON`);
	return parsed;
}

const cents = (amount: number) => Math.round(amount * 100);

/**
 * Agreement amounts from the amount excluding VAT and the VAT rate: `amountVat` and `amountTotal`
 * ("Total amount including VAT used when charging") to the øre; `unitPrice` is the amount, as the
 * quantity fields are deprecated.
 */
export function agreementAmounts(amount: number, vatPercentage: number): IDataObject {
	if (!Number.isFinite(amount) || amount < 0) throw new Error(`Amount must be a number of at least 0, not ${String(amount)}`);
	if (!Number.isFinite(vatPercentage) || vatPercentage < 0) throw new Error(`VAT Percentage must be a number of at least 0, not ${String(vatPercentage)}`);
	const vatCents = Math.round((cents(amount) * vatPercentage) / 100);
	return {
		unitPrice: cents(amount) / 100,
		amount: cents(amount) / 100,
		amountVat: vatCents / 100,
		amountTotal: (cents(amount) + vatCents) / 100,
		vatPercentage,
	};
}

/** The list query from the Filters collection: dates as `YYYY-MM-DD`, empty values left out. */
export function listQuery(filters: IDataObject, dates: string[] = []): IDataObject {
	return entityBody(filters, { dates });
}
