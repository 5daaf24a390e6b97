/**
 * Writing the mapped records of all input items with the sObject Collections upsert
 * (`PATCH /composite/sobjects/{Object}/{ExternalIdField}`, up to 200 records per call, each
 * record succeeding or failing on its own; reference salesforce.md §1). Records are written role by
 * role (Accounts, Contacts, Recurring Donations, Opportunities) so that a record's links can be set
 * to the Ids written before it. Records with the same key in one run are sent once (Salesforce
 * refuses a key twice in one call), their fields merged in input order.
 *
 * A record that fails only because it exists (a create-only field such as Opportunity.ContactId)
 * or only because it does not (a refund of a payment Salesforce has not seen lacks CloseDate) is
 * sent once more, adjusted: one extra call for those records, none in the common case.
 */
import type { IDataObject } from 'n8n-workflow';
import { CREATE_ONLY_LINK_FIELDS, ROLE_ORDER, type FieldValues, type MappedRecord, type RecordRole } from './mapping';
import { dataPath, SalesforceRequestError, salesforceRequest, type SalesforceContext, type SalesforceError } from './transport';

export const COLLECTION_LIMIT = 200;

export interface EventPlan {
	itemIndex: number;
	records: MappedRecord[];
}

export interface RecordOutcome {
	role: RecordRole;
	object: string;
	externalIdField: string;
	externalIdValue: string;
	result: 'created' | 'updated' | 'error';
	id?: string;
	errors?: SalesforceError[];
}

/** The records of several items that share one key, sent as one. */
export interface KeyedRecord {
	object: string;
	externalIdField: string;
	externalIdValue: string;
	fields: FieldValues;
	createOnly: FieldValues;
	ifNew: FieldValues;
	/** Whether one of its events describes the whole record (a payment), rather than only moving its stage. */
	describes: boolean;
	/** The items it belongs to, each with its links. */
	owners: Array<{ itemIndex: number; record: MappedRecord }>;
}

type Attempt = 'first' | 'withoutCreateOnly' | 'withIfNew';

const keyOf = (record: Pick<MappedRecord, 'object' | 'externalIdField' | 'externalIdValue'>) => `${record.object}\u0000${record.externalIdField}\u0000${record.externalIdValue}`;

