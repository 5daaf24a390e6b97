/**
 * From the node's parameters to FundraisingBox form values (`first_name`, `bank_iban`, ...).
 * The UI groups fields into collections with camelCase names; this table says which form field
 * each one fills. Pure, so the mapping is unit-tested.
 */
import { formValue, isFormFieldName, type PaymentValues } from '../../paymentApi/protocol';

/** Parameter (within its collection or at the top) → FundraisingBox form field. */
export const FORM_FIELD_OF_PARAMETER: Record<string, string> = {
	amount: 'amount',
	interval: 'interval',
	paymentMethod: 'payment_method',
	salutation: 'salutation',
	title: 'title',
	firstName: 'first_name',
	lastName: 'last_name',
	companyName: 'company_name',
	email: 'email',
	phone: 'phone',
	street: 'address',
	postCode: 'post_code',
	city: 'city',
	country: 'country',
	bankAccountOwner: 'bank_account_owner',
	bankIban: 'bank_iban',
	bankBic: 'bank_bic',
	projectId: 'fb_project_id',
	itemId: 'fb_item_id',
	wantsReceipt: 'wants_receipt',
	wantsNewsletter: 'wants_newsletter',
	successRedirectUrl: 'success_redirect_url',
	failureRedirectUrl: 'failure_redirect_url',
};

/** The value parameters of one item, as n8n returns them (collections as objects). */
export interface PaymentParameters {
	/** Top-level fields and the flat collections (donor, address, bank account, additional). */
	fields: Record<string, unknown>;
	customFields?: { field?: Array<{ id?: string | number; value?: unknown }> };
	otherFields?: { field?: Array<{ name?: string; value?: unknown }> };
}

/** Parameters whose empty value means "not set": not sent at all (a form may lack the field). */
const OMITTED_WHEN_EMPTY = new Set(['interval']);

export type ValuesResult = { ok: true; values: PaymentValues } | { ok: false; problem: string };

export function paymentValuesFromParameters(parameters: PaymentParameters): ValuesResult {
	const values: PaymentValues = {};
	for (const [parameter, value] of Object.entries(parameters.fields)) {
		const field = FORM_FIELD_OF_PARAMETER[parameter];
		if (!field || value === undefined || (OMITTED_WHEN_EMPTY.has(parameter) && formValue(value).trim() === '')) continue;
		values[field] = formValue(value);
	}
	for (const { id, value } of parameters.customFields?.field ?? []) {
		const text = formValue(id).trim();
		if (!/^\d+$/.test(text)) return { ok: false, problem: `Custom field ID "${text}" is not a number` };
		values[`donation_custom_field_${text}`] = formValue(value);
	}
	for (const { name, value } of parameters.otherFields?.field ?? []) {
		const field = formValue(name).trim();
		if (!isFormFieldName(field)) return { ok: false, problem: `"${field}" is not a form field name (letters, digits and _ only)` };
		values[field] = formValue(value);
	}
	return { ok: true, values };
}
