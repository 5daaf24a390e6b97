/**
 * A fake FundraisingBox JSON REST API (v1) on loopback, built from the documented contract
 * (developer.fundraisingbox.com "Introduction JSON", "Error codes", the endpoint reference; see
 * /work/shared/reference/fundraising.md A.2, A.4 and docs/fundraisingbox.md):
 *
 * - HTTP Basic auth, the API token as user name, any password. Unknown or missing token → 401.
 *   A token configured `readonly` may read; its writes → 403 (the documented "without the
 *   necessary rights").
 * - `GET /v1/<resource>.json` lists as `{ hasMore, data }` with `page` (default 1) and `perPage`
 *   (default 100, at most 100); `GET /v1/<resource>/:id.json` shows one object, 404 if unknown.
 *   `POST /v1/<resource>.json` creates and answers 201 (persons-create and donations-create show
 *   201), `PUT /v1/<resource>/:id.json` updates and answers 200; both with the object as `GET` shows
 *   it. `DELETE /v1/communications/:id.json` deletes a communication (204, ASSUMED).
 * - Errors other than 401/403/404: 400 with `{ errors: [{ field, code, message }] }`; a body that is
 *   not JSON → `global_error` / `invalid_json`.
 * - Donation lists hold confirmed donations only ("Returns a collection of confirmed donations"),
 *   newest first (created_at DESC, then id DESC). Other lists are in id order.
 * - Filters the reference types `date` (`*_min` / `*_max`) take `YYYY-MM-DD` only (inclusive, the
 *   whole day); a date and time there is refused with 400 `invalid`. Filters typed `datetime`
 *   (communications' `created_time_min/max`) take `YYYY-MM-DD HH:MM:SS`. Times are Europe/Berlin
 *   wall-clock strings like FundraisingBox's.
 * - Query parameters that are not a documented filter of that list are ignored, as a server ignores
 *   unknown query parameters (the reference only lists what "is currently available");
 *   `refuseUnknownFilters: true` answers them with 400 instead, to prove a client sends none.
 * - Person writes take the five documented salutations (persons-create); the persons-list
 *   `salutation` filter also knows the older `Miss` and `Ms.`.
 * - `search_id` (a saved smart search in FundraisingBox) is accepted and recorded, but filters
 *   nothing: the fake has no saved searches.
 *
 * Resources: persons, personAddresses, personEmailAddresses, donations, recurrings, mandates,
 * projects, sources, types (payment types), communications. Paths of the person children and of sources/types
 * follow FundraisingBox's own n8n node (not in the stored reference).
 */
import type { IncomingMessage, ServerResponse } from 'http';
import { jsonOrText, LoopbackFake } from './loopbackFake';
import { wallClockIn } from '../../nodes/shared/canonicalEvent';

export type TokenRights = 'readwrite' | 'readonly';

export interface FakeCall {
	method: string;
	path: string;
	query: Record<string, string>;
	body: unknown;
	token: string | undefined;
}

type FbObject = Record<string, unknown>;

interface FieldError {
	field: string;
	code: string;
	message: string;
}

class ValidationFailure extends Error {
	constructor(readonly errors: FieldError[]) {
		super(errors.map((error) => `${error.field}: ${error.code}`).join(', '));
	}
}

const fieldError = (field: string, code: string, message: string): FieldError => ({ field, code, message });

/** Custom fields defined in the fake account (id → name), per object kind. */
const CUSTOM_FIELDS: Record<'person' | 'donation' | 'recurring', Record<number, string>> = {
	person: { 7: 'A special date', 10: 'Favorite color' },
	donation: { 21: 'Campaign code' },
	recurring: { 31: 'Welcome pack sent' },
};

/** persons-create: the salutations a person is written with. */
const SALUTATIONS = ['Mr.', 'Mrs.', 'diverse', 'couple', 'family'];
/** persons-list: the salutation filter also names the older values. */
const LISTED_SALUTATIONS = ['Mr.', 'Mrs.', 'Miss', 'Ms.', 'couple', 'family', 'diverse'];
/** personemailaddresses-create: "The opt in status if DOI feature is activated". */
const OPT_IN_STATUSES = ['no_opt_in', 'single_opt_in', 'pending_double_opt_in', 'double_opt_in'];
/** communicationsjson (list) and communicationsjson-1 (create). */
const COMMUNICATION_TYPES = ['note', 'email', 'phone', 'talk', 'letter'];
const COMMUNICATION_DIRECTIONS = ['in', 'out'];
const COMMUNICATION_CATEGORIES = ['donation_thank_you', 'double_opt_in', 'fundraising_page_mail', 'gift_donation_certificate'];
const COMMUNICATION_VISIBILITIES = ['person', 'everyone', 'onlyme', 'group'];
const RECEIPT_STATUSES = ['receipt_now', 'no_receipt', 'receipt_end_of_year', 'receipt_sent', 'receipt_never'];
const RECURRING_TYPES = ['recurring_membership', 'recurring_sponsorship', 'recurring_donation', 'recurring_fine'];
const RECURRING_INTERVALS = [1, 3, 6, 12];
const CHILD_TYPES = ['home', 'work', 'other'];

