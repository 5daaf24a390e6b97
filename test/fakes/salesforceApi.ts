/**
 * A fake Salesforce org on loopback (REST API, OAuth token endpoint, SOAP login), built from the
 * documented contract in /work/shared/reference/salesforce.md (§1–§6, §8). `baseUrl` plays both the
 * org's My Domain (token endpoint, REST, identity URL) and the login host (SOAP login()).
 *
 * Auth (§5):
 * - `POST /services/oauth2/token`, form body. `client_credentials` (client_id + client_secret) and
 *   `password` (client_id + client_secret + username + password with the security token appended).
 *   200 `{access_token, signature, [token_format], instance_url, id, token_type:'Bearer', issued_at}`,
 *   no `expires_in`, no refresh token. Errors are 400 `{error, error_description}`: invalid_client_id,
 *   invalid_client, invalid_grant "authentication failure" (also when `passwordFlowBlocked`),
 *   invalid_grant "no client credentials user enabled" (`clientCredentialsUser: false`),
 *   unsupported_grant_type, invalid_request "must use HTTP POST". ASSUMED: all OAuth errors are 400.
 * - `POST /services/Soap/u/{version}` login(): LoginResult XML (serverUrl on this host, sessionId is a
 *   REST bearer), or a fault with HTTP 500: INVALID_LOGIN for bad credentials; ASSUMED
 *   `sf:UNSUPPORTED_API_VERSION` for versions ≥ 65.0 (login() retired there) and for unknown versions.
 * - REST with a missing, unknown or expired session → 401 INVALID_SESSION_ID. Sessions never time out
 *   by themselves; `expireAllSessions()` / `expireSessionsBeforeRequest(n)` end them.
 * - `GET /id/{orgId}/{userId}` and `/services/oauth2/userinfo` answer the identity (small subset).
 *
 * REST (`/services/data/vXX.X/…`, JSON, Bearer):
 * - Versions: `GET /services/data` (no auth) lists `apiVersions` (default 31.0–66.0); any other
 *   version → 404 NOT_FOUND. Collections upsert exists from 46.0 (404 below). Opportunity.ContactId
 *   exists from 46.0. Single-row upsert updates answer 200 with `created:false` from 46.0, 204 below.
 * - `Sforce-Limit-Info: api-usage=<used>/<limit>` on every REST answer; one HTTP request = one call
 *   (collections and composite included). Past `dailyApiLimit` → 403 REQUEST_LIMIT_EXCEEDED.
 * - Top-level errors are arrays `[{message, errorCode, fields?}]`; collection items carry
 *   `{statusCode, message, fields}`. Unknown path → 404 NOT_FOUND; wrong method → 405 METHOD_NOT_ALLOWED;
 *   malformed JSON or a value of the wrong JSON type → 400 JSON_PARSER_ERROR (whole request).
 * - `POST composite/sobjects` (collections create, records of any type) and `PATCH composite/sobjects/{Object}/{Key}` (§1): ≤ 200 records (else 400 EXCEEDED_ID_LIMIT, shape
 *   ASSUMED), each with `attributes.type` = Object (ASSUMED: missing/other type → 400 INVALID_TYPE for
 *   the whole request), key must be externalId or idLookup (else 400 INVALID_FIELD "<F> is not an
 *   External ID or indexed field for <Object>", the reference's suggestion; an unknown key field → 404
 *   NOT_FOUND; `Id` as key: `Id` null creates, an Id updates). Unknown body field → 400 INVALID_FIELD
 *   "No such column". 200 with results in request order; success `{id, success, errors:[], created}`;
 *   failure `{success:false, errors}` — the documented shape; with `failedItemIdAndCreated` failures also
 *   carry `id:null, created:false` (the SOAP UpsertResult shape; which one real orgs send is UNCONFIRMED).
 *   ASSUMED: a record without a key value fails with MISSING_ARGUMENT "<F> not specified"; duplicate
 *   keys in one request fail EVERY row sharing the key with DUPLICATE_VALUE "Duplicate external id
 *   specified: <v>" fields [<Key>]; a key matching > 1 record fails with DUPLICATE_EXTERNAL_ID
 *   "more than one record found for external id field: [ids]"; `allOrNone:true` rolls back and marks the
 *   other items ALL_OR_NONE_OPERATION_ROLLED_BACK (with `id` only when the item was an update).
 * - Key matching (UNCONFIRMED in the docs): case-insensitive unless the field is `caseSensitive`; Ids in
 *   references accept 15 or 18 characters. Uniqueness uses the same rule.
 * - Item errors: REQUIRED_FIELD_MISSING (create, or null on update; one error listing all fields),
 *   INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST, INVALID_FIELD_FOR_INSERT_UPDATE (non-createable on create,
 *   non-updateable on update, e.g. Opportunity.ContactId), INVALID_EMAIL_ADDRESS, STRING_TOO_LONG,
 *   MALFORMED_ID (bad format or wrong key prefix), INVALID_CROSS_REFERENCE_KEY (well-formed, no record),
 *   DUPLICATE_VALUE (a unique field collides), FIELD_INTEGRITY_EXCEPTION (state/country picklists, messages
 *   UNCONFIRMED), FIELD_CUSTOM_VALIDATION_EXCEPTION (NPSP RD validation, code UNCONFIRMED).
 * - Relationship references by external ID (`npsp__Primary_Contact__r: {Donor_Id__c: 'D-1'}`), in every
 *   write (for collections UNCONFIRMED): resolved to the Id; no match → item error INVALID_FIELD
 *   "Foreign key external ID: <v> not found for field <F> in entity <Object>"; several → INVALID_FIELD
 *   "… matched more than one record …" (ASSUMED); both `X__r` and `X__c` → INVALID_FIELD; a key that is
 *   not externalId/idLookup → 400 for the whole request.
 * - `PATCH sobjects/{Object}/{Key}/{value}` (§2): 201 created (+ Location), 200 `created:false` (v46+) or
 *   204 (≤ v45), 300 with the matching record URLs, 404 unknown key field, 400 with the item errors.
 *   `?updateOnly=true` → 404 when nothing matches. ASSUMED: the key field may be in the body only with the
 *   URL's value (else 400 INVALID_FIELD_FOR_INSERT_UPDATE). `Id` as key updates by Id.
 * - `POST sobjects/{Object}` create (201 `{id, success, errors}`), `POST sobjects/{Object}/Id` insert,
 *   `GET|PATCH|DELETE sobjects/{Object}/{id}`, `GET sobjects/{Object}/{Key}/{value}`, `GET sobjects`,
 *   `GET sobjects/{Object}/describe`, `GET limits`, `GET vXX.X/` (resources).
 * - `GET query?q=` (and queryAll): SELECT fields (incl. one `Rel.Field` hop, `COUNT()`) FROM Object
 *   [WHERE … with = != <> < > <= >= LIKE IN / NOT IN, AND / OR / NOT, parentheses] [ORDER BY f [ASC|DESC]
 *   [NULLS FIRST|LAST], …] [LIMIT n] [OFFSET n]. Strings compare case-insensitively; date, number and
 *   boolean values must be unquoted (else 400 INVALID_FIELD, as Salesforce says). Syntax errors → 400
 *   MALFORMED_QUERY, unknown columns → INVALID_FIELD, unknown objects → INVALID_TYPE. More than 2000 rows
 *   page with `nextRecordsUrl` (`GET query/{cursor}`).
 * - `POST composite` (§3.1): ≤ 25 subrequests run in order (collateSubrequests ignored) through the same
 *   routes; `@{ref.path}` references (id, records[0].Id, …). allOrNone:true → first failure rolls back
 *   everything, the others answer 400 PROCESSING_HALTED; false → subrequests referring to a failed one
 *   answer 400 PROCESSING_HALTED (message ASSUMED). An embedded collections request under an outer
 *   allOrNone:true behaves as allOrNone:true, and any failed item fails the composite (ASSUMED).
 *
 * Org schema: Account, Contact, Opportunity, Campaign, CampaignMember (+ npe03__Recurring_Donation__c
 * with `npsp`), standard system fields, Ids with the right key prefix (001, 003, 006, 701, 00v, a0X; user
 * 005, org 00D) in 18-character form. Opportunity.StageName is a restricted picklist with the standard
 * stages (IsClosed/IsWon/Probability follow the stage; NPSP adds Pledged and Posted; ASSUMED for custom
 * stages: closed when the value starts with "Closed", won when it contains "Won"). CurrencyIsoCode only
 * with `multiCurrency` (restricted to `currencies`, first = corporate default). Mailing/Billing
 * CountryCode and StateCode only with `statePicklists`: setting a code fills the integration value (the
 * country or state name) and vice versa; on a mismatch the code wins. Field and object names are
 * case-insensitive in URLs, bodies and SOQL.
 *
 * NPSP (`npsp: true`, kept simple): a Contact created without AccountId gets a "<LastName> Household"
 * Account (Type Household); an Opportunity with npsp__Primary_Contact__c and no AccountId gets the
 * contact's account, and so does a recurring donation with a Contact and no Organization
 * (RD2_DataRegulationService.autoPopulateAccounts). Recurring donations validate as RD2 does (contact or
 * organization, amount > 0, frequency 1–20, Day of Month when Monthly, installments for Fixed), are named "<donor> <amount> -
 * Recurring" when Name is omitted (ASSUMED). Installments as NPSP's RD2 evaluation makes them
 * (RD2_OpportunityEvaluationService, RD2_OpportunityService, RD2_OpportunityMatcher; NPSP @19646fa): a
 * new RD is evaluated in the same request (or, with `npspFirstInstallment: 'asynchronous'`, in a job);
 * an RD update of a key field, an Opportunity inserted with an RD, or a change of its IsClosed, IsWon,
 * Amount, CloseDate or RD link QUEUES the evaluation, which runs only when the test calls `runJobs()`
 * (Salesforce runs the queueable some moments later). The evaluation creates the next installment
 * (StageName Pledged, the RD's amount, Name "<donor> Donation (<n>) <date>") at the first schedule date
 * from today on (Effective Date, default today, or Date Established; Day of Month; frequency) that no
 * Opportunity of the RD matches (same CloseDate, or within 3 days for Monthly/Yearly; Opportunities
 * dated before today minus 3 days are not looked at), unless the RD already has an open one dated today
 * or later; open installments follow an amount change; a closed RD's open installments close lost.
 * With `multiCurrency`, an Opportunity in another
 * currency than its RD fails FIELD_CUSTOM_VALIDATION_EXCEPTION (RD2_RecurringDonationsOpp_TDTM).
 * `opportunityNaming`: new Opportunities are renamed after insert (OPP_OpportunityNaming).
 *
 * Person Accounts (`personAccounts`, or `npc`; sources in docs/salesforce-npc.md): Account gets RecordTypeId,
 * IsPersonAccount (from RecordType.IsPersonType), FirstName, LastName, PersonEmail, PersonMailing…, and
 * PersonContactId; RecordType holds "Business Account" and "Person Account" (PersonAccount). A person
 * account needs LastName (not Name, which is derived), gets its person Contact (kept in step, deleted
 * with it); a business account with person fields fails INVALID_FIELD_FOR_INSERT_UPDATE (ASSUMED). The
 * person contact can be updated through Contact (its account follows) but not moved to another account or
 * deleted on its own; no other Contact may name a person account (checkPersonContact).
 * Nonprofit Cloud (`npc`): GiftTransaction (DonorId, OriginalAmount, TransactionDate, TransactionDueDate,
 * Status, PaymentMethod required; CurrentAmount and RefundedAmount calculated from its GiftRefunds),
 * GiftRefund, GiftCommitment, GiftCommitmentSchedule (TransactionDay needed for Monthly), GiftDesignation,
 * GiftTransactionDesignation, the Close Gift Commitment action (`POST actions/standard/closeGiftCommitment`:
 * the commitment Closed, its Unpaid and Failed transactions Canceled). A schedule of Type CreateTransactions gets its next Unpaid instalment in a job
 * (`runJobs()`, queued by the schedule's write and by a change of an instalment's Status; see
 * createExpectedTransaction). The NPC objects are unknown below v59.0 (404, INVALID_TYPE). Not yet: the
 * Connect API.
 *
 * Real-org traits: idLookup/External ID flags as in a recorded describe (Account: only Id; checked in
 * test/unit/salesforce/fakeApi.test.ts); collections upsert keyed by `Id` (null creates), as recorded
 * by CumulusCI; `duplicateRules`: the Standard Contact Duplicate Rule blocks a similar new Contact with
 * DUPLICATES_DETECTED unless `Sforce-Duplicate-Rule-Header: allowSave=true`; `lockRowsNext(n)`:
 * UNABLE_TO_LOCK_ROW record errors.
 *
 * Test side: `calls`, `apiCalls`, `apiUsage`, `tokensIssued`, `logins`, `failNext`, `expireAllSessions`,
 * `expireSessionsBeforeRequest`, `issueSession`, `runJobs`, `pendingJobs`, `records`, `record`, `findBy`, `count`, `addRecord`
 * (no validation, no automation), `addField`, `addObject`, `setPicklist`, `reset` (data and logs; schema
 * and sessions stay).
 */
import { createHmac, randomBytes } from 'crypto';
import type { IncomingMessage, ServerResponse } from 'http';
import { LoopbackFake, type RecordedHttpCall } from './loopbackFake';

// ---- Public types ----

export type SalesforceFieldType =
	| 'id' | 'string' | 'textarea' | 'email' | 'phone' | 'url' | 'picklist' | 'reference'
	| 'date' | 'datetime' | 'currency' | 'double' | 'percent' | 'int' | 'boolean';

export interface SalesforceFieldProps {
	type: SalesforceFieldType;
	label?: string;
	/** Maximum text length (STRING_TOO_LONG beyond it); defaults by type. */
	length?: number;
	/** Not nillable: REQUIRED_FIELD_MISSING when missing on create or set to null. */
	required?: boolean;
	externalId?: boolean;
	idLookup?: boolean;
	unique?: boolean;
	/** Matching and uniqueness honour case (default: case-insensitive). */
	caseSensitive?: boolean;
	createable?: boolean;
	updateable?: boolean;
	calculated?: boolean;
	/** For references: the target object, e.g. 'Contact'. */
	referenceTo?: string;
	/** For references: default `X__r` for `X__c`, `Account` for `AccountId`. */
	relationshipName?: string;
	picklistValues?: string[];
	/** Picklist labels by value (default: the value), e.g. 'KR' → 'Korea, Republic of'. */
	picklistLabels?: Record<string, string>;
	restrictedPicklist?: boolean;
	/** Set on create when nothing is sent; '$TODAY' is the org's date (UTC). */
	defaultValue?: unknown;
	/** The API version the field appears in. */
	minVersion?: number;
}

export interface FakeSalesforceOptions {
	clientId: string;
	clientSecret: string;
	username?: string;
	password?: string;
	/** Appended to the password in the password grant and SOAP login; none = the password alone. */
	securityToken?: string;
	/** Supported REST versions, e.g. ['46.0', …]; default 31.0–66.0. */
	apiVersions?: string[];
	multiCurrency?: boolean;
	/** With multiCurrency: the active ISO codes, the first is the corporate currency; default EUR, CHF, USD, GBP. */
	currencies?: string[];
	statePicklists?: boolean;
	npsp?: boolean;
	/** 'Object.Field' → values; makes the picklist restricted to them. */
	restrictedPicklists?: Record<string, string[]>;
	/** The org blocks the username-password flow (answers like a wrong password). */
	passwordFlowBlocked?: boolean;
	/** false: the connected app has no Run As user (client credentials refused). Default true. */
	clientCredentialsUser?: boolean;
	/** Daily API requests; default 100000. */
	dailyApiLimit?: number;
	/**
	 * The Standard Contact Duplicate Rule, active: a new Contact with the Email or the first and last
	 * name of another fails DUPLICATES_DETECTED unless the request says
	 * `Sforce-Duplicate-Rule-Header: allowSave=true`. Default false.
	 */
	duplicateRules?: boolean;
	/**
	 * With npsp: NPSP Opportunity Naming is set up, so NPSP renames every new Opportunity after insert
	 * (OPP_OpportunityNaming.getOppNamesAfterInsert) to "<Contact name> Donation <CloseDate>" (the
	 * format is the admin's choice; this one ASSUMED).
	 */
	opportunityNaming?: boolean;
	/**
	 * With npsp: NPSP's setting "First Installment Create Mode" (InstallmentOppFirstCreateMode__c). Default
	 * 'synchronous' (NPSP's default): a new RD gets its first installment in the same request;
	 * 'asynchronous': in a queued job, like every later installment (see runJobs).
	 */
	npspFirstInstallment?: 'synchronous' | 'asynchronous';
	/**
	 * Person Accounts enabled: Account has the person fields, RecordType has "Business Account" and the
	 * default person record type "Person Account" (DeveloperName PersonAccount). Default false (or `npc`).
	 */
	personAccounts?: boolean;
	/** Nonprofit Cloud Fundraising objects (GiftTransaction, GiftRefund, …); implies personAccounts. */
	npc?: boolean;
	/** Failed collection items also carry `id: null, created: false`. Default false (documented shape). */
	failedItemIdAndCreated?: boolean;
	/** The clock (timestamps, today). */
	now?: () => Date;
}

export interface SalesforceFakeCall extends RecordedHttpCall {
	/** True for the token endpoint, SOAP login and the identity URL; false for REST API calls. */
	auth: boolean;
}

export type SalesforceLoginKind = 'clientCredentials' | 'password' | 'soap';

type Entity = Record<string, unknown>;

// ---- Schema ----

interface FieldDef {
	name: string;
	label: string;
	type: SalesforceFieldType;
	length: number;
	nillable: boolean;
	defaultedOnCreate: boolean;
	createable: boolean;
	updateable: boolean;
	externalId: boolean;
	idLookup: boolean;
	unique: boolean;
	caseSensitive: boolean;
	calculated: boolean;
	custom: boolean;
	referenceTo?: string;
	relationshipName?: string;
	picklist?: { values: string[]; restricted: boolean; labels?: Record<string, string> };
	defaultValue?: unknown;
	minVersion?: number;
}

interface ObjectDef {
	name: string;
	label: string;
	keyPrefix: string;
	custom: boolean;
	/** Lower-cased name → field, in describe order. */
	fields: Map<string, FieldDef>;
	/** The API version the object appears in (unknown below it). */
	minVersion?: number;
}

type FieldSpec = [string, SalesforceFieldType, Omit<SalesforceFieldProps, 'type'>?];

const TEXT_TYPES = new Set<SalesforceFieldType>(['id', 'string', 'textarea', 'email', 'phone', 'url', 'picklist', 'reference']);
const NUMBER_TYPES = new Set<SalesforceFieldType>(['currency', 'double', 'percent', 'int']);
const DEFAULT_LENGTH: Partial<Record<SalesforceFieldType, number>> = {
	id: 18, reference: 18, string: 255, textarea: 32768, email: 80, phone: 40, url: 255, picklist: 255,
};

const USER_PREFIX = '005';
const ORG_PREFIX = '00D';

