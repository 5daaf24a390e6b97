/**
 * Writing the mapped records of all input items with the sObject Collections upsert
 * (`PATCH /composite/sobjects/{Object}/{ExternalIdField}`, up to 200 records per call, each
 * record succeeding or failing on its own; reference salesforce.md §1). Records are written role by
 * role (Accounts, Contacts, Recurring Donations, Opportunities) so that a record's links can be set
 * to the Ids written before it. Records with the same key in one run are sent once (Salesforce
 * refuses a key twice in one call), their fields merged in input order.
 *
 * A payment is sent whole; one that Salesforce already has (a redelivery) fails on its create-only
 * field (Opportunity.ContactId) and is sent once more without it. Records that only change an
 * existing record (a refund's stage) are looked up first, so that what a new record would need
 * (CloseDate, Amount) is sent only when it is new. The common case costs one call per 200 records.
 * A link may take another field of its target than the Id (a person account's PersonContactId): that
 * field is read back once the target's role is written (readLinkValues).
 *
 * The role order and what a data model does before a role's records are sent (NPSP's installment
 * claims; Nonprofit Cloud's in ./nonprofitCloud.ts) come from its DataModel; Contacts and Opportunities
 * is the default.
 */
import type { IDataObject } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';
import { DEFAULT_RETRY_POLICY } from '../../shared/retry';
import { addressPicklistsOf, applyAddressNames, applyAddressPicklists } from '../fromCanonicalEvent/addressPicklists';
import { describeFields } from '../methods/loadOptions';
import { CREATE_ONLY_LINK_FIELDS, ROLE_ORDER, type FieldValues, type MappedRecord, type RecordLink, type RecordRole } from '../fromCanonicalEvent/contacts';
import { dataPath, SalesforceRequestError, salesforceRequest, type SalesforceContext, type SalesforceError } from '../transport';

export const COLLECTION_LIMIT = 200;

export interface EventPlan<Role extends string = RecordRole> {
	itemIndex: number;
	records: Array<MappedRecord<Role>>;
}

export interface RecordOutcome {
	/** The record's role in its data model (contact, giftTransaction, …). */
	role: string;
	object: string;
	externalIdField: string;
	externalIdValue: string;
	/** `unchanged`: a record that is only ever created was there already (a campaign membership). */
	result: 'created' | 'updated' | 'unchanged' | 'error';
	id?: string;
	errors?: SalesforceError[];
	/** What was written differently from the mapping, and why. */
	note?: string;
}

/**
 * The records of several items that share one key, sent as one: a mapped record's key, fields and
 * lookup/address settings (see MappedRecord), merged over its owners.
 */
export interface KeyedRecord
	extends Pick<MappedRecord<string>, 'object' | 'externalIdField' | 'externalIdValue' | 'fields' | 'createOnly' | 'ifNew' | 'lookupField' | 'addressPrefix' | 'addressAs' | 'countryCode'> {
	/** Whether one of its events describes the whole record (a payment), rather than only moving its stage. */
	describes: boolean;
	/** The items it belongs to, each with its links. */
	owners: Array<{ itemIndex: number; record: MappedRecord<string> }>;
}

export interface UpsertOptions {
	/** Send `Sforce-Duplicate-Rule-Header: allowSave=true`: save records a duplicate rule only alerts on. */
	allowDuplicates: boolean;
}

/**
 * How a record is sent: as describing itself (a payment: everything, create-only fields included),
 * as new (also what only a new record needs), or as existing (neither).
 */
export type SendAs = 'describing' | 'new' | 'existing';

/** Records found by a query match case-insensitively (SOQL `=` on text), so their keys are merged that way. */
const keyOf = (record: Pick<MappedRecord<string>, 'object' | 'externalIdField' | 'externalIdValue' | 'lookupField'>) =>
	`${record.object}\u0000${record.externalIdField}\u0000${record.lookupField ? record.externalIdValue.toLowerCase() : record.externalIdValue}`;

