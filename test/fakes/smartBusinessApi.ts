/**
 * A fake PostFinance SmartBusiness API v2 (= the smallinvoice API v2) on loopback, built from the
 * documented contract (/work/shared/reference/smartbusiness.md §1–§6, cross-checked against the
 * mbachmann OpenAPI transcription for field lists and enums). All routes live under `/v2`.
 *
 * OAuth2 (§2):
 * - `POST /v2/auth/access-tokens`, JSON or form body, client credentials in the body or as HTTP Basic
 *   (body wins, as in league/oauth2-server). Grants `client_credentials` (no refresh token),
 *   `authorization_code` and `refresh_token`. Answers 200 (the docs do not say 200 or 201).
 * - `GET /v2/auth/authorize` auto-approves and redirects (302) to `redirect_uri?code=…&state=…`.
 * - Scopes are space separated and must be a subset of the client's registered scopes. A token request
 *   or authorization without `scope` is refused (invalid_scope): the docs' token request carries
 *   `scope` ("YOURSCOPES SEPARATED BY SPACE") and the vendor client always sends its endpoint's scope;
 *   league/oauth2-server refuses an empty scope when no default scope is set (ASSUMED: none is).
 *   A refresh without `scope` keeps the old scopes; it may narrow them, never widen them.
 * - Refresh tokens never expire and are single use; a refresh also revokes the access token issued
 *   with the old refresh token (league/oauth2-server behaviour, ASSUMED for SmartBusiness).
 * - Every OAuth failure is 401 `{code, message, meta:{error_type, hint}}` (§2.5, §3.4). ASSUMED: the
 *   `code` numbers and messages are league/oauth2-server's (invalid_request 3, invalid_client 4, invalid_scope 5,
 *   unsupported_grant_type 2, invalid_grant 10 / 8, access_denied 9); token-endpoint errors also carry the
 *   RFC 6749 top-level `error` and `error_description`, so standard OAuth2 clients recognise them.
 * - Access tokens look like JWTs (the spec says bearerFormat JWT, unconfirmed) and live `tokenTtlSeconds`.
 * - Every API route needs `Authorization: Bearer …` (401 access_denied otherwise) and its scope
 *   (403 `{code:5000}` otherwise): profile → /auth/owner, /auth/profile; contact → /contacts…;
 *   invoice → /receivables/invoices…; configuration → /configuration/bank-accounts, /receivables/configuration/isrs
 *   and /catalog/configuration/units (both official clients, `UnitsEndpoint::$scopes`; the `unitsScope`
 *   option switches units to `catalog`, the scope a third-party transcription gives).
 *
 * Cross-cutting (§3):
 * - `{item}` for one entity, `{items, pagination:{page,pages,total,first,last[,next][,previous]}}` for lists.
 *   ASSUMED: the page URLs keep the request's other list parameters (sort, filter, q, with) after
 *   `limit` and `offset`; an empty list has `pages: 1`.
 * - `limit` 1–200 (default 100, else 400 code 2103), `offset` ≥ 0 (else 2104), `sort` (keys, `-` for
 *   descending, else 2102; ties fall back to id), `with` (else 2100), `q` (case-insensitive substring),
 *   `filter` (JSON with `and`/`or` and per-key conditions; an unknown key or
 *   malformed JSON is 400 code 2000, the only 400 code the vendor client maps: its 2101 class is never
 *   thrown). The filterable keys per resource are UNCONFIRMED; the fake allows the ones listed in each
 *   spec below, and `setFilterBehaviour` makes it ignore a key (results as if the condition were
 *   absent) or refuse it (400, code 2000), so callers are tested against both; the key `q` does the
 *   same to the full-text search.
 *   Equality is case-insensitive for strings (MySQL collation, ASSUMED) and "contains" for arrays (relation).
 *   The documented comparator list is cut off in every copy; the fake supports, prefixed to a string
 *   value, `>=`, `<=`, `!=`, `>`, `<`, `!` (not equal) and `~` (contains) — all UNCONFIRMED.
 * - Rate-limit headers `X-Rate-Limit-Limit/-Remaining/-Reset` on every response (1000 per 3600 s window:
 *   the docs' example headers are Limit 1000, Reset 3600 "seconds left in the current period").
 *   Only when the `rateLimit` option is given does the fake refuse with 429 by itself; `failNext` injects 429s.
 * - Errors `{code, message, meta?}`: 400 (2000, 2100–2104), 401, 402 `{feature, limit}` (4001), 403 (5000),
 *   404 `{entity_type}` (3000), 405 (7000), 422 (1000, `meta.errors[{key, code, message}]` with 1100
 *   required, 1101 type, 1102 invalid value, 1103 format, 1104 cannot be changed, 1105 already exists),
 *   429 (6000), 503 (8000). ASSUMED: 500 and 502 bodies are `{code: <status>, message}` (undocumented).
 * - Dates `YYYY-MM-DD`, date-times `YYYY-MM-DD HH:MM:SS` in Europe/Zurich, 9-digit integer ids.
 * - Type checks are strict for numbers, integers (ids) and booleans (a numeric string is 1101, ASSUMED);
 *   a number where a string is expected is accepted and stored as text. Unknown body keys are ignored.
 *
 * Contacts (§4): CRUD, `DELETE /contacts/{id,id}`; addresses (deleting the main address → 400 code 2000)
 * and people sub-resources. ASSUMED: `main_address` in a contact PUT → 422 code 1104 (ContactPUT has no
 * main_address; the fake refuses loudly rather than ignore it); `gender` is enforced for type P;
 * the next free contact number starts at 1000; `communication_newsletter` defaults to `A`;
 * deleting a contact keeps its invoices.
 *
 * Invoices (§5): CRUD (list default sort `-number`), change-status, send-by-email, send-by-post, pdf,
 * payments. A position total includes VAT unless `vat_included` (as in the real captures:
 * 0.18 × 2 at 7.7 % → 0.39); the invoice total is the sum of the N positions, less the invoice discount,
 * rounded to 2 decimals. `isr_reference_number` (26 digits + mod-10-recursive check digit) only when `isr_id`
 * is set. ASSUMED: send-by-email and send-by-post turn `DR` into `S`; a payment sets `PP` (partly) or
 * `P` (fully paid, `paid_date` = the latest payment date) and deleting payments undoes that; change-status
 * `P` sets `paid_date` from `date_time`; the 402 document limit is checked before validation and counts
 * the invoices that exist; the next free invoice number starts at 10001; send-by-post needs all three fields.
 *
 * Configuration: units (ids 1 hours and 7 pieces as observed; other ids and names invented, names follow
 * `Accept-Language`), bank accounts (fields as in the spec: `description`, not `name`), ISRs: QR payment slips only (orange
 * ISR slips were withdrawn in Switzerland on 30 Sep 2022); one is the real `RIS` capture with a QR-IBAN,
 * including its garbage `created`; the other is ASSUMED to carry the same type.
 *
 * Test side: `failNext(count, status)` answers the next API requests (not the OAuth endpoints) with an
 * error; `documentLimit`; `expireAllTokens()`; `issueToken()`; data entry without validation
 * (`addContact`, `seedContacts` — 10,000 in ~0.1 s, and list orders are cached until the next change —
 * `addInvoice`); `calls`, `sentEmails`, `sentLetters`, `authorizeRequests`, `tokensIssued`.
 */
import { randomBytes } from 'crypto';
import type { IncomingMessage, ServerResponse } from 'http';
import { wallClockIn } from '../../nodes/shared/canonicalEvent';
import { LoopbackFake, type RecordedHttpCall } from './loopbackFake';

export interface SmartBusinessFakeCall extends RecordedHttpCall {
	/** True for the OAuth2 endpoints (token, authorize), false for API calls. */
	oauth: boolean;
}

export interface FakeSmartBusinessOptions {
	clientId: string;
	clientSecret: string;
	/** Access-token lifetime; default 43200 (12 h). */
	tokenTtlSeconds?: number;
	/** Scopes the client is registered for; default profile contact invoice configuration catalog. */
	scopes?: string[];
	/** The registered redirect URI; when set, authorize and code exchange must use it. */
	redirectUri?: string;
	/** Invoices the plan allows; invoice create answers 402 once this many exist. */
	documentLimit?: number;
	/** Requests per window; giving it makes the fake answer 429 by itself past the limit. */
	rateLimit?: number;
	/** Length of the rate-limit window; default 3600 s (the docs' example `X-Rate-Limit-Reset`). */
	rateLimitPeriodSeconds?: number;
	/** Scope of /catalog/configuration/units; default `configuration` (both official clients). */
	unitsScope?: 'configuration' | 'catalog';
}

/** What the list endpoints do with a `filter` condition on a key: drop it silently, or refuse it (400). */
export type FilterBehaviour = 'ignore' | 'refuse';

export interface FailOptions {
	/** `X-Rate-Limit-Reset` on a 429; default 1. */
	resetSeconds?: number;
	/** Replaces the documented error body. */
	body?: unknown;
}

export interface SentEmail {
	invoiceId: number;
	subject: string;
	body: string;
	recipients: Array<{ email: string; name: string }>;
	from: string | null;
	receipt: boolean;
	at: string;
}

export interface SentLetter {
	invoiceId: number;
	palette: string;
	print: string;
	speed: string;
	at: string;
}

export interface AuthorizeRequest {
	query: Record<string, string>;
	/** The code handed out, or undefined when the request was refused. */
	code?: string;
}

type Entity = Record<string, unknown>;

interface ContactRecord {
	fields: Entity;
	addresses: Map<number, Entity>;
	people: Map<number, Entity>;
	customFields: Entity[];
}

interface InvoiceRecord {
	fields: Entity;
	positions: Entity[];
	texts: Entity[];
	freeTexts: unknown[];
	workflow: unknown[];
	customFields: Entity[];
	payments: Map<number, Entity>;
	/** The status before payments turned it into PP or P, restored when they are deleted. */
	statusBeforePayment?: string;
}

interface AccessToken {
	scopes: string[];
	expiresAt: number;
	revoked: boolean;
}

interface RefreshToken {
	scopes: string[];
	accessToken: string;
	used: boolean;
}

interface AuthorizationCode {
	scopes: string[];
	redirectUri?: string;
	expiresAt: number;
	used: boolean;
}

interface ApiRequest {
	/** The path below `/v2`, e.g. `/contacts/123`. */
	path: string;
	query: Record<string, string>;
	body: unknown;
	headers: Record<string, string | undefined>;
}

interface Result {
	status: number;
	json?: unknown;
	binary?: Buffer;
	contentType?: string;
	headers?: Record<string, string>;
}

type Handler = (params: string[], request: ApiRequest) => Result;

interface Route {
	pattern: RegExp;
	scope: string;
	handlers: Partial<Record<string, Handler>>;
}

interface ListSpec<Row> {
	filterKeys: readonly string[];
	sortKeys: readonly string[];
	defaultSort: string;
	searchKeys: readonly string[];
	withKeys: readonly string[];
	value: (row: Row, key: string) => unknown;
	render: (row: Row, withKeys: ReadonlySet<string>) => Entity;
}

interface FieldError {
	key: string;
	code: number;
	message: string;
}

type Format = 'email' | 'date' | 'datetime' | 'country' | 'currency';

interface Rule {
	kind: 'string' | 'number' | 'integer' | 'boolean' | 'array' | 'object';
	required?: boolean;
	oneOf?: readonly string[];
	format?: Format;
}

const ALL_SCOPES = [
	'profile', 'contact', 'contact_reminder', 'letter', 'configuration', 'catalog', 'invoice', 'offer',
	'delivery_note', 'order_confirmation', 'project', 'cost_unit', 'working_hours', 'activity', 'effort',
];
const DEFAULT_SCOPES = ['profile', 'contact', 'invoice', 'configuration', 'catalog'];
const AUTH_CODE_TTL_MS = 10 * 60 * 1000;

class ApiError extends Error {
	constructor(
		readonly status: number,
		readonly body: Entity,
		readonly headers: Record<string, string> = {},
	) {
		super(String(body.message));
	}
}

const FIELD_MESSAGES: Record<number, string> = {
	1100: 'Value is required',
	1101: 'Invalid value type',
	1102: 'Invalid value',
	1103: 'Invalid value format',
	1104: 'Value cannot be changed',
	1105: 'Value already exists',
};

function fieldError(key: string, code: number, message = FIELD_MESSAGES[code]): FieldError {
	return { key, code, message };
}

function badRequest(code: number, message: string): ApiError {
	return new ApiError(400, { code, message });
}

function notFound(entityType: string): ApiError {
	return new ApiError(404, { code: 3000, message: 'Entity not found', meta: { entity_type: entityType } });
}

