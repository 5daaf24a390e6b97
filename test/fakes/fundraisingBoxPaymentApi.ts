/**
 * A fake FundraisingBox Payment-API and Session-API on loopback, built from the documented
 * contract (docs/fundraisingbox.md, "Payment-API"; developer.fundraisingbox.com app/payment,
 * app/createSession, app/updateSession, Transaction JSON, Errors JSON, Session-API conventions):
 *
 * - POST /app/payment, /app/createSession, /app/updateSession, form-encoded, the form `hash`,
 *   values as `payment[<field>]`; app/payment also wants `api=json`, and takes a complete
 *   session as `fbSessionHash` (processed once only).
 * - API errors `{"status":"error","error":"error <code>: <name>"}` with HTTP 400 (101–106, 201–205).
 * - Values are validated against the form: invalid sent values in `current_fields`, required
 *   values not sent in `other_fields`, general errors in `globals` (messages in German, as a German
 *   form answers).
 * - SEPA direct debit succeeds at once with a Transaction JSON; PayPal and EPS are redirect
 *   payments: `payment_status: "awaiting"` with the provider's `redirect_url`.
 * - A form has only the fields configured for it: a field it lacks is an "extra form field", even
 *   `interval=0` on a form without the interval field (Session-API "Requirements and conventions").
 * - The donor's IP must come as the top-level `ip` (ASSUMED name, docs/fundraisingbox.md): without
 *   it app/payment answers error 101; the fake never falls back to the caller's socket address.
 */
import { randomBytes } from 'crypto';
import type { IncomingMessage, ServerResponse } from 'http';
import { fundraisingBoxRateLimitHeaders } from './fundraisingBoxApi';
import { LoopbackFake } from './loopbackFake';

export interface FakeForm {
	id: number;
	name: string;
	/** false → error 103 (inactive). */
	active?: boolean;
	/** false → error 104 (form API not allowed). */
	formApiAllowed?: boolean;
	paymentMethods: string[];
	/** Standard fields this form does not have, e.g. `interval` on a one-off form. */
	omittedFields?: string[];
	/** The salutation options of the form's select (default: all predefined values). */
	salutations?: string[];
	/** Custom fields of donations: id → name. */
	donationCustomFields?: Record<number, string>;
	projectIds?: number[];
	/** The page the form is embedded in: the default target after a redirect payment. */
	embedUrl: string;
}

export interface FakeSession {
	hash: string;
	formHash: string;
	values: Record<string, string>;
	processed: boolean;
}

export interface FakeCall {
	endpoint: string;
	contentType: string | undefined;
	params: Record<string, string>;
}

type Transaction = Record<string, unknown>;

interface ErrorsJson {
	current_fields: Record<string, string>;
	other_fields: Record<string, string>;
	globals: string[];
}

const API_ERRORS: Record<number, string> = {
	101: 'general error',
	103: 'inactive',
	104: 'not api owner',
	105: 'no hash',
	106: 'no config',
	201: 'session incomplete',
	202: 'session processed',
	203: 'session not found',
	204: 'session exists already',
	205: 'new session requires values',
};

/** fb_type_id of the predefined payment types (developer.fundraisingbox.com, "Predefined values"). */
const TYPE_ID: Record<string, number> = { paypal: 3, sepa_direct_debit: 8, eps: 11, stripe_credit_card: 13 };
const REDIRECT_METHODS = new Set(['paypal', 'eps']);
/** Predefined values, "salutation" (developer.fundraisingbox.com/reference/predefined-values). */
const SALUTATIONS = ['Mr.', 'Mrs.', 'Miss', 'Ms', 'couple', 'family', 'diverse'];
const INTERVALS = ['0', '1', '3', '6', '12'];
const BASE_FIELDS = new Set([
	'amount', 'interval', 'payment_method', 'salutation', 'title', 'first_name', 'last_name', 'company_name', 'email', 'phone',
	'address', 'post_code', 'city', 'country', 'bank_fields', 'bank_account_owner', 'bank_account_number', 'bank_number',
	'bank_iban', 'bank_bic', 'bank_confirmation', 'fb_project_id', 'fb_item_id', 'wants_receipt', 'wants_newsletter',
	'public_name', 'public_message', 'success_redirect_url', 'failure_redirect_url',
]);