function labelOf(name: string): string {
	const bare = name.replace(/^[A-Za-z0-9]+__/, '').replace(/__c$/, '').replace(/Id$/, ' ID');
	return bare.replace(/_/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2').trim();
}

function relationshipOf(name: string): string | undefined {
	if (name.endsWith('__c')) return `${name.slice(0, -3)}__r`;
	if (name.endsWith('Id') && name.length > 2) return name.slice(0, -2);
	return undefined;
}

function buildField(name: string, props: SalesforceFieldProps): FieldDef {
	const { type } = props;
	const calculated = props.calculated ?? false;
	const writable = !calculated && type !== 'id';
	return {
		name,
		label: props.label ?? labelOf(name),
		type,
		length: props.length ?? DEFAULT_LENGTH[type] ?? 0,
		// Booleans are never null in Salesforce; everything else is nillable unless required.
		nillable: type !== 'boolean' && type !== 'id' && !(props.required ?? false),
		defaultedOnCreate: props.defaultValue !== undefined || type === 'boolean',
		createable: props.createable ?? writable,
		updateable: props.updateable ?? writable,
		externalId: props.externalId ?? false,
		// Custom External ID fields describe as idLookup too.
		idLookup: (props.idLookup ?? false) || (props.externalId ?? false) || type === 'id',
		unique: props.unique ?? false,
		caseSensitive: props.caseSensitive ?? false,
		calculated,
		custom: name.endsWith('__c'),
		referenceTo: type === 'reference' ? props.referenceTo : undefined,
		relationshipName: type === 'reference' ? props.relationshipName ?? relationshipOf(name) : undefined,
		picklist: type === 'picklist' ? { values: [...(props.picklistValues ?? [])], restricted: props.restrictedPicklist ?? false, labels: props.picklistLabels } : undefined,
		defaultValue: props.defaultValue,
		minVersion: props.minVersion,
	};
}

function buildObject(name: string, keyPrefix: string, specs: FieldSpec[], label = labelOf(name)): ObjectDef {
	const fields = new Map<string, FieldDef>();
	for (const [field, type, props] of specs) fields.set(field.toLowerCase(), buildField(field, { type, ...props }));
	return { name, label, keyPrefix, custom: name.endsWith('__c'), fields };
}

function systemFields(owner: boolean): { head: FieldSpec[]; tail: FieldSpec[] } {
	const readOnly = { createable: false, updateable: false };
	return {
		head: [
			['Id', 'id', { label: 'Record ID' }],
			['IsDeleted', 'boolean', { label: 'Deleted', ...readOnly }],
			...(owner ? [['OwnerId', 'reference', { referenceTo: 'User', defaultValue: '$USER', label: 'Owner ID' }] as FieldSpec] : []),
		],
		tail: [
			['CreatedDate', 'datetime', readOnly],
			['CreatedById', 'reference', { referenceTo: 'User', ...readOnly }],
			['LastModifiedDate', 'datetime', readOnly],
			['LastModifiedById', 'reference', { referenceTo: 'User', ...readOnly }],
			['SystemModstamp', 'datetime', readOnly],
		],
	};
}

/** Standard stages: [value, probability, closed, won]. */
const STAGES: Array<[string, number, boolean, boolean]> = [
	['Prospecting', 10, false, false],
	['Qualification', 10, false, false],
	['Needs Analysis', 20, false, false],
	['Value Proposition', 50, false, false],
	['Id. Decision Makers', 60, false, false],
	['Perception Analysis', 70, false, false],
	['Proposal/Price Quote', 75, false, false],
	['Negotiation/Review', 90, false, false],
	['Closed Won', 100, true, true],
	['Closed Lost', 0, true, false],
];
const NPSP_STAGES: Array<[string, number, boolean, boolean]> = [
	['Pledged', 90, false, false],
	['Posted', 100, true, true],
];

function stageInfo(stage: unknown): { probability: number; closed: boolean; won: boolean } {
	const text = typeof stage === 'string' ? stage : '';
	const known = [...STAGES, ...NPSP_STAGES].find(([value]) => value === text);
	if (known) return { probability: known[1], closed: known[2], won: known[3] };
	const closed = /^closed/i.test(text);
	const won = closed && /won/i.test(text);
	return { probability: won ? 100 : closed ? 0 : 10, closed, won };
}

/** ISO code → Salesforce's default integration value (a European-leaning subset of the full list). */
const COUNTRIES: Record<string, string> = {
	AT: 'Austria', AU: 'Australia', BE: 'Belgium', BR: 'Brazil', CA: 'Canada', CH: 'Switzerland', CN: 'China',
	CZ: 'Czechia', DE: 'Germany', DK: 'Denmark', ES: 'Spain', FI: 'Finland', FR: 'France', GB: 'United Kingdom',
	HR: 'Croatia', HU: 'Hungary', IE: 'Ireland', IN: 'India', IT: 'Italy', JP: 'Japan', LI: 'Liechtenstein',
	LU: 'Luxembourg', MX: 'Mexico', NL: 'Netherlands', NO: 'Norway', NZ: 'New Zealand', PL: 'Poland',
	PT: 'Portugal', SE: 'Sweden', SI: 'Slovenia', SK: 'Slovakia', US: 'United States',
	// Salesforce's integration values are the ISO names, not the common ones ("South Korea", "Vietnam").
	KR: 'Korea, Republic of', VN: 'Viet Nam',
};
/** States for the countries that have them active by default here (subset). */
const STATES: Record<string, Record<string, string>> = {
	US: {
		CA: 'California', FL: 'Florida', IL: 'Illinois', MA: 'Massachusetts', NY: 'New York', TX: 'Texas',
		WA: 'Washington', OR: 'Oregon', CO: 'Colorado', GA: 'Georgia', PA: 'Pennsylvania', DC: 'District of Columbia',
	},
	CA: { AB: 'Alberta', BC: 'British Columbia', ON: 'Ontario', QC: 'Quebec' },
	AU: { NSW: 'New South Wales', QLD: 'Queensland', VIC: 'Victoria' },
};
const ALL_STATE_CODES = [...new Set(Object.values(STATES).flatMap((states) => Object.keys(states)))];
const STATE_LABELS: Record<string, string> = Object.assign({}, ...Object.values(STATES));

function addressFields(prefix: string, street: 'textarea', statePicklists: boolean): FieldSpec[] {
	const specs: FieldSpec[] = [
		[`${prefix}Street`, street, { length: 255 }],
		[`${prefix}City`, 'string', { length: 40 }],
		[`${prefix}State`, 'string', { length: 80, label: `${prefix} State/Province` }],
		[`${prefix}PostalCode`, 'string', { length: 20 }],
		[`${prefix}Country`, 'string', { length: 80 }],
	];
	if (statePicklists) {
		specs.push(
			// The describe labels are the integration values (state and country names); validFor bitmaps are left out (ASSUMED enough).
			[`${prefix}StateCode`, 'picklist', { picklistValues: ALL_STATE_CODES, picklistLabels: STATE_LABELS, restrictedPicklist: true, label: `${prefix} State/Province Code` }],
			[`${prefix}CountryCode`, 'picklist', { picklistValues: Object.keys(COUNTRIES), picklistLabels: COUNTRIES, restrictedPicklist: true, label: `${prefix} Country Code` }],
		);
	}
	return specs;
}

interface SchemaOptions {
	npsp: boolean;
	multiCurrency: boolean;
	currencies: string[];
	statePicklists: boolean;
	personAccounts: boolean;
	npc: boolean;
}

function buildSchema(options: SchemaOptions): ObjectDef[] {
	const owned = systemFields(true);
	const unowned = systemFields(false);
	const currency: FieldSpec[] = options.multiCurrency
		? [['CurrencyIsoCode', 'picklist', { picklistValues: options.currencies, restrictedPicklist: true, defaultValue: '$CORPORATE', label: 'Currency ISO Code' }]]
		: [];
	const leadSources = ['Web', 'Phone Inquiry', 'Partner Referral', 'Purchased List', 'Other'];
	const stages = options.npsp ? [STAGES[0], ...NPSP_STAGES.slice(0, 1), ...STAGES.slice(1, 9), NPSP_STAGES[1], STAGES[9]] : STAGES;
	const accountTypes = ['Prospect', 'Customer - Direct', 'Customer - Channel', 'Channel Partner / Reseller', 'Installation Partner', 'Technology Partner', 'Other'];
	if (options.npsp) accountTypes.push('Household', 'Organization');

	const account = buildObject('Account', '001', [
		...owned.head,
		// Not idLookup: on real orgs Account's only idLookup field is Id (CumulusCI's recorded describe,
		// cumulusci/tests/shared_cassettes/GET_sobjects_Account_describe.yaml), so Name cannot key an upsert.
		['Name', 'string', { required: true, label: 'Account Name' }],
		['Type', 'picklist', { picklistValues: accountTypes, label: 'Account Type' }],
		['ParentId', 'reference', { referenceTo: 'Account' }],
		...addressFields('Billing', 'textarea', options.statePicklists),
		['Phone', 'phone', { label: 'Account Phone' }],
		['Website', 'url'],
		['Description', 'textarea', { length: 32000 }],
		...currency,
		...(options.personAccounts ? personAccountFields() : []),
		...owned.tail,
	]);
	const contact = buildObject('Contact', '003', [
		...owned.head,
		['AccountId', 'reference', { referenceTo: 'Account' }],
		['LastName', 'string', { required: true, length: 80 }],
		['FirstName', 'string', { length: 40 }],
		['Salutation', 'picklist', { picklistValues: ['Mr.', 'Ms.', 'Mrs.', 'Dr.', 'Prof.', 'Mx.'] }],
		['Name', 'string', { calculated: true, length: 121, label: 'Full Name' }],
		...addressFields('Mailing', 'textarea', options.statePicklists),
		['Phone', 'phone', { label: 'Business Phone' }],
		['MobilePhone', 'phone'],
		['HomePhone', 'phone'],
		['Email', 'email', { idLookup: true }],
		['Title', 'string', { length: 128 }],
		['Birthdate', 'date'],
		['Description', 'textarea', { length: 32000 }],
		['HasOptedOutOfEmail', 'boolean', { label: 'Email Opt Out' }],
		['LeadSource', 'picklist', { picklistValues: leadSources }],
		...currency,
		...(options.personAccounts ? [['IsPersonAccount', 'boolean', { calculated: true, label: 'Is Person Account' }] as FieldSpec] : []),
		...owned.tail,
	]);
	const opportunity = buildObject('Opportunity', '006', [
		...owned.head,
		['AccountId', 'reference', { referenceTo: 'Account' }],
		['Name', 'string', { required: true, idLookup: true, length: 120 }],
		['Description', 'textarea', { length: 32000 }],
		['StageName', 'picklist', { required: true, picklistValues: stages.map(([value]) => value), restrictedPicklist: true, label: 'Stage' }],
		['Amount', 'currency'],
		['Probability', 'percent', { label: 'Probability (%)' }],
		['CloseDate', 'date', { required: true }],
		['Type', 'picklist', { picklistValues: ['Existing Customer - Upgrade', 'Existing Customer - Replacement', 'Existing Customer - Downgrade', 'New Customer'], label: 'Opportunity Type' }],
		['NextStep', 'string', { length: 255 }],
		['LeadSource', 'picklist', { picklistValues: leadSources }],
		['IsClosed', 'boolean', { calculated: true, label: 'Closed' }],
		['IsWon', 'boolean', { calculated: true, label: 'Won' }],
		['CampaignId', 'reference', { referenceTo: 'Campaign' }],
		// "can only be populated when it's created, and can't be updated … API version 46.0 and later"
		['ContactId', 'reference', { referenceTo: 'Contact', updateable: false, minVersion: 46 }],
		...currency,
		...(options.npsp
			? [
				['npsp__Primary_Contact__c', 'reference', { referenceTo: 'Contact', label: 'Primary Contact' }] as FieldSpec,
				['npe03__Recurring_Donation__c', 'reference', { referenceTo: 'npe03__Recurring_Donation__c', label: 'Recurring Donation' }] as FieldSpec,
				['npsp__Recurring_Donation_Installment_Number__c', 'double', { label: 'Installment Number' }] as FieldSpec,
			]
			: []),
		...owned.tail,
	]);
	const campaign = buildObject('Campaign', '701', [
		...owned.head,
		// Not idLookup: no recorded describe says it is, and the mapper only searches it (SOQL LIKE) and keys members by CampaignId.
		['Name', 'string', { required: true, length: 80, label: 'Campaign Name' }],
		['ParentId', 'reference', { referenceTo: 'Campaign' }],
		['Type', 'picklist', { picklistValues: ['Conference', 'Webinar', 'Trade Show', 'Public Relations', 'Partners', 'Referral Program', 'Advertisement', 'Banner Ads', 'Direct Mail', 'Email', 'Telemarketing', 'Other'] }],
		['Status', 'picklist', { picklistValues: ['Planned', 'In Progress', 'Completed', 'Aborted'] }],
		['StartDate', 'date'],
		['EndDate', 'date'],
		['IsActive', 'boolean', { label: 'Active' }],
		['Description', 'textarea', { length: 32000 }],
		...currency,
		...owned.tail,
	]);
	const campaignMember = buildObject('CampaignMember', '00v', [
		...unowned.head,
		['CampaignId', 'reference', { referenceTo: 'Campaign', required: true, updateable: false }],
		// ASSUMED: required here (Salesforce needs ContactId or LeadId; the fake has no Leads).
		['ContactId', 'reference', { referenceTo: 'Contact', required: true, updateable: false }],
		['Status', 'picklist', { picklistValues: ['Planned', 'Received', 'Responded', 'Sent'], defaultValue: 'Sent' }],
		['HasResponded', 'boolean', { calculated: true, label: 'Responded' }],
		...currency,
		...unowned.tail,
	]);
	const objects = [account, contact, opportunity, campaign, campaignMember];
	if (options.npsp) objects.push(recurringDonation(owned, currency));
	if (options.personAccounts) objects.push(recordType(unowned));
	if (options.npc) objects.push(...npcObjects(owned, currency));
	return objects;
}

// ---- Person Accounts and Nonprofit Cloud (docs/salesforce-npc.md has the sources) ----

/** Contact field → the person account's field for it (the Person… prefix: CDC guide, see docs/salesforce-npc.md). */
const PERSON_CONTACT_FIELDS: Array<[string, string]> = [
	['FirstName', 'FirstName'], ['LastName', 'LastName'], ['Salutation', 'Salutation'], ['Email', 'PersonEmail'],
	['MobilePhone', 'PersonMobilePhone'], ['HomePhone', 'PersonHomePhone'], ['Birthdate', 'PersonBirthdate'],
	['MailingStreet', 'PersonMailingStreet'], ['MailingCity', 'PersonMailingCity'], ['MailingState', 'PersonMailingState'],
	['MailingPostalCode', 'PersonMailingPostalCode'], ['MailingCountry', 'PersonMailingCountry'], ['HasOptedOutOfEmail', 'PersonHasOptedOutOfEmail'],
];

/** Person fields on Account (API-PA: PersonContactId; the Person… prefix for standard contact fields). */
function personAccountFields(): FieldSpec[] {
	const readOnly = { createable: false, updateable: false };
	return [
		['RecordTypeId', 'reference', { referenceTo: 'RecordType', label: 'Account Record Type' }],
		['IsPersonAccount', 'boolean', { calculated: true, label: 'Is Person Account' }],
		['FirstName', 'string', { length: 40 }],
		// Nillable: required only on person accounts (checkPersonAccount, ASSUMED as every UI behaves).
		['LastName', 'string', { length: 80 }],
		['Salutation', 'picklist', { picklistValues: ['Mr.', 'Ms.', 'Mrs.', 'Dr.', 'Prof.', 'Mx.'] }],
		['PersonEmail', 'email', { label: 'Email' }],
		['PersonMobilePhone', 'phone', { label: 'Mobile' }],
		['PersonHomePhone', 'phone', { label: 'Home Phone' }],
		['PersonBirthdate', 'date', { label: 'Birthdate' }],
		// Without state and country picklists here (the mapper's ISO mode for person addresses is not built yet).
		...addressFields('PersonMailing', 'textarea', false),
		['PersonHasOptedOutOfEmail', 'boolean', { label: 'Email Opt Out' }],
		['PersonContactId', 'reference', { referenceTo: 'Contact', ...readOnly }],
	];
}

/** FR-RT's fields (subset). The two record types are seeded (seedRecordTypes). */
function recordType(unowned: { head: FieldSpec[]; tail: FieldSpec[] }): ObjectDef {
	return buildObject('RecordType', '012', [
		...unowned.head,
		['Name', 'string', { length: 80, required: true }],
		['DeveloperName', 'string', { length: 80, required: true, label: 'Record Type Name' }],
		['SobjectType', 'picklist', { picklistValues: ['Account'], required: true, label: 'SObject Type Name' }],
		['IsPersonType', 'boolean', { label: 'Is Person Type' }],
		['IsActive', 'boolean', { label: 'Active' }],
		['Description', 'string', { length: 255 }],
		...unowned.tail,
	]);
}

/** GiftTransaction.Status values as on a real NPC org (MAP3); restricted: ASSUMED. */
export const GIFT_TRANSACTION_STATUSES = ['Canceled', 'Failed', 'Fully Refunded', 'Paid', 'Pending', 'Unpaid', 'Written-Off'];
/** Org-specific in reality (read the describe); this list ASSUMED from CONNECT's examples and FQS. */
export const NPC_PAYMENT_METHODS = ['ACH', 'Cash', 'Check', 'Credit Card', 'Direct Debit', 'In-Kind', 'PayPal', 'Other'];
/** MAP3 (real-org picklist). */
const GIFT_COMMITMENT_STATUSES = ['Draft', 'Active', 'Paused', 'Failing', 'Lapsed', 'Closed'];
const TRANSACTION_PERIODS = ['Daily', 'Weekly', 'Monthly', 'Yearly', 'Custom'];

/**
 * The Fundraising objects of Nonprofit Cloud (OBJ-NPC, v59.0+; not hidden below 59 here). Required =
 * not nillable in OBJ-NPC, or required on insert as FQS observed on a real org. Key prefixes 6tr, 6gc,
 * 6cs from Ids in Salesforce's examples; 0gd from CONNECT's example; GiftRefund's and
 * GiftTransactionDesignation's ASSUMED.
 */
function npcObjects(owned: { head: FieldSpec[]; tail: FieldSpec[] }, currency: FieldSpec[]): ObjectDef[] {
	const days = [...Array.from({ length: 30 }, (_, index) => String(index + 1)), 'LastDay'];
	const giftTransaction = buildObject('GiftTransaction', '6tr', [
		...owned.head,
		// ASSUMED optional (FQS lists no Name among the required fields).
		['Name', 'string', { length: 255, label: 'Gift Transaction Name' }],
		['DonorId', 'reference', { referenceTo: 'Account', relationshipName: 'Donor', required: true }],
		['OriginalAmount', 'currency', { required: true }],
		['RefundedAmount', 'currency', { calculated: true }],
		['CurrentAmount', 'currency', { calculated: true }],
		['TransactionDate', 'date', { required: true }],
		['TransactionDueDate', 'date', { required: true }],
		['Status', 'picklist', { picklistValues: GIFT_TRANSACTION_STATUSES, restrictedPicklist: true, required: true }],
		['PaymentMethod', 'picklist', { picklistValues: NPC_PAYMENT_METHODS, restrictedPicklist: true, required: true }],
		['GiftType', 'picklist', { picklistValues: ['Individual', 'Organizational'] }],
		['GiftCommitmentId', 'reference', { referenceTo: 'GiftCommitment' }],
		['GiftCommitmentScheduleId', 'reference', { referenceTo: 'GiftCommitmentSchedule' }],
		['CampaignId', 'reference', { referenceTo: 'Campaign' }],
		['AcknowledgementStatus', 'picklist', { picklistValues: ["Don't Send", 'Sent', 'To Be Sent'], defaultValue: 'To Be Sent' }],
		['Description', 'textarea', { length: 32000 }],
		['PaymentIdentifier', 'string', { length: 255 }],
		['GatewayReference', 'string', { length: 255, minVersion: 60 }],
		['ProcessorReference', 'string', { length: 255, minVersion: 60 }],
		...currency,
		...owned.tail,
	], 'Gift Transaction');
	const giftRefund = buildObject('GiftRefund', '6gr', [
		...owned.head,
		['GiftTransactionId', 'reference', { referenceTo: 'GiftTransaction', required: true, updateable: false }],
		['Amount', 'currency', { required: true }],
		['Date', 'date', { required: true }],
		...currency,
		...owned.tail,
	], 'Gift Refund');
	const giftCommitment = buildObject('GiftCommitment', '6gc', [
		...owned.head,
		['Name', 'string', { length: 255, label: 'Gift Commitment Name' }],
		['DonorId', 'reference', { referenceTo: 'Account', relationshipName: 'Donor', required: true }],
		['CampaignId', 'reference', { referenceTo: 'Campaign' }],
		['CurrentGiftCmtScheduleId', 'reference', { referenceTo: 'GiftCommitmentSchedule', relationshipName: 'CurrentGiftCmtSchedule' }],
		['Status', 'picklist', { picklistValues: GIFT_COMMITMENT_STATUSES }],
		['EffectiveStartDate', 'date'],
		['Description', 'textarea', { length: 32000 }],
		...currency,
		...owned.tail,
	], 'Gift Commitment');
	const giftCommitmentSchedule = buildObject('GiftCommitmentSchedule', '6cs', [
		...owned.head,
		['GiftCommitmentId', 'reference', { referenceTo: 'GiftCommitment', required: true, updateable: false }],
		['StartDate', 'date'],
		['EndDate', 'date'],
		['TransactionAmount', 'currency'],
		['TransactionPeriod', 'picklist', { picklistValues: TRANSACTION_PERIODS, restrictedPicklist: true }],
		['TransactionInterval', 'int'],
		['TransactionDay', 'picklist', { picklistValues: days, restrictedPicklist: true }],
		// FQS: "Type defaults to CreateTransactions"; the other values are not in a source.
		['Type', 'picklist', { picklistValues: ['CreateTransactions'], defaultValue: 'CreateTransactions' }],
		['PaymentMethod', 'picklist', { picklistValues: NPC_PAYMENT_METHODS, restrictedPicklist: true }],
		['CampaignId', 'reference', { referenceTo: 'Campaign' }],
		...currency,
		...owned.tail,
	], 'Gift Commitment Schedule');
	const giftDesignation = buildObject('GiftDesignation', '0gd', [
		...owned.head,
		['Name', 'string', { length: 255, required: true, label: 'Gift Designation Name' }],
		['IsActive', 'boolean', { label: 'Active' }],
		['IsDefault', 'boolean', { label: 'Default' }],
		['Description', 'textarea', { length: 32000 }],
		...owned.tail,
	], 'Gift Designation');
	const giftTransactionDesignation = buildObject('GiftTransactionDesignation', '6td', [
		...owned.head,
		['GiftTransactionId', 'reference', { referenceTo: 'GiftTransaction', required: true, updateable: false }],
		['GiftDesignationId', 'reference', { referenceTo: 'GiftDesignation', required: true }],
		['Amount', 'currency'],
		['Percent', 'percent'],
		...currency,
		...owned.tail,
	], 'Gift Transaction Designation');
	const objects = [giftTransaction, giftRefund, giftCommitment, giftCommitmentSchedule, giftDesignation, giftTransactionDesignation];
	// "This object is available in API version 59.0 and later" (OBJ-NPC, each object).
	for (const object of objects) object.minVersion = 59;
	return objects;
}

function recurringDonation(owned: { head: FieldSpec[]; tail: FieldSpec[] }, currency: FieldSpec[]): ObjectDef {
	const days = [...Array.from({ length: 30 }, (_, index) => String(index + 1)), 'Last_Day'];
	return buildObject(
		'npe03__Recurring_Donation__c',
		'a0X',
		[
			...owned.head,
			// ASSUMED: NPSP automatic naming, so Name may be omitted.
			['Name', 'string', { length: 80, label: 'Recurring Donation Name' }],
			['npe03__Contact__c', 'reference', { referenceTo: 'Contact', label: 'Contact' }],
			['npe03__Organization__c', 'reference', { referenceTo: 'Account', label: 'Organization' }],
			['npe03__Amount__c', 'currency', { label: 'Amount' }],
			['npe03__Installment_Period__c', 'picklist', { picklistValues: ['Monthly', 'Yearly', 'Weekly', '1st and 15th', 'Daily'], defaultValue: 'Monthly', label: 'Installment Period' }],
			['npsp__InstallmentFrequency__c', 'double', { defaultValue: 1, label: 'Installment Frequency' }],
			['npsp__Day_of_Month__c', 'picklist', { picklistValues: days, restrictedPicklist: true, label: 'Day of Month' }],
			['npe03__Date_Established__c', 'date', { defaultValue: '$TODAY', label: 'Date Established' }],
			['npsp__StartDate__c', 'date', { defaultValue: '$TODAY', label: 'Effective Date' }],
			['npsp__EndDate__c', 'date', { label: 'End Date' }],
			['npsp__RecurringType__c', 'picklist', { picklistValues: ['Open', 'Fixed'], restrictedPicklist: true, defaultValue: 'Open', label: 'Recurring Type' }],
			['npe03__Installments__c', 'double', { label: 'Number of Planned Installments' }],
			['npsp__Status__c', 'picklist', { picklistValues: ['Active', 'Lapsed', 'Closed', 'Paused'], restrictedPicklist: true, defaultValue: 'Active', label: 'Status' }],
			['npsp__ClosedReason__c', 'picklist', { picklistValues: ['Card Expired', 'Commitment Completed', 'Deceased Donor', 'Financial Difficulty', 'No Longer Interested', 'Unknown'], label: 'Status Reason' }],
			['npsp__PaymentMethod__c', 'picklist', { picklistValues: ['Credit Card', 'Check', 'ACH'], label: 'Payment Method' }],
			['npsp__CommitmentId__c', 'string', { length: 100, externalId: true, unique: true, caseSensitive: true, label: 'Elevate Recurring ID' }],
			['npe03__Recurring_Donation_Campaign__c', 'reference', { referenceTo: 'Campaign', label: 'Campaign' }],
			['npe03__Next_Payment_Date__c', 'date', { label: 'Next Donation Date' }],
			['npe03__Open_Ended_Status__c', 'picklist', { picklistValues: ['Open', 'Closed', 'None'], label: 'Open Ended Status' }],
			...currency,
			...owned.tail,
		],
		'Recurring Donation',
	);
}

// ---- Ids ----

const ID_SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** The 3-character case-safe suffix that turns a 15-character Id into 18. */
function idSuffix(id15: string): string {
	let suffix = '';
	for (let chunk = 0; chunk < 3; chunk++) {
		let flags = 0;
		for (let position = 0; position < 5; position++) {
			const char = id15[chunk * 5 + position];
			if (char >= 'A' && char <= 'Z') flags |= 1 << position;
		}
		suffix += ID_SUFFIX_ALPHABET[flags];
	}
	return suffix;
}

/** The canonical 18-character Id, or undefined when the text is no well-formed Id. */
export function normalizeId(text: unknown): string | undefined {
	if (typeof text !== 'string') return undefined;
	if (/^[a-zA-Z0-9]{15}$/.test(text)) return text + idSuffix(text);
	if (!/^[a-zA-Z0-9]{18}$/.test(text)) return undefined;
	// An 18-character Id is case-insensitive: the suffix restores the case of the first 15.
	const suffix = text.slice(15).toUpperCase();
	let id15 = '';
	for (let chunk = 0; chunk < 3; chunk++) {
		const flags = ID_SUFFIX_ALPHABET.indexOf(suffix[chunk]);
		if (flags < 0) return undefined;
		for (let position = 0; position < 5; position++) {
			const char = text[chunk * 5 + position];
			id15 += flags & (1 << position) ? char.toUpperCase() : char.toLowerCase();
		}
	}
	return idSuffix(id15) === suffix ? id15 + suffix : undefined;
}

function makeId(prefix: string, sequence: number): string {
	let digits = '';
	for (let rest = sequence; digits.length < 9; rest = Math.floor(rest / 62)) digits = BASE62[rest % 62] + digits;
	const id15 = `${prefix}Dn0${digits}`;
	return id15 + idSuffix(id15);
}

// ---- Values and dates ----

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/;
// Salesforce's check is close to this: ASCII local part, a dotted domain.
const EMAIL = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;

function isObject(value: unknown): value is Entity {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isRealDate(text: string): boolean {
	const match = DATE.exec(text);
	if (!match) return false;
	const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
	const date = new Date(Date.UTC(year, month - 1, day));
	return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** `2026-11-23T04:51:20.000+0000`, as Salesforce writes date-times. */
export function sfDateTime(instant: Date): string {
	return instant.toISOString().replace('Z', '+0000');
}

function parseDate(text: string): Date {
	return new Date(`${text}T00:00:00Z`);
}

function formatDate(date: Date): string {
	return date.toISOString().slice(0, 10);
}

function addDays(date: string, days: number): string {
	return formatDate(new Date(parseDate(date).getTime() + days * 86400000));
}

/**
 * The `step`-th date of an NPC schedule (0 = the first): StartDate, or for Monthly the first
 * TransactionDay on or after it; then every TransactionInterval periods. Undefined for Custom (no
 * cadence) and when the schedule has no start.
 */
function scheduleDate(schedule: Entity, step: number): string | undefined {
	if (typeof schedule.StartDate !== 'string') return undefined;
	const start = parseDate(schedule.StartDate);
	const [year, month, day] = [start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate()];
	const interval = (Number(schedule.TransactionInterval) || 1) * step;
	const wanted = schedule.TransactionDay === 'LastDay' ? 'Last_Day' : String(schedule.TransactionDay ?? day);
	switch (schedule.TransactionPeriod) {
		case 'Daily':
			return addDays(schedule.StartDate, interval);
		case 'Weekly':
			return addDays(schedule.StartDate, 7 * interval);
		case 'Yearly':
			return formatDate(dayInMonth(year + interval, month, String(day)));
		case 'Monthly': {
			const first = dayInMonth(year, month, wanted) >= start ? 0 : 1;
			return formatDate(dayInMonth(year, month + first + interval, wanted));
		}
		default:
			return undefined;
	}
}

function lastDayOfMonth(year: number, month: number): number {
	return new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
}

/** The given month (0-based, may overflow) on `day` ('Last_Day' or a number, clipped to the month). */
function dayInMonth(year: number, month: number, day: string): Date {
	const first = new Date(Date.UTC(year, month, 1));
	const last = lastDayOfMonth(first.getUTCFullYear(), first.getUTCMonth());
	const wanted = day === 'Last_Day' ? last : Math.min(Number(day), last);
	return new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), wanted));
}