function unprocessable(errors: FieldError[]): ApiError {
	return new ApiError(422, { code: 1000, message: 'Invalid data', meta: { errors } });
}

const OAUTH_ERRORS: Record<string, { code: number; message: string }> = {
	unsupported_grant_type: { code: 2, message: 'The authorization grant type is not supported by the authorization server.' },
	unsupported_response_type: { code: 2, message: 'The authorization server does not support obtaining an authorization code using this method.' },
	invalid_request: { code: 3, message: 'The request is missing a required parameter, includes an invalid parameter value, includes a parameter more than once, or is otherwise malformed.' },
	invalid_client: { code: 4, message: 'Client authentication failed' },
	invalid_scope: { code: 5, message: 'The requested scope is invalid, unknown, or malformed' },
	access_denied: { code: 9, message: 'The resource owner or authorization server denied the request.' },
	invalid_grant: { code: 10, message: 'The provided authorization grant (e.g., authorization code, resource owner credentials) or refresh token is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.' },
};

/** A token-endpoint error: the documented body plus RFC 6749's `error` for generic OAuth2 clients. */
function oauthError(errorType: string, hint: string, code = OAUTH_ERRORS[errorType].code): ApiError {
	const { message } = OAUTH_ERRORS[errorType];
	return new ApiError(401, { code, message, meta: { error_type: errorType, hint }, error: errorType, error_description: message });
}

/** An API-side 401: the documented body only. */
function accessDenied(hint: string): ApiError {
	const { code, message } = OAUTH_ERRORS.access_denied;
	return new ApiError(401, { code, message, meta: { error_type: 'access_denied', hint } });
}