/** The records of one role across all items, one per key, fields merged in input order (later items win). */
export function mergeByKey<Role extends string>(plans: Array<EventPlan<Role>>, role: Role): KeyedRecord[] {
	const byKey = new Map<string, KeyedRecord>();
	for (const plan of plans) {
		for (const record of plan.records.filter((candidate) => candidate.role === role)) {
			const key = keyOf(record);
			const keyed: KeyedRecord = byKey.get(key) ?? {
				object: record.object,
				externalIdField: record.externalIdField,
				externalIdValue: record.externalIdValue,
				fields: {},
				createOnly: {},
				ifNew: {},
				describes: false,
				owners: [],
				...(record.lookupField ? { lookupField: record.lookupField } : {}),
				...(record.addressPrefix ? { addressPrefix: record.addressPrefix, addressAs: record.addressAs, countryCode: record.countryCode } : {}),
			};
			Object.assign(keyed.fields, record.fields);
			Object.assign(keyed.createOnly, record.createOnly);
			// What a record needs to be created is best taken from the earliest event (the payment, not its refund).
			keyed.ifNew = { ...record.ifNew, ...keyed.ifNew };
			keyed.describes ||= Object.keys(record.ifNew).length === 0;
			keyed.owners.push({ itemIndex: plan.itemIndex, record });
			byKey.set(key, keyed);
		}
	}
	return [...byKey.values()];
}

/** The body of one record in a collection request; a looked-up record carries its Id (null: create it). */
export function collectionRecord(keyed: KeyedRecord, linked: FieldValues, mode: SendAs, foundId: string | null = null): IDataObject {
	// A record found by a query is known to exist or not: an existing one never gets its create-only fields (a person account's record type).
	const sendAs = keyed.lookupField ? (foundId ? 'existing' : 'new') : mode;
	const linkedCreateOnly = Object.fromEntries(Object.entries(linked).filter(([field]) => CREATE_ONLY_LINK_FIELDS.has(field)));
	const linkedAlways = Object.fromEntries(Object.entries(linked).filter(([field]) => !CREATE_ONLY_LINK_FIELDS.has(field)));
	const body: IDataObject = { attributes: { type: keyed.object }, ...keyed.fields, ...linkedAlways };
	if (sendAs === 'new') Object.assign(body, keyed.ifNew);
	if (sendAs !== 'existing') Object.assign(body, keyed.createOnly, linkedCreateOnly);
	// A record found through a link (an NPC schedule by its commitment) has no key value of its own to send.
	if (keyed.externalIdField !== '' && !(keyed.externalIdField in linked)) body[keyed.externalIdField] = keyed.externalIdValue;
	if (keyed.lookupField) body.Id = foundId;
	return body;
}

/** How to send a failed record once more, if Salesforce's errors say it was sent as the wrong kind. */
export function retryFor(errors: SalesforceError[], keyed: KeyedRecord, sentAs: SendAs): SendAs | undefined {
	const codes = errors.map((error) => error.statusCode);
	if (codes.includes('REQUIRED_FIELD_MISSING') && sentAs !== 'new' && Object.keys(keyed.ifNew).length > 0) return 'new';
	if (codes.includes('INVALID_FIELD_FOR_INSERT_UPDATE') && sentAs !== 'existing') return 'existing';
	return undefined;
}

interface UpsertResult {
	id?: string | null;
	success?: boolean;
	created?: boolean;
	errors?: Array<{ statusCode?: string; message?: string; fields?: string[] }>;
}

function outcomeOf(keyed: KeyedRecord, role: string, result: UpsertResult | undefined): RecordOutcome {
	const base = { role, object: keyed.object, externalIdField: keyed.externalIdField, externalIdValue: keyed.externalIdValue };
	if (result?.success && typeof result.id === 'string') return { ...base, result: result.created || keyed.externalIdField === '' ? 'created' : 'updated', id: result.id };
	// A record that is only ever created (a campaign membership) may be there already: that is no failure.
	if (keyed.externalIdField === '' && result?.errors?.some((error) => error.statusCode === 'DUPLICATE_VALUE')) return { ...base, result: 'unchanged' };
	const errors = (result?.errors ?? []).map((error) => ({ statusCode: String(error.statusCode ?? 'UNKNOWN'), message: String(error.message ?? ''), ...(error.fields ? { fields: error.fields } : {}) }));
	return { ...base, result: 'error', errors: errors.length > 0 ? errors : [{ statusCode: 'UNKNOWN', message: 'Salesforce returned no result for this record' }] };
}

/**
 * Sends records in calls of at most 200: an upsert by the key field, or a create for records
 * without one. A call that fails as a whole fails each of its records with its error.
 */