// ---- Errors ----

interface ItemError {
	statusCode: string;
	message: string;
	fields: string[];
	/** DUPLICATES_DETECTED: the rule and the records it matched. */
	duplicateResult?: Entity;
}

function itemError(statusCode: string, message: string, fields: string[] = []): ItemError {
	return { statusCode, message, fields };
}

/** Item errors in the top-level REST shape (`errorCode` instead of `statusCode`). */
function topLevel(errors: ItemError[]): Entity[] {
	return errors.map((error) => ({ message: error.message, errorCode: error.statusCode, fields: error.fields }));
}

class RestError extends Error {
	constructor(
		readonly status: number,
		readonly body: unknown,
	) {
		super(JSON.stringify(body));
	}
}

function restError(status: number, errorCode: string, message: string, fields?: string[]): RestError {
	const error: Entity = { message, errorCode };
	if (fields) error.fields = fields;
	return new RestError(status, [error]);
}

function notFound(message = 'The requested resource does not exist'): RestError {
	return restError(404, 'NOT_FOUND', message);
}

function noSuchColumn(field: string, object: string): RestError {
	return restError(400, 'INVALID_FIELD', `No such column '${field}' on sobject of type ${object}`);
}

function notExternalId(field: string, object: string): RestError {
	return restError(400, 'INVALID_FIELD', `${field} is not an External ID or indexed field for ${object}`);
}

function cannotDeserialize(type: string, value: unknown): RestError {
	const token = typeof value === 'string' ? 'VALUE_STRING' : typeof value === 'number' ? 'VALUE_NUMBER_INT' : typeof value === 'boolean' ? `VALUE_${String(value).toUpperCase()}` : Array.isArray(value) ? 'START_ARRAY' : 'START_OBJECT';
	const shown = isObject(value) ? '{' : Array.isArray(value) ? '[' : String(value);
	return restError(400, 'JSON_PARSER_ERROR', `Cannot deserialize instance of ${type} from ${token} value ${shown} or request may be missing a required field at [line:1, column:1]`);
}

const INVALID_SESSION = [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }];
const LIMIT_EXCEEDED = [{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }];
const PROCESSING_HALTED = 'The transaction was rolled back since another operation in the same transaction failed.';

/** A JSON value as Salesforce's deserializer takes it for the field (wrong JSON types refuse the request). */
function deserialize(field: FieldDef, value: unknown): unknown {
	if (value === null || value === undefined) return field.type === 'boolean' ? false : null;
	if (TEXT_TYPES.has(field.type)) {
		if (typeof value === 'string') return value === '' ? null : value;
		if (typeof value === 'number' || typeof value === 'boolean') return String(value);
		throw cannotDeserialize('string', value);
	}
	if (NUMBER_TYPES.has(field.type)) {
		if (typeof value === 'number' && Number.isFinite(value)) return value;
		if (typeof value === 'string' && value.trim() === '') return null;
		if (typeof value === 'string' && /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(value)) return Number(value);
		throw cannotDeserialize('double', value);
	}
	if (field.type === 'boolean') {
		if (typeof value === 'boolean') return value;
		if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
		throw cannotDeserialize('boolean', value);
	}
	if (field.type === 'date') {
		if (typeof value === 'string' && value === '') return null;
		if (typeof value === 'string' && isRealDate(value)) return value;
		throw cannotDeserialize('date', value);
	}
	// datetime
	if (typeof value === 'string' && value === '') return null;
	const match = typeof value === 'string' ? DATE_TIME.exec(value) : null;
	if (!match || !isRealDate(match[1])) throw cannotDeserialize('datetime', value);
	const instant = new Date(match[6] ? value as string : `${value as string}Z`);
	if (Number.isNaN(instant.getTime())) throw cannotDeserialize('datetime', value);
	return sfDateTime(instant);
}

/** The text a value is matched by (external IDs, uniqueness, indexes), or undefined for no value. */
function matchKey(field: FieldDef, value: unknown): string | undefined {
	if (value === null || value === undefined || value === '') return undefined;
	if (field.type === 'id' || field.type === 'reference') return normalizeId(value) ?? String(value);
	const text = String(value);
	return field.caseSensitive ? text : text.toLowerCase();
}

// ---- Transactions ----

/** Undo steps for the writes of one request, so allOrNone and composite can roll back. */
class Tx {
	private readonly steps: Array<() => void> = [];

	record(step: () => void): void {
		this.steps.push(step);
	}

	mark(): number {
		return this.steps.length;
	}

	rollbackTo(mark = 0): void {
		while (this.steps.length > mark) this.steps.pop()!();
	}
}

// ---- SOQL (a small subset) ----

interface Token {
	kind: 'word' | 'string' | 'number' | 'date' | 'datetime' | 'op' | 'punct' | 'end';
	text: string;
	value?: unknown;
	pos: number;
}

interface Literal {
	kind: 'string' | 'number' | 'date' | 'datetime' | 'boolean' | 'null';
	value: unknown;
	pos: number;
}

interface PathRef {
	text: string;
	pos: number;
}

type Condition =
	| { kind: 'and' | 'or'; parts: Condition[] }
	| { kind: 'not'; inner: Condition }
	| { kind: 'compare'; path: PathRef; op: string; literal: Literal }
	| { kind: 'in'; path: PathRef; negated: boolean; literals: Literal[] }
	| { kind: 'like'; path: PathRef; literal: Literal };

interface SoqlQuery {
	count: boolean;
	select: PathRef[];
	from: PathRef;
	where?: Condition;
	orderBy: Array<{ path: PathRef; descending: boolean; nullsLast: boolean }>;
	limit?: number;
	offset?: number;
}

/** A SOQL error in Salesforce's style: the query, a caret under the spot, row and column, the reason. */
function soqlError(errorCode: string, soql: string, pos: number, message: string): RestError {
	const before = soql.slice(0, pos).split('\n');
	const row = before.length;
	const column = before[before.length - 1].length + 1;
	const line = soql.split('\n')[row - 1] ?? '';
	return restError(400, errorCode, `\n${line}\n${' '.repeat(column - 1)}^\nERROR at Row:${row}:Column:${column}\n${message}`);
}

function tokenize(soql: string): Token[] {
	const tokens: Token[] = [];
	let index = 0;
	const malformed = (message: string) => soqlError('MALFORMED_QUERY', soql, index, message);
	while (index < soql.length) {
		const char = soql[index];
		const rest = soql.slice(index);
		if (/\s/.test(char)) {
			index++;
			continue;
		}
		if (char === "'") {
			let value = '';
			let end = index + 1;
			for (; end < soql.length && soql[end] !== "'"; end++) {
				if (soql[end] === '\\') {
					end++;
					const escaped = soql[end];
					// \% and \_ stay escaped: they match a literal % or _ in LIKE.
					value += escaped === 'n' ? '\n' : escaped === 't' ? '\t' : escaped === 'r' ? '\r' : escaped === '%' || escaped === '_' ? `\\${escaped}` : escaped ?? '';
				} else value += soql[end];
			}
			if (end >= soql.length) throw malformed('unterminated string literal');
			tokens.push({ kind: 'string', text: soql.slice(index, end + 1), value, pos: index });
			index = end + 1;
			continue;
		}
		const op = /^(<=|>=|!=|<>|=|<|>)/.exec(rest);
		if (op) {
			tokens.push({ kind: 'op', text: op[1] === '<>' ? '!=' : op[1], pos: index });
			index += op[1].length;
			continue;
		}
		if ('(),'.includes(char)) {
			tokens.push({ kind: 'punct', text: char, pos: index });
			index++;
			continue;
		}
		const dateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})/.exec(rest);
		const date = /^\d{4}-\d{2}-\d{2}(?![\dT])/.exec(rest);
		const number = /^[-+]?(\d+\.?\d*|\.\d+)/.exec(rest);
		if (dateTime) tokens.push({ kind: 'datetime', text: dateTime[0], value: sfDateTime(new Date(dateTime[0])), pos: index });
		else if (date) tokens.push({ kind: 'date', text: date[0], value: date[0], pos: index });
		else if (number) tokens.push({ kind: 'number', text: number[0], value: Number(number[0]), pos: index });
		const literal = dateTime ?? date ?? number;
		if (literal) {
			index += literal[0].length;
			continue;
		}
		const word = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(rest);
		if (!word) throw malformed(`unexpected token: '${char}'`);
		tokens.push({ kind: 'word', text: word[0], pos: index });
		index += word[0].length;
	}
	tokens.push({ kind: 'end', text: '<EOF>', pos: soql.length });
	return tokens;
}

/** Recursive descent over the tokens; field and object names are checked later against the schema. */
class SoqlParser {
	private position = 0;

	constructor(
		private readonly soql: string,
		private readonly tokens: Token[],
	) {}

	parse(): SoqlQuery {
		this.expectWord('SELECT');
		const query: SoqlQuery = { count: false, select: [], from: { text: '', pos: 0 }, orderBy: [] };
		if (this.isWord('COUNT') && this.tokens[this.position + 1]?.text === '(') {
			this.position += 2;
			this.expect(')');
			query.count = true;
		} else {
			query.select.push(this.path());
			while (this.accept(',')) query.select.push(this.path());
		}
		this.expectWord('FROM');
		query.from = this.path();
		if (this.acceptWord('WHERE')) query.where = this.or();
		if (this.acceptWord('ORDER')) {
			this.expectWord('BY');
			do {
				const path = this.path();
				const descending = this.acceptWord('DESC');
				if (!descending) this.acceptWord('ASC');
				let nullsLast = descending;
				if (this.acceptWord('NULLS')) {
					if (this.acceptWord('LAST')) nullsLast = true;
					else {
						this.expectWord('FIRST');
						nullsLast = false;
					}
				}
				query.orderBy.push({ path, descending, nullsLast });
			} while (this.accept(','));
		}
		if (this.acceptWord('LIMIT')) query.limit = this.integer();
		if (this.acceptWord('OFFSET')) query.offset = this.integer();
		const token = this.peek();
		if (token.kind !== 'end') throw this.unexpected(token);
		return query;
	}

	private or(): Condition {
		const parts = [this.and()];
		while (this.acceptWord('OR')) parts.push(this.and());
		return parts.length === 1 ? parts[0] : { kind: 'or', parts };
	}

	private and(): Condition {
		const parts = [this.unary()];
		while (this.acceptWord('AND')) parts.push(this.unary());
		return parts.length === 1 ? parts[0] : { kind: 'and', parts };
	}

	private unary(): Condition {
		if (this.acceptWord('NOT')) return { kind: 'not', inner: this.unary() };
		if (this.accept('(')) {
			const inner = this.or();
			this.expect(')');
			return inner;
		}
		const path = this.path();
		if (this.acceptWord('LIKE')) return { kind: 'like', path, literal: this.literal() };
		const negated = this.acceptWord('NOT');
		if (this.acceptWord('IN')) {
			this.expect('(');
			const literals = [this.literal()];
			while (this.accept(',')) literals.push(this.literal());
			this.expect(')');
			return { kind: 'in', path, negated, literals };
		}
		const token = this.peek();
		if (negated || token.kind !== 'op') throw this.unexpected(token);
		this.position++;
		return { kind: 'compare', path, op: token.text, literal: this.literal() };
	}

	private literal(): Literal {
		const token = this.next();
		if (token.kind === 'string' || token.kind === 'number' || token.kind === 'date' || token.kind === 'datetime') {
			return { kind: token.kind, value: token.value, pos: token.pos };
		}
		if (token.kind === 'word') {
			const word = token.text.toUpperCase();
			if (word === 'TRUE' || word === 'FALSE') return { kind: 'boolean', value: word === 'TRUE', pos: token.pos };
			if (word === 'NULL') return { kind: 'null', value: null, pos: token.pos };
			if (word === 'TODAY' || word === 'YESTERDAY' || word === 'TOMORROW') return { kind: 'date', value: word, pos: token.pos };
		}
		throw this.unexpected(token);
	}