/** The records of one role across all items, one per key, fields merged in input order (later items win). */
export function mergeByKey(plans: EventPlan[], role: RecordRole): KeyedRecord[] {
	const byKey = new Map<string, KeyedRecord>();
	for (const plan of plans) {
		for (const record of plan.records.filter((candidate) => candidate.role === role)) {
			const key = keyOf(record);
			const keyed = byKey.get(key) ?? { object: record.object, externalIdField: record.externalIdField, externalIdValue: record.externalIdValue, fields: {}, createOnly: {}, ifNew: {}, describes: false, owners: [] };
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

/** The body of one record in a collection request, for an attempt. */
export function collectionRecord(keyed: KeyedRecord, linked: FieldValues, attempt: Attempt): IDataObject {
	const linkedCreateOnly = Object.fromEntries(Object.entries(linked).filter(([field]) => CREATE_ONLY_LINK_FIELDS.has(field)));
	const linkedAlways = Object.fromEntries(Object.entries(linked).filter(([field]) => !CREATE_ONLY_LINK_FIELDS.has(field)));
	const createOnly = { ...keyed.createOnly, ...linkedCreateOnly };
	// A record that only moves a stage is most likely an update: its create-only fields wait for the retry.
	const body: IDataObject = { attributes: { type: keyed.object }, ...keyed.fields, ...linkedAlways };
	if (attempt === 'withIfNew') Object.assign(body, keyed.ifNew, createOnly);
	else if (attempt === 'first' && keyed.describes) Object.assign(body, createOnly);
	body[keyed.externalIdField] = keyed.externalIdValue;
	return body;
}

/** Which second attempt, if any, fixes a failed record. */
export function retryFor(errors: SalesforceError[], keyed: KeyedRecord, attempt: Attempt): Attempt | undefined {
	if (attempt !== 'first') return undefined;
	const codes = errors.map((error) => error.statusCode);
	if (codes.includes('REQUIRED_FIELD_MISSING') && Object.keys(keyed.ifNew).length > 0) return 'withIfNew';
	if (codes.includes('INVALID_FIELD_FOR_INSERT_UPDATE')) return 'withoutCreateOnly';
	return undefined;
}

interface UpsertResult {
	id?: string | null;
	success?: boolean;
	created?: boolean;
	errors?: Array<{ statusCode?: string; message?: string; fields?: string[] }>;
}

function outcomeOf(keyed: KeyedRecord, role: RecordRole, result: UpsertResult | undefined): RecordOutcome {
	const base = { role, object: keyed.object, externalIdField: keyed.externalIdField, externalIdValue: keyed.externalIdValue };
	if (result?.success && typeof result.id === 'string') return { ...base, result: result.created ? 'created' : 'updated', id: result.id };
	const errors = (result?.errors ?? []).map((error) => ({ statusCode: String(error.statusCode ?? 'UNKNOWN'), message: String(error.message ?? ''), ...(error.fields ? { fields: error.fields } : {}) }));
	return { ...base, result: 'error', errors: errors.length > 0 ? errors : [{ statusCode: 'UNKNOWN', message: 'Salesforce returned no result for this record' }] };
}

/** Sends records in calls of at most 200; a call that fails as a whole fails each of its records with its error. */
async function sendCollection(this: SalesforceContext, base: string, object: string, keyField: string, bodies: IDataObject[]): Promise<UpsertResult[]> {
	const results: UpsertResult[] = [];
	for (let start = 0; start < bodies.length; start += COLLECTION_LIMIT) {
		const records = bodies.slice(start, start + COLLECTION_LIMIT);
		try {
			const answer = await salesforceRequest.call(this, 'PATCH', `${base}/composite/sobjects/${encodeURIComponent(object)}/${encodeURIComponent(keyField)}`, { allOrNone: false, records });
			const list = Array.isArray(answer) ? (answer as UpsertResult[]) : [];
			results.push(...records.map((_, index) => list[index]));
		} catch (error) {
			const errors = error instanceof SalesforceRequestError && error.errors.length > 0 ? error.errors : [{ statusCode: 'REQUEST_FAILED', message: (error as Error).message }];
			results.push(...records.map(() => ({ success: false, errors })));
		}
	}
	return results;
}

/**
 * Writes every item's records; returns each item's outcomes, in its records' order. A record
 * whose link target failed is not sent and fails with the reason.
 */
export async function upsertEvents(this: SalesforceContext, plans: EventPlan[]): Promise<Map<number, RecordOutcome[]>> {
	const base = await dataPath.call(this);
	const outcomes = new Map<number, RecordOutcome[]>(plans.map((plan) => [plan.itemIndex, []]));
	/** Ids written so far, per item and role. */
	const idsOf = new Map<number, Partial<Record<RecordRole, RecordOutcome>>>(plans.map((plan) => [plan.itemIndex, {}]));
	const record = (itemIndex: number, outcome: RecordOutcome) => {
		outcomes.get(itemIndex)!.push(outcome);
		idsOf.get(itemIndex)![outcome.role] = outcome;
	};

	for (const role of ROLE_ORDER) {
		const groups = new Map<string, Array<{ keyed: KeyedRecord; linked: FieldValues }>>();
		for (const keyed of mergeByKey(plans, role)) {
			// Links come from the first owner whose linked records were written.
			let linked: FieldValues | undefined;
			let missing: string | undefined;
			for (const { itemIndex, record: own } of keyed.owners) {
				const targets = own.links.map((link) => ({ link, target: idsOf.get(itemIndex)![link.role] }));
				const failed = targets.find(({ target }) => !target?.id);
				if (failed) {
					missing ??= `not written because its ${failed.link.role} failed`;
					continue;
				}
				linked = Object.fromEntries(targets.map(({ link, target }) => [link.field, target!.id!]));
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
		for (const entries of groups.values()) {
			const { object, externalIdField } = entries[0].keyed;
			const first = await sendCollection.call(this, base, object, externalIdField, entries.map(({ keyed, linked }) => collectionRecord(keyed, linked, 'first')));
			const results = [...first];
			const retries = entries
				.map((entry, index) => ({ entry, index, attempt: first[index]?.success ? undefined : retryFor(outcomeOf(entry.keyed, role, first[index]).errors ?? [], entry.keyed, 'first') }))
				.filter((retry): retry is { entry: (typeof entries)[number]; index: number; attempt: Attempt } => retry.attempt !== undefined);
			if (retries.length > 0) {
				const second = await sendCollection.call(this, base, object, externalIdField, retries.map(({ entry, attempt }) => collectionRecord(entry.keyed, entry.linked, attempt)));
				retries.forEach(({ index }, position) => (results[index] = second[position]));
			}
			entries.forEach(({ keyed }, index) => {
				const outcome = outcomeOf(keyed, role, results[index]);
				for (const { itemIndex } of keyed.owners) record(itemIndex, outcome);
			});
		}
	}
	return outcomes;
}