const REQUIRED = 'Pflichtfeld';
const INVALID = 'Ungültig';

/** ISO 13616 check digits (mod 97). */
export function isValidIban(iban: string): boolean {
	const compact = iban.replace(/\s+/g, '').toUpperCase();
	if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(compact)) return false;
	const digits = (compact.slice(4) + compact.slice(0, 4)).replace(/[A-Z]/g, (letter) => String(letter.charCodeAt(0) - 55));
	let remainder = 0;
	for (const digit of digits) remainder = (remainder * 10 + Number(digit)) % 97;
	return remainder === 1;
}

function now(): string {
	return new Date().toISOString().replace('T', ' ').slice(0, 19);
}

export class FakeFundraisingBoxPaymentApi extends LoopbackFake<FakeCall> {
	readonly sessions = new Map<string, FakeSession>();
	readonly transactions: Transaction[] = [];
	private nextTransactionId = 6341087;
	private nextDonationId = 8594118;

	constructor(private readonly forms: Record<string, FakeForm>) {
		super();
	}

	/** The credential's Payment-API Base URL. */
	get baseUrl(): string {
		return `http://127.0.0.1:${this.port}/app`;
	}

	protected override rateLimitHeaders(waitSeconds: number): Record<string, string> {
		return fundraisingBoxRateLimitHeaders(waitSeconds);
	}

	callsTo(endpoint: string): FakeCall[] {
		return this.calls.filter((call) => call.endpoint === endpoint);
	}



	protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const { text, headers } = await this.receive(req);
		const contentType = headers['content-type'];
		const isForm = (contentType ?? '').startsWith('application/x-www-form-urlencoded');
		const params = isForm ? Object.fromEntries(new URLSearchParams(text)) : {};
		const endpoint = /^\/app\/(payment|createSession|updateSession)\/?(?:\?.*)?$/.exec(req.url ?? '')?.[1];
		if (req.method !== 'POST' || !endpoint) return this.sendJson(res, 404, { status: 'error', error: 'error 404: not found' });
		this.calls.push({ endpoint, contentType, params });

		const formHash = params.hash ?? '';
		if (!formHash) return this.apiError(res, 105);
		const form = this.forms[formHash];
		if (!form) return this.apiError(res, 106);
		if (form.active === false) return this.apiError(res, 103);
		if (form.formApiAllowed === false) return this.apiError(res, 104);
		const values = paymentValues(params);