// ---- Values ----

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^(\d{4}-\d{2}-\d{2}) ([01]\d|2[0-3]):[0-5]\d:[0-5]\d$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function isRealDate(value: string): boolean {
	if (!DATE.test(value)) return false;
	const [year, month, day] = value.split('-').map(Number);
	const date = new Date(Date.UTC(year, month - 1, day));
	return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function isObject(value: unknown): value is Entity {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function round2(value: number): number {
	return Math.round((value + Number.EPSILON) * 100) / 100;
}

export function zurichNow(instant = new Date()): string {
	return wallClockIn(instant, 'Europe/Zurich');
}

/** The Swiss ISR/QRR check digit (modulo 10, recursive). */
export function isrCheckDigit(digits: string): number {
	const table = [0, 9, 4, 6, 8, 2, 7, 1, 3, 5];
	let carry = 0;
	for (const digit of digits) carry = table[(carry + Number(digit)) % 10];
	return (10 - carry) % 10;
}

function isrReference(sequence: number): string {
	const payload = String(sequence).padStart(26, '0');
	return `${payload}${isrCheckDigit(payload)}`;
}

function checkFormat(value: string, format: Format): string | undefined {
	switch (format) {
		case 'email':
			return value === '' || EMAIL.test(value) ? value : undefined;
		case 'date':
			return isRealDate(value) ? value : undefined;
		case 'datetime': {
			const match = DATE_TIME.exec(value);
			return match && isRealDate(match[1]) ? value : undefined;
		}
		case 'country':
			return /^[A-Za-z]{2}$/.test(value) ? value.toUpperCase() : undefined;
		case 'currency':
			return /^[A-Za-z]{3}$/.test(value) ? value.toUpperCase() : undefined;
	}
}

/** One value against its rule: the accepted value, or the 422 field code. */
function checkValue(value: unknown, rule: Rule): { value: unknown } | number {
	switch (rule.kind) {
		case 'string': {
			if (typeof value !== 'string' && !(typeof value === 'number' && Number.isFinite(value))) return 1101;
			let text: string | undefined = String(value);
			if (rule.oneOf && !rule.oneOf.includes(text)) return 1102;
			if (rule.format) text = checkFormat(text, rule.format);
			return text === undefined ? 1103 : { value: text };
		}
		case 'number':
			return typeof value === 'number' && Number.isFinite(value) ? { value } : 1101;
		case 'integer':
			return Number.isInteger(value) ? { value } : 1101;
		case 'boolean':
			return typeof value === 'boolean' ? { value } : 1101;
		case 'array':
			if (!Array.isArray(value)) return 1101;
			if (rule.oneOf && !value.every((item) => typeof item === 'string' && rule.oneOf!.includes(item))) return 1102;
			return { value: [...value] };
		case 'object':
			return isObject(value) ? { value } : 1101;
	}
}

/**
 * Checks the fields the rules name and returns the accepted ones (other keys are dropped, as the API
 * ignores them). `partial` (PUT) only checks what was sent.
 */
function validate(body: Entity, rules: Record<string, Rule>, errors: FieldError[], prefix = '', partial = false): Entity {
	const accepted: Entity = {};
	for (const [name, rule] of Object.entries(rules)) {
		const key = `${prefix}${name}`;
		const present = body[name] !== undefined;
		const value = body[name];
		// '' only counts as empty for text; for a number or a boolean it is a type error.
		const empty = value === null || (value === '' && rule.kind === 'string') || (rule.kind === 'array' && Array.isArray(value) && value.length === 0);
		if (!present || empty) {
			if (rule.required && (present || !partial)) errors.push(fieldError(key, 1100));
			else if (present) accepted[name] = value === '' ? '' : rule.kind === 'array' ? [] : null;
			continue;
		}
		const checked = checkValue(value, rule);
		if (typeof checked === 'number') errors.push(fieldError(key, checked));
		else accepted[name] = checked.value;
	}
	return accepted;
}

// ---- Field rules (ContactPOST, ContactAddressPOST, … in the spec) ----

const CONTACT_RULES: Record<string, Rule> = {
	number: { kind: 'string' },
	relation: { kind: 'array', required: true, oneOf: ['CL', 'CR'] },
	type: { kind: 'string', required: true, oneOf: ['C', 'P'] },
	gender: { kind: 'string', oneOf: ['M', 'F'] },
	gender_salutation_active: { kind: 'boolean' },
	name: { kind: 'string', required: true },
	name_addition: { kind: 'string' },
	salutation: { kind: 'string' },
	phone: { kind: 'string' },
	fax: { kind: 'string' },
	email: { kind: 'string', format: 'email' },
	website: { kind: 'string' },
	notes: { kind: 'string' },
	communication_language: { kind: 'string', oneOf: ['de', 'en', 'es', 'fr', 'it'] },
	communication_channel: { kind: 'string', oneOf: ['U', 'E', 'P'] },
	communication_newsletter: { kind: 'string', oneOf: ['A', 'M', 'N'] },
	currency: { kind: 'string', format: 'currency' },
	ebill_account_id: { kind: 'string' },
	vat_identification: { kind: 'string' },
	vat_rate: { kind: 'number' },
	discount_rate: { kind: 'number' },
	discount_type: { kind: 'string', oneOf: ['P', 'A'] },
	payment_grace: { kind: 'integer' },
	hourly_rate: { kind: 'number' },
	custom_fields: { kind: 'array' },
};

const ADDRESS_RULES: Record<string, Rule> = {
	default: { kind: 'boolean' },
	country: { kind: 'string', required: true, format: 'country' },
	street: { kind: 'string', required: true },
	street_no: { kind: 'string' },
	street2: { kind: 'string' },
	postcode: { kind: 'string', required: true },
	city: { kind: 'string', required: true },
	hide_on_documents: { kind: 'boolean' },
	default_prepage: { kind: 'boolean' },
};

const PERSON_RULES: Record<string, Rule> = {
	default: { kind: 'boolean' },
	name: { kind: 'string', required: true },
	surname: { kind: 'string', required: true },
	gender: { kind: 'string', required: true, oneOf: ['M', 'F'] },
	email: { kind: 'string', format: 'email' },
	phone: { kind: 'string' },
	department: { kind: 'string' },
	salutation: { kind: 'string' },
	show_title: { kind: 'boolean' },
	show_department: { kind: 'boolean' },
	wants_newsletter: { kind: 'boolean' },
	custom_fields: { kind: 'array' },
};

const INVOICE_RULES: Record<string, Rule> = {
	number: { kind: 'string' },
	contact_id: { kind: 'integer', required: true },
	contact_address_id: { kind: 'integer', required: true },
	contact_prepage_address_id: { kind: 'integer' },
	contact_person_id: { kind: 'integer' },
	date: { kind: 'string', required: true, format: 'date' },
	due: { kind: 'string', required: true, format: 'date' },
	period_from: { kind: 'string', format: 'date' },
	period_to: { kind: 'string', format: 'date' },
	period_text: { kind: 'string' },
	currency: { kind: 'string', required: true, format: 'currency' },
	vat_included: { kind: 'boolean' },
	discount_rate: { kind: 'number' },
	discount_type: { kind: 'string', oneOf: ['A', 'P'] },
	cash_discount_rate: { kind: 'integer' },
	cash_discount_date: { kind: 'string', format: 'date' },
	bank_account_id: { kind: 'integer' },
	isr_id: { kind: 'integer' },
	isr_position: { kind: 'string', oneOf: ['A', 'F', 'L'] },
	payment_link_paypal: { kind: 'boolean' },
	payment_link_postfinance: { kind: 'boolean' },
	payment_link_payrexx: { kind: 'boolean' },
	payment_link_smartcommerce: { kind: 'boolean' },
	language: { kind: 'string', required: true, oneOf: ['de', 'en', 'es', 'fr', 'it'] },
	signature_id: { kind: 'integer' },
	layout_id: { kind: 'integer' },
	notes: { kind: 'string' },
	custom_fields: { kind: 'array' },
	positions: { kind: 'array', required: true },
	texts: { kind: 'array' },
	free_texts: { kind: 'array' },
	workflow: { kind: 'array' },
};

const POSITION_RULES: Record<string, Rule> = {
	type: { kind: 'string', required: true, oneOf: ['N', 'T', 'PB', 'H', 'SI', 'SNI'] },
	catalog_type: { kind: 'string', required: true, oneOf: ['P', 'S'] },
	number: { kind: 'string' },
	name: { kind: 'string' },
	description: { kind: 'string' },
	price: { kind: 'number' },
	vat: { kind: 'number' },
	amount: { kind: 'number' },
	unit_id: { kind: 'integer' },
	discount_rate: { kind: 'number' },
	discount_type: { kind: 'string', oneOf: ['A', 'P'] },
	show_only_total: { kind: 'boolean' },
};

const TEXT_RULES: Record<string, Rule> = {
	status: { kind: 'string', required: true, oneOf: ['D', 'R', 'R1', 'R2', 'R3', 'DC', 'RE'] },
	title: { kind: 'string' },
	introduction: { kind: 'string' },
	conditions: { kind: 'string' },
};

const PAYMENT_RULES: Record<string, Rule> = {
	type: { kind: 'string', required: true, oneOf: ['N', 'C', 'D', 'W'] },
	channel: { kind: 'string', oneOf: ['T', 'C', 'PP', 'PF', 'CC', 'PR', 'SC'] },
	amount: { kind: 'number', required: true },
	date: { kind: 'string', required: true, format: 'date' },
	notes: { kind: 'string' },
};

const EMAIL_RULES: Record<string, Rule> = {
	subject: { kind: 'string', required: true },
	body: { kind: 'string', required: true },
	recipients: { kind: 'array', required: true },
	receipt: { kind: 'boolean' },
	from: { kind: 'string', oneOf: ['CO', 'U', 'S', 'CE'] },
};

const RECIPIENT_RULES: Record<string, Rule> = {
	email: { kind: 'string', required: true, format: 'email' },
	name: { kind: 'string', required: true },
};

const POST_RULES: Record<string, Rule> = {
	palette: { kind: 'string', required: true, oneOf: ['C', 'BW'] },
	print: { kind: 'string', required: true, oneOf: ['D', 'S'] },
	speed: { kind: 'string', required: true, oneOf: ['P', 'E'] },
};

const STATUS_RULES: Record<string, Rule> = {
	status: { kind: 'string', required: true, oneOf: ['DR', 'S', 'P', 'R1', 'R2', 'R3', 'R', 'DC', 'C', 'D'] },
	date_time: { kind: 'string', format: 'datetime' },
};

// ---- Entity layouts (field order as in the real captures) ----

const CONTACT_DEFAULTS: Entity = {
	number: null, relation: ['CL'], type: 'C', gender: null, gender_salutation_active: false, name: '', name_addition: null,
	salutation: null, phone: null, fax: null, email: null, website: null, notes: null, communication_language: 'de',
	communication_channel: 'U', communication_newsletter: 'A', currency: null, ebill_account_id: null, vat_identification: null,
	vat_rate: null, discount_rate: 0, discount_type: 'P', payment_grace: null, hourly_rate: null,
};

const ADDRESS_DEFAULTS: Entity = {
	default: false, country: 'CH', street: '', street_no: null, street2: null, postcode: '', city: '', hide_on_documents: false, default_prepage: false,
};

const PERSON_DEFAULTS: Entity = {
	default: false, name: '', surname: '', gender: 'M', email: null, phone: null, department: null, salutation: null,
	show_title: false, show_department: false, wants_newsletter: true,
};

const INVOICE_DEFAULTS: Entity = {
	number: null, contact_id: null, contact_address_id: null, contact_prepage_address_id: null, contact_person_id: null,
	date: null, due: null, period_from: null, period_to: null, period_text: null, currency: 'CHF', total: 0, vat_included: false,
	discount_rate: 0, discount_type: 'P', cash_discount_rate: null, cash_discount_date: null, total_paid: 0, paid_date: null,
	bank_account_id: null, isr_id: null, isr_position: 'A', isr_reference_number: null,
	payment_link_paypal: false, payment_link_paypal_url: null, payment_link_postfinance: false, payment_link_postfinance_url: null,
	payment_link_payrexx: false, payment_link_payrexx_url: null, payment_link_smartcommerce: false, payment_link_smartcommerce_url: null,
	language: 'de', signature_id: null, layout_id: 297477064, page_amount: 1, notes: null, status: 'DR',
};

/** Where each `with` key sits in an invoice, after the base field it follows. */
const INVOICE_WITH_AFTER: Record<string, string> = {
	contact_name: 'contact_id',
	contact: 'contact_id',
	contact_address: 'contact_address_id',
	contact_prepage_address: 'contact_prepage_address_id',
	contact_person: 'contact_person_id',
	bank_account: 'bank_account_id',
	isr: 'isr_id',
	custom_fields: 'created',
	positions: 'created',
	texts: 'created',
	free_texts: 'created',
	workflow: 'created',
	permissions: 'created',
};

const POSITION_DEFAULTS: Entity = {
	type: 'N', catalog_type: 'S', number: null, name: '', description: '', price: null, vat: null, amount: null, unit_id: null,
	discount_rate: 0, discount_type: 'P', total: null, show_only_total: false,
};

const DEFAULT_TEXTS: Entity[] = [{ status: 'D', title: 'Rechnung Nr. {INVOICENO} / Kunden Nr. {CUSTOMERNO}', introduction: '', conditions: '' }];

const UNIT_NAMES: Record<number, { scope: string; names: Record<string, string> }> = {
	1: { scope: 's', names: { de: 'Stunden', en: 'Hours', fr: 'Heures', it: 'Ore' } },
	2: { scope: 's', names: { de: 'Tage', en: 'Days', fr: 'Jours', it: 'Giorni' } },
	3: { scope: 's', names: { de: 'Monate', en: 'Months', fr: 'Mois', it: 'Mesi' } },
	5: { scope: 'a', names: { de: 'Pauschal', en: 'Flat rate', fr: 'Forfait', it: 'Forfait' } },
	7: { scope: 'p', names: { de: 'Stück', en: 'Pieces', fr: 'Pièces', it: 'Pezzi' } },
	8: { scope: 'p', names: { de: 'kg', en: 'kg', fr: 'kg', it: 'kg' } },
	10: { scope: 'a', names: { de: 'km', en: 'km', fr: 'km', it: 'km' } },
	13: { scope: 's', names: { de: 'Minuten', en: 'Minutes', fr: 'Minutes', it: 'Minuti' } },
};

const BANK_ACCOUNTS: Entity[] = [
	{
		id: 311520447, default: true, description: 'Spendenkonto PostFinance', bank_name: 'PostFinance AG', number: '80-2-2',
		iban: 'CH9300762011623852957', bic: 'POFICHBEXXX', post_account: '80-2-2', auto_sync: 'inactive', auto_sync_direction: null,
	},
	{
		id: 311520448, default: false, description: 'Betriebskonto', bank_name: 'UBS Switzerland AG', number: '284862829',
		iban: 'CH0489144731284862829', bic: 'UBSWCHZH80A', post_account: '', auto_sync: 'active', auto_sync_direction: 'in',
	},
];

const ISRS: Entity[] = [
	{
		// The real demo-api capture (mbachmann isr-example.json): QR-IBAN, type RIS, garbage `created`.
		id: 380627389, default: true, type: 'RIS', position: 'A', name: '', bank_name: null, bank_address: null,
		recipient_name: 'Robert Schneider SA', recipient_addition: null, recipient_street: 'Ruelle du Lac 177', recipient_city: '2503 Biel',
		delivery_number: null, iban: 'CH7730000001250094239', subscriber_number: '', created: '-0001-11-30 00:00:00',
	},
	{
		// A QR-bill with the account's own QR-IBAN (QR-IID 30000–31999), here the Swiss Payment Standards' example.
		id: 380627390, default: false, type: 'RIS', position: 'F', name: 'QR-Rechnung Spenden', bank_name: 'PostFinance AG', bank_address: '3030 Bern',
		recipient_name: 'Verein Beispiel', recipient_addition: 'Spenden', recipient_street: 'Bahnhofstrasse 1', recipient_city: '8001 Zürich',
		delivery_number: null, iban: 'CH4431999123000889012', subscriber_number: '', created: '2023-03-02 10:15:00',
	},
];

const DOCUMENT_TITLES: Record<string, [invoice: string, receipt: string]> = {
	de: ['Rechnung', 'Quittung'],
	en: ['Invoice', 'Receipt'],
	fr: ['Facture', 'Quittance'],
	it: ['Fattura', 'Ricevuta'],
	es: ['Factura', 'Recibo'],
};

// ---- Lists: sort, filter, search ----

function isNumericText(value: unknown): value is string {
	return typeof value === 'string' && /^\d{1,15}$/.test(value);
}

/** Orders like the database would: nulls first, numbers and digit strings by value, text case-insensitively. */
function compareValues(left: unknown, right: unknown): number {
	if (left === right) return 0;
	if (left === null || left === undefined) return -1;
	if (right === null || right === undefined) return 1;
	if (typeof left === 'number' && typeof right === 'number') return left - right;
	if (isNumericText(left) && isNumericText(right)) return Number(left) - Number(right);
	const a = (Array.isArray(left) ? left.join(',') : String(left)).toLowerCase();
	const b = (Array.isArray(right) ? right.join(',') : String(right)).toLowerCase();
	return a < b ? -1 : a > b ? 1 : 0;
}

function equalsValue(field: unknown, wanted: unknown): boolean {
	if (Array.isArray(field)) return field.some((item) => equalsValue(item, wanted));
	if (wanted === null) return field === null || field === undefined;
	if (field === null || field === undefined) return false;
	if (typeof field === 'number') return field === Number(wanted);
	if (typeof field === 'boolean') return String(field) === String(wanted) || Number(field) === Number(wanted);
	return String(field).toLowerCase() === String(wanted).toLowerCase();
}

const COMPARATOR = /^(>=|<=|!=|>|<|!|~)([\s\S]*)$/;

function conditionFor(field: (row: unknown) => unknown, wanted: unknown): (row: unknown) => boolean {
	if (wanted !== null && typeof wanted === 'object') throw badRequest(2000, 'Invalid filter expression: values must be scalars');
	const comparator = typeof wanted === 'string' ? COMPARATOR.exec(wanted) : null;
	if (!comparator) return (row) => equalsValue(field(row), wanted);
	const [, operator, operand] = comparator;
	switch (operator) {
		case '~':
			return (row) => {
				const value = field(row);
				return value !== null && value !== undefined && String(value).toLowerCase().includes(operand.toLowerCase());
			};
		case '!':
		case '!=':
			return (row) => !equalsValue(field(row), operand);
		default: {
			const wantedValue = operand;
			const test: Record<string, (order: number) => boolean> = {
				'>': (order) => order > 0,
				'>=': (order) => order >= 0,
				'<': (order) => order < 0,
				'<=': (order) => order <= 0,
			};
			return (row) => {
				const value = field(row);
				if (value === null || value === undefined) return false;
				const order = typeof value === 'number' ? value - Number(wantedValue) : compareValues(value, wantedValue);
				return test[operator](order);
			};
		}
	}
}

function predicateFor<Row>(expression: unknown, spec: ListSpec<Row>, behaviour: ReadonlyMap<string, FilterBehaviour>): (row: Row) => boolean {
	if (!isObject(expression)) throw badRequest(2000, 'Invalid filter expression');
	const parts = Object.entries(expression).map(([key, value]): ((row: Row) => boolean) => {
		if (key === 'and' || key === 'or') {
			if (!Array.isArray(value)) throw badRequest(2000, `Invalid filter expression: "${key}" takes an array`);
			const inner = value.map((item) => predicateFor(item, spec, behaviour));
			return key === 'and' ? (row) => inner.every((test) => test(row)) : (row) => inner.some((test) => test(row));
		}
		if (!spec.filterKeys.includes(key) || behaviour.get(key) === 'refuse') throw badRequest(2000, `Invalid filter key: ${key}`);
		if (behaviour.get(key) === 'ignore') return () => true;
		return conditionFor((row) => spec.value(row as Row, key), value) as (row: Row) => boolean;
	});
	return (row) => parts.every((test) => test(row));
}

function comparatorFor<Row>(sort: string, spec: ListSpec<Row>): (a: Row, b: Row) => number {
	const keys = sort.split(',').map((part) => part.trim()).filter((part) => part !== '').map((part) => {
		const descending = part.startsWith('-');
		const key = descending ? part.slice(1) : part;
		if (!spec.sortKeys.includes(key)) throw badRequest(2102, `Invalid sort key: ${key}`);
		return { key, sign: descending ? -1 : 1 };
	});
	// Ties fall back to the id so that paging is stable.
	return (a, b) => {
		for (const { key, sign } of keys) {
			const order = compareValues(spec.value(a, key), spec.value(b, key));
			if (order !== 0) return order * sign;
		}
		return compareValues(spec.value(a, 'id'), spec.value(b, 'id'));
	};
}

function parseWith(text: string | undefined, allowed: readonly string[]): Set<string> {
	const keys = new Set((text ?? '').split(',').map((key) => key.trim()).filter((key) => key !== ''));
	for (const key of keys) if (!allowed.includes(key)) throw badRequest(2100, `Invalid with key: ${key}`);
	return keys;
}

function parseLimit(text: string | undefined): number {
	if (text === undefined || text === '') return 100;
	const limit = /^-?\d+$/.test(text) ? Number(text) : NaN;
	if (!(limit > 0 && limit <= 200)) throw badRequest(2103, 'Invalid limit value. Limit cannot be <= 0 or > 200');
	return limit;
}

function parseOffset(text: string | undefined): number {
	if (text === undefined || text === '') return 0;
	const offset = /^-?\d+$/.test(text) ? Number(text) : NaN;
	if (!(offset >= 0)) throw badRequest(2104, 'Invalid offset value. Offset cannot be < 0');
	return offset;
}

function parseIds(text: string): number[] {
	return text.split(',').filter((part) => part !== '').map(Number);
}

// ---- PDF ----

function pdfText(text: string): string {
	return text.replace(/[^\x20-\xff]/g, '?').replace(/[\\()]/g, (char) => `\\${char}`);
}

/** Deterministic noise with every byte value, so a client that decodes the PDF as text corrupts it visibly. */
function noise(length: number, seed: number): Buffer {
	const bytes = Buffer.alloc(length);
	let state = seed >>> 0 || 1;
	for (let index = 0; index < length; index++) {
		state ^= state << 13;
		state ^= state >>> 17;
		state ^= state << 5;
		bytes[index] = state & 0xff;
	}
	return bytes;
}

/** A small, valid one-page PDF 1.4 with the given lines and, optionally, a grey image of noise. */
export function buildPdf(lines: string[], image?: { width: number; height: number; seed: number }): Buffer {
	const text = ['BT', '/F1 16 Tf', '56 780 Td', `(${pdfText(lines[0] ?? '')}) Tj`, '/F1 10 Tf'];
	for (const line of lines.slice(1)) text.push('0 -16 Td', `(${pdfText(line)}) Tj`);
	text.push('ET');
	if (image) text.push(`q 480 0 0 ${Math.round((480 * image.height) / image.width)} 56 40 cm /Im1 Do Q`);
	const content = Buffer.from(text.join('\n'), 'latin1');
	const stream = (dictionary: string, data: Buffer) =>
		Buffer.concat([Buffer.from(`<< ${dictionary}/Length ${data.length} >>\nstream\n`, 'latin1'), data, Buffer.from('\nendstream', 'latin1')]);
	const resources = image ? '/Font << /F1 5 0 R >> /XObject << /Im1 6 0 R >>' : '/Font << /F1 5 0 R >>';
	const objects: Buffer[] = [
		Buffer.from('<< /Type /Catalog /Pages 2 0 R >>'),
		Buffer.from('<< /Type /Pages /Kids [3 0 R] /Count 1 >>'),
		Buffer.from(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << ${resources} >> /Contents 4 0 R >>`),
		stream('', content),
		Buffer.from('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>'),
	];
	if (image) {
		const dictionary = `/Type /XObject /Subtype /Image /Width ${image.width} /Height ${image.height} /ColorSpace /DeviceGray /BitsPerComponent 8 `;
		objects.push(stream(dictionary, noise(image.width * image.height, image.seed)));
	}
	const parts: Buffer[] = [Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
	let length = parts[0].length;
	const offsets: number[] = [];
	objects.forEach((body, index) => {
		offsets.push(length);
		const object = Buffer.concat([Buffer.from(`${index + 1} 0 obj\n`, 'latin1'), body, Buffer.from('\nendobj\n', 'latin1')]);
		parts.push(object);
		length += object.length;
	});
	const xref = [`xref\n0 ${objects.length + 1}\n`, '0000000000 65535 f \n', ...offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`)];
	parts.push(Buffer.from(`${xref.join('')}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${length}\n%%EOF\n`, 'latin1'));
	return Buffer.concat(parts);
}

// ---- Request plumbing ----

/** A token request's parameters from a JSON or a form body. */
function tokenParameters(raw: string, contentType: string | undefined): Record<string, unknown> {
	if (raw.trim() === '') return {};
	const looksJson = /json/i.test(contentType ?? '') || (!contentType && raw.trim().startsWith('{'));
	if (looksJson) {
		try {
			const parsed: unknown = JSON.parse(raw);
			if (isObject(parsed)) return parsed;
		} catch {
			// falls through to the refusal below
		}
		throw oauthError('invalid_request', 'The request body is not a JSON object');
	}
	return Object.fromEntries(new URLSearchParams(raw));
}

function basicCredentials(header: string | undefined): { id: string; secret: string } | undefined {
	const match = /^Basic\s+(\S+)$/i.exec(header ?? '');
	if (!match) return undefined;
	const decoded = Buffer.from(match[1], 'base64').toString('utf8');
	const colon = decoded.indexOf(':');
	if (colon < 0) return undefined;
	// Taken literally, as league/oauth2-server and n8n's OAuth2 client do (no URL-decoding).
	return { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}

function base64Url(value: Buffer | string): string {
	return Buffer.from(value).toString('base64url');
}

function optionalText(value: unknown): string | undefined {
	return typeof value === 'string' && value !== '' ? value : undefined;
}

export class FakeSmartBusinessApi extends LoopbackFake<SmartBusinessFakeCall> {
	readonly sentEmails: SentEmail[] = [];
	readonly sentLetters: SentLetter[] = [];
	readonly authorizeRequests: AuthorizeRequest[] = [];
	/** Successful token grants over HTTP (client credentials, code exchange, refresh). */
	tokensIssued = 0;
	/** Invoices the plan allows (402 code 4001 on create once reached); undefined = unlimited. */
	documentLimit: number | undefined;
	readonly owner = { id: 287311474, name: 'Heidi', surname: 'Muster' };
	/** Answer every list from offset 0 whatever `offset` asks, with the same `next` (a server that ignores paging). */
	ignorePaging = false;

	private readonly scopes: string[];
	private readonly tokenTtlSeconds: number;
	private readonly accessTokens = new Map<string, AccessToken>();
	private readonly refreshTokens = new Map<string, RefreshToken>();
	private readonly authorizationCodes = new Map<string, AuthorizationCode>();
	private readonly failures: Array<{ status: number } & FailOptions> = [];
	private readonly contactStore = new Map<number, ContactRecord>();
	private readonly invoiceStore = new Map<number, InvoiceRecord>();
	private readonly contactNumbers = new Set<string>();
	private readonly invoiceNumbers = new Set<string>();
	private readonly listCache = new Map<string, { version: number; rows: unknown[] }>();
	private readonly routes: Route[];
	private nextId = 500000001;
	private nextContactNumber = 1000;
	private nextInvoiceNumber = 10001;
	private nextIsrSequence = 1001;
	/** Bumped by every change, so cached list orders are recomputed. */
	private version = 0;
	private rateWindow = { start: 0, count: 0 };
	private readonly filterBehaviour = new Map<string, FilterBehaviour>();

	constructor(private readonly options: FakeSmartBusinessOptions) {
		super();
		this.scopes = options.scopes ?? DEFAULT_SCOPES;
		this.tokenTtlSeconds = options.tokenTtlSeconds ?? 43200;
		this.documentLimit = options.documentLimit;
		this.routes = this.buildRoutes();
	}

	/** Countdown of API requests until expireAllTokens() runs (expireTokensBeforeRequest). */
	private expireBeforeApiRequest = 0;

	get baseUrl(): string {
		return `http://127.0.0.1:${this.port}/v2`;
	}

	// ---- Test-side controls ----

	/** The next `count` API (non-OAuth) requests answer `status` with the documented body. */
	failNext(count: number, status: number, options: FailOptions = {}): void {
		for (let index = 0; index < count; index++) this.failures.push({ status, ...options });
	}

	/** From now on list filters on `key` (`q`: the full-text search) are ignored or refused (400 code 2000); undefined: honoured again. */
	setFilterBehaviour(key: string, behaviour: FilterBehaviour | undefined): void {
		if (behaviour) this.filterBehaviour.set(key, behaviour);
		else this.filterBehaviour.delete(key);
		this.version++;
	}

	/** Makes every access token issued so far invalid at once (refresh tokens stay valid). */
	expireAllTokens(): void {
		for (const token of this.accessTokens.values()) token.expiresAt = 0;
	}

	/**
	 * Expires every access token just before the `count`-th API request from now is handled, so a
	 * token runs out in the middle of a run (as a 12-hour token does at some point).
	 */
	expireTokensBeforeRequest(count: number): void {
		this.expireBeforeApiRequest = count;
	}

	/** An access token without the OAuth round trip (not counted in `tokensIssued`). */
	issueToken(scopes: string[] = this.scopes): string {
		return this.newAccessToken(scopes);
	}

	/** Forgets contacts, invoices, sent mail and letters, calls and pending failures; tokens stay valid. */
	reset(): void {
		this.contactStore.clear();
		this.invoiceStore.clear();
		this.contactNumbers.clear();
		this.invoiceNumbers.clear();
		this.listCache.clear();
		this.calls.length = 0;
		this.sentEmails.length = 0;
		this.sentLetters.length = 0;
		this.authorizeRequests.length = 0;
		this.failures.length = 0;
		this.ignorePaging = false;
		this.nextContactNumber = 1000;
		this.nextInvoiceNumber = 10001;
		this.version++;
	}

	// ---- Test-side data entry (what happens in SmartBusiness without the API) ----

	/** Stores a contact as given (no validation); `main_address` fields default to a Zürich address. */
	addContact(fields: Entity = {}): Entity {
		const { main_address: address, ...rest } = fields;
		const record = this.storeContact({ name: 'Muster AG', ...rest }, isObject(address) ? address : {}, zurichNow());
		return this.contactView(record);
	}

	/** Many contacts, fast (for the benchmark): names `Contact 00001`…, e-mails `contact00001@example.ch`. */
	seedContacts(count: number, make?: (index: number) => Entity): number[] {
		const created = zurichNow();
		const ids: number[] = [];
		const width = Math.max(5, String(count).length);
		for (let index = 1; index <= count; index++) {
			const label = String(index).padStart(width, '0');
			const { main_address: address, ...rest } = make?.(index) ?? {};
			const record = this.storeContact(
				{ name: `Contact ${label}`, email: `contact${label}@example.ch`, ...rest },
				isObject(address) ? address : { street: 'Seedweg', street_no: String(index), postcode: '3000', city: 'Bern' },
				created,
			);
			ids.push(record.fields.id as number);
		}
		return ids;
	}

	/** Stores an invoice without validation; a contact is created when none is given. Totals are computed. */
	addInvoice(fields: Entity = {}): Entity {
		const contactId = typeof fields.contact_id === 'number' ? fields.contact_id : (this.addContact().id as number);
		const contact = this.contactStore.get(contactId);
		const date = typeof fields.date === 'string' ? fields.date : zurichNow().slice(0, 10);
		const due = new Date(Date.parse(`${date}T00:00:00Z`) + 30 * 86400000).toISOString().slice(0, 10);
		const record = this.storeInvoice({
			contact_address_id: contact?.fields.main_address_id ?? null,
			date,
			due,
			language: 'de',
			positions: [{ type: 'N', catalog_type: 'S', name: 'Spende', price: 100, amount: 1, vat: 0, unit_id: 5 }],
			...fields,
			contact_id: contactId,
		});
		return this.invoiceView(record);
	}

	/** The contact with `main_address`, `addresses` and `people` (a copy), or undefined. */
	contact(id: number): Entity | undefined {
		const record = this.contactStore.get(id);
		return record ? this.contactView(record) : undefined;
	}

	/** The invoice with `positions`, `texts` and `payments` (a copy), or undefined. */
	invoice(id: number): Entity | undefined {
		const record = this.invoiceStore.get(id);
		return record ? this.invoiceView(record) : undefined;
	}

	get contactCount(): number {
		return this.contactStore.size;
	}

	get invoiceCount(): number {
		return this.invoiceStore.size;
	}

	/** Every contact as `contact(id)` shows it, in creation order. */
	get contacts(): Entity[] {
		return [...this.contactStore.values()].map((record) => this.contactView(record));
	}

	/** Every invoice as `invoice(id)` shows it, in creation order. */
	get invoices(): Entity[] {
		return [...this.invoiceStore.values()].map((record) => this.invoiceView(record));
	}

	private contactView(record: ContactRecord): Entity {
		return structuredClone({
			...this.renderContact(record, new Set(['main_address', 'custom_fields'])),
			addresses: [...record.addresses.values()],
			people: [...record.people.values()],
		});
	}

	private invoiceView(record: InvoiceRecord): Entity {
		return structuredClone({
			...this.renderInvoice(record, new Set(['positions', 'texts', 'custom_fields'])),
			payments: [...record.payments.values()],
		});
	}

	// ---- HTTP ----

	protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const request = await this.receive(req);
		const { url, headers, text: raw } = request;
		const method = request.method.toUpperCase();
		const path = url.pathname.replace(/\/+$/, '') || '/';
		const oauth = path === '/v2/auth/access-tokens' || path === '/v2/auth/authorize';
		const call: SmartBusinessFakeCall = { method, path, query: Object.fromEntries(url.searchParams), body: undefined, headers, oauth };
		this.calls.push(call);
		const rate = this.countRequest();
		const reply = (result: Result) => {
			call.status = result.status;
			const responseHeaders: Record<string, string> = {
				'x-rate-limit-limit': String(rate.limit),
				'x-rate-limit-remaining': String(rate.remaining),
				'x-rate-limit-reset': String(rate.reset),
				...result.headers,
			};
			if (result.binary) {
				res.writeHead(result.status, { ...responseHeaders, 'content-type': result.contentType ?? 'application/octet-stream', 'content-length': String(result.binary.length) });
				res.end(result.binary);
			} else if (result.json === undefined) {
				this.sendEmpty(res, result.status, responseHeaders);
			} else {
				this.sendJson(res, result.status, result.json, responseHeaders);
			}
		};
		try {
			if (oauth) return reply(this.handleOAuth(method, path, call, raw, headers));
			if (this.expireBeforeApiRequest > 0 && --this.expireBeforeApiRequest === 0) this.expireAllTokens();
			let bodyError: ApiError | undefined;
			try {
				call.body = parseJsonBody(raw);
			} catch (failure) {
				// Kept as text in the log; refused once the request is authenticated and routed.
				call.body = raw;
				bodyError = failure as ApiError;
			}
			const failure = this.failures.shift();
			if (failure) return reply(failureResult(failure));
			if (rate.exceeded) {
				return reply({ status: 429, json: { code: 6000, message: 'Too many requests' } });
			}
			const token = this.authenticate(headers.authorization);
			const apiPath = path.startsWith('/v2/') ? path.slice('/v2'.length) : path;
			const { route, params } = this.route(path.startsWith('/v2/') ? apiPath : '');
			const handler = route.handlers[method];
			if (!handler) {
				const allow = Object.keys(route.handlers).join(', ');
				return reply({ status: 405, json: { code: 7000, message: 'Method not allowed' }, headers: { allow } });
			}
			if (!token.scopes.includes(route.scope)) {
				return reply({ status: 403, json: { code: 5000, message: `No permission: the access token lacks the "${route.scope}" scope` } });
			}
			if (bodyError) throw bodyError;
			if (method !== 'GET') this.version++;
			return reply(handler(params, { path: apiPath, query: call.query, body: call.body, headers }));
		} catch (failure) {
			if (failure instanceof ApiError) return reply({ status: failure.status, json: failure.body, headers: failure.headers });
			return reply({ status: 500, json: { code: 500, message: `Fake SmartBusiness API failed: ${String(failure)}` } });
		}
	}

	private countRequest(): { limit: number; remaining: number; reset: number; exceeded: boolean } {
		const limit = this.options.rateLimit ?? 1000;
		const periodMs = (this.options.rateLimitPeriodSeconds ?? 3600) * 1000;
		const now = Date.now();
		if (now - this.rateWindow.start >= periodMs) this.rateWindow = { start: now, count: 0 };
		this.rateWindow.count++;
		return {
			limit,
			remaining: Math.max(0, limit - this.rateWindow.count),
			reset: Math.max(1, Math.ceil((this.rateWindow.start + periodMs - now) / 1000)),
			exceeded: this.options.rateLimit !== undefined && this.rateWindow.count > limit,
		};
	}

	private route(path: string): { route: Route; params: string[] } {
		for (const route of this.routes) {
			const match = route.pattern.exec(path);
			if (match) return { route, params: match.slice(1) };
		}
		throw new ApiError(404, { code: 3000, message: `No endpoint ${path}` });
	}

	private buildRoutes(): Route[] {
		const ids = '(\\d+(?:,\\d+)*)';
		const id = '(\\d+)';
		return [
			{ pattern: /^\/auth\/owner$/, scope: 'profile', handlers: { GET: () => ({ status: 200, json: { item: { ...this.owner } } }) } },
			{ pattern: /^\/auth\/profile$/, scope: 'profile', handlers: { GET: () => ({ status: 200, json: { item: this.profile() } }) } },
			{
				pattern: /^\/contacts$/,
				scope: 'contact',
				handlers: {
					GET: (_, request) => this.list(request, this.contactSpec, () => [...this.contactStore.values()]),
					POST: (_, request) => ({ status: 201, json: { item: this.renderContact(this.createContact(request.body), new Set()) } }),
				},
			},
			{
				pattern: new RegExp(`^/contacts/${ids}$`),
				scope: 'contact',
				handlers: {
					GET: ([text], request) => this.single(this.contactSpec, this.findContact(text), request),
					PUT: ([text], request) => ({ status: 200, json: { item: this.renderContact(this.updateContact(this.findContact(text), request.body), new Set()) } }),
					DELETE: ([text]) => this.deleteContacts(parseIds(text)),
				},
			},
			{
				pattern: new RegExp(`^/contacts/${id}/addresses$`),
				scope: 'contact',
				handlers: {
					GET: ([contactId], request) => this.list(request, this.addressSpec, () => [...this.findContact(contactId).addresses.values()]),
					POST: ([contactId], request) => ({ status: 201, json: { item: { ...this.createAddress(this.findContact(contactId), request.body) } } }),
				},
			},
			{
				pattern: new RegExp(`^/contacts/${id}/addresses/${ids}$`),
				scope: 'contact',
				handlers: {
					GET: ([contactId, text], request) => this.single(this.addressSpec, this.findAddress(this.findContact(contactId), text), request),
					PUT: ([contactId, text], request) => {
						const contact = this.findContact(contactId);
						return { status: 200, json: { item: { ...this.updateAddress(contact, this.findAddress(contact, text), request.body) } } };
					},
					DELETE: ([contactId, text]) => this.deleteAddresses(this.findContact(contactId), parseIds(text)),
				},
			},
			{
				pattern: new RegExp(`^/contacts/${id}/people$`),
				scope: 'contact',
				handlers: {
					GET: ([contactId], request) => this.list(request, this.personSpec, () => [...this.findContact(contactId).people.values()]),
					POST: ([contactId], request) => ({ status: 201, json: { item: { ...this.createPerson(this.findContact(contactId), request.body) } } }),
				},
			},
			{
				pattern: new RegExp(`^/contacts/${id}/people/${ids}$`),
				scope: 'contact',
				handlers: {
					GET: ([contactId, text], request) => this.single(this.personSpec, this.findPerson(this.findContact(contactId), text), request),
					PUT: ([contactId, text], request) => {
						const contact = this.findContact(contactId);
						return { status: 200, json: { item: { ...this.updatePerson(contact, this.findPerson(contact, text), request.body) } } };
					},
					DELETE: ([contactId, text]) => this.deletePeople(this.findContact(contactId), parseIds(text)),
				},
			},
			{
				pattern: /^\/receivables\/invoices$/,
				scope: 'invoice',
				handlers: {
					GET: (_, request) => this.list(request, this.invoiceSpec, () => [...this.invoiceStore.values()]),
					POST: (_, request) => ({ status: 201, json: { item: this.renderInvoice(this.createInvoice(request.body), new Set()) } }),
				},
			},
			{
				pattern: new RegExp(`^/receivables/invoices/${ids}$`),
				scope: 'invoice',
				handlers: {
					GET: ([text], request) => this.single(this.invoiceSpec, this.findInvoice(text), request),
					PUT: ([text], request) => ({ status: 200, json: { item: this.renderInvoice(this.updateInvoice(this.findInvoice(text), request.body), new Set()) } }),
					DELETE: ([text]) => this.deleteInvoices(parseIds(text)),
				},
			},
			{
				pattern: new RegExp(`^/receivables/invoices/${id}/change-status$`),
				scope: 'invoice',
				handlers: { PATCH: ([text], request) => ({ status: 200, json: { item: this.renderInvoice(this.changeStatus(this.findInvoice(text), request.body), new Set()) } }) },
			},
			{
				pattern: new RegExp(`^/receivables/invoices/${id}/send-by-email$`),
				scope: 'invoice',
				handlers: { PATCH: ([text], request) => this.sendByEmail(this.findInvoice(text), request.body) },
			},
			{
				pattern: new RegExp(`^/receivables/invoices/${id}/send-by-post$`),
				scope: 'invoice',
				handlers: { PATCH: ([text], request) => this.sendByPost(this.findInvoice(text), request.body) },
			},
			{
				pattern: new RegExp(`^/receivables/invoices/${id}/pdf$`),
				scope: 'invoice',
				handlers: { GET: ([text], request) => this.pdf(this.findInvoice(text), request.query.options) },
			},
			{
				pattern: new RegExp(`^/receivables/invoices/${id}/payments$`),
				scope: 'invoice',
				handlers: {
					GET: ([text], request) => this.list(request, this.paymentSpec, () => [...this.findInvoice(text).payments.values()]),
					POST: ([text], request) => ({ status: 201, json: { item: { ...this.createPayment(this.findInvoice(text), request.body) } } }),
				},
			},
			{
				pattern: new RegExp(`^/receivables/invoices/${id}/payments/${ids}$`),
				scope: 'invoice',
				handlers: {
					GET: ([text, paymentId], request) => this.single(this.paymentSpec, this.findPayment(this.findInvoice(text), paymentId), request),
					PUT: ([text, paymentId], request) => ({ status: 200, json: { item: { ...this.updatePayment(this.findPayment(this.findInvoice(text), paymentId), request.body) } } }),
					DELETE: ([text, paymentIds]) => this.deletePayments(this.findInvoice(text), parseIds(paymentIds)),
				},
			},
			...this.configurationRoutes('/catalog/configuration/units', this.options.unitsScope ?? 'configuration', 'unit', this.unitSpec, (request) => this.units(request.headers['accept-language'])),
			...this.configurationRoutes('/configuration/bank-accounts', 'configuration', 'bank_account', this.configurationSpec(['id', 'default', 'bank_name', 'iban', 'description'], 'id', ['description', 'bank_name', 'iban']), () => BANK_ACCOUNTS),
			...this.configurationRoutes('/receivables/configuration/isrs', 'configuration', 'isr', this.configurationSpec(['id', 'default', 'type', 'name', 'iban', 'delivery_number'], 'delivery_number', ['name', 'recipient_name']), () => ISRS),
		];
	}

	/** A read-only list and its `/{id}`. */
	private configurationRoutes(path: string, scope: string, entityType: string, spec: ListSpec<Entity>, rows: (request: ApiRequest) => Entity[]): Route[] {
		const escaped = path.replace(/[/-]/g, (char) => `\\${char}`);
		return [
			{ pattern: new RegExp(`^${escaped}$`), scope, handlers: { GET: (_, request) => this.list(request, spec, () => rows(request)) } },
			{
				pattern: new RegExp(`^${escaped}/(\\d+(?:,\\d+)*)$`),
				scope,
				handlers: {
					GET: ([text], request) => {
						const found = rows(request).find((row) => String(row.id) === text);
						if (!found) throw notFound(entityType);
						return this.single(spec, found, request);
					},
				},
			},
		];
	}

	// ---- OAuth2 ----

	private handleOAuth(method: string, path: string, call: SmartBusinessFakeCall, raw: string, headers: Record<string, string | undefined>): Result {
		if (path === '/v2/auth/authorize') {
			if (method !== 'GET') return { status: 405, json: { code: 7000, message: 'Method not allowed' }, headers: { allow: 'GET' } };
			return this.authorize(call.query);
		}
		if (method !== 'POST') return { status: 405, json: { code: 7000, message: 'Method not allowed' }, headers: { allow: 'POST' } };
		call.body = raw;
		const params = tokenParameters(raw, headers['content-type']);
		call.body = params;
		return { status: 200, json: this.grant(params, headers), headers: { 'cache-control': 'no-store', pragma: 'no-cache' } };
	}

	private grant(params: Record<string, unknown>, headers: Record<string, string | undefined>): Entity {
		const grantType = optionalText(params.grant_type);
		if (grantType !== 'client_credentials' && grantType !== 'authorization_code' && grantType !== 'refresh_token') {
			throw oauthError('unsupported_grant_type', 'Check that all required parameters have been provided');
		}
		const basic = basicCredentials(headers.authorization);
		const clientId = optionalText(params.client_id) ?? basic?.id;
		const clientSecret = optionalText(params.client_secret) ?? basic?.secret;
		if (clientId === undefined) throw oauthError('invalid_request', 'Check the `client_id` parameter');
		if (clientId !== this.options.clientId || clientSecret !== this.options.clientSecret) {
			throw oauthError('invalid_client', 'Check the client id and secret');
		}
		if (grantType === 'client_credentials') {
			const scopes = this.requestedScopes(params.scope, this.scopes);
			this.tokensIssued++;
			return { token_type: 'Bearer', expires_in: this.tokenTtlSeconds, access_token: this.newAccessToken(scopes) };
		}
		if (grantType === 'authorization_code') return this.exchangeCode(params);
		return this.refresh(params);
	}

	/** The requested scopes, which must all be registered; none requested is refused, except on a refresh (the old scopes). */
	private requestedScopes(scope: unknown, allowed: string[], keepWhenAbsent = false): string[] {
		if (scope === undefined || scope === null || (typeof scope === 'string' && scope.trim() === '')) {
			if (keepWhenAbsent) return [...allowed];
			throw oauthError('invalid_scope', 'Specify a scope in the request or set a default scope');
		}
		if (typeof scope !== 'string') throw oauthError('invalid_scope', 'Scopes are one space-separated string');
		const scopes = scope.split(' ').filter((item) => item !== '');
		for (const item of scopes) {
			if (!ALL_SCOPES.includes(item) || !allowed.includes(item)) throw oauthError('invalid_scope', `Check the \`${item}\` scope`);
		}
		return [...new Set(scopes)];
	}

	private exchangeCode(params: Record<string, unknown>): Entity {
		const codeText = optionalText(params.code);
		if (codeText === undefined) throw oauthError('invalid_request', 'Check the `code` parameter');
		const code = this.authorizationCodes.get(codeText);
		if (!code || code.used || Date.now() >= code.expiresAt) throw oauthError('invalid_grant', 'Authorization code has expired or has been revoked');
		if (code.redirectUri !== undefined && optionalText(params.redirect_uri) !== code.redirectUri) {
			throw oauthError('invalid_grant', 'The redirect_uri does not match the one of the authorization request');
		}
		code.used = true;
		return this.tokenPair(code.scopes);
	}

	private refresh(params: Record<string, unknown>): Entity {
		const tokenText = optionalText(params.refresh_token);
		if (tokenText === undefined) throw oauthError('invalid_request', 'Check the `refresh_token` parameter');
		const old = this.refreshTokens.get(tokenText);
		if (!old) throw oauthError('invalid_grant', 'Cannot decrypt the refresh token', 8);
		if (old.used) throw oauthError('invalid_grant', 'Token has been revoked', 8);
		const scopes = this.requestedScopes(params.scope, old.scopes, true);
		old.used = true;
		const oldAccess = this.accessTokens.get(old.accessToken);
		if (oldAccess) oldAccess.revoked = true;
		return this.tokenPair(scopes);
	}

	private tokenPair(scopes: string[]): Entity {
		const accessToken = this.newAccessToken(scopes);
		const refreshToken = randomBytes(48).toString('hex');
		this.refreshTokens.set(refreshToken, { scopes, accessToken, used: false });
		this.tokensIssued++;
		return { token_type: 'Bearer', expires_in: this.tokenTtlSeconds, access_token: accessToken, refresh_token: refreshToken };
	}

	private newAccessToken(scopes: string[]): string {
		const now = Math.floor(Date.now() / 1000);
		const payload = {
			aud: this.options.clientId, jti: randomBytes(20).toString('hex'), iat: now, nbf: now, exp: now + this.tokenTtlSeconds, sub: String(this.owner.id), scopes,
		};
		const token = [base64Url(JSON.stringify({ typ: 'JWT', alg: 'RS256' })), base64Url(JSON.stringify(payload)), base64Url(randomBytes(64))].join('.');
		this.accessTokens.set(token, { scopes, expiresAt: Date.now() + this.tokenTtlSeconds * 1000, revoked: false });
		return token;
	}

	private authorize(query: Record<string, string>): Result {
		const entry: AuthorizeRequest = { query };
		this.authorizeRequests.push(entry);
		if (query.client_id !== this.options.clientId) throw oauthError('invalid_client', 'Check the `client_id` parameter');
		const redirectUri = optionalText(query.redirect_uri) ?? this.options.redirectUri;
		if (redirectUri === undefined) throw oauthError('invalid_request', 'Check the `redirect_uri` parameter');
		if (this.options.redirectUri !== undefined && redirectUri !== this.options.redirectUri) {
			throw oauthError('invalid_client', 'The redirect_uri is not registered for this client');
		}
		const location = new URL(redirectUri);
		if (query.state !== undefined) location.searchParams.set('state', query.state);
		let error: ApiError | undefined;
		if (query.response_type !== 'code') error = oauthError('unsupported_response_type', 'Use response_type=code');
		let scopes: string[] = [];
		try {
			scopes = this.requestedScopes(query.scope, this.scopes);
		} catch (failure) {
			error ??= failure as ApiError;
		}
		if (error) {
			// A valid redirect URI gets the error as query parameters (RFC 6749 §4.1.2.1).
			const meta = error.body.meta as Entity;
			location.searchParams.set('error', String(meta.error_type));
			location.searchParams.set('error_description', String(error.body.message));
			location.searchParams.set('hint', String(meta.hint));
			return { status: 302, headers: { location: location.toString() } };
		}
		const code = randomBytes(32).toString('hex');
		this.authorizationCodes.set(code, { scopes, redirectUri: optionalText(query.redirect_uri), expiresAt: Date.now() + AUTH_CODE_TTL_MS, used: false });
		entry.code = code;
		location.searchParams.set('code', code);
		return { status: 302, headers: { location: location.toString() } };
	}

	private authenticate(header: string | undefined): AccessToken {
		if (header === undefined || header === '') throw accessDenied('Missing "Authorization" header');
		const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
		if (!match) throw accessDenied('The "Authorization" header must be "Bearer <access token>"');
		const token = this.accessTokens.get(match[1]);
		if (!token) throw accessDenied('Access token could not be verified');
		if (token.revoked) throw accessDenied('Access token has been revoked');
		if (Date.now() >= token.expiresAt) throw accessDenied('Access token is expired');
		return token;
	}

	private profile(): Entity {
		return {
			id: this.owner.id, name: this.owner.name, surname: this.owner.surname, email: 'heidi.muster@example.ch', language: 'de',
			company_name: 'Verein Beispiel', company_addition: '', company_country: 'CH', company_street: 'Bahnhofstrasse', company_street_no: '1',
			company_street2: '', company_postcode: '8001', company_city: 'Zürich', company_phone: '+41 44 000 00 00', company_fax: '',
			company_email: 'info@example.ch', company_website: 'https://example.ch', company_vat_id: '', company_currency: 'CHF',
		};
	}

	// ---- Lists ----

	private list<Row>(request: ApiRequest, spec: ListSpec<Row>, rows: () => Row[]): Result {
		const limit = parseLimit(request.query.limit);
		const asked = parseOffset(request.query.offset);
		const offset = this.ignorePaging ? 0 : asked;
		const withKeys = parseWith(request.query.with, spec.withKeys);
		const ordered = this.matching(request, spec, rows);
		const items = ordered.slice(offset, offset + limit).map((row) => spec.render(row, withKeys));
		return { status: 200, json: { items, pagination: this.pagination(request, ordered.length, limit, offset) } };
	}

	private single<Row>(spec: ListSpec<Row>, row: Row, request: ApiRequest): Result {
		return { status: 200, json: { item: spec.render(row, parseWith(request.query.with, spec.withKeys)) } };
	}

	/** The filtered, sorted rows; cached per query until the next change, so paging 10,000 contacts stays cheap. */
	private matching<Row>(request: ApiRequest, spec: ListSpec<Row>, rows: () => Row[]): Row[] {
		const { sort, filter, q } = request.query;
		// Unit names follow Accept-Language, so it is part of the key.
		const key = [request.path, sort ?? '', filter ?? '', q ?? '', request.headers['accept-language'] ?? ''].join('\u0000');
		const cached = this.listCache.get(key);
		if (cached && cached.version === this.version) return cached.rows as Row[];
		const compare = comparatorFor(sort || spec.defaultSort, spec);
		const tests: Array<(row: Row) => boolean> = [];
		if (filter !== undefined && filter !== '') {
			let expression: unknown;
			try {
				expression = JSON.parse(filter);
			} catch {
				throw badRequest(2000, 'Invalid filter expression: not JSON');
			}
			tests.push(predicateFor(expression, spec, this.filterBehaviour));
		}
		if (q !== undefined && q.trim() !== '' && this.filterBehaviour.get('q') === 'refuse') throw badRequest(2000, 'Invalid search');
		if (q !== undefined && q.trim() !== '' && this.filterBehaviour.get('q') !== 'ignore') {
			const needle = q.trim().toLowerCase();
			tests.push((row) => spec.searchKeys.some((searchKey) => {
				const value = spec.value(row, searchKey);
				return value !== null && value !== undefined && String(value).toLowerCase().includes(needle);
			}));
		}
		const result = rows().filter((row) => tests.every((test) => test(row))).sort(compare);
		if (this.listCache.size > 100) this.listCache.clear();
		this.listCache.set(key, { version: this.version, rows: result });
		return result;
	}

	private pagination(request: ApiRequest, total: number, limit: number, offset: number): Entity {
		const pageUrl = (pageOffset: number) => {
			const params = new URLSearchParams({ limit: String(limit), offset: String(pageOffset) });
			for (const [name, value] of Object.entries(request.query)) if (name !== 'limit' && name !== 'offset') params.append(name, value);
			return `${this.baseUrl}${request.path}?${params.toString()}`;
		};
		const pages = Math.max(1, Math.ceil(total / limit));
		const pagination: Entity = {
			page: Math.floor(offset / limit) + 1,
			pages,
			total,
			first: pageUrl(0),
			last: pageUrl((pages - 1) * limit),
		};
		if (offset + limit < total) pagination.next = pageUrl(offset + limit);
		if (offset > 0) pagination.previous = pageUrl(Math.max(0, offset - limit));
		return pagination;
	}

	private readonly contactSpec: ListSpec<ContactRecord> = {
		filterKeys: ['id', 'number', 'name', 'name_addition', 'type', 'email', 'phone', 'relation', 'communication_language', 'currency', 'created', 'main_address_id'],
		sortKeys: ['id', 'number', 'name', 'type', 'email', 'phone', 'created', 'communication_language'],
		defaultSort: 'name',
		searchKeys: ['name', 'email', 'number'],
		withKeys: ['main_address', 'groups', 'permissions', 'custom_fields'],
		value: (row, key) => row.fields[key],
		render: (row, withKeys) => this.renderContact(row, withKeys),
	};

	private readonly addressSpec: ListSpec<Entity> = {
		filterKeys: ['id', 'default', 'country', 'street', 'street_no', 'postcode', 'city'],
		sortKeys: ['id', 'default', 'country', 'street', 'postcode', 'city'],
		defaultSort: 'street',
		searchKeys: ['street', 'street2', 'postcode', 'city'],
		withKeys: ['permissions'],
		value: (row, key) => row[key],
		render: (row, withKeys) => (withKeys.has('permissions') ? { ...row, permissions: ['view', 'edit'] } : { ...row }),
	};

	private readonly personSpec: ListSpec<Entity> = {
		filterKeys: ['id', 'default', 'name', 'surname', 'gender', 'email', 'department'],
		sortKeys: ['id', 'default', 'name', 'surname', 'email', 'department'],
		defaultSort: 'surname',
		searchKeys: ['name', 'surname', 'email'],
		withKeys: ['custom_fields', 'permissions'],
		value: (row, key) => row[key],
		render: (row, withKeys) => {
			const { custom_fields: customFields, ...rest } = row;
			const out: Entity = { ...rest };
			if (withKeys.has('custom_fields')) out.custom_fields = customFields ?? [];
			if (withKeys.has('permissions')) out.permissions = ['view', 'edit'];
			return out;
		},
	};

	private readonly invoiceSpec: ListSpec<InvoiceRecord> = {
		filterKeys: [
			'id', 'number', 'status', 'contact_id', 'contact_address_id', 'date', 'due', 'currency', 'total', 'total_paid', 'paid_date',
			'language', 'isr_id', 'isr_reference_number', 'created',
		],
		sortKeys: ['id', 'number', 'status', 'contact_id', 'date', 'due', 'currency', 'total', 'total_paid', 'paid_date', 'created', 'contact_name'],
		defaultSort: '-number',
		searchKeys: ['number', 'contact_name', 'notes'],
		withKeys: Object.keys(INVOICE_WITH_AFTER),
		value: (row, key) => (key === 'contact_name' ? this.contactStore.get(row.fields.contact_id as number)?.fields.name ?? null : row.fields[key]),
		render: (row, withKeys) => this.renderInvoice(row, withKeys),
	};

	private readonly paymentSpec: ListSpec<Entity> = {
		filterKeys: ['id', 'type', 'channel', 'amount', 'date', 'created'],
		sortKeys: ['id', 'type', 'channel', 'amount', 'date', 'created'],
		defaultSort: '-date',
		searchKeys: ['notes'],
		withKeys: [],
		value: (row, key) => row[key],
		render: (row) => ({ ...row }),
	};

	private readonly unitSpec: ListSpec<Entity> = {
		filterKeys: ['id', 'name', 'scope', 'custom'],
		sortKeys: ['id', 'name', 'scope', 'custom'],
		defaultSort: 'custom,name',
		searchKeys: ['name'],
		withKeys: ['permissions'],
		value: (row, key) => row[key],
		render: (row, withKeys) => (withKeys.has('permissions') ? { ...row, permissions: ['view'] } : { ...row }),
	};

	private configurationSpec(filterKeys: string[], defaultSort: string, searchKeys: string[]): ListSpec<Entity> {
		return {
			filterKeys,
			sortKeys: [...new Set([...filterKeys, defaultSort])],
			defaultSort,
			searchKeys,
			withKeys: ['permissions'],
			value: (row, key) => row[key],
			render: (row, withKeys) => (withKeys.has('permissions') ? { ...row, permissions: ['view', 'edit'] } : { ...row }),
		};
	}

	private units(acceptLanguage: string | undefined): Entity[] {
		const language = (acceptLanguage ?? 'de').slice(0, 2).toLowerCase();
		return Object.entries(UNIT_NAMES).map(([id, unit]) => ({ id: Number(id), name: unit.names[language] ?? unit.names.de, scope: unit.scope, custom: false }));
	}

	// ---- Contacts ----

	private newId(): number {
		return this.nextId++;
	}

	private findContact(text: string): ContactRecord {
		const record = /^\d+$/.test(text) ? this.contactStore.get(Number(text)) : undefined;
		if (!record) throw notFound('contact');
		return record;
	}

	private findAddress(contact: ContactRecord, text: string): Entity {
		const address = /^\d+$/.test(text) ? contact.addresses.get(Number(text)) : undefined;
		if (!address) throw notFound('contact_address');
		return address;
	}

	private findPerson(contact: ContactRecord, text: string): Entity {
		const person = /^\d+$/.test(text) ? contact.people.get(Number(text)) : undefined;
		if (!person) throw notFound('contact_people');
		return person;
	}

	private takeContactNumber(): string {
		while (this.contactNumbers.has(String(this.nextContactNumber))) this.nextContactNumber++;
		return String(this.nextContactNumber++);
	}

	private storeContact(fields: Entity, address: Entity, created: string): ContactRecord {
		const id = this.newId();
		const { custom_fields: customFields, ...rest } = fields;
		const number = rest.number !== undefined && rest.number !== null && rest.number !== '' ? String(rest.number) : this.takeContactNumber();
		this.contactNumbers.add(number);
		const mainId = this.newId();
		const main = orderAddress({ ...ADDRESS_DEFAULTS, street: 'Bahnhofstrasse', street_no: '1', postcode: '8001', city: 'Zürich', ...address, default: true, id: mainId });
		const relation = Array.isArray(rest.relation) ? [...rest.relation] : ['CL'];
		// `id` first and `main_address_id` last, as in the real responses; the store's values win over the given ones.
		const contactFields: Entity = { id, ...CONTACT_DEFAULTS, ...rest };
		Object.assign(contactFields, { id, relation, number, created: rest.created ?? created, main_address_id: mainId });
		const record: ContactRecord = {
			fields: contactFields,
			addresses: new Map([[mainId, main]]),
			people: new Map(),
			customFields: Array.isArray(customFields) ? (customFields as Entity[]) : [],
		};
		this.contactStore.set(id, record);
		this.version++;
		return record;
	}

	private renderContact(record: ContactRecord, withKeys: ReadonlySet<string>): Entity {
		const out: Entity = { ...record.fields };
		if (withKeys.has('custom_fields')) {
			delete out.main_address_id;
			out.custom_fields = record.customFields.map((field) => ({ key: field.key, name: field.key, value: field.value }));
			out.main_address_id = record.fields.main_address_id;
		}
		if (withKeys.has('main_address')) out.main_address = { ...record.addresses.get(record.fields.main_address_id as number) };
		if (withKeys.has('groups')) out.groups = [];
		if (withKeys.has('permissions')) out.permissions = ['view', 'edit'];
		return out;
	}

	private createContact(body: unknown): ContactRecord {
		const input = requireObject(body);
		const errors: FieldError[] = [];
		const fields = validate(input, { ...CONTACT_RULES, main_address: { kind: 'object', required: true } }, errors);
		if (fields.type === 'P' && (fields.gender === undefined || fields.gender === null)) errors.push(fieldError('gender', 1100, 'Value is required for type P'));
		const address = isObject(input.main_address) ? validate(input.main_address, ADDRESS_RULES, errors, 'main_address.') : {};
		if (typeof fields.number === 'string' && this.contactNumbers.has(fields.number)) errors.push(fieldError('number', 1105));
		if (errors.length > 0) throw unprocessable(errors);
		delete fields.main_address;
		return this.storeContact(fields, address, zurichNow());
	}

	private updateContact(record: ContactRecord, body: unknown): ContactRecord {
		const input = requireObject(body);
		const errors: FieldError[] = [];
		const fields = validate(input, CONTACT_RULES, errors, '', true);
		if (input.main_address !== undefined) {
			errors.push(fieldError('main_address', 1104, 'The main address is changed with PUT /contacts/{id}/addresses/{main_address_id}'));
		}
		const type = fields.type ?? record.fields.type;
		const gender = 'gender' in fields ? fields.gender : record.fields.gender;
		if (type === 'P' && (gender === null || gender === undefined)) errors.push(fieldError('gender', 1100, 'Value is required for type P'));
		const number = fields.number;
		if (typeof number === 'string' && number !== record.fields.number && this.contactNumbers.has(number)) errors.push(fieldError('number', 1105));
		if (fields.number === null || fields.number === '') delete fields.number;
		if (errors.length > 0) throw unprocessable(errors);
		if (typeof number === 'string' && number !== record.fields.number) {
			this.contactNumbers.delete(record.fields.number as string);
			this.contactNumbers.add(number);
		}
		const { custom_fields: customFields, ...rest } = fields;
		if (Array.isArray(customFields)) record.customFields = customFields as Entity[];
		Object.assign(record.fields, rest);
		return record;
	}

	private deleteContacts(ids: number[]): Result {
		const records = ids.map((id) => this.findContact(String(id)));
		for (const record of records) {
			this.contactStore.delete(record.fields.id as number);
			this.contactNumbers.delete(record.fields.number as string);
		}
		return { status: 204 };
	}

	private createAddress(contact: ContactRecord, body: unknown): Entity {
		const errors: FieldError[] = [];
		const fields = validate(requireObject(body), ADDRESS_RULES, errors);
		if (errors.length > 0) throw unprocessable(errors);
		const id = this.newId();
		const address = orderAddress({ ...ADDRESS_DEFAULTS, ...fields, id, default: false });
		contact.addresses.set(id, address);
		if (fields.default === true) this.makeMainAddress(contact, id);
		return address;
	}

	private updateAddress(contact: ContactRecord, address: Entity, body: unknown): Entity {
		const errors: FieldError[] = [];
		const fields = validate(requireObject(body), ADDRESS_RULES, errors, '', true);
		if (errors.length > 0) throw unprocessable(errors);
		// The main address stays the default until another address takes over.
		const { default: makeDefault, ...rest } = fields;
		Object.assign(address, rest);
		if (makeDefault === true) this.makeMainAddress(contact, address.id as number);
		return address;
	}

	private makeMainAddress(contact: ContactRecord, id: number): void {
		for (const address of contact.addresses.values()) address.default = address.id === id;
		contact.fields.main_address_id = id;
	}

	private deleteAddresses(contact: ContactRecord, ids: number[]): Result {
		for (const id of ids) this.findAddress(contact, String(id));
		if (ids.includes(contact.fields.main_address_id as number)) {
			throw badRequest(2000, 'The main address of a contact cannot be deleted');
		}
		for (const id of ids) contact.addresses.delete(id);
		return { status: 204 };
	}

	private createPerson(contact: ContactRecord, body: unknown): Entity {
		const errors: FieldError[] = [];
		const fields = validate(requireObject(body), PERSON_RULES, errors);
		if (errors.length > 0) throw unprocessable(errors);
		const id = this.newId();
		const person: Entity = { id, ...PERSON_DEFAULTS, ...fields };
		if (person.default === true) for (const other of contact.people.values()) other.default = false;
		contact.people.set(id, person);
		return this.personSpec.render(person, new Set());
	}

	private updatePerson(contact: ContactRecord, person: Entity, body: unknown): Entity {
		const errors: FieldError[] = [];
		const fields = validate(requireObject(body), PERSON_RULES, errors, '', true);
		if (errors.length > 0) throw unprocessable(errors);
		if (fields.default === true) for (const other of contact.people.values()) other.default = false;
		Object.assign(person, fields);
		return this.personSpec.render(person, new Set());
	}

	private deletePeople(contact: ContactRecord, ids: number[]): Result {
		for (const id of ids) this.findPerson(contact, String(id));
		for (const id of ids) contact.people.delete(id);
		return { status: 204 };
	}

	// ---- Invoices ----

	private findInvoice(text: string): InvoiceRecord {
		const record = /^\d+$/.test(text) ? this.invoiceStore.get(Number(text)) : undefined;
		if (!record) throw notFound('invoice');
		return record;
	}

	private findPayment(invoice: InvoiceRecord, text: string): Entity {
		const payment = /^\d+$/.test(text) ? invoice.payments.get(Number(text)) : undefined;
		if (!payment) throw notFound('invoice_payment');
		return payment;
	}

	private takeInvoiceNumber(): string {
		while (this.invoiceNumbers.has(String(this.nextInvoiceNumber))) this.nextInvoiceNumber++;
		return String(this.nextInvoiceNumber++);
	}

	private storeInvoice(fields: Entity): InvoiceRecord {
		const id = this.newId();
		const { positions, texts, free_texts: freeTexts, workflow, custom_fields: customFields, ...rest } = fields;
		const number = typeof rest.number === 'string' && rest.number !== '' ? rest.number : this.takeInvoiceNumber();
		this.invoiceNumbers.add(number);
		const record: InvoiceRecord = {
			fields: { id, ...INVOICE_DEFAULTS, ...rest },
			positions: ((positions as Entity[] | undefined) ?? []).map((position) => ({ ...POSITION_DEFAULTS, ...position })),
			texts: Array.isArray(texts) && texts.length > 0 ? (texts as Entity[]).map((text) => ({ title: '', introduction: '', conditions: '', ...text })) : structuredClone(DEFAULT_TEXTS),
			freeTexts: Array.isArray(freeTexts) ? freeTexts : [],
			workflow: Array.isArray(workflow) ? workflow : [],
			customFields: Array.isArray(customFields) ? (customFields as Entity[]) : [],
			payments: new Map(),
		};
		Object.assign(record.fields, { id, number, total_paid: 0, paid_date: null, status: rest.status ?? 'DR', created: rest.created ?? zurichNow() });
		if (record.fields.isr_id !== null && record.fields.isr_id !== undefined) record.fields.isr_reference_number = isrReference(this.nextIsrSequence++);
		this.computeTotals(record);
		this.invoiceStore.set(id, record);
		this.version++;
		return record;
	}

	/** Position totals include VAT unless `vat_included`; the invoice total sums the N positions less its discount. */
	private computeTotals(record: InvoiceRecord): void {
		let sum = 0;
		let sinceSubtotal = 0;
		for (const position of record.positions) {
			if (position.type === 'N') {
				let net = Number(position.price) * Number(position.amount);
				const rate = Number(position.discount_rate ?? 0);
				net = position.discount_type === 'A' ? net - rate : net * (1 - rate / 100);
				const gross = record.fields.vat_included ? net : net * (1 + Number(position.vat) / 100);
				position.total = round2(gross);
				sum += gross;
				sinceSubtotal += gross;
			} else if (position.type === 'SI') {
				position.total = round2(sum);
			} else if (position.type === 'SNI') {
				position.total = round2(sinceSubtotal);
				sinceSubtotal = 0;
			} else {
				position.total = null;
			}
		}
		const rate = Number(record.fields.discount_rate ?? 0);
		const total = record.fields.discount_type === 'A' ? sum - rate : sum * (1 - rate / 100);
		record.fields.total = round2(total);
	}

	private renderInvoice(record: InvoiceRecord, withKeys: ReadonlySet<string>): Entity {
		const extras: Record<string, () => unknown> = {
			contact_name: () => this.contactStore.get(record.fields.contact_id as number)?.fields.name ?? null,
			contact: () => {
				const contact = this.contactStore.get(record.fields.contact_id as number);
				return contact ? this.renderContact(contact, new Set()) : null;
			},
			contact_address: () => this.addressOf(record.fields.contact_id, record.fields.contact_address_id),
			contact_prepage_address: () => this.addressOf(record.fields.contact_id, record.fields.contact_prepage_address_id),
			contact_person: () => {
				const person = this.contactStore.get(record.fields.contact_id as number)?.people.get(record.fields.contact_person_id as number);
				return person ? this.personSpec.render(person, new Set()) : null;
			},
			bank_account: () => BANK_ACCOUNTS.find((account) => account.id === record.fields.bank_account_id) ?? null,
			isr: () => ISRS.find((isr) => isr.id === record.fields.isr_id) ?? null,
			custom_fields: () => record.customFields.map((field) => ({ key: field.key, name: field.key, value: field.value })),
			positions: () => record.positions.map((position) => ({ ...position })),
			texts: () => record.texts.map((text) => ({ ...text })),
			free_texts: () => [...record.freeTexts],
			workflow: () => [...record.workflow],
			permissions: () => ['view', 'edit', 'manage'],
		};
		const out: Entity = {};
		for (const [key, value] of Object.entries(record.fields)) {
			out[key] = value;
			for (const [withKey, after] of Object.entries(INVOICE_WITH_AFTER)) {
				if (after === key && withKeys.has(withKey)) out[withKey] = extras[withKey]();
			}
		}
		return out;
	}

	private addressOf(contactId: unknown, addressId: unknown): Entity | null {
		const address = this.contactStore.get(contactId as number)?.addresses.get(addressId as number);
		return address ? { ...address } : null;
	}

	/** Checks an invoice body (all of it on create, what was sent on update) including references and positions. */
	private checkInvoice(input: Entity, errors: FieldError[], current?: InvoiceRecord): Entity {
		const fields = validate(input, INVOICE_RULES, errors, '', current !== undefined);
		const contactId = 'contact_id' in fields ? fields.contact_id : current?.fields.contact_id;
		const contact = typeof contactId === 'number' ? this.contactStore.get(contactId) : undefined;
		if (typeof fields.contact_id === 'number' && !contact) errors.push(fieldError('contact_id', 1102, 'Contact does not exist'));
		if (contact) {
			const addressId = 'contact_address_id' in fields ? fields.contact_address_id : current?.fields.contact_address_id;
			if (typeof addressId === 'number' && !contact.addresses.has(addressId)) {
				errors.push(fieldError('contact_address_id', 1102, 'Address does not belong to the contact'));
			}
			if (typeof fields.contact_prepage_address_id === 'number' && !contact.addresses.has(fields.contact_prepage_address_id)) {
				errors.push(fieldError('contact_prepage_address_id', 1102, 'Address does not belong to the contact'));
			}
			if (typeof fields.contact_person_id === 'number' && !contact.people.has(fields.contact_person_id)) {
				errors.push(fieldError('contact_person_id', 1102, 'Person does not belong to the contact'));
			}
		}
		if (typeof fields.bank_account_id === 'number' && !BANK_ACCOUNTS.some((account) => account.id === fields.bank_account_id)) {
			errors.push(fieldError('bank_account_id', 1102, 'Bank account does not exist'));
		}
		if (typeof fields.isr_id === 'number' && !ISRS.some((isr) => isr.id === fields.isr_id)) errors.push(fieldError('isr_id', 1102, 'ISR does not exist'));
		if (typeof fields.number === 'string' && fields.number !== current?.fields.number && this.invoiceNumbers.has(fields.number)) {
			errors.push(fieldError('number', 1105));
		}
		if (Array.isArray(fields.positions)) fields.positions = this.checkPositions(fields.positions, errors);
		if (Array.isArray(fields.texts)) {
			fields.texts = fields.texts.map((text, index) => (isObject(text) ? validate(text, TEXT_RULES, errors, `texts.${index}.`) : (errors.push(fieldError(`texts.${index}`, 1101)), {})));
		}
		return fields;
	}

	private checkPositions(positions: unknown[], errors: FieldError[]): Entity[] {
		return positions.map((position, index) => {
			const prefix = `positions.${index}.`;
			if (!isObject(position)) {
				errors.push(fieldError(`positions.${index}`, 1101));
				return {};
			}
			const fields = validate(position, POSITION_RULES, errors, prefix);
			if (fields.type === 'N') {
				for (const key of ['price', 'amount', 'vat', 'unit_id']) {
					if (position[key] === undefined || position[key] === null || position[key] === '') errors.push(fieldError(`${prefix}${key}`, 1100, 'Value is required for type N'));
				}
				if (typeof fields.unit_id === 'number' && !(fields.unit_id in UNIT_NAMES)) errors.push(fieldError(`${prefix}unit_id`, 1102, 'Unit does not exist'));
			}
			return fields;
		});
	}

	private createInvoice(body: unknown): InvoiceRecord {
		const input = requireObject(body);
		if (this.documentLimit !== undefined && this.invoiceStore.size >= this.documentLimit) {
			throw new ApiError(402, { code: 4001, message: 'Document limit of your plan reached', meta: { feature: 'documents', limit: this.documentLimit } });
		}
		const errors: FieldError[] = [];
		const fields = this.checkInvoice(input, errors);
		if (errors.length > 0) throw unprocessable(errors);
		delete fields.status;
		return this.storeInvoice(fields);
	}

	private updateInvoice(record: InvoiceRecord, body: unknown): InvoiceRecord {
		const errors: FieldError[] = [];
		const fields = this.checkInvoice(requireObject(body), errors, record);
		if (errors.length > 0) throw unprocessable(errors);
		const { positions, texts, free_texts: freeTexts, workflow, custom_fields: customFields, ...rest } = fields;
		if (typeof rest.number === 'string' && rest.number !== record.fields.number) {
			this.invoiceNumbers.delete(record.fields.number as string);
			this.invoiceNumbers.add(rest.number);
		} else if (rest.number === null || rest.number === '') {
			delete rest.number;
		}
		Object.assign(record.fields, rest);
		if (Array.isArray(positions)) record.positions = (positions as Entity[]).map((position) => ({ ...POSITION_DEFAULTS, ...position }));
		if (Array.isArray(texts)) record.texts = (texts as Entity[]).map((text) => ({ title: '', introduction: '', conditions: '', ...text }));
		if (Array.isArray(freeTexts)) record.freeTexts = freeTexts;
		if (Array.isArray(workflow)) record.workflow = workflow;
		if (Array.isArray(customFields)) record.customFields = customFields as Entity[];
		if (record.fields.isr_id === null) record.fields.isr_reference_number = null;
		else if (record.fields.isr_reference_number === null) record.fields.isr_reference_number = isrReference(this.nextIsrSequence++);
		this.computeTotals(record);
		this.applyPayments(record);
		return record;
	}

	private deleteInvoices(ids: number[]): Result {
		const records = ids.map((id) => this.findInvoice(String(id)));
		for (const record of records) {
			this.invoiceStore.delete(record.fields.id as number);
			this.invoiceNumbers.delete(record.fields.number as string);
		}
		return { status: 204 };
	}

	private changeStatus(record: InvoiceRecord, body: unknown): InvoiceRecord {
		const errors: FieldError[] = [];
		const fields = validate(requireObject(body), STATUS_RULES, errors);
		if (errors.length > 0) throw unprocessable(errors);
		record.fields.status = fields.status;
		record.statusBeforePayment = undefined;
		if (fields.status === 'P') record.fields.paid_date = String(fields.date_time ?? zurichNow()).slice(0, 10);
		return record;
	}

	private sendByEmail(record: InvoiceRecord, body: unknown): Result {
		const errors: FieldError[] = [];
		const fields = validate(requireObject(body), EMAIL_RULES, errors);
		const recipients = Array.isArray(fields.recipients) ? fields.recipients : [];
		const checked = recipients.map((recipient, index) =>
			isObject(recipient) ? validate(recipient, RECIPIENT_RULES, errors, `recipients.${index}.`) : (errors.push(fieldError(`recipients.${index}`, 1101)), {}),
		);
		if (errors.length > 0) throw unprocessable(errors);
		this.sentEmails.push({
			invoiceId: record.fields.id as number,
			subject: fields.subject as string,
			body: fields.body as string,
			recipients: checked as Array<{ email: string; name: string }>,
			from: (fields.from as string | undefined) ?? null,
			receipt: fields.receipt === true,
			at: zurichNow(),
		});
		if (record.fields.status === 'DR') record.fields.status = 'S';
		return { status: 204 };
	}

	private sendByPost(record: InvoiceRecord, body: unknown): Result {
		const errors: FieldError[] = [];
		const fields = validate(requireObject(body), POST_RULES, errors);
		if (errors.length > 0) throw unprocessable(errors);
		this.sentLetters.push({
			invoiceId: record.fields.id as number, palette: fields.palette as string, print: fields.print as string, speed: fields.speed as string, at: zurichNow(),
		});
		if (record.fields.status === 'DR') record.fields.status = 'S';
		return { status: 204 };
	}

	private pdf(record: InvoiceRecord, optionsText: string | undefined): Result {
		let options: Entity = {};
		if (optionsText !== undefined && optionsText !== '') {
			try {
				const parsed: unknown = JSON.parse(optionsText);
				if (!isObject(parsed)) throw new Error('not an object');
				options = parsed;
			} catch {
				throw badRequest(2000, 'Invalid options: a JSON object is expected');
			}
		}
		const { fields } = record;
		const [invoiceTitle, receiptTitle] = DOCUMENT_TITLES[fields.language as string] ?? DOCUMENT_TITLES.de;
		const contactName = this.contactStore.get(fields.contact_id as number)?.fields.name ?? '';
		const lines = [
			`${options.receipt === true ? receiptTitle : invoiceTitle} ${String(fields.number)}`,
			String(contactName),
			`${String(fields.date)} / ${String(fields.due)}`,
			...record.positions.filter((position) => position.type === 'N').map((position) => `${String(position.name)}  ${String(position.total)}`),
			`Total ${String(fields.currency)} ${Number(fields.total).toFixed(2)}`,
		];
		if (fields.isr_reference_number) lines.push(`Referenz ${String(fields.isr_reference_number)}`);
		// The ISR background image makes the document much larger, which exercises binary downloads.
		const image = options.isr_display_image === true ? { width: 600, height: 400, seed: fields.id as number } : undefined;
		return { status: 200, binary: buildPdf(lines, image), contentType: 'application/pdf' };
	}

	// ---- Payments ----

	private createPayment(record: InvoiceRecord, body: unknown): Entity {
		const errors: FieldError[] = [];
		const fields = validate(requireObject(body), PAYMENT_RULES, errors);
		if (typeof fields.amount === 'number' && !(fields.amount > 0)) errors.push(fieldError('amount', 1102, 'The amount must be greater than 0'));
		if (errors.length > 0) throw unprocessable(errors);
		const id = this.newId();
		const payment: Entity = { id, type: fields.type, channel: fields.channel ?? null, amount: fields.amount, date: fields.date, notes: fields.notes ?? null, created: zurichNow() };
		record.payments.set(id, payment);
		this.applyPayments(record);
		return payment;
	}

	private updatePayment(payment: Entity, body: unknown): Entity {
		const errors: FieldError[] = [];
		// PUT takes only `notes`; the other fields are ignored.
		const fields = validate(requireObject(body), { notes: { kind: 'string' } }, errors, '', true);
		if (errors.length > 0) throw unprocessable(errors);
		Object.assign(payment, fields);
		return payment;
	}

	private deletePayments(record: InvoiceRecord, ids: number[]): Result {
		for (const id of ids) this.findPayment(record, String(id));
		for (const id of ids) record.payments.delete(id);
		this.applyPayments(record);
		return { status: 204 };
	}

	/** `total_paid`, `paid_date` and the PP/P status from the payments. */
	private applyPayments(record: InvoiceRecord): void {
		const payments = [...record.payments.values()];
		const paid = round2(payments.reduce((sum, payment) => sum + Number(payment.amount), 0));
		const { fields } = record;
		fields.total_paid = paid;
		if (fields.status === 'C' || fields.status === 'D') return;
		const fullyPaid = payments.length > 0 && paid >= Number(fields.total) - 0.001;
		if (payments.length > 0 && fields.status !== 'P' && fields.status !== 'PP') record.statusBeforePayment = fields.status as string;
		if (fullyPaid) {
			fields.status = 'P';
			fields.paid_date = payments.map((payment) => String(payment.date)).sort().at(-1);
		} else if (payments.length > 0) {
			fields.status = 'PP';
			fields.paid_date = null;
		} else if (record.statusBeforePayment !== undefined) {
			fields.status = record.statusBeforePayment;
			fields.paid_date = null;
			record.statusBeforePayment = undefined;
		}
	}
}

function orderAddress(address: Entity): Entity {
	const { default: isDefault, id, country, street, street_no: streetNo, street2, postcode, city, hide_on_documents: hide, default_prepage: prepage } = address;
	return { default: isDefault, id, country, street, street_no: streetNo, street2, postcode, city, hide_on_documents: hide, default_prepage: prepage };
}

function requireObject(body: unknown): Entity {
	if (body === undefined) return {};
	if (!isObject(body)) throw badRequest(2000, 'The request body must be a JSON object');
	return body;
}

function parseJsonBody(raw: string): unknown {
	if (raw.trim() === '') return undefined;
	try {
		return JSON.parse(raw);
	} catch {
		throw badRequest(2000, 'The request body is not valid JSON');
	}
}

function failureResult(failure: { status: number } & FailOptions): Result {
	const bodies: Record<number, Entity> = {
		429: { code: 6000, message: 'Too many requests' },
		503: { code: 8000, message: 'Application is offline' },
	};
	const json = failure.body ?? bodies[failure.status] ?? { code: failure.status, message: failure.status >= 500 ? 'Server error' : 'Request failed' };
	const headers: Record<string, string> = {};
	if (failure.status === 429) {
		headers['x-rate-limit-remaining'] = '0';
		headers['x-rate-limit-reset'] = String(failure.resetSeconds ?? 1);
	}
	return { status: failure.status, json, headers };
}