async function sendCollection(this: SalesforceContext, base: string, object: string, keyField: string, bodies: IDataObject[], options: UpsertOptions): Promise<UpsertResult[]> {
	const results: UpsertResult[] = [];
	const [method, path] = keyField === '' ? (['POST', `${base}/composite/sobjects`] as const) : (['PATCH', `${base}/composite/sobjects/${encodeURIComponent(object)}/${encodeURIComponent(keyField)}`] as const);
	for (let start = 0; start < bodies.length; start += COLLECTION_LIMIT) {
		const records = bodies.slice(start, start + COLLECTION_LIMIT);
		try {
			const answer = await salesforceRequest.call(this, method, path, { allOrNone: false, records }, undefined, options.allowDuplicates ? DUPLICATE_RULE_HEADER : undefined);
			const list = Array.isArray(answer) ? (answer as UpsertResult[]) : [];
			results.push(...records.map((_, index) => list[index]));
		} catch (error) {
			// The call's own description (e.g. which API limit) with Salesforce's first error code.
			const errors = [{ statusCode: (error instanceof SalesforceRequestError ? error.errors[0]?.statusCode : undefined) ?? 'REQUEST_FAILED', message: (error as Error).message }];
			results.push(...records.map(() => ({ success: false, errors })));
		}
	}
	return results;
}

/** Duplicate Rule Header (REST guide "Duplicate Rule Header", v52.0+): save what a rule only alerts on. */
export const DUPLICATE_RULE_HEADER = { 'Sforce-Duplicate-Rule-Header': 'allowSave=true' };

