/**
 * The FundraisingBox Payment-API and Session-API contract as pure functions: the form body that is
 * sent, and what an answer means. Contract and assumptions: docs/fundraisingbox.md, "Payment-API".
 *
 * - Requests are form-encoded POSTs to `app/payment`, `app/createSession`, `app/updateSession`
 *   with the form `hash` (added by the credential) and the values as `payment[<field>]`.
 * - An API error is `{"status":"error","error":"error 105: no hash"}`, with HTTP 400/404/500 (or 200).
 * - A payment answer is `{"status":"success","payment_status":"success"|"awaiting"|"error",
 *   "redirect_url", "transaction": <Transaction JSON>}` or, for `error`, `"errors": <Errors JSON>`.
 * - A session answer is `{"status":"success","session":{"hash","status","errors","values"}}`.
 */
import type { IDataObject } from 'n8n-workflow';

/** Field values as FundraisingBox names them (`first_name`, `bank_iban`, ...), already as text. */
export type PaymentValues = Record<string, string>;

export type PaymentApiEndpoint = 'payment' | 'createSession' | 'updateSession';

/** The documented API error codes (developer.fundraisingbox.com, Payment-API / Session-API). */
export const PAYMENT_API_ERRORS: Record<number, string> = {
	101: 'general error',
	102: 'not owner: you are not allowed to use forms',
	103: 'inactive: the selected form is inactive',
	104: 'not API owner: you are not allowed to use the form API',
	105: 'no hash: the form hash is missing',
	106: 'no config: no form has been found for the given hash',
	201: 'session incomplete: only a complete session can be processed',
	202: 'session processed: a session can be processed only once',
	203: 'session not found: wrong or no session hash',
	204: 'session exists already',
	205: 'new session requires values',
	404: 'server error',
	500: 'server error',
	900: 'general error',
};

/** What the user can do about an API error, by code. */
const API_ERROR_HINTS: Record<number, string> = {
	102: 'The FundraisingBox account may not use forms; ask FundraisingBox support.',
	103: 'Activate the donation form in FundraisingBox.',
	104: 'Allow the form API in the settings of the donation form.',
	105: 'Set the form hash in the FundraisingBox Payment API credential.',
	106: 'Check the form hash in the FundraisingBox Payment API credential (FundraisingBox → Forms → the form → Settings).',
	201: 'The session still has errors (see Update Session: session.errors.other_fields); complete it first.',
	202: 'A session can be processed only once; create a new session for another payment.',
	203: 'Check the session hash; a processed session cannot be read or used again.',
	205: 'Send at least one value.',
};

/** Field names that FundraisingBox wants together in one Session-API call ("field dependencies"). */
export const SESSION_FIELD_GROUPS: string[][] = [
	['salutation', 'title', 'first_name', 'last_name'],
	['address', 'post_code', 'city', 'country'],
	['bank_fields', 'bank_account_owner', 'bank_account_number', 'bank_number', 'bank_iban', 'bank_bic', 'bank_confirmation'],
	[
		'credit_card_owner',
		'credit_card_token',
		'credit_card_expire_date_month',
		'credit_card_expire_date_year',
		'credit_card_number_hidden',
		'credit_card_secure_id_hidden',
		'credit_card_network',
	],
];

const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

/** A form field name that can go into `payment[...]` without changing the meaning of the body. */
export function isFormFieldName(name: string): boolean {
	return FIELD_NAME.test(name);
}

/** The form body: top-level parameters (`api`, `fbSessionHash`, `ip`) and `payment[<field>]` values. */
export function paymentFormBody(values: PaymentValues, topLevel: Record<string, string> = {}): Record<string, string> {
	const body: Record<string, string> = { ...topLevel };
	for (const [field, value] of Object.entries(values)) {
		if (!isFormFieldName(field)) throw new Error(`"${field}" is not a FundraisingBox form field name`);
		body[`payment[${field}]`] = value;
	}
	return body;
}

/** A value as FundraisingBox expects it in a form: numbers as written, checkboxes "1" or "". */
export function formValue(value: unknown): string {
	if (value === true) return '1';
	if (value === false || value === null || value === undefined) return '';
	return String(value);
}

export interface GroupProblem {
	group: string[];
	missing: string[];
}

/** Groups of which some, but not all, fields are among the values. */
export function incompleteFieldGroups(values: PaymentValues, groups: string[][] = SESSION_FIELD_GROUPS): GroupProblem[] {
	return groups
		.filter((group) => group.some((field) => field in values))
		.map((group) => ({ group, missing: group.filter((field) => !(field in values)) }))
		.filter((problem) => problem.missing.length > 0);
}

export function describeGroupProblems(problems: GroupProblem[]): string {
	return problems
		.map((problem) => `${problem.missing.join(', ')} (to go with ${problem.group.filter((f) => !problem.missing.includes(f)).join(', ')})`)
		.join('; ');
}

export interface FieldError {
	/** The form field, or `null` for a general error (`globals`). */
	field: string | null;
	message: string;
	/** `current_fields`: a value that was sent is invalid; `other_fields`: a required value was not sent. */
	kind: 'current_fields' | 'other_fields' | 'globals';
}

const isObject = (value: unknown): value is IDataObject =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/** The entries of an Errors JSON (`current_fields`, `other_fields`, `globals`), in that order. */
export function listFieldErrors(errors: unknown): FieldError[] {
	if (!isObject(errors)) return [];
	const list: FieldError[] = [];
	for (const kind of ['current_fields', 'other_fields'] as const) {
		const fields = errors[kind];
		if (!isObject(fields)) continue;
		for (const [field, message] of Object.entries(fields)) list.push({ field, message: formValue(message), kind });
	}
	const globals = errors.globals;
	for (const message of Array.isArray(globals) ? globals : []) list.push({ field: null, message: formValue(message), kind: 'globals' });
	return list;
}