		if (endpoint === 'createSession') return this.createSession(res, formHash, form, params, values);
		if (endpoint === 'updateSession') return this.updateSession(res, formHash, form, params, values);
		if (params.api !== 'json') return this.apiError(res, 101);
		// The donor's IP, required ("otherwise your server will be blocked"); never the socket's address.
		const ip = (params.ip ?? '').trim();
		if (!ip) return this.apiError(res, 101);
		if (params.fbSessionHash) return this.processSession(res, formHash, form, params.fbSessionHash, ip);
		return this.pay(res, form, values, ip);
	}

	private pay(res: ServerResponse, form: FakeForm, values: Record<string, string>, ip: string): void {
		const errors = validate(form, values, true);
		if (hasErrors(errors)) return this.sendJson(res, 200, { status: 'success', payment_status: 'error', errors });
		const method = values.payment_method;
		const awaiting = REDIRECT_METHODS.has(method);
		const transaction = this.transaction(form, values, ip, awaiting);
		const redirectUrl = awaiting
			? `https://${method}.provider.example/checkout?token=${String(transaction.token)}`
			: values.success_redirect_url || `${form.embedUrl}?status=success&amount=${values.amount}`;
		return this.sendJson(res, 200, { status: 'success', payment_status: awaiting ? 'awaiting' : 'success', redirect_url: redirectUrl, transaction });
	}

	private processSession(res: ServerResponse, formHash: string, form: FakeForm, fbSessionHash: string, ip: string): void {
		const session = this.sessions.get(fbSessionHash);
		if (!session || session.formHash !== formHash) return this.apiError(res, 203);
		if (session.processed) return this.apiError(res, 202);
		if (hasErrors(validate(form, session.values, true))) return this.apiError(res, 201);
		session.processed = true;
		// Payment values sent next to a session are ignored (documented).
		return this.pay(res, form, session.values, ip);
	}

	private createSession(res: ServerResponse, formHash: string, form: FakeForm, params: Record<string, string>, values: Record<string, string>): void {
		if (params.fbSessionHash && this.sessions.has(params.fbSessionHash)) return this.apiError(res, 204);
		if (Object.keys(values).length === 0) return this.apiError(res, 205);
		const session: FakeSession = { hash: randomBytes(20).toString('hex'), formHash, values: {}, processed: false };
		this.sessions.set(session.hash, session);
		return this.storeInSession(res, form, session, values);
	}

	private updateSession(res: ServerResponse, formHash: string, form: FakeForm, params: Record<string, string>, values: Record<string, string>): void {
		const session = this.sessions.get(params.fbSessionHash ?? '');
		if (!session || session.formHash !== formHash) return this.apiError(res, 203);
		if (session.processed) return this.apiError(res, 202);
		return this.storeInSession(res, form, session, values);
	}

	/** Stores the valid values (invalid ones are not stored) and answers with the Session JSON. */
	private storeInSession(res: ServerResponse, form: FakeForm, session: FakeSession, values: Record<string, string>): void {
		const sent = validate(form, values, false);
		for (const [field, value] of Object.entries(values)) if (!(field in sent.current_fields)) session.values[field] = value;
		const stored = validate(form, session.values, true);
		const errors: ErrorsJson = { current_fields: sent.current_fields, other_fields: stored.other_fields, globals: stored.globals };
		const complete = !hasErrors(stored);
		return this.sendJson(res, 200, {
			status: 'success',
			session: { hash: session.hash, status: complete ? 'complete' : 'incomplete', errors, values: { ...session.values } },
		});
	}

	private transaction(form: FakeForm, values: Record<string, string>, ip: string, awaiting: boolean): Transaction {
		const interval = Number(values.interval || 0);
		const sepa = values.payment_method === 'sepa_direct_debit';
		const timestamp = now();
		const customValue = (id: string) => values[`donation_custom_field_${id}`] ?? '';
		const transaction: Transaction = {
			transaction_id: `FB-T-${this.nextTransactionId++}`,
			status: awaiting ? 'awaiting' : 'confirmed',
			token: randomBytes(16).toString('hex'),
			fb_source_id: 3,
			fb_payment_form_configuration_id: form.id,
			source_name: form.name,
			source_promotion_code: '',
			fb_project_id: values.fb_project_id ? Number(values.fb_project_id) : null,
			project_promotion_code: '',
			fb_type_id: TYPE_ID[values.payment_method] ?? null,
			type_promotion_code: '',
			amount: Number(values.amount.replace(',', '.')),
			currency: 'EUR',
			interval,
			fb_donation_id: awaiting ? null : this.nextDonationId++,
			by_recurring: 0,
			fb_recurring_payment_id: interval > 0 && !awaiting ? 51000 + this.transactions.length : null,
			meta_info: values.fb_item_id ? { item_id: Number(values.fb_item_id) } : {},
			receipt_status: values.wants_receipt === '1' ? 'receipt_now' : 'no_receipt',
			company_name: values.company_name ?? '',
			salutation: values.salutation ?? '',
			title: values.title ?? '',
			first_name: values.first_name ?? '',
			last_name: values.last_name ?? '',
			birthday: null,
			wants_newsletter: values.wants_newsletter === '1' ? 1 : 0,
			email: values.email ?? '',
			phone: values.phone ?? '',
			public_name: values.public_name ?? '',
			public_message: values.public_message ?? '',
			address: values.address ?? '',
			post_code: values.post_code ?? '',
			city: values.city ?? '',
			country: values.country ?? '',
			bank_account_owner: values.bank_account_owner ?? '',
			bank_number: null,
			bank_account_number: null,
			bank_iban: sepa ? values.bank_iban.replace(/\s+/g, '').toUpperCase() : null,
			bank_bic: values.bank_bic || null,
			bank_name: null,
			bank_country: sepa ? values.bank_iban.slice(0, 2).toUpperCase() : null,
			updated_at: timestamp,
			created_at: timestamp,
			received_at: null,
			is_test: 0,
			parent_url: form.embedUrl,
			ip,
			mandate_reference_id: sepa ? `FB-SEPA-${this.nextTransactionId}` : '',
			mandate_status: sepa ? 'active' : '',
			mandate_signature_date: sepa ? timestamp.slice(0, 10) : '',
			mandate_last_usage_date: '',
			mandate_transaction_type: sepa ? (interval > 0 ? 'recurrent' : 'one-off') : '',
			mandate_origin: sepa ? 'emandate' : '',
			fb_fundraising_page_id: null,
			fb_donation_custom_fields: Object.entries(form.donationCustomFields ?? {}).map(([id, name]) => ({ id, name, value: customValue(id) })),
			fb_person_custom_fields: [],
		};
		this.transactions.push(transaction);
		return transaction;
	}

	private apiError(res: ServerResponse, code: number): void {
		this.sendJson(res, 400, { status: 'error', error: `error ${code}: ${API_ERRORS[code]}` });
	}
}