/** A SOQL string literal. */
export function soqlString(value: string): string {
	return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

export async function query(this: SalesforceContext, base: string, soql: string): Promise<IDataObject[]> {
	const answer = (await salesforceRequest.call(this, 'GET', `${base}/query`, undefined, { q: soql })) as { records?: IDataObject[] };
	return Array.isArray(answer?.records) ? answer.records : [];
}

const QUERY_CHUNK = 100;

/**
 * Rows of a SOQL query over many values, one query per 100 distinct values: `soqlFor` gets them as
 * quoted literals (`'a', 'b'`) for its `IN (…)`.
 */
export async function queryIn(this: SalesforceContext, base: string, values: string[], soqlFor: (literals: string) => string): Promise<IDataObject[]> {
	const rows: IDataObject[] = [];
	const distinct = [...new Set(values)];
	for (let start = 0; start < distinct.length; start += QUERY_CHUNK) {
		rows.push(...(await query.call(this, base, soqlFor(distinct.slice(start, start + QUERY_CHUNK).map(soqlString).join(', ')))));
	}
	return rows;
}

/** Which of the keys exist, lower-cased (External ID matching ignores case). */
export async function existingKeys(this: SalesforceContext, base: string, object: string, keyField: string, keys: string[]): Promise<Set<string>> {
	const rows = await queryIn.call(this, base, keys, (literals) => `SELECT Id, ${keyField} FROM ${object} WHERE ${keyField} IN (${literals})`);
	return new Set(rows.map((row) => String(row[keyField] ?? '').toLowerCase()));
}

/**
 * The Ids of existing records by a field that is no upsert key (Account.Name), lower-cased value →
 * Id, one query per 100 values; of several records with one name the oldest is taken.
 */
async function idsByField(this: SalesforceContext, base: string, object: string, field: string, values: string[]): Promise<Map<string, string>> {
	const found = new Map<string, string>();
	for (const row of await queryIn.call(this, base, values, (literals) => `SELECT Id, ${field} FROM ${object} WHERE ${field} IN (${literals}) ORDER BY CreatedDate ASC, Id ASC`)) {
		const key = String(row[field] ?? '').toLowerCase();
		if (!found.has(key)) found.set(key, String(row.Id));
	}
	return found;
}

const leftOutNote = (leftOut: string[]) => `Left out ${leftOut.join(' and ')}: not a value of the org's state and country picklists`;

/** Country and state as the org's picklist codes (one describe per object), for records that carry them. */
async function usePicklistCodes(this: SalesforceContext, object: string, entries: GroupEntry[]): Promise<void> {
	const prefix = entries.find(({ keyed }) => keyed.addressAs === 'code')?.keyed.addressPrefix;
	if (!prefix) return;
	const picklists = addressPicklistsOf(await describeFields.call(this, object), prefix);
	if (!picklists) return;
	for (const entry of entries.filter(({ keyed }) => keyed.addressAs === 'code')) {
		const leftOut = applyAddressPicklists(entry.keyed.fields, prefix, picklists);
		if (leftOut.length > 0) entry.note = leftOutNote(leftOut);
	}
}

/**
 * Country and state as names on an org with state and country picklists: Salesforce refuses a name
 * that is none of its integration values (FIELD_INTEGRITY_EXCEPTION), e.g. `Intl.DisplayNames`'
 * "South Korea" for its "Korea, Republic of". Such records get the org's own names from its describe
 * (one per object, only then: orgs without picklists pay nothing); returns the records to send again.
 */
async function mendAddressNames(this: SalesforceContext, object: string, entries: GroupEntry[], results: Array<UpsertResult | undefined>): Promise<number[]> {
	const refused = entries.flatMap(({ keyed }, index) =>
		keyed.addressAs === 'name' && results[index]?.success !== true && (results[index]?.errors ?? []).some((error) => error.statusCode === 'FIELD_INTEGRITY_EXCEPTION') ? [index] : [],
	);
	if (refused.length === 0) return [];
	const prefix = entries[refused[0]].keyed.addressPrefix!;
	const picklists = addressPicklistsOf(await describeFields.call(this, object), prefix);
	if (!picklists) return [];
	for (const index of refused) {
		const entry = entries[index];
		const leftOut = applyAddressNames(entry.keyed.fields, prefix, picklists, entry.keyed.countryCode);
		if (leftOut.length > 0) entry.note = leftOutNote(leftOut);
	}
	return refused;
}

/** Whether Salesforce refused a record only because another transaction held its row (worth sending again). */
const lockedOut = (result: UpsertResult | undefined) => result?.success !== true && (result?.errors ?? []).some((error) => error.statusCode === 'UNABLE_TO_LOCK_ROW');

/**
 * How to send each record: a record that describes itself is sent whole (most are new; the rare
 * existing one is sent again without its create-only fields). Records that only change an
 * existing one (a refund's stage) or bring defaults for a new one (a recurring donation's day of
 * month) are looked up first, one query per 100 keys, so defaults never overwrite.
 */
async function sendModes(this: SalesforceContext, base: string, entries: Array<{ keyed: KeyedRecord }>, lookedUp: Map<string, string> | undefined): Promise<SendAs[]> {
	// A looked-up record is known to exist or not: sent as that, with no query by key.
	if (lookedUp) return entries.map(({ keyed }) => (lookedUp.has(keyed.externalIdValue.toLowerCase()) ? 'existing' : 'new'));
	const uncertain = entries.filter(({ keyed }) => !keyed.describes);
	if (uncertain.length === 0) return entries.map(() => 'describing');
	const { object, externalIdField } = uncertain[0].keyed;
	const found = await existingKeys.call(this, base, object, externalIdField, uncertain.map(({ keyed }) => keyed.externalIdValue));
	return entries.map(({ keyed }) => (keyed.describes ? 'describing' : found.has(keyed.externalIdValue.toLowerCase()) ? 'existing' : 'new'));
}
const COMPOSITE_LIMIT = 25;

/** One record of a role, with the Ids its links point to, ready to send; `leftOut`: why a hook decided not to send it. */
export type GroupEntry = { keyed: KeyedRecord; linked: FieldValues; note?: string; leftOut?: string };

/** What was written so far, per item and role. */
export type WrittenIds = Map<number, Partial<Record<string, RecordOutcome>>>;

/** What a data model does around the collections upsert of one role's records of one object. */
export interface RoleHooks {
	/** Before sending: e.g. let a new payment take over an open installment by setting its key. */
	beforeSend?: (this: SalesforceContext, base: string, entries: GroupEntry[], written: WrittenIds) => Promise<void>;
	/**
	 * For records without an upsert key: lower-cased externalIdValue → the Id of the existing record
	 * (default: a query on the record's lookupField). Records found are updated by Id, others created.
	 */
	findIds?: (this: SalesforceContext, base: string, entries: GroupEntry[]) => Promise<Map<string, string>>;
}

/** A data model's roles in the order they are written (links point only to earlier roles), and its hooks. */
export interface DataModel<Role extends string = string> {
	roleOrder: readonly Role[];
	hooks: Partial<Record<Role, RoleHooks>>;
}

/** Sets the key field of existing records by Id (composite, 25 per call), so that the upsert by key then updates them. */
export async function setKeysById(this: SalesforceContext, base: string, object: string, keyField: string, claims: Array<{ id: string; key: string }>): Promise<void> {
	for (let start = 0; start < claims.length; start += COMPOSITE_LIMIT) {
		const compositeRequest = claims.slice(start, start + COMPOSITE_LIMIT).map((claim, index) => ({
			method: 'PATCH',
			url: `${base}/sobjects/${object}/${claim.id}`,
			referenceId: `claim${start + index}`,
			body: { [keyField]: claim.key },
		}));
		// A claim that fails leaves the payment to be created as its own record: nothing is lost.
		await salesforceRequest.call(this, 'POST', `${base}/composite`, { allOrNone: false, compositeRequest });
	}
}

/**
 * NPSP refuses an Opportunity in another currency than its Recurring Donation
 * (RD2_RecurringDonationsOpp_TDTM.validateCurrency, multi-currency orgs). Such a payment is written
 * in its own currency without the link, so that its amount stays true; its outcome says so.
 */
async function unlinkOtherCurrencies(this: SalesforceContext, base: string, rdObject: string, entries: GroupEntry[]): Promise<void> {
	const currencyOf = (keyed: KeyedRecord) => keyed.fields.CurrencyIsoCode ?? keyed.ifNew.CurrencyIsoCode;
	const linkFieldOf = (entry: GroupEntry) => entry.keyed.owners[0].record.links.find((link) => link.role === 'recurringDonation')?.field;
	const candidates = entries.filter((entry) => typeof currencyOf(entry.keyed) === 'string' && typeof entry.linked[linkFieldOf(entry) ?? ''] === 'string');
	const ids = candidates.map((entry) => String(entry.linked[linkFieldOf(entry)!]));
	const rows = await queryIn.call(this, base, ids, (literals) => `SELECT Id, CurrencyIsoCode FROM ${rdObject} WHERE Id IN (${literals})`);
	const currencies = new Map(rows.map((row) => [String(row.Id), String(row.CurrencyIsoCode)]));
	for (const entry of candidates) {
		const field = linkFieldOf(entry)!;
		const rdCurrency = currencies.get(String(entry.linked[field]));
		if (!rdCurrency || rdCurrency === currencyOf(entry.keyed)) continue;
		delete entry.linked[field];
		entry.note = `Written without ${field}: the payment is in ${String(currencyOf(entry.keyed))}, its Recurring Donation in ${rdCurrency}, and NPSP refuses an Opportunity in another currency than its Recurring Donation`;
	}
}

/**
 * NPSP creates the next installment Opportunity of an active Recurring Donation itself. A payment
 * of a recurring donation takes that open installment over (its key field is set, so the upsert
 * below updates it) instead of adding a second Opportunity for the same money. Only payments whose
 * key is not in Salesforce yet claim one, so a redelivered payment claims nothing.
 */
async function claimInstallments(this: SalesforceContext, base: string, entries: Array<{ keyed: KeyedRecord; linked: FieldValues }>): Promise<void> {
	const recurringField = (entry: { keyed: KeyedRecord }) => entry.keyed.owners[0].record.links.find((link) => link.role === 'recurringDonation')?.field;
	const candidates = entries.filter((entry) => entry.keyed.describes && recurringField(entry) && typeof entry.linked[recurringField(entry)!] === 'string');
	if (candidates.length === 0) return;
	const { object, externalIdField } = candidates[0].keyed;
	const rdField = recurringField(candidates[0])!;
	const known = await existingKeys.call(this, base, object, externalIdField, candidates.map((entry) => entry.keyed.externalIdValue));
	const newPayments = candidates.filter((entry) => !known.has(entry.keyed.externalIdValue.toLowerCase()));
	const donations = [...new Set(newPayments.map((entry) => String(entry.linked[rdField])))];
	if (donations.length === 0) return;
	const open = new Map<string, string[]>();
	const rows = await queryIn.call(this, base, donations, (literals) => `SELECT Id, ${rdField}, CloseDate FROM ${object} WHERE ${rdField} IN (${literals}) AND IsClosed = false ORDER BY CloseDate ASC`);
	for (const row of rows) open.set(String(row[rdField]), [...(open.get(String(row[rdField])) ?? []), String(row.Id)]);
	const claims = newPayments.flatMap((entry) => {
		const installment = open.get(String(entry.linked[rdField]))?.shift();
		return installment ? [{ id: installment, key: entry.keyed.externalIdValue }] : [];
	});
	await setKeysById.call(this, base, object, externalIdField, claims);
}

/** Values of written records that links take instead of their Id (see RecordLink.valueField), by record Id. */
type LinkValues = Map<string, IDataObject>;

/**
 * Reads back the fields that later links take from this role's written records (a person account's
 * PersonContactId, read-only and known only once the account exists): one SOQL per 100 records.
 */
async function readLinkValues<Role extends string>(this: SalesforceContext, base: string, plans: Array<EventPlan<Role>>, role: Role, idsOf: WrittenIds, into: LinkValues): Promise<void> {
	const wanted = new Map<string, { fields: Set<string>; ids: Set<string> }>();
	for (const plan of plans) {
		const target = idsOf.get(plan.itemIndex)![role];
		for (const link of plan.records.flatMap((mapped) => mapped.links)) {
			if (link.role !== role || !link.valueField || !target?.id) continue;
			const entry = wanted.get(target.object) ?? { fields: new Set<string>(), ids: new Set<string>() };
			entry.fields.add(link.valueField);
			entry.ids.add(target.id);
			wanted.set(target.object, entry);
		}
	}
	for (const [object, { fields, ids }] of wanted) {
		for (const row of await queryIn.call(this, base, [...ids], (literals) => `SELECT Id, ${[...fields].join(', ')} FROM ${object} WHERE Id IN (${literals})`)) into.set(String(row.Id), row);
	}
}

/** The value a link sets: the target's Id, or the field of it the link names; undefined while the target is not written. */
const linkValue = (link: RecordLink<string>, target: RecordOutcome | undefined, values: LinkValues): string | undefined => {
	if (!target?.id) return undefined;
	if (!link.valueField) return target.id;
	const value = values.get(target.id)?.[link.valueField];
	return typeof value === 'string' && value !== '' ? value : undefined;
};

/** Contacts and Opportunities (NPSP optional): an NPSP payment takes over its open installment, in its Recurring Donation's currency. */
export const CONTACTS_MODEL: DataModel<RecordRole> = {
	roleOrder: ROLE_ORDER,
	hooks: {
		opportunity: {
			async beforeSend(base, entries, written) {
				const rdObject = entries.map(({ keyed }) => written.get(keyed.owners[0].itemIndex)!.recurringDonation?.object).find((object) => object !== undefined);
				if (rdObject) await unlinkOtherCurrencies.call(this, base, rdObject, entries);
				await claimInstallments.call(this, base, entries);
			},
		},
	},
};

/**
 * Writes every item's records; returns each item's outcomes, in its records' order. A record
 * whose link target failed is not sent and fails with the reason.
 */
export async function upsertEvents<Role extends string = RecordRole>(
	this: SalesforceContext,
	plans: Array<EventPlan<Role>>,
	options: UpsertOptions = { allowDuplicates: false },
	model: DataModel<Role> = CONTACTS_MODEL as unknown as DataModel<Role>,
): Promise<Map<number, RecordOutcome[]>> {
	const base = await dataPath.call(this);
	const outcomes = new Map<number, RecordOutcome[]>(plans.map((plan) => [plan.itemIndex, []]));
	/** Ids written so far, per item and role. */
	const idsOf: WrittenIds = new Map(plans.map((plan) => [plan.itemIndex, {}]));
	const record = (itemIndex: number, outcome: RecordOutcome) => {
		outcomes.get(itemIndex)!.push(outcome);
		idsOf.get(itemIndex)![outcome.role] = outcome;
	};
	const linkValues: LinkValues = new Map();

	for (const role of model.roleOrder) {
		const hooks: RoleHooks = model.hooks[role] ?? {};
		const groups = new Map<string, GroupEntry[]>();
		for (const keyed of mergeByKey(plans, role)) {
			// Links come from the first owner whose linked records were written.
			let linked: FieldValues | undefined;
			let missing: string | undefined;
			for (const { itemIndex, record: own } of keyed.owners) {
				const targets = own.links.map((link) => ({ link, value: linkValue(link, idsOf.get(itemIndex)![link.role], linkValues) }));
				const failed = targets.find(({ value }) => value === undefined);
				if (failed) {
					const written = idsOf.get(itemIndex)![failed.link.role]?.id;
					missing ??= written ? `not written because its ${failed.link.role} ${written} has no ${failed.link.valueField}` : `not written because its ${failed.link.role} failed`;
					continue;
				}
				linked = Object.fromEntries(targets.map(({ link, value }) => [link.field, value!]));
				break;
			}
			if (!linked) {
				for (const { itemIndex } of keyed.owners) {
					record(itemIndex, { ...outcomeOf(keyed, role, undefined), errors: [{ statusCode: 'NOT_SENT', message: `${keyed.object} ${keyed.externalIdValue} ${missing}` }] });
				}
				continue;
			}
			const group = `${keyed.object}\u0000${keyed.externalIdField}`;
			groups.set(group, [...(groups.get(group) ?? []), { keyed, linked }]);
		}
		for (const group of groups.values()) {
			const { object, externalIdField, lookupField } = group[0].keyed;
			await hooks.beforeSend?.call(this, base, group, idsOf);
			await usePicklistCodes.call(this, object, group);
			// Records without an upsert key are sent to `composite/sobjects/{Object}/Id`, with the Id found or null.
			const found = !lookupField
				? undefined
				: hooks.findIds
					? await hooks.findIds.call(this, base, group)
					: await idsByField.call(this, base, object, lookupField, group.map(({ keyed }) => keyed.externalIdValue));
			// Records a hook left out (nothing to create them from) are not sent; their outcome says why.
			for (const { keyed, leftOut } of group.filter((entry) => entry.leftOut)) {
				for (const { itemIndex } of keyed.owners) record(itemIndex, { role, object, externalIdField, externalIdValue: keyed.externalIdValue, result: 'unchanged', note: leftOut });
			}
			const entries = group.filter((entry) => !entry.leftOut);
			if (entries.length === 0) continue;
			const modes = await sendModes.call(this, base, entries, found);
			const sendKey = lookupField ? 'Id' : externalIdField;
			const bodyOf = ({ keyed, linked }: (typeof entries)[number], sendAs: SendAs) => collectionRecord(keyed, linked, sendAs, found?.get(keyed.externalIdValue.toLowerCase()) ?? null);
			const send = async (indexes: number[]) => await sendCollection.call(this, base, object, sendKey, indexes.map((index) => bodyOf(entries[index], modes[index])), options);
			const results = await send(entries.map((_, index) => index));
			const retries = entries
				.map((entry, index) => ({ index, sendAs: results[index]?.success ? undefined : retryFor(outcomeOf(entry.keyed, role, results[index]).errors ?? [], entry.keyed, modes[index]) }))
				.filter((retry): retry is { index: number; sendAs: SendAs } => retry.sendAs !== undefined);
			if (retries.length > 0) {
				for (const { index, sendAs } of retries) modes[index] = sendAs;
				const second = await send(retries.map(({ index }) => index));
				retries.forEach(({ index }, position) => (results[index] = second[position]));
			}
			const mended = await mendAddressNames.call(this, object, entries, results);
			if (mended.length > 0) {
				const again = await send(mended);
				mended.forEach((index, position) => (results[index] = again[position]));
			}
			// UNABLE_TO_LOCK_ROW: another transaction held the row; sending the same upsert again is safe.
			for (let retry = 0; retry < DEFAULT_RETRY_POLICY.maxRetries; retry++) {
				const locked = results.flatMap((result, index) => (lockedOut(result) ? [index] : []));
				if (locked.length === 0) break;
				await sleep(DEFAULT_RETRY_POLICY.baseDelayMs * 2 ** retry);
				const again = await send(locked);
				locked.forEach((index, position) => (results[index] = again[position]));
			}
			entries.forEach(({ keyed, note }, index) => {
				const outcome = { ...outcomeOf(keyed, role, results[index]), ...(note ? { note } : {}) };
				for (const { itemIndex } of keyed.owners) record(itemIndex, outcome);
			});
		}
		await readLinkValues.call(this, base, plans, role, idsOf, linkValues);
	}
	return outcomes;
}