export function describeFieldErrors(list: FieldError[]): string {
	return list.map((error) => (error.field ? `${error.field}: ${error.message}` : error.message)).join('; ');
}

export interface ApiErrorInfo {
	code: number | undefined;
	meaning: string | undefined;
	/** FundraisingBox's own text, e.g. "error 105: no hash". */
	text: string;
}

export function parseApiError(text: string): ApiErrorInfo {
	const match = /error\s*(\d+)/i.exec(text);
	const code = match ? Number(match[1]) : undefined;
	return { code, meaning: code === undefined ? undefined : PAYMENT_API_ERRORS[code], text };
}

/** What a failed call reports: the node error's message and description, and the details of an error item. */
export interface PaymentApiFailure {
	message: string;
	description: string;
	details: IDataObject;
	httpStatus: number;
}

export type Interpretation = { ok: true; json: IDataObject } | { ok: false; failure: PaymentApiFailure };

/** Reads an answer body that may still be text (a non-JSON content type, or an HTML error page). */
export function answerObject(body: unknown): IDataObject | undefined {
	if (isObject(body)) return body;
	if (typeof body !== 'string') return undefined;
	try {
		const parsed: unknown = JSON.parse(body);
		return isObject(parsed) ? parsed : undefined;
	} catch {
		return undefined;
	}
}

/** Top-level API errors and answers that are not the API's JSON; `undefined` when the answer is a success. */
function apiFailure(httpStatus: number, answer: IDataObject | undefined): PaymentApiFailure | undefined {
	if (!answer) {
		return {
			message: `FundraisingBox answered HTTP ${httpStatus} without the Payment-API's JSON`,
			description: 'Check the Payment-API Base URL in the credential (default https://secure.fundraisingbox.com/app).',
			details: { httpStatus },
			httpStatus,
		};
	}
	if (answer.status === 'success') return undefined;
	const info = parseApiError(formValue(answer.error ?? answer.status));
	const label = info.code === undefined ? info.text : `error ${info.code}${info.meaning ? ` (${info.meaning})` : ''}`;
	return {
		message: `FundraisingBox refused the request: ${label}`,
		description: [`FundraisingBox answered HTTP ${httpStatus}: "${info.text}".`, info.code ? API_ERROR_HINTS[info.code] : undefined]
			.filter(Boolean)
			.join(' '),
		details: { status: 'error', apiError: info.text, apiErrorCode: info.code ?? null, httpStatus },
		httpStatus,
	};
}

const ERRORS_JSON_HINT =
	'current_fields: sent values that are invalid; other_fields: required values that were not sent; globals: general errors. FundraisingBox translates the messages into the language of the form.';

/** An `app/payment` answer: success and awaiting are results, everything else is a failure. */
export function interpretPaymentAnswer(httpStatus: number, body: unknown): Interpretation {
	const answer = answerObject(body);
	const failure = apiFailure(httpStatus, answer);
	if (failure) return { ok: false, failure };
	const json = answer as IDataObject;
	if (json.payment_status === 'success' || json.payment_status === 'awaiting') return { ok: true, json };
	const fieldErrors = listFieldErrors(json.errors);
	return {
		ok: false,
		failure: {
			message: `FundraisingBox rejected the payment: ${describeFieldErrors(fieldErrors) || `payment_status ${formValue(json.payment_status) || 'missing'}`}`,
			description: ERRORS_JSON_HINT,
			details: { ...json, fieldErrors: fieldErrors as unknown as IDataObject[] },
			httpStatus,
		},
	};
}

/**
 * An `app/createSession` / `app/updateSession` answer. A session may be incomplete (its
 * `other_fields` list what is still missing); sent values that FundraisingBox did not store
 * (`current_fields`) and general errors (`globals`) are failures.
 */
export function interpretSessionAnswer(httpStatus: number, body: unknown): Interpretation {
	const answer = answerObject(body);
	const failure = apiFailure(httpStatus, answer);
	if (failure) return { ok: false, failure };
	const json = answer as IDataObject;
	const session = isObject(json.session) ? json.session : {};
	const rejected = listFieldErrors(session.errors).filter((error) => error.kind !== 'other_fields');
	if (rejected.length === 0) return { ok: true, json };
	return {
		ok: false,
		failure: {
			message: `FundraisingBox did not store these session values: ${describeFieldErrors(rejected)}`,
			description: `The session was saved without them. ${ERRORS_JSON_HINT}`,
			details: { ...json, fieldErrors: rejected as unknown as IDataObject[] },
			httpStatus,
		},
	};
}

/**
 * The credential test: `app/createSession` without values. A known form hash gets error 205 ("new
 * session requires values"); an unknown or unusable one gets 101–106 before any values are looked
 * at. Nothing is created either way.
 */
export function credentialTestVerdict(httpStatus: number, body: unknown): { ok: boolean; message: string } {
	const answer = answerObject(body);
	if (answer?.status === 'success') return { ok: true, message: 'FundraisingBox accepted the form hash' };
	const failure = apiFailure(httpStatus, answer);
	const code = answer ? parseApiError(formValue(answer.error)).code : undefined;
	if (code === 205) return { ok: true, message: 'FundraisingBox knows the form hash' };
	return { ok: false, message: failure?.message ?? `Unexpected answer, HTTP ${httpStatus}` };
}