function paymentValues(params: Record<string, string>): Record<string, string> {
	const values: Record<string, string> = {};
	for (const [key, value] of Object.entries(params)) {
		const field = /^payment\[([^\]]+)\]$/.exec(key)?.[1];
		if (field) values[field] = value;
	}
	return values;
}

function hasErrors(errors: ErrorsJson): boolean {
	return Object.keys(errors.current_fields).length > 0 || Object.keys(errors.other_fields).length > 0 || errors.globals.length > 0;
}

/**
 * Validates values against the form. Sent values that are invalid go to `current_fields`; with
 * `requireAll`, required values that are missing go to `other_fields`.
 */
function validate(form: FakeForm, values: Record<string, string>, requireAll: boolean): ErrorsJson {
	const errors: ErrorsJson = { current_fields: {}, other_fields: {}, globals: [] };
	const customFieldIds = new Set(Object.keys(form.donationCustomFields ?? {}));
	for (const [field, value] of Object.entries(values)) {
		const customId = /^donation_custom_field_(\d+)$/.exec(field)?.[1];
		const formHasField = BASE_FIELDS.has(field) && !form.omittedFields?.includes(field);
		if (!formHasField && !(customId && customFieldIds.has(customId))) {
			errors.current_fields[field] = 'extra form field';
			continue;
		}
		const problem = fieldProblem(form, field, value, values);
		if (problem) errors.current_fields[field] = problem;
	}
	if (!requireAll) return errors;
	for (const field of requiredFields(values)) {
		if (!(field in values)) errors.other_fields[field] = field === 'payment_method' ? 'Bitte wählen Sie eine Zahlungsweise' : REQUIRED;
	}
	return errors;
}

function requiredFields(values: Record<string, string>): string[] {
	const required = ['amount', 'payment_method', 'last_name'];
	if (values.payment_method === 'sepa_direct_debit') required.push('bank_account_owner', 'bank_iban');
	return required;
}

function fieldProblem(form: FakeForm, field: string, value: string, values: Record<string, string>): string | undefined {
	if (value.trim() === '') return requiredFields(values).includes(field) ? REQUIRED : undefined;
	switch (field) {
		case 'amount':
			return /^\d+([.,]\d{1,2})?$/.test(value) && Number(value.replace(',', '.')) >= 1 ? undefined : INVALID;
		case 'interval':
			return INTERVALS.includes(value) ? undefined : INVALID;
		case 'payment_method':
			return form.paymentMethods.includes(value) ? undefined : INVALID;
		case 'salutation':
			return (form.salutations ?? SALUTATIONS).includes(value) ? undefined : INVALID;
		case 'email':
			return /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value) ? undefined : 'Bitte geben Sie eine gültige E-Mail-Adresse ein';
		case 'country':
			return /^[A-Z]{2}$/i.test(value) ? undefined : INVALID;
		case 'bank_iban':
			return isValidIban(value) ? undefined : 'Bitte geben Sie eine gültige IBAN ein';
		case 'fb_project_id':
			return !form.projectIds || form.projectIds.includes(Number(value)) ? undefined : INVALID;
		case 'wants_receipt':
			return value !== '1' || (values.address && values.post_code && values.city) ? undefined : 'Für eine Zuwendungsbestätigung wird Ihre Adresse benötigt';
		case 'wants_newsletter':
			return value !== '1' || values.email ? undefined : 'Für den Newsletter wird Ihre E-Mail-Adresse benötigt';
		default:
			return undefined;
	}
}