const SEED_PROJECTS: FbObject[] = [
	{ id: 4921, name: 'General donations', description: 'Where most is needed', is_active: 1 },
	{ id: 4922, name: 'Clean water', description: 'Wells in East Africa', is_active: 1 },
	{ id: 4923, name: 'Emergency aid', description: '', is_active: 0 },
];
const SEED_SOURCES: FbObject[] = [
	{ id: 1, name: 'Helpedia' },
	{ id: 2, name: 'Fundraising pages' },
	{ id: 3, name: 'Donation form' },
	{ id: 4, name: 'Facebook donation form' },
	{ id: 1942, name: 'SMS' },
];
const SEED_TYPES: FbObject[] = [
	{ id: 3, name: 'PayPal' },
	{ id: 4, name: 'Direct Debit' },
	{ id: 8, name: 'SEPA Direct Debit' },
	{ id: 10, name: 'Bank transfer' },
	{ id: 13, name: 'Stripe Credit Card' },
];

/** `YYYY-MM-DD HH:MM:SS` in Europe/Berlin, the way FundraisingBox writes times. */
function berlinNow(offsetDays = 0): string {
	return wallClockIn(new Date(Date.now() + offsetDays * 86_400_000), 'Europe/Berlin');
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

function isRealDate(value: string): boolean {
	const [year, month, day] = value.slice(0, 10).split('-').map(Number);
	const date = new Date(Date.UTC(year, month - 1, day));
	return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** A `date` filter bound as a comparable `YYYY-MM-DD HH:MM:SS`: the date covers its whole day. */
function dateBound(field: string, value: string, end: 'min' | 'max'): string {
	if (DATE.test(value) && isRealDate(value)) return `${value} ${end === 'min' ? '00:00:00' : '23:59:59'}`;
	throw new ValidationFailure([fieldError(field, 'invalid', `${field} must be a date (YYYY-MM-DD)`)]);
}

/** A `datetime` filter bound (`YYYY-MM-DD HH:MM:SS`). */
function dateTimeBound(field: string, value: string): string {
	if (DATE_TIME.test(value) && isRealDate(value)) return value;
	throw new ValidationFailure([fieldError(field, 'invalid', `${field} must be a date and time (YYYY-MM-DD HH:MM:SS)`)]);
}

function numberFilter(field: string, value: string): number {
	const number = Number(value);
	if (value.trim() === '' || !Number.isFinite(number)) throw new ValidationFailure([fieldError(field, 'invalid', `${field} must be a number`)]);
	return number;
}

function positiveInteger(field: string, value: string | undefined, fallback: number): number {
	if (value === undefined || value === '') return fallback;
	if (!/^\d+$/.test(value) || Number(value) < 1) throw new ValidationFailure([fieldError(field, 'invalid', `${field} must be a positive integer`)]);
	return Number(value);
}

type Filter = (object: FbObject) => boolean;
type FilterFactory = (value: string, field: string) => Filter;

const stringOf = (value: unknown) => (value === null || value === undefined ? '' : String(value));
const exact = (key: string): FilterFactory => (value) => (object) => stringOf(object[key]) === value;
const amountAtLeast: FilterFactory = (value, field) => {
	const min = numberFilter(field, value);
	return (object) => Number(object.amount) >= min;
};
const amountAtMost: FilterFactory = (value, field) => {
	const max = numberFilter(field, value);
	return (object) => Number(object.amount) <= max;
};
const dateFrom = (key: string): FilterFactory => (value, field) => {
	const bound = dateBound(field, value, 'min');
	return (object) => object[key] != null && timeOf(object[key]) >= bound;
};
const dateUntil = (key: string): FilterFactory => (value, field) => {
	const bound = dateBound(field, value, 'max');
	return (object) => object[key] != null && timeOf(object[key]) <= bound;
};
const dateTimeFrom = (key: string): FilterFactory => (value, field) => {
	const bound = dateTimeBound(field, value);
	return (object) => object[key] != null && timeOf(object[key]) >= bound;
};
const dateTimeUntil = (key: string): FilterFactory => (value, field) => {
	const bound = dateTimeBound(field, value);
	return (object) => object[key] != null && timeOf(object[key]) <= bound;
};
const numberFrom = (key: string): FilterFactory => (value, field) => {
	const min = numberFilter(field, value);
	return (object) => Number(object[key]) >= min;
};
const numberUntil = (key: string): FilterFactory => (value, field) => {
	const max = numberFilter(field, value);
	return (object) => Number(object[key]) <= max;
};
const idList: FilterFactory = (value) => {
	const ids = new Set(value.split(',').map((id) => id.trim()).filter(Boolean));
	return (object) => ids.has(String(object.id));
};
const isTest: FilterFactory = (value, field) => {
	if (!['yes', 'no', 'all'].includes(value)) throw new ValidationFailure([fieldError(field, 'invalid', 'is_test must be yes, no or all')]);
	return (object) => value === 'all' || (value === 'yes') === (Number(object.is_test) === 1);
};
/** A saved smart search: its id must be an integer; the fake has none saved, so it filters nothing. */
const smartSearch: FilterFactory = (value, field) => {
	positiveInteger(field, value, 0);
	return () => true;
};
const listOf = (value: unknown): FbObject[] => (Array.isArray(value) ? (value as FbObject[]) : []);
/** A text criterion: case-insensitive "contains" on any of the values read (ASSUMED matching). */
const containsText = (read: (object: FbObject) => unknown[]): FilterFactory => (value) => {
	const needle = value.trim().toLowerCase();
	return (object) => read(object).some((text) => stringOf(text).toLowerCase().includes(needle));
};
/** Any of a comma-separated list of ids among the ids read. */
const anyIdAmong = (read: (object: FbObject) => unknown[]): FilterFactory => (value) => {
	const ids = new Set(value.split(',').map((id) => id.trim()).filter(Boolean));
	return (object) => read(object).some((id) => ids.has(String(id)));
};
/** A boolean criterion: `1`/`true` or `0`/`false` (ASSUMED spelling). */
const flag = (key: string): FilterFactory => (value, field) => {
	if (!['1', '0', 'true', 'false'].includes(value)) throw new ValidationFailure([fieldError(field, 'invalid', `${field} must be true or false`)]);
	const wanted = value === '1' || value === 'true';
	return (object) => (object[key] === true || object[key] === 1) === wanted;
};
const oneOf = (key: string, allowed: Array<string | number>): FilterFactory => (value, field) => {
	if (!allowed.map(String).includes(value)) throw new ValidationFailure([fieldError(field, 'invalid', `${field} must be one of ${allowed.join(', ')}`)]);
	return exact(key)(value, field);
};

/** A date-only value (`YYYY-MM-DD`) compares as the start of its day. */
function timeOf(value: unknown): string {
	const text = String(value);
	return DATE.test(text) ? `${text} 00:00:00` : text;
}

const UPDATED_FILTERS: Record<string, FilterFactory> = { updated_min: dateFrom('updated_at'), updated_max: dateUntil('updated_at') };

/** persons-list criteria, plus `updated_min/max` (documented on persons-create); run on the person as shown. */
const PERSON_FILTERS: Record<string, FilterFactory> = {
	...UPDATED_FILTERS,
	salutation: oneOf('salutation', LISTED_SALUTATIONS),
	first_name: containsText((person) => [person.first_name]),
	last_name: containsText((person) => [person.last_name]),
	company: containsText((person) => [person.company_name]),
	phone: containsText((person) => listOf(person.fb_person_phones).flatMap((phone) => [phone.phone, phone.number])),
	email: containsText((person) => listOf(person.fb_person_email_addresss).map((entry) => entry.email)),
	address: containsText((person) => listOf(person.fb_person_addresss).flatMap((entry) => [entry.address, entry.post_code, entry.city])),
	tag_ids: anyIdAmong((person) => listOf(person.fb_manual_tags).map((tag) => tag.id)),
	ids: idList,
	search_id: smartSearch,
};

/** communicationsjson criteria. */
const COMMUNICATION_FILTERS: Record<string, FilterFactory> = {
	search_id: smartSearch,
	message: containsText((communication) => [communication.html_message]),
	subject: containsText((communication) => [communication.subject]),
	type: oneOf('type', COMMUNICATION_TYPES),
	direction: oneOf('direction', COMMUNICATION_DIRECTIONS),
	category: oneOf('category', COMMUNICATION_CATEGORIES),
	is_system: flag('is_system'),
	fb_person_id: exact('fb_person_id'),
	has_attachment: flag('has_attachment'),
	date_min: dateFrom('created_at'),
	date_max: dateUntil('created_at'),
	created_time_min: dateTimeFrom('created_at'),
	created_time_max: dateTimeUntil('created_at'),
	ids: idList,
};

const DONATION_FILTERS: Record<string, FilterFactory> = {
	amount_min: amountAtLeast,
	amount_max: amountAtMost,
	date_min: dateFrom('created_at'),
	date_max: dateUntil('created_at'),
	received_min: dateFrom('received_at'),
	received_max: dateUntil('received_at'),
	...UPDATED_FILTERS,
	ident_id_min: numberFrom('ident_id'),
	ident_id_max: numberUntil('ident_id'),
	receipt_status: oneOf('receipt_status', RECEIPT_STATUSES),
	fb_project_id: exact('fb_project_id'),
	fb_type_id: exact('fb_type_id'),
	fb_source_id: exact('fb_source_id'),
	fb_person_id: exact('fb_person_id'),
	fb_payment_form_configuration_id: exact('fb_payment_form_configuration_id'),
	fb_payout_id: exact('fb_payout_id'),
	ids: idList,
	is_test: isTest,
	search_id: smartSearch,
	transaction_id: exact('transaction_id'),
	external_donation_id: exact('external_donation_id'),
};

const RECURRING_FILTERS: Record<string, FilterFactory> = {
	show: (value, field) => {
		if (value !== 'active') throw new ValidationFailure([fieldError(field, 'invalid', 'show must be active')]);
		const today = berlinNow().slice(0, 10);
		return (object) => object.end_date == null || object.end_date === '' || String(object.end_date) >= today;
	},
	type: oneOf('type', RECURRING_TYPES),
	amount_min: amountAtLeast,
	amount_max: amountAtMost,
	start_min: dateFrom('start_date'),
	start_max: dateUntil('start_date'),
	next_min: dateFrom('next_payment_date'),
	next_max: dateUntil('next_payment_date'),
	// No updated_min/updated_max: not among the documented filters of /recurrings.json, so ignored like any unknown one.
	interval: oneOf('interval', RECURRING_INTERVALS),
	fb_project_id: exact('fb_project_id'),
	fb_type_id: exact('fb_type_id'),
	fb_source_id: exact('fb_source_id'),
	fb_payment_form_configuration_id: exact('fb_payment_form_configuration_id'),
	fb_person_id: exact('fb_person_id'),
	ids: idList,
	search_id: smartSearch,
	is_test: isTest,
};

/** Fields a client may write, per resource; anything else in a body is ignored. */
const WRITABLE = {
	persons: [
		'company_id', 'company_name', 'salutation', 'title', 'first_name', 'last_name', 'birthday', 'position', 'info',
		'wants_mailing', 'wants_no_email', 'wants_no_post', 'wants_no_call', 'greeting', 'is_company', 'external_person_id',
	],
	personAddresses: ['fb_person_id', 'address', 'address_addition', 'post_code', 'city', 'state', 'country', 'is_main', 'type'],
	personEmailAddresses: ['fb_person_id', 'email', 'is_main', 'type', 'opt_in_status'],
	donations: [
		'fb_person_id', 'fb_source_id', 'fb_project_id', 'fb_type_id', 'fb_person_bank_account_id', 'fb_person_credit_card_id',
		'fb_sepa_mandate_id', 'amount', 'info', 'receipt_status', 'public_name', 'public_message', 'fb_fundraising_page_id',
		'external_donation_id', 'received_at', 'created_at',
	],
	recurrings: [
		'amount', 'interval', 'receipt_status', 'type', 'fb_person_id', 'fb_source_id', 'fb_project_id', 'fb_type_id',
		'fb_sepa_mandate_id', 'fb_person_bank_account_id', 'start_date', 'next_payment_date', 'end_date',
	],
	communications: ['html_message', 'fb_person_id', 'type', 'subject', 'visible_to', 'fb_customer_user_group_id', 'direction', 'created_at', 'sticky'],
} as const;

type WritableResource = keyof typeof WRITABLE;
const RESOURCES = [
	'persons', 'personAddresses', 'personEmailAddresses', 'donations', 'recurrings', 'mandates', 'projects', 'sources', 'types', 'communications',
] as const;
const LIST_FILTERS: Partial<Record<Resource, Record<string, FilterFactory>>> = {
	persons: PERSON_FILTERS,
	donations: DONATION_FILTERS,
	recurrings: RECURRING_FILTERS,
	communications: COMMUNICATION_FILTERS,
};
type Resource = (typeof RESOURCES)[number];

/**
 * FundraisingBox's 429 (every API it offers, the Payment-API included): `x-ratelimit-reset` holds "the
 * date-time of when the API limit resets in UTC epoch seconds" (developer.fundraisingbox.com/page/api-limits).
 * No `Retry-After` is documented, so none is sent.
 */
export function fundraisingBoxRateLimitHeaders(waitSeconds: number): Record<string, string> {
	return { 'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000) + waitSeconds) };
}

export class FakeFundraisingBoxApi extends LoopbackFake<FakeCall> {
	protected override readonly jsonContentType = 'application/json; charset=utf-8';

	protected override rateLimitHeaders(waitSeconds: number): Record<string, string> {
		return fundraisingBoxRateLimitHeaders(waitSeconds);
	}
	/** Answer every list as page 1 whatever `page` asks, still with `hasMore` (a server that ignores paging). */
	ignorePaging = false;
	private readonly store: Record<Resource, Map<number, FbObject>>;
	private readonly nextIds: Record<Resource, number>;
	private nextIdentId = 4400;
	private nextTransactionNumber = 6341000;

	/**
	 * `refuseUnknownFilters`: answer 400 to a query parameter that is no documented filter (a real server ignores it).
	 * `ignoredFilters`: filters answered as if unknown (e.g. donations' `updated_min`, which only FundraisingBox's own node documents).
	 */
	constructor(private readonly options: { tokens: Record<string, TokenRights>; refuseUnknownFilters?: boolean; ignoredFilters?: Partial<Record<string, string[]>> }) {
		super();
		this.store = Object.fromEntries(RESOURCES.map((resource) => [resource, new Map<number, FbObject>()])) as Record<Resource, Map<number, FbObject>>;
		this.nextIds = {
			persons: 1706500,
			personAddresses: 2100000,
			personEmailAddresses: 3100000,
			donations: 8594100,
			recurrings: 377500,
			mandates: 658100,
			projects: 5000,
			sources: 2000,
			types: 3000,
			communications: 910000,
		};
		for (const project of SEED_PROJECTS) this.store.projects.set(project.id as number, { ...project });
		for (const source of SEED_SOURCES) this.store.sources.set(source.id as number, { ...source });
		for (const type of SEED_TYPES) this.store.types.set(type.id as number, { ...type });
	}

	get baseUrl(): string {
		return `http://127.0.0.1:${this.port}/v1`;
	}



	// ---- Test-side data entry (what happens in FundraisingBox without the API) ----

	addPerson(fields: Record<string, unknown> = {}): Record<string, unknown> {
		const { fb_person_addresss: addresses, fb_person_email_addresss: emails, fb_custom_fields: customFields, ...rest } = fields;
		const now = berlinNow();
		const id = this.newId('persons');
		const person: FbObject = {
			id,
			company_id: null,
			company_name: '',
			salutation: 'Mrs.',
			title: '',
			first_name: 'Erika',
			last_name: 'Mustermann',
			birthday: null,
			position: '',
			info: '',
			wants_mailing: true,
			wants_no_email: false,
			wants_no_post: false,
			wants_no_call: false,
			greeting: '',
			is_company: false,
			external_person_id: null,
			wants_newsletter: false,
			fb_person_phones: [],
			fb_person_websites: [],
			fb_person_instant_messengers: [],
			fb_person_bank_accounts: [],
			fb_person_credit_cards: [],
			fb_manual_tags: [],
			created_at: now,
			updated_at: now,
			...rest,
			fb_custom_fields: this.customFieldValues('person', [], customFields),
		};
		this.store.persons.set(id, person);
		for (const address of (addresses as FbObject[] | undefined) ?? []) this.addChild('personAddresses', { ...address, fb_person_id: id });
		for (const email of (emails as FbObject[] | undefined) ?? []) this.addChild('personEmailAddresses', { ...email, fb_person_id: id });
		return this.show('persons', person);
	}

	addDonation(fields: Record<string, unknown> = {}): Record<string, unknown> {
		const now = berlinNow();
		const id = this.newId('donations');
		const transactionNumber = this.nextTransactionNumber++;
		const donation: FbObject = {
			id,
			ident_id: this.nextIdentId++,
			transaction_id: `FB-T-${transactionNumber}`,
			fb_person_id: 'fb_person_id' in fields ? fields.fb_person_id : this.addPerson().id,
			fb_source_id: 3,
			fb_project_id: 4921,
			fb_type_id: 8,
			fb_payment_form_configuration_id: 1234,
			fb_person_bank_account_id: null,
			fb_person_credit_card_id: null,
			fb_sepa_mandate_id: null,
			fb_recurring_payment_id: null,
			fb_fundraising_page_id: null,
			fb_payout_id: null,
			amount: 10.0,
			currency: 'EUR',
			interval: 0,
			by_recurring: 0,
			status: 'confirmed',
			receipt_status: 'no_receipt',
			is_test: 0,
			info: '',
			public_name: '',
			public_message: '',
			external_donation_id: null,
			meta_info: {},
			received_at: null,
			created_at: now,
			updated_at: now,
			...fields,
			fb_custom_fields: this.customFieldValues('donation', [], fields.fb_custom_fields),
		};
		this.store.donations.set(id, donation);
		return this.show('donations', donation);
	}

	updateDonation(id: number, fields: Record<string, unknown>): Record<string, unknown> {
		return this.update('donations', id, fields, 'donation');
	}

	addRecurring(fields: Record<string, unknown> = {}): Record<string, unknown> {
		const now = berlinNow();
		const id = this.newId('recurrings');
		const recurring: FbObject = {
			id,
			fb_person_id: fields.fb_person_id ?? this.addPerson().id,
			fb_payment_form_configuration_id: 1234,
			fb_source_id: 3,
			fb_project_id: 4921,
			fb_type_id: 8,
			fb_sepa_mandate_id: null,
			fb_person_bank_account_id: null,
			amount: 10.0,
			currency: 'EUR',
			interval: 1,
			type: 'recurring_donation',
			receipt_status: 'receipt_end_of_year',
			is_test: 0,
			start_date: now.slice(0, 10),
			next_payment_date: berlinNow(30).slice(0, 10),
			end_date: null,
			created_at: now,
			updated_at: now,
			...fields,
			fb_custom_fields: this.customFieldValues('recurring', [], fields.fb_custom_fields),
		};
		this.store.recurrings.set(id, recurring);
		return this.show('recurrings', recurring);
	}

	updateRecurring(id: number, fields: Record<string, unknown>): Record<string, unknown> {
		return this.update('recurrings', id, fields, 'recurring');
	}

	/** A SEPA mandate as FundraisingBox creates it with a direct-debit donation. */
	addSepaMandate(fields: Record<string, unknown> = {}): Record<string, unknown> {
		const now = berlinNow();
		const id = this.newId('mandates');
		const mandate: FbObject = {
			id,
			fb_person_id: fields.fb_person_id ?? this.addPerson().id,
			reference_id: `FB-SEPA-${this.nextTransactionNumber++}`,
			mandate_status: 'active',
			signature_date: now.slice(0, 10),
			last_usage_date: null,
			transaction_type: 'recurrent',
			origin: 'website',
			created_at: now,
			updated_at: now,
			...fields,
		};
		this.store.mandates.set(id, mandate);
		return { ...mandate };
	}

	/** A communication entry, e.g. one FundraisingBox wrote itself (`is_system`, with a `category`). */
	addCommunication(fields: Record<string, unknown> = {}): Record<string, unknown> {
		const now = berlinNow();
		const id = this.newId('communications');
		const communication: FbObject = {
			id,
			fb_person_id: fields.fb_person_id ?? this.addPerson().id,
			type: 'note',
			subject: '',
			html_message: '',
			direction: null,
			category: null,
			is_system: false,
			has_attachment: false,
			visible_to: 'person',
			fb_customer_user_group_id: null,
			sticky: false,
			created_at: now,
			updated_at: now,
			...fields,
		};
		this.store.communications.set(id, communication);
		return { ...communication };
	}

	// ---- HTTP ----

	protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const { method, url, headers, text } = await this.receive(req);
		const query = Object.fromEntries(url.searchParams);
		const token = basicUser(headers.authorization);
		// Text that is not JSON is recorded as text; a write with it answers invalid_json below.
		const body = jsonOrText(text);
		this.calls.push({ method, path: url.pathname, query, body, token });

		const rights = token === undefined ? undefined : this.options.tokens[token];
		if (!rights) {
			res.writeHead(401, { 'content-type': 'text/plain', 'www-authenticate': 'Basic realm="FundraisingBox API"' });
			res.end('Unauthorized');
			return;
		}
		// 403 and 404 carry no documented body.
		const route = /^\/v1\/([A-Za-z]+)(?:\/(\d+))?\.json$/.exec(url.pathname);
		const resource = route?.[1] as Resource | undefined;
		if (!route || !resource || !RESOURCES.includes(resource)) return this.sendEmpty(res, 404);
		const id = route[2] === undefined ? undefined : Number(route[2]);
		const writable = resource in WRITABLE;
		const isWrite = method === 'POST' || method === 'PUT';
		if (isWrite && (!writable || (method === 'POST' && id !== undefined) || (method === 'PUT' && id === undefined))) return this.sendEmpty(res, 404);
		if (isWrite && resource === 'donations' && method === 'PUT') return this.sendEmpty(res, 404);
		const isDelete = method === 'DELETE' && resource === 'communications' && id !== undefined;
		if (!isWrite && !isDelete && method !== 'GET') return this.sendEmpty(res, 404);
		if ((isWrite || isDelete) && rights !== 'readwrite') return this.sendEmpty(res, 403);
		if (isDelete) return this.sendEmpty(res, this.store.communications.delete(id!) ? 204 : 404);

		try {
			if (method === 'GET' && id === undefined) return this.sendJson(res, 200, this.list(resource, query));
			if (method === 'GET') {
				const object = this.store[resource].get(id!);
				return object ? this.sendJson(res, 200, this.show(resource, object)) : this.sendEmpty(res, 404);
			}
			if (typeof body !== 'object' || body === null || Array.isArray(body)) {
				throw new ValidationFailure([fieldError('global_error', 'invalid_json', 'The request body is not a valid JSON object.')]);
			}
			if (method === 'PUT' && !this.store[resource].has(id!)) return this.sendEmpty(res, 404);
			const object = method === 'POST'
				? this.create(resource as WritableResource, body as FbObject)
				: this.apiUpdate(resource as WritableResource, id!, body as FbObject);
			return this.sendJson(res, method === 'POST' ? 201 : 200, object);
		} catch (error) {
			if (error instanceof ValidationFailure) return this.sendJson(res, 400, { errors: error.errors });
			throw error;
		}
	}

	private list(resource: Resource, query: Record<string, string>): { hasMore: boolean; data: FbObject[] } {
		const asked = positiveInteger('page', query.page, 1);
		const page = this.ignorePaging ? 1 : asked;
		const perPage = Math.min(positiveInteger('perPage', query.perPage, 100), 100);
		const factories = LIST_FILTERS[resource] ?? {};
		const filters: Filter[] = [];
		for (const [name, value] of Object.entries(query)) {
			const factory = factories[name];
			if (this.options.ignoredFilters?.[resource]?.includes(name)) continue;
			if (factory) filters.push(factory(value, name));
			else if (this.options.refuseUnknownFilters && name !== 'page' && name !== 'perPage') {
				throw new ValidationFailure([fieldError(name, 'invalid', `${name} is not a filter of /${resource}.json`)]);
			}
		}
		let objects = [...this.store[resource].values()];
		if (resource === 'donations') {
			objects = objects.filter((donation) => donation.status === 'confirmed');
			objects.sort((a, b) => String(b.created_at).localeCompare(String(a.created_at)) || Number(b.id) - Number(a.id));
		} else {
			objects.sort((a, b) => Number(a.id) - Number(b.id));
		}
		const matching = objects.map((object) => this.show(resource, object)).filter((object) => filters.every((filter) => filter(object)));
		const start = (page - 1) * perPage;
		return { hasMore: matching.length > start + perPage, data: matching.slice(start, start + perPage) };
	}

	/**
	 * The object as the API shows it: persons with their addresses and e-mail addresses, under the
	 * list names of FundraisingBox's own example (docs/persons-create, 201: `fb_person_addresss`,
	 * `fb_person_email_addresss`, three s).
	 */
	private show(resource: Resource, object: FbObject): FbObject {
		const copy = structuredClone(object);
		if (resource !== 'persons') return copy;
		const childrenOf = (child: 'personAddresses' | 'personEmailAddresses') =>
			[...this.store[child].values()].filter((entry) => entry.fb_person_id === object.id).map((entry) => ({ ...entry }));
		return { ...copy, fb_person_addresss: childrenOf('personAddresses'), fb_person_email_addresss: childrenOf('personEmailAddresses') };
	}

	private create(resource: WritableResource, body: FbObject): FbObject {
		const fields = pick(body, WRITABLE[resource]);
		const errors = this.validate(resource, fields, undefined);
		if (errors.length > 0) throw new ValidationFailure(errors);
		switch (resource) {
			case 'persons': {
				const person = this.addPerson({ ...fields, fb_custom_fields: this.customFieldValues('person', [], body.fb_custom_fields) });
				return person;
			}
			case 'donations':
				return this.addDonation({ fb_person_id: null, ...fields, amount: Number(fields.amount), fb_custom_fields: this.customFieldValues('donation', [], body.fb_custom_fields) });
			case 'recurrings':
				return this.addRecurring({ ...fields, amount: Number(fields.amount), fb_custom_fields: this.customFieldValues('recurring', [], body.fb_custom_fields) });
			case 'communications':
				return this.addCommunication(fields);
			default:
				return this.addChild(resource, fields);
		}
	}

	private apiUpdate(resource: WritableResource, id: number, body: FbObject): FbObject {
		const existing = this.store[resource].get(id)!;
		const fields = pick(body, WRITABLE[resource]);
		const errors = this.validate(resource, fields, existing);
		if (errors.length > 0) throw new ValidationFailure(errors);
		if (resource === 'personAddresses' || resource === 'personEmailAddresses' || resource === 'communications') {
			Object.assign(existing, fields, { updated_at: berlinNow() });
			if (resource !== 'communications' && (fields.is_main === true || fields.is_main === 1)) this.makeMain(resource, existing);
			return { ...existing };
		}
		const kind = resource === 'persons' ? 'person' : resource === 'donations' ? 'donation' : 'recurring';
		return this.update(resource, id, { ...fields, ...(body.fb_custom_fields === undefined ? {} : { fb_custom_fields: body.fb_custom_fields }) }, kind);
	}

	private update(resource: 'persons' | 'donations' | 'recurrings', id: number, fields: Record<string, unknown>, kind: keyof typeof CUSTOM_FIELDS): FbObject {
		const existing = this.store[resource].get(id);
		if (!existing) throw new Error(`no ${resource} ${id}`);
		const { fb_custom_fields: customFields, ...rest } = fields;
		Object.assign(existing, { updated_at: berlinNow() }, rest);
		if (customFields !== undefined) existing.fb_custom_fields = this.customFieldValues(kind, existing.fb_custom_fields as FbObject[], customFields);
		return this.show(resource, existing);
	}

	private addChild(resource: 'personAddresses' | 'personEmailAddresses', fields: FbObject): FbObject {
		const now = berlinNow();
		const id = this.newId(resource);
		const siblings = [...this.store[resource].values()].filter((entry) => entry.fb_person_id === fields.fb_person_id);
		const base: FbObject =
			resource === 'personAddresses'
				? { id, fb_person_id: null, address: '', address_addition: '', post_code: '', city: '', state: '', country: 'DE', type: 'home' }
				: { id, fb_person_id: null, email: '', type: 'home', opt_in_status: 'no_opt_in' };
		const child: FbObject = { ...base, ...fields, is_main: fields.is_main ?? siblings.length === 0, created_at: now, updated_at: now };
		this.store[resource].set(id, child);
		if (child.is_main === true || child.is_main === 1) this.makeMain(resource, child);
		return { ...child };
	}

	/** Only one main address (e-mail address) per person. */
	private makeMain(resource: 'personAddresses' | 'personEmailAddresses', main: FbObject): void {
		for (const entry of this.store[resource].values()) {
			if (entry !== main && entry.fb_person_id === main.fb_person_id) entry.is_main = false;
		}
	}

	/** Validation as FundraisingBox documents it: mandatory fields, enums, references. */
	private validate(resource: WritableResource, fields: FbObject, existing: FbObject | undefined): FieldError[] {
		const errors: FieldError[] = [];
		const creating = existing === undefined;
		const missing = (field: string) => fields[field] === undefined || fields[field] === null || fields[field] === '';
		const required = (field: string, label: string) => {
			if ((creating && missing(field)) || (!creating && field in fields && missing(field))) errors.push(fieldError(field, 'required', `${label} is required`));
		};
		const enumeration = (field: string, allowed: Array<string | number>) => {
			if (!missing(field) && !allowed.map(String).includes(String(fields[field]))) errors.push(fieldError(field, 'invalid', `${field} must be one of ${allowed.join(', ')}`));
		};
		const maxLength = (field: string, length: number) => {
			if (typeof fields[field] === 'string' && (fields[field] as string).length > length) errors.push(fieldError(field, 'invalid', `${field} may have at most ${length} characters`));
		};
		const date = (field: string, withTime: boolean) => {
			const value = fields[field];
			if (missing(field)) return;
			const text = String(value);
			const ok = (DATE.test(text) || (withTime && DATE_TIME.test(text))) && isRealDate(text);
			if (!ok) errors.push(fieldError(field, 'invalid', `${field} must be ${withTime ? 'a date and time (YYYY-MM-DD HH:MM:SS)' : 'a date (YYYY-MM-DD)'}`));
		};
		const positiveAmount = () => {
			if (!missing('amount') && !(Number(fields.amount) > 0)) errors.push(fieldError('amount', 'invalid', 'amount must be a positive number'));
		};
		// recurrings-create and personemailaddresses-create: "once set this value could not be changed by a PUT request any more"
		const unchangedPerson = () => {
			if (existing && 'fb_person_id' in fields && String(fields.fb_person_id) !== String(existing.fb_person_id)) {
				errors.push(fieldError('fb_person_id', 'invalid', 'The person cannot be changed'));
			}
		};
		const reference = (field: string, store: Resource, label: string) => {
			if (!missing(field) && !this.store[store].has(Number(fields[field]))) errors.push(fieldError(field, 'invalid', `${label} ${String(fields[field])} does not exist`));
		};

		switch (resource) {
			case 'persons':
				required('last_name', 'Last name');
				enumeration('salutation', SALUTATIONS);
				maxLength('title', 50);
				maxLength('first_name', 100);
				maxLength('last_name', 100);
				maxLength('external_person_id', 100);
				date('birthday', false);
				break;
			case 'personAddresses':
				required('fb_person_id', 'Person');
				reference('fb_person_id', 'persons', 'Person');
				if (creating && ['address', 'post_code', 'city', 'country'].some(missing)) {
					errors.push(fieldError('address', 'address_incomplete', 'Address, post code, city and country are required'));
				}
				enumeration('type', CHILD_TYPES);
				break;
			case 'personEmailAddresses':
				required('fb_person_id', 'Person');
				reference('fb_person_id', 'persons', 'Person');
				required('email', 'E-mail address');
				if (!missing('email') && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(String(fields.email))) errors.push(fieldError('email', 'invalid', 'The e-mail address is invalid'));
				maxLength('email', 100);
				enumeration('type', CHILD_TYPES);
				enumeration('opt_in_status', OPT_IN_STATUSES);
				unchangedPerson();
				break;
			case 'donations':
				required('fb_type_id', 'Payment type');
				required('amount', 'Amount');
				required('created_at', 'Creation date');
				positiveAmount();
				reference('fb_type_id', 'types', 'Payment type');
				reference('fb_project_id', 'projects', 'Project');
				reference('fb_source_id', 'sources', 'Source');
				reference('fb_person_id', 'persons', 'Person');
				enumeration('receipt_status', RECEIPT_STATUSES);
				date('created_at', true);
				date('received_at', true);
				break;
			case 'recurrings':
				required('amount', 'Amount');
				required('interval', 'Interval');
				required('type', 'Type');
				required('fb_person_id', 'Person');
				required('fb_type_id', 'Payment type');
				required('next_payment_date', 'Next payment date');
				positiveAmount();
				enumeration('interval', RECURRING_INTERVALS);
				enumeration('type', RECURRING_TYPES);
				enumeration('receipt_status', RECEIPT_STATUSES);
				reference('fb_type_id', 'types', 'Payment type');
				reference('fb_project_id', 'projects', 'Project');
				reference('fb_source_id', 'sources', 'Source');
				reference('fb_person_id', 'persons', 'Person');
				date('start_date', false);
				date('next_payment_date', false);
				date('end_date', false);
				unchangedPerson();
				break;
			case 'communications': {
				required('html_message', 'Message');
				required('fb_person_id', 'Person');
				reference('fb_person_id', 'persons', 'Person');
				enumeration('type', COMMUNICATION_TYPES);
				enumeration('direction', COMMUNICATION_DIRECTIONS);
				enumeration('visible_to', COMMUNICATION_VISIBILITIES);
				date('created_at', true);
				// "must only be given for type email"; "may only be given for visibility group"
				const type = fields.type ?? existing?.type ?? 'note';
				if (!missing('subject') && type !== 'email') errors.push(fieldError('subject', 'invalid', 'A subject may only be given for type email'));
				const visibleTo = fields.visible_to ?? existing?.visible_to;
				if (!missing('fb_customer_user_group_id') && visibleTo !== 'group') {
					errors.push(fieldError('fb_customer_user_group_id', 'invalid', 'A user group may only be given for visibility group'));
				}
				break;
			}
		}
		return errors;
	}

	/** Merges `[{id, value}]` into the object's custom fields; values are strings, unknown ids fail. */
	private customFieldValues(kind: keyof typeof CUSTOM_FIELDS, current: FbObject[], update: unknown): FbObject[] {
		const defined = CUSTOM_FIELDS[kind];
		const values = new Map<number, string>((current ?? []).map((field) => [Number(field.id), String(field.value ?? '')]));
		if (update !== undefined && update !== null) {
			if (!Array.isArray(update)) throw new ValidationFailure([fieldError('fb_custom_fields', 'invalid', 'fb_custom_fields must be a list of {id, value}')]);
			for (const entry of update as FbObject[]) {
				const id = Number(entry?.id);
				if (!(id in defined)) throw new ValidationFailure([fieldError('fb_custom_fields', 'invalid', `Custom field ${String(entry?.id)} does not exist`)]);
				values.set(id, entry.value === null || entry.value === undefined ? '' : String(entry.value));
			}
		}
		return Object.entries(defined).map(([id, name]) => ({ id: Number(id), name, value: values.get(Number(id)) ?? '' }));
	}

	private newId(resource: Resource): number {
		return this.nextIds[resource]++;
	}
}

function basicUser(header: string | undefined): string | undefined {
	const match = /^Basic\s+(\S+)$/i.exec(header ?? '');
	if (!match) return undefined;
	const decoded = Buffer.from(match[1], 'base64').toString('utf8');
	const colon = decoded.indexOf(':');
	return colon === -1 ? decoded : decoded.slice(0, colon);
}

function pick(body: FbObject, keys: readonly string[]): FbObject {
	return Object.fromEntries(keys.filter((key) => key in body).map((key) => [key, body[key]]));
}