	private path(): PathRef {
		const token = this.next();
		if (token.kind !== 'word') throw this.unexpected(token);
		return { text: token.text, pos: token.pos };
	}

	private integer(): number {
		const token = this.next();
		if (token.kind !== 'number' || !Number.isInteger(token.value) || (token.value as number) < 0) throw this.unexpected(token);
		return token.value as number;
	}

	private peek(): Token {
		return this.tokens[this.position];
	}

	private next(): Token {
		const token = this.tokens[this.position];
		if (token.kind !== 'end') this.position++;
		return token;
	}

	private isWord(word: string): boolean {
		const token = this.peek();
		return token.kind === 'word' && token.text.toUpperCase() === word;
	}

	private acceptWord(word: string): boolean {
		if (!this.isWord(word)) return false;
		this.position++;
		return true;
	}

	private expectWord(word: string): void {
		if (!this.acceptWord(word)) throw this.unexpected(this.peek());
	}

	private accept(punct: string): boolean {
		const token = this.peek();
		if (token.kind !== 'punct' || token.text !== punct) return false;
		this.position++;
		return true;
	}

	private expect(punct: string): void {
		if (!this.accept(punct)) throw this.unexpected(this.peek());
	}

	private unexpected(token: Token): RestError {
		return soqlError('MALFORMED_QUERY', this.soql, token.pos, `unexpected token: '${token.text}'`);
	}
}

/** SOQL LIKE: % any characters, _ one character, \% and \_ themselves. */
function likeToRegExp(pattern: string): RegExp {
	const body = pattern.replace(/\\[%_]|[%_]|[.*+?^${}()|[\]\\]/g, (part) => {
		if (part === '%') return '.*';
		if (part === '_') return '.';
		if (part.length === 2) return part[1];
		return `\\${part}`;
	});
	return new RegExp(`^${body}$`, 'is');
}

/** Orders two field values the SOQL way (text case-insensitively); null handling is the caller's. */
function compareValues(a: unknown, b: unknown): number {
	if (typeof a === 'number' && typeof b === 'number') return a - b;
	if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
	const left = String(a).toLowerCase();
	const right = String(b).toLowerCase();
	return left < right ? -1 : left > right ? 1 : 0;
}

// ---- Request plumbing ----

interface Session {
	kind: SalesforceLoginKind | 'test';
	valid: boolean;
}

interface RestRequest {
	method: string;
	version: number;
	versionText: string;
	/** Decoded path segments after `/services/data/vXX.X`. */
	segments: string[];
	query: Record<string, string>;
	body: unknown;
}

interface Result {
	status: number;
	json?: unknown;
	/** A non-JSON body (SOAP XML, identity errors). */
	text?: string;
	contentType?: string;
	headers?: Record<string, string>;
	/** A collections upsert under a forced allOrNone had failed items (composite rolls back). */
	failedItems?: boolean;
}

interface Prepared {
	values: Map<FieldDef, unknown>;
	refs: Array<{ field: FieldDef; name: string; target: ObjectDef; key: FieldDef; value: unknown }>;
}

interface WriteOutcome {
	id?: string;
	created: boolean;
	errors: ItemError[];
}

interface Projection {
	field: FieldDef;
	relation?: { field: FieldDef; target: ObjectDef };
	get: (record: Entity) => unknown;
}

type EndpointKind = 'token' | 'soap' | 'identity' | 'versions' | 'rest' | 'other';

const RD = 'npe03__Recurring_Donation__c';
/** RD2_OpportunityEvaluationService.hasKeyFieldChanged: an update of one of these queues the RD's evaluation. */
const RD_KEY_FIELDS = [
	'npe03__Contact__c', 'npe03__Organization__c', 'npe03__Amount__c', 'npe03__Installment_Period__c', 'npe03__Installments__c', 'npsp__InstallmentFrequency__c',
	'npsp__StartDate__c', 'npsp__Day_of_Month__c', 'npsp__Status__c', 'npsp__PaymentMethod__c', 'npe03__Recurring_Donation_Campaign__c', 'npsp__EndDate__c', 'CurrencyIsoCode',
];
/** RD2_RecurringDonationsOpp_TDTM.hasChanged: an Opportunity change that queues its RD's evaluation. */
const OPP_KEY_FIELDS = ['IsClosed', 'IsWon', 'Amount', 'CloseDate', RD];
/** RD2_Constants.DEFAULT_NEXT_DONATION_DATE_MATCH_RANGE_DAYS (setting NextDonationDateMatchRangeDays__c). */
const NEXT_DONATION_DATE_MATCH_DAYS = 3;
const QUERY_BATCH = 2000;
const ADDRESS_PREFIXES: Record<string, string[]> = { Contact: ['Mailing'], Account: ['Billing'] };

function endpointKind(path: string): EndpointKind {
	if (path === '/services/oauth2/token') return 'token';
	if (path.startsWith('/services/Soap/')) return 'soap';
	if (path.startsWith('/id/') || path === '/services/oauth2/userinfo') return 'identity';
	if (path === '/services/data') return 'versions';
	if (path.startsWith('/services/data/')) return 'rest';
	return 'other';
}

function oauthError(error: string, description: string): Result {
	return { status: 400, json: { error, error_description: description } };
}

function xmlEscape(text: string): string {
	return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

function xmlUnescape(text: string): string {
	return text
		.replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
		.replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
		.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}

/** The text of the first `<prefix:name>` element (any namespace prefix), unescaped. */
function xmlElement(xml: string, name: string): string | undefined {
	const match = new RegExp(`<(?:[\\w-]+:)?${name}(?:\\s[^>]*)?>([\\s\\S]*?)</(?:[\\w-]+:)?${name}>`).exec(xml);
	return match ? xmlUnescape(match[1]) : undefined;
}

function soapFault(code: string, message: string, loginFault: boolean): Result {
	const detail = loginFault
		? `<detail><sf:LoginFault xsi:type="sf:LoginFault"><sf:exceptionCode>${code}</sf:exceptionCode><sf:exceptionMessage>${xmlEscape(message)}</sf:exceptionMessage></sf:LoginFault></detail>`
		: `<detail><sf:UnexpectedErrorFault xsi:type="sf:UnexpectedErrorFault"><sf:exceptionCode>${code}</sf:exceptionCode><sf:exceptionMessage>${xmlEscape(message)}</sf:exceptionMessage></sf:UnexpectedErrorFault></detail>`;
	const text =
		'<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:sf="urn:fault.partner.soap.sforce.com" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
		`<soapenv:Body><soapenv:Fault><faultcode>sf:${code}</faultcode><faultstring>${code}: ${xmlEscape(message)}</faultstring>${detail}</soapenv:Fault></soapenv:Body></soapenv:Envelope>`;
	return { status: 500, text, contentType: 'text/xml;charset=UTF-8' };
}

function failureBody(status: number): unknown {
	switch (status) {
		case 401:
			return INVALID_SESSION;
		case 403:
			return LIMIT_EXCEEDED;
		case 404:
			return [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }];
		case 503:
			return [{ errorCode: 'SERVER_UNAVAILABLE', message: 'Server temporarily unavailable, please try again later' }];
		default:
			return [{ errorCode: 'UNKNOWN_EXCEPTION', message: 'An unexpected error occurred. Please include this ErrorId if you contact support: 1234567890-12345 (-1234567890)' }];
	}
}

function releaseLabel(version: string): string {
	const step = Number(version) - 21;
	const year = 11 + Math.floor(step / 3);
	const season = ((step % 3) + 3) % 3;
	return season === 0 ? `Spring '${year}` : season === 1 ? `Summer '${year}` : `Winter '${year + 1}`;
}

function defaultVersions(): string[] {
	return Array.from({ length: 36 }, (_, index) => `${31 + index}.0`);
}

/** Replaces `@{ref.path}` in a composite subrequest; unresolvable paths land in `missing`. */
function resolveReferences(value: unknown, results: Map<string, unknown>, missing: string[]): unknown {
	if (typeof value === 'string') {
		const whole = /^@\{([^}]+)\}$/.exec(value);
		if (whole) return lookupReference(whole[1], results, missing);
		return value.replace(/@\{([^}]+)\}/g, (_, path: string) => String(lookupReference(path, results, missing) ?? ''));
	}
	if (Array.isArray(value)) return value.map((item) => resolveReferences(item, results, missing));
	if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, resolveReferences(item, results, missing)]));
	return value;
}

function lookupReference(path: string, results: Map<string, unknown>, missing: string[]): unknown {
	const [reference, ...parts] = path.match(/[^.[\]]+/g) ?? [];
	let current: unknown = reference === undefined ? undefined : results.get(reference);
	for (const part of parts) {
		if (current === null || typeof current !== 'object' || !(part in current)) {
			current = undefined;
			break;
		}
		current = (current as Entity)[part];
	}
	if (current === undefined) missing.push(path);
	return current;
}

export class FakeSalesforceApi extends LoopbackFake<SalesforceFakeCall> {
	/** Salesforce's JSON answers name the charset. */
	protected override readonly jsonContentType = 'application/json;charset=UTF-8';
	/** REST requests received (under /services/data/vXX.X, refused ones included; not auth). */
	apiCalls = 0;
	/** The org's API usage today (`Sforce-Limit-Info`); settable to simulate a busy org. */
	apiUsage = 0;
	dailyApiLimit: number;
	/** Sessions issued over HTTP (OAuth grants and SOAP logins). */
	tokensIssued = 0;
	/** Successful logins by kind. */
	readonly logins: Record<SalesforceLoginKind, number> = { clientCredentials: 0, password: 0, soap: 0 };
	passwordFlowBlocked: boolean;
	readonly orgId = makeId(ORG_PREFIX, 4711);
	readonly userId = makeId(USER_PREFIX, 4711);
	readonly apiVersions: string[];

	private readonly objects = new Map<string, ObjectDef>();
	private readonly store = new Map<string, Map<string, Entity>>();
	/** Object → field → match key → record Ids; built on first lookup, kept current by every write. */
	private readonly indexes = new Map<string, Map<string, Map<string, Set<string>>>>();
	private readonly sessions = new Map<string, Session>();
	private readonly failures: Array<{ status: number; body?: unknown }> = [];
	private readonly cursors = new Map<string, Entity[]>();
	private readonly now: () => Date;
	private readonly currencies: string[];
	private nextSequence = 1;
	private expireBeforeRequest = 0;
	/** Collection records still to fail with UNABLE_TO_LOCK_ROW (another job holds their row). */
	private lockedWrites = 0;
	/** RD Ids whose NPSP evaluation is queued (see runJobs). */
	private readonly npspJobs = new Set<string>();
	/** GiftCommitmentSchedule Ids whose NPC transaction job is due (see runJobs). */
	private readonly npcJobs = new Set<string>();
	private readonly personAccounts: boolean;
	/** Whether the current request sent `Sforce-Duplicate-Rule-Header: allowSave=true`. */
	private allowSaveDuplicates = false;

	constructor(private readonly options: FakeSalesforceOptions) {
		super();
		this.personAccounts = (options.personAccounts ?? false) || (options.npc ?? false);
		this.now = options.now ?? (() => new Date());
		this.apiVersions = options.apiVersions ?? defaultVersions();
		this.dailyApiLimit = options.dailyApiLimit ?? 100000;
		this.passwordFlowBlocked = options.passwordFlowBlocked ?? false;
		this.currencies = options.currencies ?? ['EUR', 'CHF', 'USD', 'GBP'];
		const schema = buildSchema({
			npsp: options.npsp ?? false,
			multiCurrency: options.multiCurrency ?? false,
			currencies: this.currencies,
			statePicklists: options.statePicklists ?? false,
			personAccounts: this.personAccounts,
			npc: options.npc ?? false,
		});
		for (const object of schema) this.objects.set(object.name.toLowerCase(), object);
		this.seedRecordTypes();
		for (const [key, values] of Object.entries(options.restrictedPicklists ?? {})) {
			const [object, field] = key.split('.');
			this.setPicklist(object, field, values, true);
		}
	}

	/** The org's My Domain and login host: token endpoint, REST, SOAP login. */
	get baseUrl(): string {
		return `http://127.0.0.1:${this.port}`;
	}

	// ---- Test-side controls ----

	/** The next `count` REST requests (not auth) answer `status` with `body` (default: Salesforce's body for it). */
	failNext(count: number, status: number, body?: unknown): void {
		for (let index = 0; index < count; index++) this.failures.push({ status, body });
	}

	/**
	 * The next `count` records written through sObject Collections fail with UNABLE_TO_LOCK_ROW, as
	 * when another transaction (e.g. an NPSP rollup) holds their row or their parent's.
	 */
	lockRowsNext(count: number): void {
		this.lockedWrites = count;
	}

	/** Ends every session issued so far (REST answers 401 INVALID_SESSION_ID). */
	expireAllSessions(): void {
		for (const session of this.sessions.values()) session.valid = false;
	}

	/** Ends every session just before the `count`-th REST request from now (a timeout mid-run). */
	expireSessionsBeforeRequest(count: number): void {
		this.expireBeforeRequest = count;
	}

	/** A valid session without a login (not counted in `tokensIssued`). */
	issueSession(): string {
		return this.newSession('test');
	}

	/** Forgets records, calls, failures, cursors and API usage; the schema and sessions stay. */
	reset(): void {
		this.store.clear();
		this.indexes.clear();
		this.cursors.clear();
		this.calls.length = 0;
		this.failures.length = 0;
		this.apiCalls = 0;
		this.apiUsage = 0;
		this.expireBeforeRequest = 0;
		this.lockedWrites = 0;
		this.npspJobs.clear();
		this.npcJobs.clear();
		this.seedRecordTypes();
	}

	/** The record types every person-account org has (API-PA); data, so seeded again after reset. */
	private seedRecordTypes(): void {
		if (!this.personAccounts) return;
		this.addRecord('RecordType', { Name: 'Business Account', DeveloperName: 'Business_Account', SobjectType: 'Account', IsPersonType: false, IsActive: true });
		this.addRecord('RecordType', { Name: 'Person Account', DeveloperName: 'PersonAccount', SobjectType: 'Account', IsPersonType: true, IsActive: true });
	}

	/** The Id of the record type with this DeveloperName (tests: `PersonAccount`, `Business_Account`). */
	recordTypeId(developerName: string): string {
		const found = this.findBy('RecordType', 'DeveloperName', developerName)[0];
		if (!found) throw new Error(`The fake org has no record type ${developerName}`);
		return found.Id as string;
	}

	/** Every record of the object (copies), in creation order. */
	records(object: string): Entity[] {
		return [...this.table(this.objectDef(object).name).values()].map((record) => structuredClone(record));
	}

	/** One record (a copy), by a 15- or 18-character Id. */
	record(object: string, id: string): Entity | undefined {
		const record = this.byId(this.objectDef(object), id);
		return record ? structuredClone(record) : undefined;
	}

	/** The records whose field matches the value the way external IDs match (copies). */
	findBy(object: string, field: string, value: unknown): Entity[] {
		const definition = this.objectDef(object);
		return this.lookup(definition, this.fieldDef(definition, field), value).map((record) => structuredClone(record));
	}

	count(object: string): number {
		return this.table(this.objectDef(object).name).size;
	}

	/** Stores a record as given (field names checked, nothing else; no NPSP automation); returns a copy. */
	addRecord(object: string, fields: Entity): Entity {
		const definition = this.objectDef(object);
		const record = this.defaults(definition);
		for (const [name, value] of Object.entries(fields)) record[this.fieldDef(definition, name).name] = value;
		const id = normalizeId(record.Id);
		delete record.Id;
		this.derive(definition, record, undefined, new Set());
		this.stamp(record, undefined);
		if (id) record.Id = id;
		this.save(definition, record, undefined, new Tx());
		return structuredClone(record);
	}

	/** Adds (or replaces) a field, e.g. `addField('Contact', 'Donor_Id__c', {type:'string', externalId:true, unique:true})`. */
	addField(object: string, field: string, props: SalesforceFieldProps): void {
		const definition = this.objectDef(object);
		const replaced = definition.fields.get(field.toLowerCase());
		definition.fields.set(field.toLowerCase(), buildField(field, props));
		// An index of the old definition may match differently (case sensitivity); rebuild it on demand.
		if (replaced) this.indexes.get(definition.name)?.delete(replaced.name);
	}

	/** Adds a custom object with the system fields and a Name (e.g. a managed package's object). */
	addObject(name: string, keyPrefix: string, label?: string): void {
		const system = systemFields(true);
		this.objects.set(name.toLowerCase(), buildObject(name, keyPrefix, [...system.head, ['Name', 'string', { length: 80 }], ...system.tail], label));
	}

	/** Replaces a picklist's values; `restricted` refuses others with INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST. */
	setPicklist(object: string, field: string, values: string[], restricted = true): void {
		const definition = this.fieldDef(this.objectDef(object), field);
		if (definition.type !== 'picklist') throw new Error(`${object}.${field} is not a picklist`);
		definition.picklist = { values: [...values], restricted };
	}

	// ---- HTTP ----

	protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const { method, url, headers, text: raw } = await this.receive(req);
		const path = url.pathname.replace(/\/+$/, '') || '/';
		const query = Object.fromEntries(url.searchParams);
		const kind = endpointKind(path);
		const auth = kind === 'token' || kind === 'soap' || kind === 'identity';
		const call: SalesforceFakeCall = { method, path, query, body: raw === '' ? undefined : raw, headers, auth };
		this.calls.push(call);
		let result: Result;
		try {
			result = this.endpoint(kind, method, path, query, raw, headers, call);
		} catch (failure) {
			result = failure instanceof RestError
				? { status: failure.status, json: failure.body }
				: { status: 500, json: [{ errorCode: 'UNKNOWN_EXCEPTION', message: `Fake Salesforce failed: ${String(failure)}` }] };
		}
		const responseHeaders: Record<string, string> = { ...result.headers };
		// Every REST answer carries the day's usage; the Versions resource does not.
		if (kind === 'rest') responseHeaders['sforce-limit-info'] = `api-usage=${this.apiUsage}/${this.dailyApiLimit}`;
		call.status = result.status;
		if (result.text !== undefined) {
			res.writeHead(result.status, { ...responseHeaders, 'content-type': result.contentType ?? 'text/plain;charset=UTF-8' });
			res.end(result.text);
		} else if (result.json === undefined) {
			this.sendEmpty(res, result.status, responseHeaders);
		} else {
			this.sendJson(res, result.status, result.json, responseHeaders);
		}
	}

	private endpoint(kind: EndpointKind, method: string, path: string, query: Record<string, string>, raw: string, headers: Record<string, string | undefined>, call: SalesforceFakeCall): Result {
		switch (kind) {
			case 'token':
				return this.token(method, raw, call);
			case 'soap':
				return this.soapLogin(method, path, raw);
			case 'identity':
				return this.identity(path, headers, query);
			case 'versions':
				return { status: 200, json: this.apiVersions.map((version) => ({ label: releaseLabel(version), url: `/services/data/v${version}`, version })) };
			case 'rest':
				return this.restCall(method, path, query, raw, headers, call);
			default:
				throw notFound();
		}
	}

	// ---- Auth ----

	private newSession(kind: Session['kind']): string {
		const token = `${this.orgId.slice(0, 15)}!AR${randomBytes(36).toString('base64url')}`;
		this.sessions.set(token, { kind, valid: true });
		return token;
	}

	private sessionOf(header: string | undefined): Session | undefined {
		const match = /^(?:Bearer|OAuth)\s+(\S+)\s*$/i.exec(header ?? '');
		const session = match ? this.sessions.get(match[1]) : undefined;
		return session?.valid ? session : undefined;
	}

	private checkUser(username: unknown, password: unknown): boolean {
		const expected = this.options.username;
		if (expected === undefined || typeof username !== 'string' || typeof password !== 'string') return false;
		// Usernames are case-insensitive; the password carries the security token at its end.
		return username.toLowerCase() === expected.toLowerCase() && password === `${this.options.password ?? ''}${this.options.securityToken ?? ''}`;
	}

	private token(method: string, raw: string, call: SalesforceFakeCall): Result {
		if (method !== 'POST') return oauthError('invalid_request', 'must use HTTP POST');
		const params = Object.fromEntries(new URLSearchParams(raw));
		call.body = params;
		const grant = params.grant_type;
		if (grant !== 'client_credentials' && grant !== 'password') return oauthError('unsupported_grant_type', 'grant type not supported');
		if (params.client_id !== this.options.clientId) return oauthError('invalid_client_id', 'client identifier invalid');
		if (params.client_secret !== this.options.clientSecret) return oauthError('invalid_client', 'invalid client credentials');
		if (grant === 'client_credentials') {
			if (this.options.clientCredentialsUser === false) return oauthError('invalid_grant', 'no client credentials user enabled');
			return this.tokenResponse('clientCredentials');
		}
		if (this.passwordFlowBlocked || !this.checkUser(params.username, params.password)) return oauthError('invalid_grant', 'authentication failure');
		return this.tokenResponse('password');
	}

	private tokenResponse(kind: 'clientCredentials' | 'password'): Result {
		const accessToken = this.newSession(kind);
		const issuedAt = String(this.now().getTime());
		const id = `${this.baseUrl}/id/${this.orgId}/${this.userId}`;
		// "Base64-encoded HMAC-SHA256 signature … containing the concatenated ID and issued_at value"
		const signature = createHmac('sha256', this.options.clientSecret).update(id + issuedAt).digest('base64');
		this.tokensIssued++;
		this.logins[kind]++;
		const json: Entity = { access_token: accessToken, signature };
		if (kind === 'clientCredentials') json.token_format = 'opaque';
		Object.assign(json, { instance_url: this.baseUrl, id, token_type: 'Bearer', issued_at: issuedAt });
		return { status: 200, json };
	}

	private soapLogin(method: string, path: string, raw: string): Result {
		if (method !== 'POST') return { status: 405, text: 'HTTP method not allowed' };
		const version = /^\/services\/Soap\/[uc]\/(\d+\.\d)$/.exec(path)?.[1];
		if (!version || !this.apiVersions.includes(version)) return soapFault('UNSUPPORTED_API_VERSION', 'Invalid Api version specified on URL', false);
		// "login() … not available in API versions 65.0 and later"
		if (Number(version) >= 65) return soapFault('UNSUPPORTED_API_VERSION', `login() is not available in API version ${version}; use OAuth`, false);
		const login = xmlElement(raw, 'login');
		if (login === undefined) return soapFault('INVALID_OPERATION', 'The fake only answers login()', false);
		const username = xmlElement(login, 'username');
		if (!this.checkUser(username, xmlElement(login, 'password'))) {
			return soapFault('INVALID_LOGIN', 'Invalid username, password, security token; or user locked out.', true);
		}
		const sessionId = this.newSession('soap');
		this.tokensIssued++;
		this.logins.soap++;
		const org = this.orgId.slice(0, 15);
		const user = xmlEscape(this.options.username ?? '');
		const text =
			'<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns="urn:partner.soap.sforce.com" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
			'<soapenv:Body><loginResponse><result>' +
			`<metadataServerUrl>${this.baseUrl}/services/Soap/m/${version}/${org}</metadataServerUrl>` +
			'<passwordExpired>false</passwordExpired><sandbox>false</sandbox>' +
			`<serverUrl>${this.baseUrl}/services/Soap/u/${version}/${org}</serverUrl>` +
			`<sessionId>${sessionId}</sessionId><userId>${this.userId}</userId>` +
			'<userInfo><accessibilityMode>false</accessibilityMode><currencySymbol>€</currencySymbol><orgAttachmentFileSizeLimit>5242880</orgAttachmentFileSizeLimit>' +
			`<orgDefaultCurrencyIsoCode>${this.currencies[0]}</orgDefaultCurrencyIsoCode><orgDisallowHtmlAttachments>false</orgDisallowHtmlAttachments>` +
			`<orgHasPersonAccounts>false</orgHasPersonAccounts><organizationId>${this.orgId}</organizationId><organizationMultiCurrency>${this.options.multiCurrency ?? false}</organizationMultiCurrency>` +
			'<organizationName>Fake Fundraising Org</organizationName><profileId>00eDn0000000001AAA</profileId><roleId xsi:nil="true"/><sessionSecondsValid>7200</sessionSecondsValid>' +
			`<userDefaultCurrencyIsoCode xsi:nil="true"/><userEmail>${user}</userEmail><userFullName>Integration User</userFullName><userId>${this.userId}</userId>` +
			`<userLanguage>en_US</userLanguage><userLocale>de_CH</userLocale><userName>${user}</userName><userTimeZone>Europe/Zurich</userTimeZone>` +
			'<userType>Standard</userType><userUiSkin>Theme3</userUiSkin></userInfo></result></loginResponse></soapenv:Body></soapenv:Envelope>';
		return { status: 200, text, contentType: 'text/xml;charset=UTF-8' };
	}

	private identity(path: string, headers: Record<string, string | undefined>, query: Record<string, string>): Result {
		const session = this.sessionOf(headers.authorization) ?? (query.oauth_token ? this.sessionOf(`Bearer ${query.oauth_token}`) : undefined);
		if (!session) return { status: 403, text: 'Bad_OAuth_Token' };
		if (path !== '/services/oauth2/userinfo' && path !== `/id/${this.orgId}/${this.userId}`) return { status: 404, text: 'Bad_Id' };
		const data = `${this.baseUrl}/services/data/v{version}/`;
		return {
			status: 200,
			json: {
				id: `${this.baseUrl}/id/${this.orgId}/${this.userId}`,
				user_id: this.userId,
				organization_id: this.orgId,
				username: this.options.username ?? 'integration@example.org',
				display_name: 'Integration User',
				active: true,
				user_type: 'STANDARD',
				urls: { rest: data, sobjects: `${data}sobjects/`, query: `${data}query/`, custom_domain: this.baseUrl },
			},
		};
	}

	// ---- REST ----

	private restCall(method: string, path: string, query: Record<string, string>, raw: string, headers: Record<string, string | undefined>, call: SalesforceFakeCall): Result {
		this.apiCalls++;
		if (this.expireBeforeRequest > 0 && --this.expireBeforeRequest === 0) this.expireAllSessions();
		const failure = this.failures.shift();
		if (failure) return { status: failure.status, json: failure.body ?? failureBody(failure.status) };
		if (!this.sessionOf(headers.authorization)) return { status: 401, json: INVALID_SESSION };
		const match = /^\/services\/data\/v(\d+\.\d)(\/.*)?$/.exec(path);
		if (!match || !this.apiVersions.includes(match[1])) throw notFound();
		if (this.apiUsage >= this.dailyApiLimit) return { status: 403, json: LIMIT_EXCEEDED };
		this.apiUsage++;
		// "Sforce-Duplicate-Rule-Header: allowSave=true; includeRecordDetails=…" (REST guide, v52.0+);
		// ASSUMED: it also covers the subrequests of a composite request.
		this.allowSaveDuplicates = /(?:^|;)\s*allowSave\s*=\s*true\b/i.test(headers['sforce-duplicate-rule-header'] ?? '');
		let body: unknown;
		if (raw.trim() !== '') {
			try {
				body = JSON.parse(raw);
			} catch (error) {
				throw restError(400, 'JSON_PARSER_ERROR', `Unexpected character in the request body: ${(error as Error).message}`);
			}
			call.body = body;
		}
		let segments: string[];
		try {
			segments = (match[2] ?? '').split('/').filter((segment) => segment !== '').map((segment) => decodeURIComponent(segment));
		} catch {
			throw notFound();
		}
		const request: RestRequest = { method, version: Number(match[1]), versionText: match[1], segments, query, body };
		if (segments.length === 1 && segments[0] === 'composite') return this.allow(method, { POST: () => this.composite(request) });
		return this.dispatch(request, new Tx(), false);
	}

	private allow(method: string, handlers: Record<string, () => Result>): Result {
		if (!Object.hasOwn(handlers, method)) {
			throw restError(405, 'METHOD_NOT_ALLOWED', `HTTP Method '${method}' not allowed. Allowed are ${Object.keys(handlers).join(',')}`);
		}
		return handlers[method]();
	}

	/** One REST request (top level or a composite subrequest) inside a transaction. */
	private dispatch(request: RestRequest, tx: Tx, forceAllOrNone: boolean): Result {
		const { method, segments, version } = request;
		const [first, second, third, fourth] = segments;
		const count = segments.length;
		if (count === 0) return this.allow(method, { GET: () => ({ status: 200, json: this.resources(request) }) });
		if (first === 'limits' && count === 1) return this.allow(method, { GET: () => ({ status: 200, json: this.limits() }) });
		if ((first === 'query' || first === 'queryAll') && count <= 2) {
			return this.allow(method, { GET: () => (count === 1 ? this.query(request) : this.nextPage(second, request.versionText)) });
		}
		if (first === 'composite' && second === 'sobjects' && count === 2) {
			// sObject Collections create exists from API version 42.0 (§1 [COLL]).
			if (version < 42) throw notFound();
			return this.allow(method, { POST: () => this.collectionsCreate(request, tx, forceAllOrNone) });
		}
		if (first === 'composite' && second === 'sobjects' && count === 4) {
			// sObject Collections upsert exists from API version 46.0.
			if (version < 46) throw notFound();
			return this.allow(method, { PATCH: () => this.collectionsUpsert(request, this.objectOr404(third, version), fourth, tx, forceAllOrNone) });
		}
		// OBJ-NPC's Close Gift Commitment action, v59.0+, with the Fundraising objects only.
		if (first === 'actions' && second === 'standard' && third === 'closeGiftCommitment' && count === 3 && this.options.npc && version >= 59) {
			return this.allow(method, { POST: () => this.closeGiftCommitments(request, tx) });
		}
		if (first !== 'sobjects' || count > 4) throw notFound();
		if (count === 1) return this.allow(method, { GET: () => ({ status: 200, json: this.describeGlobal(request) }) });
		const object = this.objectOr404(second, version);
		if (count === 2) {
			return this.allow(method, {
				GET: () => ({ status: 200, json: { objectDescribe: this.objectSummary(object, request), recentItems: [] } }),
				POST: () => this.create(request, object, tx, false),
			});
		}
		if (count === 3 && third === 'describe') return this.allow(method, { GET: () => ({ status: 200, json: this.describe(object, request) }) });
		if (count === 3 && method === 'POST') {
			// POST …/sobjects/Account/Id inserts (v37.0+); other fields are not an insert path.
			if (third.toLowerCase() !== 'id') throw restError(405, 'METHOD_NOT_ALLOWED', "HTTP Method 'POST' not allowed. Allowed are GET,PATCH,DELETE");
			return this.create(request, object, tx, true);
		}
		if (count === 3) {
			return this.allow(method, {
				GET: () => this.getById(request, object, third),
				PATCH: () => this.updateById(request, object, third, tx),
				DELETE: () => this.deleteById(object, third, tx),
			});
		}
		return this.allow(method, {
			GET: () => this.getByKey(request, object, third, fourth),
			PATCH: () => this.upsertRow(request, object, third, fourth, tx),
		});
	}

	private resources(request: RestRequest): Entity {
		const base = `/services/data/v${request.versionText}`;
		return { sobjects: `${base}/sobjects`, query: `${base}/query`, queryAll: `${base}/queryAll`, composite: `${base}/composite`, limits: `${base}/limits` };
	}

	private limits(): Entity {
		return {
			DailyApiRequests: { Max: this.dailyApiLimit, Remaining: Math.max(0, this.dailyApiLimit - this.apiUsage) },
			DataStorageMB: { Max: 5, Remaining: 5 },
		};
	}

	// ---- Schema access ----

	private objectDef(name: string): ObjectDef {
		const object = this.objects.get(name.toLowerCase());
		if (!object) throw new Error(`The fake org has no object ${name}`);
		return object;
	}

	private fieldDef(object: ObjectDef, name: string): FieldDef {
		const field = object.fields.get(name.toLowerCase());
		if (!field) throw new Error(`The fake org has no field ${object.name}.${name}`);
		return field;
	}

	private objectOr404(name: string, version: number): ObjectDef {
		const object = this.objectAt(name, version);
		if (!object) throw notFound();
		return object;
	}

	/** The object as a request of this API version sees it (none below its minVersion). */
	private objectAt(name: string, version: number): ObjectDef | undefined {
		const object = this.objects.get(name.toLowerCase());
		return object && (object.minVersion === undefined || version >= object.minVersion) ? object : undefined;
	}

	private visible(field: FieldDef | undefined, version: number): FieldDef | undefined {
		return field && (field.minVersion === undefined || version >= field.minVersion) ? field : undefined;
	}

	private fieldOf(object: ObjectDef, name: string, version: number): FieldDef | undefined {
		return this.visible(object.fields.get(name.toLowerCase()), version);
	}

	private visibleFields(object: ObjectDef, version: number): FieldDef[] {
		return [...object.fields.values()].filter((field) => this.visible(field, version));
	}

	/** The reference field behind a relationship name (`Account`, `npsp__Primary_Contact__r`). */
	private relationOf(object: ObjectDef, name: string, version: number): { field: FieldDef; target: ObjectDef } | undefined {
		const lower = name.toLowerCase();
		for (const field of this.visibleFields(object, version)) {
			if (field.relationshipName?.toLowerCase() !== lower) continue;
			const target = field.referenceTo ? this.objects.get(field.referenceTo.toLowerCase()) : undefined;
			return target ? { field, target } : undefined;
		}
		return undefined;
	}

	private recordUrl(object: ObjectDef, id: unknown, versionText: string): string {
		return `/services/data/v${versionText}/sobjects/${object.name}/${String(id)}`;
	}

	// ---- Store ----

	private table(object: string): Map<string, Entity> {
		let table = this.store.get(object);
		if (!table) {
			table = new Map();
			this.store.set(object, table);
		}
		return table;
	}

	private byId(object: ObjectDef, id: unknown): Entity | undefined {
		const canonical = normalizeId(id);
		return canonical ? this.table(object.name).get(canonical) : undefined;
	}

	private index(object: ObjectDef, field: FieldDef): Map<string, Set<string>> {
		let byField = this.indexes.get(object.name);
		if (!byField) {
			byField = new Map();
			this.indexes.set(object.name, byField);
		}
		let index = byField.get(field.name);
		if (!index) {
			index = new Map();
			for (const record of this.table(object.name).values()) indexAdd(index, matchKey(field, record[field.name]), record.Id as string);
			byField.set(field.name, index);
		}
		return index;
	}

	private lookup(object: ObjectDef, field: FieldDef, value: unknown): Entity[] {
		const key = matchKey(field, value);
		if (key === undefined) return [];
		const table = this.table(object.name);
		return [...(this.index(object, field).get(key) ?? [])].map((id) => table.get(id)!);
	}

	/** Stores a record (a new object each time, never mutated afterwards) and keeps the indexes current. */
	private put(object: ObjectDef, record: Entity): void {
		const table = this.table(object.name);
		const id = record.Id as string;
		const old = table.get(id);
		for (const [name, index] of this.indexes.get(object.name) ?? []) {
			const field = object.fields.get(name.toLowerCase());
			if (!field) continue;
			if (old) indexRemove(index, matchKey(field, old[name]), id);
			indexAdd(index, matchKey(field, record[name]), id);
		}
		table.set(id, record);
	}

	private drop(object: ObjectDef, id: string): void {
		const table = this.table(object.name);
		const old = table.get(id);
		if (!old) return;
		for (const [name, index] of this.indexes.get(object.name) ?? []) {
			const field = object.fields.get(name.toLowerCase());
			if (field) indexRemove(index, matchKey(field, old[name]), id);
		}
		table.delete(id);
	}

	/** Inserts (giving the record an Id) or replaces, with the undo step in the transaction. */
	private save(object: ObjectDef, record: Entity, existing: Entity | undefined, tx: Tx): void {
		if (existing) {
			this.put(object, record);
			tx.record(() => this.put(object, existing));
			return;
		}
		if (!record.Id) record.Id = makeId(object.keyPrefix, this.nextSequence++);
		this.put(object, record);
		tx.record(() => this.drop(object, record.Id as string));
	}

	private today(): string {
		return formatDate(this.now());
	}

	private defaults(object: ObjectDef): Entity {
		const record: Entity = {};
		for (const field of object.fields.values()) {
			if (field.type === 'boolean' && !field.calculated) record[field.name] = false;
			if (field.defaultValue === undefined) continue;
			const value = field.defaultValue;
			record[field.name] = value === '$TODAY' ? this.today() : value === '$USER' ? this.userId : value === '$CORPORATE' ? this.currencies[0] : value;
		}
		return record;
	}

	private stamp(record: Entity, existing: Entity | undefined): void {
		const now = sfDateTime(this.now());
		if (!existing) {
			record.IsDeleted = false;
			record.CreatedDate = now;
			record.CreatedById = this.userId;
		}
		record.LastModifiedDate = now;
		record.LastModifiedById = this.userId;
		record.SystemModstamp = now;
	}

	/** Fields Salesforce computes: Contact.Name, Opportunity IsClosed/IsWon/Probability, CampaignMember.HasResponded. */
	private derive(object: ObjectDef, record: Entity, existing: Entity | undefined, sent: Set<string>): void {
		if (object.name === 'Contact') {
			record.Name = [record.FirstName, record.LastName].filter((part) => typeof part === 'string' && part !== '').join(' ') || null;
		} else if (object.name === 'Opportunity') {
			const stage = stageInfo(record.StageName);
			record.IsClosed = stage.closed;
			record.IsWon = stage.won;
			if (!sent.has('Probability') && (!existing || existing.StageName !== record.StageName)) record.Probability = stage.probability;
		} else if (object.name === 'CampaignMember') {
			record.HasResponded = record.Status === 'Responded';
		}
		if (this.personAccounts) this.derivePerson(object, record);
		if (object.name === 'GiftTransaction') this.deriveGiftTransaction(record);
	}

	/** Account.IsPersonAccount follows the record type (API-PA); a person account's Name is its first and last name. */
	private derivePerson(object: ObjectDef, record: Entity): void {
		if (object.name === 'Contact') record.IsPersonAccount = record.IsPersonAccount === true;
		if (object.name !== 'Account') return;
		record.IsPersonAccount = this.isPersonRecordType(record.RecordTypeId);
		if (record.IsPersonAccount) record.Name = [record.FirstName, record.LastName].filter((part) => typeof part === 'string' && part !== '').join(' ') || null;
	}

	/**
	 * CurrentAmount = OriginalAmount after refunds (OBJ-NPC); RefundedAmount = the refunds' sum. GiftType
	 * from the donor when not sent (FQS: IsPersonAccount determines it; deriving it ASSUMED).
	 */
	private deriveGiftTransaction(record: Entity): void {
		const refunds = record.Id ? this.lookup(this.objectDef('GiftRefund'), this.fieldDef(this.objectDef('GiftRefund'), 'GiftTransactionId'), record.Id) : [];
		const refunded = refunds.reduce((sum, refund) => sum + (typeof refund.Amount === 'number' ? refund.Amount : 0), 0);
		record.RefundedAmount = refunded;
		record.CurrentAmount = typeof record.OriginalAmount === 'number' ? Math.round((record.OriginalAmount - refunded) * 100) / 100 : null;
		if (record.GiftType === null || record.GiftType === undefined) {
			const donor = typeof record.DonorId === 'string' ? this.table('Account').get(record.DonorId) : undefined;
			if (donor) record.GiftType = donor.IsPersonAccount === true ? 'Individual' : 'Organizational';
		}
	}

	private isPersonRecordType(id: unknown): boolean {
		return typeof id === 'string' && this.table('RecordType').get(id)?.IsPersonType === true;
	}
	// ---- Writes ----

	/** Body → field values (whole-request checks: unknown columns, JSON types, relationship keys). */
	private prepare(object: ObjectDef, body: Entity, version: number): Prepared {
		const prepared: Prepared = { values: new Map(), refs: [] };
		for (const [name, raw] of Object.entries(body)) {
			if (name === 'attributes') continue;
			const field = this.fieldOf(object, name, version);
			if (field) {
				prepared.values.set(field, deserialize(field, raw));
				continue;
			}
			const relation = this.relationOf(object, name, version);
			if (!relation) throw noSuchColumn(name, object.name);
			if (!isObject(raw)) throw cannotDeserialize(relation.target.name, raw);
			const keys = Object.keys(raw).filter((key) => key !== 'attributes');
			if (keys.length !== 1) {
				throw restError(400, 'INVALID_FIELD', `The relationship ${name} must name exactly one external ID field of ${relation.target.name}`);
			}
			const key = this.fieldOf(relation.target, keys[0], version);
			if (!key) throw noSuchColumn(keys[0], relation.target.name);
			if (!key.idLookup) throw notExternalId(key.name, relation.target.name);
			prepared.refs.push({ field: relation.field, name, target: relation.target, key, value: deserialize(key, raw[keys[0]]) });
		}
		return prepared;
	}

	/**
	 * Validates and saves one record (create when `existing` is undefined). Nothing is written unless
	 * every check passes; NPSP automation runs after the save, in the same transaction.
	 */
	private write(object: ObjectDef, prepared: Prepared, existing: Entity | undefined, tx: Tx): WriteOutcome {
		const errors: ItemError[] = [];
		const values = new Map(prepared.values);
		this.resolveRelationships(prepared, values, errors);
		this.checkAccess(values, existing !== undefined, errors);
		this.checkValues(values, errors);
		const record: Entity = existing ? { ...existing } : this.defaults(object);
		for (const [field, value] of values) record[field.name] = value;
		const sent = new Set([...values.keys()].map((field) => field.name));
		if (this.options.statePicklists) this.syncAddresses(object, sent, record, existing, errors);
		this.checkRequired(object, values, record, existing !== undefined, errors);
		if (errors.length === 0) this.checkRules(object, record, existing, errors);
		if (errors.length === 0) this.checkUnique(object, record, errors);
		if (errors.length === 0 && !existing) this.checkDuplicateRules(object, record, errors);
		if (errors.length > 0) return { created: !existing, errors };
		if (this.options.npsp) this.npspBeforeSave(object, record, existing, tx);
		this.derive(object, record, existing, sent);
		this.stamp(record, existing);
		this.save(object, record, existing, tx);
		if (this.options.npsp) this.npspAfterSave(object, record, existing, tx);
		if (this.personAccounts) this.personAfterSave(object, record, tx);
		if (object.name === 'GiftRefund') this.refreshGiftTransaction(record.GiftTransactionId, tx);
		if (object.name === 'GiftCommitmentSchedule') this.enqueueScheduleJob(record.Id, tx);
		// An instalment paid or cancelled: the schedule's next one is due.
		if (object.name === 'GiftTransaction' && existing && existing.Status !== record.Status) this.enqueueScheduleJob(record.GiftCommitmentScheduleId, tx);
		return { id: record.Id as string, created: !existing, errors: [] };
	}

	/**
	 * The Standard Contact Duplicate Rule (alert on create), simplified: another Contact with the same
	 * Email or the same first and last name is a duplicate (ASSUMED; the real matching rule is fuzzy).
	 * Error shape as captured in public repos (reference salesforce.md §4.2).
	 */
	private checkDuplicateRules(object: ObjectDef, record: Entity, errors: ItemError[]): void {
		if (!this.options.duplicateRules || object.name !== 'Contact' || this.allowSaveDuplicates) return;
		const same = (a: unknown, b: unknown) => typeof a === 'string' && typeof b === 'string' && a.trim() !== '' && a.trim().toLowerCase() === b.trim().toLowerCase();
		const matches = [...this.table('Contact').values()].filter(
			(other) => same(other.Email, record.Email) || (same(other.FirstName, record.FirstName) && same(other.LastName, record.LastName)),
		);
		if (matches.length === 0) return;
		const message = "You're creating a duplicate record. We recommend you use an existing record instead.";
		errors.push({
			...itemError('DUPLICATES_DETECTED', message, []),
			duplicateResult: {
				allowSave: true,
				duplicateRule: 'Standard_Contact_Duplicate_Rule',
				duplicateRuleEntityType: 'Contact',
				errorMessage: message,
				matchResults: [{ entityType: 'Contact', matchEngine: 'FuzzyMatchEngine', matchRecords: matches.map((match) => ({ record: { Id: match.Id } })), rule: 'Standard_Contact_Match_Rule_v1_1', size: matches.length, success: true }],
			},
		});
	}

	private resolveRelationships(prepared: Prepared, values: Map<FieldDef, unknown>, errors: ItemError[]): void {
		for (const ref of prepared.refs) {
			if (values.has(ref.field)) {
				errors.push(itemError('INVALID_FIELD', `Cannot specify both an external ID reference ${ref.name} and a salesforce id, ${ref.field.name}`, []));
				continue;
			}
			const found = this.lookup(ref.target, ref.key, ref.value);
			if (found.length === 1) {
				values.set(ref.field, found[0].Id);
				continue;
			}
			const what = found.length === 0 ? 'not found' : 'matched more than one record';
			errors.push(itemError('INVALID_FIELD', `Foreign key external ID: ${String(ref.value)} ${what} for field ${ref.key.name} in entity ${ref.target.name}`, []));
		}
	}

	private checkAccess(values: Map<FieldDef, unknown>, update: boolean, errors: ItemError[]): void {
		const refused = [...values.keys()].filter((field) => (update ? !field.updateable : !field.createable)).map((field) => field.name);
		if (refused.length === 0) return;
		errors.push(itemError(
			'INVALID_FIELD_FOR_INSERT_UPDATE',
			`Unable to create/update fields: ${refused.join(', ')}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`,
			refused,
		));
	}

	private checkValues(values: Map<FieldDef, unknown>, errors: ItemError[]): void {
		for (const [field, value] of values) {
			if (value === null) continue;
			if (field.type === 'reference') {
				const canonical = this.checkReference(field, value, errors);
				if (canonical) values.set(field, canonical);
				continue;
			}
			const text = String(value);
			// Address codes are case-insensitive and checked together with their text twin (syncAddresses).
			const addressCode = this.options.statePicklists && /(Country|State)Code$/.test(field.name);
			if (field.picklist?.restricted && !addressCode && !field.picklist.values.includes(text)) {
				errors.push(itemError('INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', `${field.label}: bad value for restricted picklist field: ${text}`, [field.name]));
			} else if (field.type === 'email' && !EMAIL.test(text)) {
				errors.push(itemError('INVALID_EMAIL_ADDRESS', `${field.label}: invalid email address: ${text}`, [field.name]));
			} else if (TEXT_TYPES.has(field.type) && field.length > 0 && text.length > field.length) {
				errors.push(itemError('STRING_TOO_LONG', `${field.label}: data value too large: ${text} (max length=${field.length})`, [field.name]));
			}
		}
	}

	/** The canonical Id for a reference value, or undefined after recording MALFORMED_ID / INVALID_CROSS_REFERENCE_KEY. */
	private checkReference(field: FieldDef, value: unknown, errors: ItemError[]): string | undefined {
		const targetName = field.referenceTo ?? '';
		const target = this.objects.get(targetName.toLowerCase());
		const prefix = targetName === 'User' ? USER_PREFIX : target?.keyPrefix;
		const id = normalizeId(value);
		if (!id || id.slice(0, 3) !== prefix) {
			errors.push(itemError('MALFORMED_ID', `${target?.label ?? targetName} ID: id value of incorrect type: ${String(value)}`, [field.name]));
			return undefined;
		}
		const exists = targetName === 'User' ? id === this.userId : target !== undefined && this.table(target.name).has(id);
		if (!exists) {
			errors.push(itemError('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', []));
			return undefined;
		}
		return id;
	}

	private checkRequired(object: ObjectDef, values: Map<FieldDef, unknown>, record: Entity, update: boolean, errors: ItemError[]): void {
		const required = (field: FieldDef) => !field.nillable && !field.calculated && field.type !== 'boolean' && field.type !== 'id';
		let missing = update
			? [...values.keys()].filter((field) => required(field) && values.get(field) === null)
			: [...object.fields.values()].filter((field) => required(field) && (record[field.name] === null || record[field.name] === undefined));
		// A person account needs LastName instead of Name (its Name is derived).
		if (object.name === 'Account' && this.personAccounts && this.isPersonRecordType(record.RecordTypeId)) {
			const lastName = this.fieldDef(object, 'LastName');
			const lastNameMissing = update ? values.has(lastName) && values.get(lastName) === null : record.LastName === null || record.LastName === undefined || record.LastName === '';
			missing = [...missing.filter((field) => field.name !== 'Name'), ...(lastNameMissing ? [lastName] : [])];
		}
		if (missing.length === 0) return;
		const names = missing.map((field) => field.name);
		errors.push(itemError('REQUIRED_FIELD_MISSING', `Required fields are missing: [${names.join(', ')}]`, names));
	}

	/** Object rules: NPSP RD2 validation, one CampaignMember per contact and campaign, person accounts. */
	private checkRules(object: ObjectDef, record: Entity, existing: Entity | undefined, errors: ItemError[]): void {
		if (object.name === 'Account' && this.personAccounts) this.checkBusinessAccount(record, errors);
		if (object.name === 'Contact' && this.personAccounts) this.checkPersonContact(record, existing, errors);
		if (object.name === 'GiftCommitmentSchedule' && record.TransactionPeriod === 'Monthly' && !record.TransactionDay) {
			// MAP3: TransactionDay is required when the period is Monthly (code and wording ASSUMED).
			errors.push(itemError('FIELD_CUSTOM_VALIDATION_EXCEPTION', 'Transaction Day is required when the Transaction Period is Monthly.', []));
		}
		if (object.name === 'CampaignMember' && !existing) {
			const members = this.lookup(object, this.fieldDef(object, 'ContactId'), record.ContactId);
			if (members.some((member) => member.CampaignId === record.CampaignId)) errors.push(itemError('DUPLICATE_VALUE', 'Already a campaign member.', []));
		}
		// NPSP RD2_RecurringDonationsOpp_TDTM.validateCurrency (before insert/update, multi-currency orgs).
		if (this.options.npsp && this.options.multiCurrency && object.name === 'Opportunity' && typeof record.npe03__Recurring_Donation__c === 'string') {
			const rd = this.table(RD).get(record.npe03__Recurring_Donation__c);
			if (rd && record.CurrencyIsoCode !== rd.CurrencyIsoCode) {
				errors.push(itemError('FIELD_CUSTOM_VALIDATION_EXCEPTION', "You can't change the Opportunity currency to a different currency than the related Recurring Donation.", []));
			}
		}
		if (object.name !== RD) return;
		const fail = (message: string) => errors.push(itemError('FIELD_CUSTOM_VALIDATION_EXCEPTION', message, []));
		const amount = record.npe03__Amount__c;
		const frequency = record.npsp__InstallmentFrequency__c;
		if (!record.npe03__Contact__c && !record.npe03__Organization__c) fail('You must select an Account or Contact.');
		if (!(typeof amount === 'number' && amount > 0)) fail('Enter a valid Amount. The Amount cannot be zero, negative, or blank.');
		if (!(typeof frequency === 'number' && Number.isInteger(frequency) && frequency >= 1 && frequency <= 20)) {
			fail('Installment Frequency is required. Enter a value between 1 and 20.');
		}
		// ASSUMED wording for the next two (RD2_ValidationService has the rules; the labels were not quoted).
		if (record.npe03__Installment_Period__c === 'Monthly' && !record.npsp__Day_of_Month__c) fail('Day of Month is required when the Installment Period is Monthly.');
		if (record.npsp__RecurringType__c === 'Fixed' && !(Number(record.npe03__Installments__c) > 0)) {
			fail('Number of Planned Installments is required for a Fixed-length Recurring Donation.');
		}
	}

	/** A business account cannot carry person fields (the rule as every org has it; code and wording ASSUMED). */
	private checkBusinessAccount(record: Entity, errors: ItemError[]): void {
		if (this.isPersonRecordType(record.RecordTypeId)) return;
		const person = ['FirstName', 'LastName', 'Salutation', 'PersonEmail', 'PersonMobilePhone', 'PersonHomePhone', 'PersonBirthdate', 'PersonMailingStreet', 'PersonMailingCity', 'PersonMailingState', 'PersonMailingPostalCode', 'PersonMailingCountry'];
		for (const field of person) {
			if (record[field] === null || record[field] === undefined) continue;
			errors.push(itemError('INVALID_FIELD_FOR_INSERT_UPDATE', `Business Account may not use Person Account field ${field}`, [field]));
		}
	}

	/**
	 * API-PA: the person contact "is the only contact record that can be associated directly with the person
	 * account"; it can be updated through Contact but not moved (its record type: INSUFFICIENT_ACCESS_OR_READONLY,
	 * help.salesforce.com 005305352; its AccountId the same: ASSUMED). Another Contact naming a person account
	 * fails FIELD_INTEGRITY_EXCEPTION (code and wording ASSUMED).
	 */
	private checkPersonContact(record: Entity, existing: Entity | undefined, errors: ItemError[]): void {
		if (existing?.IsPersonAccount === true) {
			if (record.AccountId !== existing.AccountId) errors.push(itemError('INSUFFICIENT_ACCESS_OR_READONLY', 'insufficient access rights on object id', []));
			return;
		}
		const account = typeof record.AccountId === 'string' ? this.table('Account').get(record.AccountId) : undefined;
		if (account?.IsPersonAccount === true) errors.push(itemError('FIELD_INTEGRITY_EXCEPTION', 'Cannot reference person account', ['AccountId']));
	}

	private checkUnique(object: ObjectDef, record: Entity, errors: ItemError[]): void {
		for (const field of object.fields.values()) {
			if (!field.unique) continue;
			const other = this.lookup(object, field, record[field.name]).find((candidate) => candidate.Id !== record.Id);
			if (other) errors.push(itemError('DUPLICATE_VALUE', `duplicate value found: ${field.name} duplicates value on record with id: ${String(other.Id)}`, []));
		}
	}

	/**
	 * State & Country picklists: a code fills the integration value (the name) and vice versa; on a
	 * mismatch the code wins; a state needs a country that has it.
	 */
	private syncAddresses(object: ObjectDef, sent: Set<string>, record: Entity, existing: Entity | undefined, errors: ItemError[]): void {
		for (const prefix of ADDRESS_PREFIXES[object.name] ?? []) {
			const [countryCode, country, stateCode, state] = ['CountryCode', 'Country', 'StateCode', 'State'].map((suffix) => `${prefix}${suffix}`);
			const countryProblem = (field: string, value: unknown) =>
				errors.push(itemError('FIELD_INTEGRITY_EXCEPTION', `There's a problem with this country, even though it may appear correct. Please select a country/territory from the list of valid countries.: ${String(value)}`, [field]));
			const stateProblem = (field: string, value: unknown) =>
				errors.push(itemError('FIELD_INTEGRITY_EXCEPTION', `There's a problem with this state, even though it may appear correct. Please select a state from the list of valid states.: ${String(value)}`, [field]));
			if (sent.has(countryCode) && record[countryCode] !== null) {
				const code = String(record[countryCode]).toUpperCase();
				if (!COUNTRIES[code]) {
					countryProblem(countryCode, record[countryCode]);
					continue;
				}
				record[countryCode] = code;
				record[country] = COUNTRIES[code];
			} else if (sent.has(country) && record[country] !== null) {
				const text = String(record[country]).toLowerCase();
				const code = Object.keys(COUNTRIES).find((candidate) => candidate.toLowerCase() === text || COUNTRIES[candidate].toLowerCase() === text);
				if (!code) {
					countryProblem(country, record[country]);
					continue;
				}
				record[countryCode] = code;
				record[country] = COUNTRIES[code];
			} else if (sent.has(countryCode) || sent.has(country)) {
				record[countryCode] = null;
				record[country] = null;
			}
			const states = STATES[String(record[countryCode] ?? '')] ?? {};
			const stateSent = (sent.has(stateCode) && record[stateCode] !== null) || (sent.has(state) && record[state] !== null);
			if (stateSent) {
				if (!record[countryCode]) {
					errors.push(itemError('FIELD_INTEGRITY_EXCEPTION', `A country/territory must be specified before specifying a state value for field: ${prefix} State/Province`, [sent.has(stateCode) ? stateCode : state]));
					continue;
				}
				const field = sent.has(stateCode) && record[stateCode] !== null ? stateCode : state;
				const text = String(record[field]).toLowerCase();
				// The code field takes codes, the text field the integration value (the name, ASSUMED: not the code).
				const code = Object.keys(states).find((candidate) => (field === state ? states[candidate].toLowerCase() === text : candidate.toLowerCase() === text));
				if (!code) {
					stateProblem(field, record[field]);
					continue;
				}
				record[stateCode] = code;
				record[state] = states[code];
			} else if (sent.has(stateCode) || sent.has(state)) {
				record[stateCode] = null;
				record[state] = null;
			} else if (existing && record[stateCode] && !states[String(record[stateCode])]) {
				// "The new state isn't in the new country → No changes are saved."
				stateProblem(stateCode, record[stateCode]);
			}
		}
	}

	// ---- sObject rows ----

	private bodyObject(body: unknown): Entity {
		if (!isObject(body)) throw restError(400, 'JSON_PARSER_ERROR', 'The request body must be a JSON object');
		return body;
	}

	private created(object: ObjectDef, id: string, request: RestRequest, withCreated: boolean): Result {
		const json: Entity = { id, success: true, errors: [] };
		if (withCreated) json.created = true;
		return { status: 201, json, headers: { Location: this.recordUrl(object, id, request.versionText) } };
	}

	private create(request: RestRequest, object: ObjectDef, tx: Tx, viaIdUpsert: boolean): Result {
		const outcome = this.write(object, this.prepare(object, this.bodyObject(request.body), request.version), undefined, tx);
		if (outcome.errors.length > 0) throw new RestError(400, topLevel(outcome.errors));
		return this.created(object, outcome.id!, request, viaIdUpsert);
	}

	private existingById(object: ObjectDef, text: string): Entity {
		const id = normalizeId(text);
		// A segment that is no Id of this object reads as an external ID field name, as on Salesforce.
		if (!id || id.slice(0, 3) !== object.keyPrefix) throw notFound(`Provided external ID field does not exist or is not accessible: ${text}`);
		const record = this.table(object.name).get(id);
		if (!record) throw notFound();
		return record;
	}

	private render(object: ObjectDef, record: Entity, request: RestRequest, fields = this.visibleFields(object, request.version)): Entity {
		const out: Entity = { attributes: { type: object.name, url: this.recordUrl(object, record.Id, request.versionText) } };
		for (const field of fields) out[field.name] = record[field.name] ?? (field.type === 'boolean' ? false : null);
		return out;
	}

	private getById(request: RestRequest, object: ObjectDef, text: string): Result {
		const record = this.existingById(object, text);
		const names = request.query.fields?.split(',').map((name) => name.trim()).filter((name) => name !== '');
		const fields = names?.map((name) => {
			const field = this.fieldOf(object, name, request.version);
			if (!field) throw noSuchColumn(name, object.name);
			return field;
		});
		return { status: 200, json: this.render(object, record, request, fields) };
	}

	private updateById(request: RestRequest, object: ObjectDef, text: string, tx: Tx): Result {
		const existing = this.existingById(object, text);
		const outcome = this.write(object, this.prepare(object, this.bodyObject(request.body), request.version), existing, tx);
		if (outcome.errors.length > 0) throw new RestError(400, topLevel(outcome.errors));
		return { status: 204 };
	}

	private deleteById(object: ObjectDef, text: string, tx: Tx): Result {
		const existing = this.existingById(object, text);
		// API-PA: a person contact cannot be deleted directly, only with its account (code and wording ASSUMED).
		if (object.name === 'Contact' && existing.IsPersonAccount === true) throw restError(400, 'DELETE_FAILED', 'Cannot delete a person account contact; delete the person account');
		this.drop(object, existing.Id as string);
		tx.record(() => this.put(object, existing));
		// API-PA: deleting a person account deletes its person contact.
		if (object.name === 'Account' && typeof existing.PersonContactId === 'string') {
			const contacts = this.objectDef('Contact');
			const contact = this.byId(contacts, existing.PersonContactId);
			if (contact) {
				this.drop(contacts, contact.Id as string);
				tx.record(() => this.put(contacts, contact));
			}
		}
		if (object.name === 'GiftRefund') this.refreshGiftTransaction(existing.GiftTransactionId, tx);
		return { status: 204 };
	}

	/**
	 * API-PA: a person account has exactly one Contact, created with it; its Id is in PersonContactId. The
	 * fake keeps the contact's standard fields in step with the account's person fields.
	 */
	private personAfterSave(object: ObjectDef, record: Entity, tx: Tx): void {
		if (object.name === 'Contact' && record.IsPersonAccount === true) return this.personContactSaved(record, tx);
		if (object.name !== 'Account' || record.IsPersonAccount !== true) return;
		const contacts = this.objectDef('Contact');
		const existing = typeof record.PersonContactId === 'string' ? this.byId(contacts, record.PersonContactId) : undefined;
		const contact: Entity = existing ? { ...existing } : this.defaults(contacts);
		for (const [contactField, accountField] of PERSON_CONTACT_FIELDS) contact[contactField] = record[accountField] ?? null;
		contact.AccountId = record.Id;
		contact.IsPersonAccount = true;
		this.derive(contacts, contact, existing, new Set());
		this.stamp(contact, existing);
		this.save(contacts, contact, existing, tx);
		if (existing) return;
		const account = this.objectDef('Account');
		const before = { ...record };
		record.PersonContactId = contact.Id;
		this.put(account, { ...record });
		tx.record(() => this.put(account, before));
	}

	/** A person contact updated through Contact (API-PA: it can be updated): its person account shows the same values. */
	private personContactSaved(contact: Entity, tx: Tx): void {
		const accounts = this.objectDef('Account');
		const existing = this.byId(accounts, contact.AccountId);
		if (!existing) return;
		const account: Entity = { ...existing };
		for (const [contactField, accountField] of PERSON_CONTACT_FIELDS) account[accountField] = contact[contactField] ?? null;
		this.derivePerson(accounts, account);
		this.stamp(account, existing);
		this.save(accounts, account, existing, tx);
	}

	/** A refund written or deleted: its transaction's RefundedAmount and CurrentAmount follow (OBJ-NPC). */
	private refreshGiftTransaction(id: unknown, tx: Tx): void {
		const object = this.objectDef('GiftTransaction');
		const existing = this.byId(object, id);
		if (!existing) return;
		const record = { ...existing };
		this.deriveGiftTransaction(record);
		this.save(object, record, existing, tx);
	}

	private keyField(object: ObjectDef, name: string, version: number): FieldDef {
		const field = this.fieldOf(object, name, version);
		if (!field) throw notFound(`Provided external ID field does not exist or is not accessible: ${name}`);
		return field;
	}

	private getByKey(request: RestRequest, object: ObjectDef, keyName: string, value: string): Result {
		const key = this.keyField(object, keyName, request.version);
		if (!key.idLookup) throw notExternalId(key.name, object.name);
		const found = this.lookup(object, key, value);
		if (found.length > 1) return { status: 300, json: found.map((record) => this.recordUrl(object, record.Id, request.versionText)) };
		if (found.length === 0) throw notFound();
		return { status: 200, json: this.render(object, found[0], request) };
	}

	/** `PATCH sobjects/{Object}/{Key}/{value}` (§2). */
	private upsertRow(request: RestRequest, object: ObjectDef, keyName: string, rawValue: string, tx: Tx): Result {
		const key = this.keyField(object, keyName, request.version);
		const body = this.bodyObject(request.body);
		if (!key.idLookup) throw notExternalId(key.name, object.name);
		const value = deserialize(key, rawValue);
		const prepared = this.prepare(object, body, request.version);
		if (prepared.values.has(key) && matchKey(key, prepared.values.get(key)) !== matchKey(key, value)) {
			throw restError(400, 'INVALID_FIELD_FOR_INSERT_UPDATE', `The value of ${key.name} in the body differs from the external ID in the URL: ${String(value)}`, [key.name]);
		}
		// Keyed by Id it only updates (an unknown Id is 404, as GET answers it).
		const found = key.type === 'id' ? [this.existingById(object, rawValue)] : this.lookup(object, key, value);
		if (found.length > 1) return { status: 300, json: found.map((record) => this.recordUrl(object, record.Id, request.versionText)) };
		const existing = found[0];
		if (!existing && request.query.updateOnly === 'true') throw notFound();
		if (existing) prepared.values.delete(key);
		else prepared.values.set(key, value);
		const outcome = this.write(object, prepared, existing, tx);
		if (outcome.errors.length > 0) throw new RestError(400, topLevel(outcome.errors));
		// `created` is in the body from v46.0; before that an update is 204 without a body.
		if (!existing) return this.created(object, outcome.id!, request, request.version >= 46);
		if (request.version < 46) return { status: 204 };
		return { status: 200, json: { id: outcome.id, success: true, errors: [], created: false } };
	}

	// ---- sObject Collections upsert (§1) ----

	private collectionsUpsert(request: RestRequest, object: ObjectDef, keyName: string, tx: Tx, forceAllOrNone: boolean): Result {
		const key = this.keyField(object, keyName, request.version);
		// The guide says "Only external ids are supported. Don't use record ids.", yet a real org takes
		// `PATCH composite/sobjects/Account/Id` with `"Id": null` (created) in CumulusCI's recorded
		// cassette (cumulusci/tasks/bulkdata/tests/cassettes/TestUpsert.test_upsert_complex_external_id_field_rest__duplicate_error.yaml):
		// no Id creates, an Id updates that record.
		const byId = key.type === 'id';
		if (!key.idLookup) throw notExternalId(key.name, object.name);
		const body = this.bodyObject(request.body);
		if (!Array.isArray(body.records)) throw restError(400, 'JSON_PARSER_ERROR', 'records: a list of sObjects is required');
		if (body.allOrNone !== undefined && body.allOrNone !== null && typeof body.allOrNone !== 'boolean') throw cannotDeserialize('boolean', body.allOrNone);
		const records: unknown[] = body.records;
		if (records.length > 200) throw restError(400, 'EXCEEDED_ID_LIMIT', 'record limit reached. cannot submit more than 200 records into this call');
		const allOrNone = forceAllOrNone || body.allOrNone === true;
		// The whole body is read before anything is saved: type and column problems refuse the request.
		const prepared = records.map((record) => {
			if (!isObject(record)) throw cannotDeserialize(object.name, record);
			const type = isObject(record.attributes) ? record.attributes.type : undefined;
			if (typeof type !== 'string' || type.toLowerCase() !== object.name.toLowerCase()) {
				throw restError(400, 'INVALID_TYPE', `Each record needs attributes.type ${object.name} (the type in the URL); got ${String(type)}`);
			}
			return this.prepare(object, record, request.version);
		});
		const keys = prepared.map((item) => matchKey(key, item.values.get(key)));
		const uses = new Map<string, number>();
		for (const text of keys) if (text !== undefined) uses.set(text, (uses.get(text) ?? 0) + 1);
		const mark = tx.mark();
		const outcomes = prepared.map((item, index): WriteOutcome => {
			const text = keys[index];
			const value = item.values.get(key);
			if (this.lockedWrites > 0) {
				this.lockedWrites--;
				// Message as Salesforce words it in logs quoted in public code ("… or 1 records: <Id>").
				return { created: false, errors: [itemError('UNABLE_TO_LOCK_ROW', `unable to obtain exclusive access to this record or 1 records: ${String(value ?? '')}`, [])] };
			}
			if (byId) {
				item.values.delete(key);
				if (text === undefined) return this.write(object, item, undefined, tx);
				const existing = this.table(object.name).get(normalizeId(text) ?? '');
				// ASSUMED: an unknown Id fails the item as an update by Id does.
				if (!existing) return { created: false, errors: [itemError('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', ['Id'])] };
				return this.write(object, item, existing, tx);
			}
			if (text === undefined) return { created: false, errors: [itemError('MISSING_ARGUMENT', `${key.name} not specified`, [])] };
			if ((uses.get(text) ?? 0) > 1) return { created: false, errors: [itemError('DUPLICATE_VALUE', `Duplicate external id specified: ${String(value)}`, [key.name])] };
			const found = this.lookup(object, key, value);
			if (found.length > 1) {
				return { created: false, errors: [itemError('DUPLICATE_EXTERNAL_ID', `more than one record found for external id field: [${found.map((record) => String(record.Id)).join(', ')}]`, [])] };
			}
			// An update keeps the stored spelling of the key.
			if (found[0]) item.values.delete(key);
			return this.write(object, item, found[0], tx);
		});
		const failed = outcomes.some((outcome) => outcome.errors.length > 0);
		const rolledBack = allOrNone && failed;
		if (rolledBack) tx.rollbackTo(mark);
		return { status: 200, json: outcomes.map((outcome) => this.upsertResult(outcome, rolledBack)), failedItems: rolledBack };
	}

	/**
	 * `POST composite/sobjects` (sObject Collections create): up to 200 records of any types, each
	 * created on its own (`allOrNone` false) with a result `{id, success, errors}` in request order.
	 */
	private collectionsCreate(request: RestRequest, tx: Tx, forceAllOrNone: boolean): Result {
		const body = this.bodyObject(request.body);
		if (!Array.isArray(body.records)) throw restError(400, 'JSON_PARSER_ERROR', 'records: a list of sObjects is required');
		const records: unknown[] = body.records;
		if (records.length > 200) throw restError(400, 'EXCEEDED_ID_LIMIT', 'record limit reached. cannot submit more than 200 records into this call');
		const prepared = records.map((record) => {
			const type = isObject(record) && isObject(record.attributes) ? record.attributes.type : undefined;
			if (typeof type !== 'string') throw restError(400, 'INVALID_TYPE', 'Each record needs attributes.type');
			const object = this.objectOr404(type, request.version);
			return { object, item: this.prepare(object, record as Entity, request.version) };
		});
		const mark = tx.mark();
		const outcomes = prepared.map(({ object, item }) => this.write(object, item, undefined, tx));
		const rolledBack = (forceAllOrNone || body.allOrNone === true) && outcomes.some((outcome) => outcome.errors.length > 0);
		if (rolledBack) tx.rollbackTo(mark);
		return {
			status: 200,
			json: outcomes.map((outcome) => {
				const result = this.upsertResult(outcome, rolledBack);
				delete result.created;
				return result;
			}),
			failedItems: rolledBack,
		};
	}

	private upsertResult(outcome: WriteOutcome, rolledBack: boolean): Entity {
		const extras = this.options.failedItemIdAndCreated ?? false;
		if (outcome.errors.length === 0 && !rolledBack) return { id: outcome.id, success: true, errors: [], created: outcome.created };
		const result: Entity = {};
		if (outcome.errors.length === 0 && !outcome.created) result.id = outcome.id;
		else if (extras) result.id = null;
		result.success = false;
		result.errors = outcome.errors.length > 0
			? outcome.errors
			: [itemError('ALL_OR_NONE_OPERATION_ROLLED_BACK', 'Record rolled back because not all records were valid and the request was using AllOrNone header', [])];
		if (extras) result.created = false;
		return result;
	}

	// ---- Describe ----

	private objectSummary(object: ObjectDef, request: RestRequest): Entity {
		const base = `/services/data/v${request.versionText}/sobjects/${object.name}`;
		return {
			name: object.name,
			label: object.label,
			labelPlural: `${object.label}s`,
			keyPrefix: object.keyPrefix,
			custom: object.custom,
			createable: true,
			updateable: true,
			deletable: true,
			queryable: true,
			urls: { sobject: base, describe: `${base}/describe`, rowTemplate: `${base}/{ID}` },
		};
	}

	private describeGlobal(request: RestRequest): Entity {
		const visible = [...this.objects.values()].filter((object) => this.objectAt(object.name, request.version));
		return { encoding: 'UTF-8', maxBatchSize: 200, sobjects: visible.map((object) => this.objectSummary(object, request)) };
	}

	private describe(object: ObjectDef, request: RestRequest): Entity {
		return {
			...this.objectSummary(object, request),
			fields: this.visibleFields(object, request.version).map((field) => ({
				name: field.name,
				label: field.label,
				type: field.type,
				length: field.length,
				custom: field.custom,
				externalId: field.externalId,
				idLookup: field.idLookup,
				unique: field.unique,
				caseSensitive: field.caseSensitive,
				createable: field.createable,
				updateable: field.updateable,
				nillable: field.nillable,
				defaultedOnCreate: field.defaultedOnCreate,
				calculated: field.calculated,
				filterable: true,
				sortable: field.type !== 'textarea',
				referenceTo: field.referenceTo ? [field.referenceTo] : [],
				relationshipName: field.relationshipName ?? null,
				restrictedPicklist: field.picklist?.restricted ?? false,
				picklistValues: (field.picklist?.values ?? []).map((value) => ({ active: true, defaultValue: field.defaultValue === value, label: field.picklist?.labels?.[value] ?? value, validFor: null, value })),
			})),
		};
	}

	// ---- SOQL ----

	private query(request: RestRequest): Result {
		const soql = request.query.q;
		if (soql === undefined || soql.trim() === '') throw restError(400, 'MALFORMED_QUERY', 'A query string has to be specified');
		const parsed = new SoqlParser(soql, tokenize(soql)).parse();
		const object = this.objectAt(parsed.from.text, request.version);
		if (!object) {
			throw soqlError('INVALID_TYPE', soql, parsed.from.pos, `sObject type '${parsed.from.text}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`);
		}
		const resolve = (path: PathRef) => this.resolvePath(object, path, soql, request.version);
		const selects = parsed.select.map(resolve);
		const where = parsed.where ? this.compile(parsed.where, resolve, soql) : () => true;
		const orders = parsed.orderBy.map((order) => ({ ...order, get: resolve(order.path).get }));
		let rows = [...this.table(object.name).values()].filter(where);
		if (orders.length > 0) {
			rows.sort((a, b) => {
				for (const order of orders) {
					const [left, right] = [order.get(a), order.get(b)];
					const leftNull = left === null || left === undefined;
					const rightNull = right === null || right === undefined;
					if (leftNull && rightNull) continue;
					if (leftNull || rightNull) return (leftNull ? -1 : 1) * (order.nullsLast ? -1 : 1);
					const compared = compareValues(left, right);
					if (compared !== 0) return order.descending ? -compared : compared;
				}
				return 0;
			});
		}
		rows = rows.slice(parsed.offset ?? 0, parsed.limit === undefined ? undefined : (parsed.offset ?? 0) + parsed.limit);
		if (parsed.count) return { status: 200, json: { totalSize: rows.length, done: true, records: [] } };
		const records = rows.map((row) => this.project(object, row, selects, request));
		return { status: 200, json: this.page(records, 0, request.versionText) };
	}

	/** A page of up to 2000 rows; the rest waits behind `nextRecordsUrl`. */
	private page(records: Entity[], offset: number, versionText: string): Entity {
		const end = offset + QUERY_BATCH;
		const json: Entity = { totalSize: records.length, done: end >= records.length, records: records.slice(offset, end) };
		if (end < records.length) {
			const cursor = `01gDn${randomBytes(5).toString('hex')}`;
			this.cursors.set(cursor, records);
			json.nextRecordsUrl = `/services/data/v${versionText}/query/${cursor}-${end}`;
		}
		return json;
	}

	private nextPage(locator: string, versionText: string): Result {
		const match = /^(.+)-(\d+)$/.exec(locator);
		const records = match ? this.cursors.get(match[1]) : undefined;
		if (!match || !records) throw restError(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
		return { status: 200, json: this.page(records, Number(match[2]), versionText) };
	}

	private resolvePath(object: ObjectDef, path: PathRef, soql: string, version: number): Projection {
		let parts = path.text.split('.');
		// `FROM Contact` lets a field be written `Contact.Email`.
		if (parts.length > 1 && parts[0].toLowerCase() === object.name.toLowerCase()) parts = parts.slice(1);
		if (parts.length === 1) {
			const field = this.fieldOf(object, parts[0], version);
			if (!field) {
				throw soqlError('INVALID_FIELD', soql, path.pos, `No such column '${parts[0]}' on entity '${object.name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`);
			}
			return { field, get: (record) => record[field.name] ?? null };
		}
		const relation = parts.length === 2 ? this.relationOf(object, parts[0], version) : undefined;
		if (!relation) {
			throw soqlError('INVALID_FIELD', soql, path.pos, `Didn't understand relationship '${parts[0]}' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.`);
		}
		const field = this.fieldOf(relation.target, parts[1], version);
		if (!field) throw soqlError('INVALID_FIELD', soql, path.pos, `No such column '${parts[1]}' on entity '${relation.target.name}'.`);
		return {
			field,
			relation,
			get: (record) => this.table(relation.target.name).get(record[relation.field.name] as string)?.[field.name] ?? null,
		};
	}

	private project(object: ObjectDef, row: Entity, selects: Projection[], request: RestRequest): Entity {
		const out: Entity = { attributes: { type: object.name, url: this.recordUrl(object, row.Id, request.versionText) } };
		for (const select of selects) {
			if (!select.relation) {
				out[select.field.name] = select.get(row);
				continue;
			}
			const { field: reference, target } = select.relation;
			const parent = this.table(target.name).get(row[reference.name] as string);
			const name = reference.relationshipName!;
			if (!parent) {
				out[name] = null;
				continue;
			}
			const nested = isObject(out[name]) ? out[name] : { attributes: { type: target.name, url: this.recordUrl(target, parent.Id, request.versionText) } };
			nested[select.field.name] = parent[select.field.name] ?? null;
			out[name] = nested;
		}
		return out;
	}

	/** A literal as the field's type demands; quoting mistakes answer as Salesforce does. */
	private typedLiteral(field: FieldDef, literal: Literal, soql: string): unknown {
		if (literal.kind === 'null') return null;
		const wrong = (type: string, quoted: boolean) =>
			soqlError('INVALID_FIELD', soql, literal.pos, `value of filter criterion for field '${field.name}' must be of type ${type} and ${quoted ? 'should be enclosed in quotes' : 'should not be enclosed in quotes'}`);
		if (field.type === 'date') {
			if (literal.kind !== 'date') throw wrong('date', false);
			const today = parseDate(this.today());
			const shift = { TODAY: 0, YESTERDAY: -1, TOMORROW: 1 }[literal.value as string];
			return shift === undefined ? literal.value : formatDate(new Date(today.getTime() + shift * 86400000));
		}
		if (field.type === 'datetime') {
			if (literal.kind !== 'datetime') throw wrong('dateTime', false);
			return literal.value;
		}
		if (field.type === 'boolean') {
			if (literal.kind !== 'boolean') throw wrong('boolean', false);
			return literal.value;
		}
		if (NUMBER_TYPES.has(field.type)) {
			if (literal.kind !== 'number') throw wrong('double', false);
			return literal.value;
		}
		if (literal.kind !== 'string') throw wrong('string', true);
		if (field.type === 'id' || field.type === 'reference') {
			const id = normalizeId(literal.value);
			if (!id) throw soqlError('INVALID_QUERY_FILTER_OPERATOR', soql, literal.pos, `invalid ID field: ${String(literal.value)}`);
			return id;
		}
		return literal.value;
	}

	private compile(condition: Condition, resolve: (path: PathRef) => Projection, soql: string): (record: Entity) => boolean {
		switch (condition.kind) {
			case 'and': {
				const parts = condition.parts.map((part) => this.compile(part, resolve, soql));
				return (record) => parts.every((part) => part(record));
			}
			case 'or': {
				const parts = condition.parts.map((part) => this.compile(part, resolve, soql));
				return (record) => parts.some((part) => part(record));
			}
			case 'not': {
				const inner = this.compile(condition.inner, resolve, soql);
				return (record) => !inner(record);
			}
			case 'like': {
				const { get, field } = resolve(condition.path);
				if (!TEXT_TYPES.has(field.type) || condition.literal.kind !== 'string') {
					throw soqlError('INVALID_FIELD', soql, condition.path.pos, `invalid operator on ${field.type} field: LIKE`);
				}
				const pattern = likeToRegExp(String(condition.literal.value));
				return (record) => {
					const value = get(record);
					return value !== null && pattern.test(String(value));
				};
			}
			case 'in': {
				const { get, field } = resolve(condition.path);
				const values = condition.literals.map((literal) => this.typedLiteral(field, literal, soql));
				return (record) => {
					const value = get(record);
					const member = value !== null && values.some((candidate) => candidate !== null && compareValues(value, candidate) === 0);
					return condition.negated ? !member : member;
				};
			}
			case 'compare': {
				const { get, field } = resolve(condition.path);
				const expected = this.typedLiteral(field, condition.literal, soql);
				const { op } = condition;
				return (record) => {
					const value = get(record);
					if (expected === null || value === null) {
						const bothNull = expected === null && value === null;
						return op === '=' ? bothNull : op === '!=' ? !bothNull : false;
					}
					const compared = compareValues(value, expected);
					switch (op) {
						case '=':
							return compared === 0;
						case '!=':
							return compared !== 0;
						case '<':
							return compared < 0;
						case '<=':
							return compared <= 0;
						case '>':
							return compared > 0;
						default:
							return compared >= 0;
					}
				};
			}
		}
	}

	// ---- Composite (§3.1) ----

	private composite(request: RestRequest): Result {
		const body = this.bodyObject(request.body);
		const subrequests = body.compositeRequest;
		if (!Array.isArray(subrequests) || subrequests.length === 0) throw restError(400, 'INVALID_PARAMETER_VALUE', 'compositeRequest: a list of subrequests is required');
		if (subrequests.length > 25) throw restError(400, 'INVALID_PARAMETER_VALUE', 'A composite request can have up to 25 subrequests');
		const seen = new Set<string>();
		for (const sub of subrequests) {
			const valid = isObject(sub) && typeof sub.method === 'string' && typeof sub.url === 'string' && typeof sub.referenceId === 'string';
			if (!valid) throw restError(400, 'INVALID_PARAMETER_VALUE', 'Each subrequest needs method, url and referenceId');
			if (!/^[A-Za-z0-9][A-Za-z0-9_]*$/.test(sub.referenceId as string)) throw restError(400, 'INVALID_PARAMETER_VALUE', `Invalid referenceId: ${String(sub.referenceId)}`);
			if (seen.has(sub.referenceId as string)) throw restError(400, 'INVALID_PARAMETER_VALUE', `Duplicate referenceId: ${String(sub.referenceId)}`);
			if (!(sub.url as string).startsWith('/services/data/v')) throw restError(400, 'INVALID_PARAMETER_VALUE', `The url of a subrequest must start with /services/data/vXX.X/: ${String(sub.url)}`);
			seen.add(sub.referenceId as string);
		}
		const allOrNone = body.allOrNone === true;
		const tx = new Tx();
		const bodies = new Map<string, unknown>();
		const results: Entity[] = [];
		const halted = (referenceId: string, message = PROCESSING_HALTED): Entity => ({
			body: [{ errorCode: 'PROCESSING_HALTED', message }],
			httpHeaders: {},
			httpStatusCode: 400,
			referenceId,
		});
		let failedAt = -1;
		for (const [index, sub] of (subrequests as Entity[]).entries()) {
			const referenceId = sub.referenceId as string;
			if (failedAt >= 0 && allOrNone) {
				results.push(halted(referenceId));
				continue;
			}
			const missing: string[] = [];
			const url = resolveReferences(sub.url, bodies, missing) as string;
			const subBody = resolveReferences(sub.body, bodies, missing);
			let result: Result;
			if (missing.length > 0) {
				const reference = missing[0].split(/[.[]/)[0];
				result = { status: 400, json: halted(referenceId, `Invalid reference specified. No value for ${missing[0]} found in ${reference}. Provided referenceId ('${reference}') might be invalid or the subrequest it refers to failed.`).body };
			} else {
				result = this.subrequest((sub.method as string).toUpperCase(), url, subBody, tx, allOrNone);
			}
			results.push({ body: result.json ?? null, httpHeaders: result.headers ?? {}, httpStatusCode: result.status, referenceId });
			if (result.status < 300 && !result.failedItems) bodies.set(referenceId, result.json);
			else if (failedAt < 0) failedAt = index;
		}
		if (allOrNone && failedAt >= 0) {
			// Everything rolls back; every subrequest but the failing one reports the halt.
			tx.rollbackTo(0);
			for (let index = 0; index < results.length; index++) if (index !== failedAt) results[index] = halted(results[index].referenceId as string);
		}
		return { status: 200, json: { compositeResponse: results } };
	}

	private subrequest(method: string, url: string, body: unknown, tx: Tx, allOrNone: boolean): Result {
		const parsed = new URL(url, 'http://127.0.0.1');
		const match = /^\/services\/data\/v(\d+\.\d)(\/.*)?$/.exec(parsed.pathname.replace(/\/+$/, ''));
		if (!match || !this.apiVersions.includes(match[1])) return { status: 404, json: failureBody(404) };
		try {
			const segments = (match[2] ?? '').split('/').filter((segment) => segment !== '').map((segment) => decodeURIComponent(segment));
			if (segments[0] === 'composite' && segments.length === 1) throw restError(400, 'INVALID_PARAMETER_VALUE', 'A composite request cannot contain another composite request');
			const request: RestRequest = { method, version: Number(match[1]), versionText: match[1], segments, query: Object.fromEntries(parsed.searchParams), body };
			return this.dispatch(request, tx, allOrNone);
		} catch (failure) {
			if (failure instanceof RestError) return { status: failure.status, json: failure.body };
			throw failure;
		}
	}

	// ---- NPSP automation (kept simple; see the header) ----

	private npspBeforeSave(object: ObjectDef, record: Entity, existing: Entity | undefined, tx: Tx): void {
		if (object.name === 'Contact' && !existing && !record.AccountId) {
			const account = this.objectDef('Account');
			const household: Entity = { ...this.defaults(account), Name: `${String(record.LastName)} Household`, Type: 'Household' };
			this.stamp(household, undefined);
			this.save(account, household, undefined, tx);
			record.AccountId = household.Id;
		}
		if (object.name === 'Opportunity' && !record.AccountId && record.npsp__Primary_Contact__c) {
			record.AccountId = this.table('Contact').get(record.npsp__Primary_Contact__c as string)?.AccountId ?? null;
		}
		// RD2_DataRegulationService.autoPopulateAccounts (before insert and update): an RD with a Contact and no Account gets the Contact's.
		if (object.name === RD && !record.npe03__Organization__c && typeof record.npe03__Contact__c === 'string') {
			record.npe03__Organization__c = this.table('Contact').get(record.npe03__Contact__c)?.AccountId ?? null;
		}
		if (object.name === RD && !record.Name) {
			const amount = Number(record.npe03__Amount__c).toFixed(2);
			record.Name = `${this.donorName(record)} ${amount} - Recurring`;
		}
	}

	private npspAfterSave(object: ObjectDef, record: Entity, existing: Entity | undefined, tx: Tx): void {
		if (object.name === 'Opportunity' && !existing && this.options.opportunityNaming) this.renameOpportunity(record, tx);
		if (object.name === RD) {
			// RD2_RecurringDonations_TDTM.evaluateOpportunities: after insert at once (first installment create
			// mode Synchronous, the default), after an update of a key field in a queued job.
			if (!existing && this.options.npspFirstInstallment !== 'asynchronous') this.evaluateInstallments(record.Id as string, tx);
			else if (!existing || RD_KEY_FIELDS.some((field) => record[field] !== existing[field])) this.enqueueEvaluation(record.Id as string, tx);
		}
		if (object.name === 'Opportunity') {
			// RD2_RecurringDonationsOpp_TDTM.evaluateOpportunities: an insert with an RD, or a change of one of
			// OPP_KEY_FIELDS, queues the evaluation of the RD (and of the one it left).
			const changed = !existing || OPP_KEY_FIELDS.some((field) => record[field] !== existing[field]);
			for (const rdId of changed ? [record[RD], existing?.[RD]] : []) if (typeof rdId === 'string') this.enqueueEvaluation(rdId, tx);
		}
	}

	/** RD2_QueueableService.enqueueOppEvalService: one queued evaluation per RD (alreadyEnqueuedIds); a rolled-back write queues nothing. */
	private enqueueEvaluation(rdId: string, tx: Tx): void {
		if (this.npspJobs.has(rdId)) return;
		this.npspJobs.add(rdId);
		tx.record(() => this.npspJobs.delete(rdId));
	}

	/**
	 * NPSP's queued jobs (RD2_QueueableService.EvaluateInstallmentOpportunities), which Salesforce runs some
	 * moments after the request that queued them; each in its own transaction. Returns how many ran.
	 */
	runJobs(): number {
		const rdIds = [...this.npspJobs];
		this.npspJobs.clear();
		for (const rdId of rdIds) this.evaluateInstallments(rdId, new Tx());
		const scheduleIds = [...this.npcJobs];
		this.npcJobs.clear();
		for (const scheduleId of scheduleIds) this.createExpectedTransaction(scheduleId, new Tx());
		return rdIds.length + scheduleIds.length;
	}

	/** How many NPSP and NPC jobs wait to run. */
	get pendingJobs(): number {
		return this.npspJobs.size + this.npcJobs.size;
	}

	private enqueueScheduleJob(scheduleId: unknown, tx: Tx): void {
		if (typeof scheduleId !== 'string' || this.npcJobs.has(scheduleId)) return;
		this.npcJobs.add(scheduleId);
		tx.record(() => this.npcJobs.delete(scheduleId));
	}

	/**
	 * NPC's scheduled job for a schedule of Type CreateTransactions (FQS): the next expected instalment,
	 * an Unpaid GiftTransaction due on the schedule's next date (Help: "a $200 monthly gift commitment due
	 * on the 15th starting January 2026 creates a gift transaction for the first installment on January
	 * 15"). ASSUMED, kept simple: one open instalment at a time (none while an Unpaid one is due today or
	 * later), the first schedule date from today (or the StartDate) that no transaction of the schedule is
	 * due on, until the EndDate; TransactionDate = the due date; the schedule's amount, payment method and
	 * campaign ("All gift transactions associated with this gift commitment schedule are associated with
	 * this campaign", OBJ-NPC); none for a Closed or Paused commitment, a Custom period, or a schedule
	 * without amount, start or payment method.
	 */
	private createExpectedTransaction(scheduleId: string, tx: Tx): void {
		const schedule = this.table('GiftCommitmentSchedule').get(scheduleId);
		const commitment = schedule ? this.table('GiftCommitment').get(String(schedule.GiftCommitmentId)) : undefined;
		if (!schedule || !commitment || schedule.Type !== 'CreateTransactions') return;
		if (commitment.Status === 'Closed' || commitment.Status === 'Paused') return;
		if (typeof schedule.TransactionAmount !== 'number' || typeof schedule.StartDate !== 'string' || !schedule.PaymentMethod) return;
		const object = this.objectDef('GiftTransaction');
		const instalments = this.lookup(object, this.fieldDef(object, 'GiftCommitmentScheduleId'), scheduleId);
		const today = this.today();
		if (instalments.some((gift) => gift.Status === 'Unpaid' && String(gift.TransactionDueDate) >= today)) return;
		const due = new Set(instalments.map((gift) => String(gift.TransactionDueDate)));
		const from = schedule.StartDate > today ? schedule.StartDate : today;
		let date: string | undefined = scheduleDate(schedule, 0);
		for (let step = 1; date !== undefined && (date < from || due.has(date)); step++) date = scheduleDate(schedule, step);
		if (date === undefined || (typeof schedule.EndDate === 'string' && date > schedule.EndDate)) return;
		const gift: Entity = {
			...this.defaults(object),
			DonorId: commitment.DonorId, GiftCommitmentId: commitment.Id, GiftCommitmentScheduleId: scheduleId,
			OriginalAmount: schedule.TransactionAmount, TransactionDate: date, TransactionDueDate: date, Status: 'Unpaid',
			PaymentMethod: schedule.PaymentMethod, CampaignId: schedule.CampaignId ?? null,
		};
		if (schedule.CurrencyIsoCode) gift.CurrencyIsoCode = schedule.CurrencyIsoCode;
		this.derive(object, gift, undefined, new Set());
		this.stamp(gift, undefined);
		this.save(object, gift, undefined, tx);
	}

	/**
	 * `POST actions/standard/closeGiftCommitment` `{inputs: [{giftCommitmentId}]}`: "Updates the status of a
	 * gift commitment to closed and updates the status for each of its unpaid and failed gift
	 * transactions" (OBJ-NPC `actions_obj_close_gift_commitment.htm`; answer per input `{actionName,
	 * errors: null, isSuccess: true, outputValues: null, version: 1}` as its example). ASSUMED: the
	 * transactions' new status is Canceled (the page does not name it), an unknown Id answers isSuccess
	 * false with an error per input (shape as other invocable actions'), HTTP 200 either way.
	 */
	private closeGiftCommitments(request: RestRequest, tx: Tx): Result {
		const inputs = (request.body as { inputs?: Array<{ giftCommitmentId?: unknown }> } | undefined)?.inputs;
		if (!Array.isArray(inputs) || inputs.length === 0) throw restError(400, 'JSON_PARSER_ERROR', 'The request body needs an inputs array');
		const commitments = this.objectDef('GiftCommitment');
		const gifts = this.objectDef('GiftTransaction');
		const answers = inputs.map(({ giftCommitmentId }) => {
			const existing = typeof giftCommitmentId === 'string' ? this.table('GiftCommitment').get(giftCommitmentId) : undefined;
			if (!existing) {
				return { actionName: 'closeGiftCommitment', errors: [{ statusCode: 'INVALID_INPUT', message: `Gift commitment ${String(giftCommitmentId)} not found`, fields: [] }], isSuccess: false, outputValues: null, version: 1 };
			}
			const closed = { ...existing, Status: 'Closed' };
			this.stamp(closed, existing);
			this.save(commitments, closed, existing, tx);
			for (const gift of this.lookup(gifts, this.fieldDef(gifts, 'GiftCommitmentId'), existing.Id)) {
				if (gift.Status !== 'Unpaid' && gift.Status !== 'Failed') continue;
				const canceled = { ...gift, Status: 'Canceled' };
				this.stamp(canceled, gift);
				this.save(gifts, canceled, gift, tx);
			}
			return { actionName: 'closeGiftCommitment', errors: null, isSuccess: true, outputValues: null, version: 1 };
		});
		return { status: 200, json: answers };
	}

	/**
	 * RD2_OpportunityEvaluationService.evaluateOpportunities for one RD (kept simple): a closed RD's open
	 * installments close lost (RD2_OpportunityService.voidOpenOpportunities, close action
	 * Mark_Opportunities_Closed_Lost); an active one's open installments dated today or later follow its
	 * amount (updateOpportunities); and the next installment is created (createOpportunities) unless the RD
	 * has Opportunities and one of them is open and dated today or later (hasCurrentOpenOpportunity), or the
	 * next schedule date is matched by an Opportunity of the RD (see nextUnmatchedDate).
	 */
	private evaluateInstallments(rdId: string, tx: Tx): void {
		const rdObject = this.objectDef(RD);
		const opportunity = this.objectDef('Opportunity');
		const rd = this.table(RD).get(rdId);
		if (!rd) return;
		const installments = this.lookup(opportunity, this.fieldDef(opportunity, RD), rdId);
		const open = installments.filter((installment) => !installment.IsClosed);
		const change = (installment: Entity, fields: Entity) => {
			const updated = { ...installment, ...fields };
			this.derive(opportunity, updated, installment, new Set(Object.keys(fields)));
			this.stamp(updated, installment);
			this.save(opportunity, updated, installment, tx);
		};
		if (rd.npsp__Status__c === 'Closed') {
			for (const installment of open) change(installment, { StageName: 'Closed Lost' });
			return;
		}
		const amount = rd.npe03__Amount__c;
		if ((rd.npsp__Status__c !== 'Active' && rd.npsp__Status__c !== 'Lapsed') || !(typeof amount === 'number' && amount > 0)) return;
		const today = this.today();
		const current = open.filter((installment) => String(installment.CloseDate) >= today);
		for (const installment of current) if (installment.Amount !== amount) change(installment, { Amount: amount });
		if (installments.length > 0 && current.length > 0) return;
		if (rd.npsp__RecurringType__c === 'Fixed' && installments.length >= Number(rd.npe03__Installments__c ?? 0)) return;
		const closeDate = this.nextUnmatchedDate(rd, installments, today);
		if (!closeDate || (rd.npsp__EndDate__c && closeDate > String(rd.npsp__EndDate__c))) return;
		const number = Math.max(0, ...installments.map((installment) => Number(installment.npsp__Recurring_Donation_Installment_Number__c) || 0)) + 1;
		const contact = rd.npe03__Contact__c ? this.table('Contact').get(rd.npe03__Contact__c as string) : undefined;
		const record: Entity = {
			...this.defaults(opportunity),
			Name: `${this.donorName(rd)} Donation (${number}) ${closeDate}`,
			StageName: 'Pledged',
			CloseDate: closeDate,
			Amount: amount,
			AccountId: rd.npe03__Organization__c ?? contact?.AccountId ?? null,
			CampaignId: rd.npe03__Recurring_Donation_Campaign__c ?? null,
			npsp__Primary_Contact__c: rd.npe03__Contact__c ?? null,
			npe03__Recurring_Donation__c: rdId,
			npsp__Recurring_Donation_Installment_Number__c: number,
		};
		if (this.options.multiCurrency) record.CurrencyIsoCode = rd.CurrencyIsoCode ?? this.currencies[0];
		this.derive(opportunity, record, undefined, new Set());
		this.stamp(record, undefined);
		this.save(opportunity, record, undefined, tx);
		const updated = { ...rd, npe03__Next_Payment_Date__c: closeDate };
		this.stamp(updated, rd);
		this.save(rdObject, updated, rd, tx);
	}

	/**
	 * The first schedule date from today on that no Opportunity of the RD matches (RD2_ScheduleService.
	 * getNextDonationDateRecord with RD2_OpportunityMatcher.includeCurrent): Opportunities dated from
	 * today minus NextDonationDateMatchRangeDays (default 3) on, open or closed, match a schedule date
	 * with the same CloseDate or, for Monthly and Yearly, one within those days of it. A date matched by
	 * an open Opportunity means there is nothing to create (undefined).
	 */
	private nextUnmatchedDate(rd: Entity, installments: Entity[], today: string): string | undefined {
		const period = rd.npe03__Installment_Period__c;
		const range = period === 'Monthly' || period === 'Yearly' ? NEXT_DONATION_DATE_MATCH_DAYS : 0;
		const candidates = installments.filter((installment) => String(installment.CloseDate) >= addDays(today, -NEXT_DONATION_DATE_MATCH_DAYS));
		let date = this.firstInstallmentDate(rd);
		while (date < today) date = this.nextInstallmentDate(date, rd);
		for (;;) {
			const distance = (installment: Entity) => Math.abs(parseDate(String(installment.CloseDate)).getTime() - parseDate(date).getTime()) / 86400000;
			const match = candidates.filter((installment) => distance(installment) <= range).sort((a, b) => distance(a) - distance(b))[0];
			if (!match) return date;
			if (!match.IsClosed) return undefined;
			candidates.splice(candidates.indexOf(match), 1);
			date = this.nextInstallmentDate(date, rd);
		}
	}

	/** NPSP Opportunity Naming after insert: the name the integration sent is replaced. */
	private renameOpportunity(record: Entity, tx: Tx): void {
		const opportunity = this.objectDef('Opportunity');
		const stored = this.table('Opportunity').get(record.Id as string);
		if (!stored) return;
		const contact = stored.npsp__Primary_Contact__c ? this.table('Contact').get(stored.npsp__Primary_Contact__c as string) : undefined;
		const updated = { ...stored, Name: `${String(contact?.Name ?? 'Anonymous')} Donation ${String(stored.CloseDate)}`.slice(0, 120) };
		this.save(opportunity, updated, stored, tx);
	}

	private donorName(rd: Entity): string {
		const contact = rd.npe03__Contact__c ? this.table('Contact').get(rd.npe03__Contact__c as string) : undefined;
		const organization = rd.npe03__Organization__c ? this.table('Account').get(rd.npe03__Organization__c as string) : undefined;
		return String(contact?.Name ?? organization?.Name ?? 'Donor');
	}

	/** The schedule's first date: from the Effective Date (StartDate, default today) or else Date Established. */
	private firstInstallmentDate(rd: Entity): string {
		const start = parseDate(String(rd.npsp__StartDate__c ?? rd.npe03__Date_Established__c ?? this.today()));
		const [year, month, day] = [start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate()];
		const period = rd.npe03__Installment_Period__c;
		if (period === 'Monthly' && rd.npsp__Day_of_Month__c) {
			const wanted = String(rd.npsp__Day_of_Month__c);
			const candidate = dayInMonth(year, month, wanted);
			return formatDate(candidate >= start ? candidate : dayInMonth(year, month + 1, wanted));
		}
		if (period === '1st and 15th' && day !== 1 && day !== 15) {
			return formatDate(day < 15 ? new Date(Date.UTC(year, month, 15)) : new Date(Date.UTC(year, month + 1, 1)));
		}
		return formatDate(start);
	}

	private nextInstallmentDate(previous: string, rd: Entity): string {
		const date = parseDate(previous);
		const [year, month, day] = [date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()];
		const frequency = Number(rd.npsp__InstallmentFrequency__c) || 1;
		switch (rd.npe03__Installment_Period__c) {
			case 'Yearly':
				return formatDate(dayInMonth(year + frequency, month, String(day)));
			case 'Weekly':
				return formatDate(new Date(date.getTime() + 7 * frequency * 86400000));
			case 'Daily':
				return formatDate(new Date(date.getTime() + frequency * 86400000));
			case '1st and 15th':
				return formatDate(day < 15 ? new Date(Date.UTC(year, month, 15)) : new Date(Date.UTC(year, month + 1, 1)));
			default:
				return formatDate(dayInMonth(year, month + frequency, String(rd.npsp__Day_of_Month__c ?? day)));
		}
	}

}

function indexAdd(index: Map<string, Set<string>>, key: string | undefined, id: string): void {
	if (key === undefined) return;
	let ids = index.get(key);
	if (!ids) {
		ids = new Set();
		index.set(key, ids);
	}
	ids.add(id);
}

function indexRemove(index: Map<string, Set<string>>, key: string | undefined, id: string): void {
	if (key === undefined) return;
	const ids = index.get(key);
	ids?.delete(id);
	if (ids?.size === 0) index.delete(key);
}
