/**
 * Dropdowns of the Salesforce Mapper (Upsert only: Map Only has no credential), loaded from the
 * org with the node's credential: key fields (External ID and idLookup fields, as n8n's Salesforce
 * node lists them), the Opportunity field linking to the Contact, the stages of the StageName
 * picklist, the org's person account record types, and a searchable Campaign list. Object and field names follow the node's options.
 */
import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult, INodePropertyOptions } from 'n8n-workflow';
import { dataPath, salesforceRequest, type SalesforceContext } from '../transport';

/** The parts of a describe field the dropdowns use. */
export interface DescribedField {
	name: string;
	label: string;
	type: string;
	externalId?: boolean;
	idLookup?: boolean;
	createable?: boolean;
	referenceTo?: string[];
	picklistValues?: Array<{ value: string; label?: string; active?: boolean }>;
}

const byName = (a: INodePropertyOptions, b: INodePropertyOptions) => a.name.localeCompare(b.name);

/**
 * Fields an upsert can match on: External ID fields first (they survive renames), then standard
 * idLookup fields (with `standardNote`), never the record Id.
 */
export function keyFieldOptions(fields: DescribedField[], standardNote = ''): INodePropertyOptions[] {
	const options = (external: boolean) =>
		fields
			.filter((field) => (external ? field.externalId === true : field.externalId !== true && field.idLookup === true) && field.type !== 'id')
			.map((field) => ({
				name: `${field.label} (${field.name})`,
				value: field.name,
				description: external ? 'External ID field: holds DS24-…, FB-… or OF-… of the source' : `Standard lookup field${standardNote}`,
			}))
			.sort(byName);
	return [...options(true), ...options(false)];
}

/** Why NPSP users should not key payments by Opportunity Name. */
export const NPSP_NAME_NOTE =
	'. With NPSP Opportunity Naming on, NPSP renames every new Opportunity, so a refund or redelivery no longer finds it by Name and a duplicate follows: with NPSP, use an External ID field';

/** Reference fields that can point to the contact object, settable on create, plus "no link". */
export function linkFieldOptions(fields: DescribedField[], contactObject: string): INodePropertyOptions[] {
	const links = fields
		.filter((field) => field.type === 'reference' && field.createable !== false && (field.referenceTo ?? []).includes(contactObject))
		.map((field) => ({ name: `${field.label} (${field.name})`, value: field.name }))
		.sort(byName);
	return [...links, { name: 'None (No Link)', value: '' }];
}

/** The active values of a picklist field, in the org's order. */
export function picklistOptions(fields: DescribedField[], fieldName: string): INodePropertyOptions[] {
	const field = fields.find((candidate) => candidate.name.toLowerCase() === fieldName.toLowerCase());
	return (field?.picklistValues ?? []).filter((entry) => entry.active !== false).map((entry) => ({ name: entry.label || entry.value, value: entry.value }));
}

/** A SOQL string literal's content: quotes and backslashes escaped, LIKE wildcards taken literally. */
export function soqlLikeText(text: string): string {
	return text.replace(/[\\'%_]/g, (character) => `\\${character}`);
}

function nodeOption(context: ILoadOptionsFunctions, path: string, fallback: string): string {
	const value = context.getCurrentNodeParameter(path);
	// An expression cannot be resolved without an item: fall back to the default name.
	return typeof value === 'string' && value.trim() !== '' && !value.startsWith('=') ? value.trim() : fallback;
}

export async function describeFields(this: SalesforceContext, object: string): Promise<DescribedField[]> {
	const answer = (await salesforceRequest.call(this, 'GET', `${await dataPath.call(this)}/sobjects/${encodeURIComponent(object)}/describe`)) as { fields?: DescribedField[] };
	return answer.fields ?? [];
}

const contactObjectOf = (context: ILoadOptionsFunctions) => nodeOption(context, 'options.contactObject', 'Contact');
const opportunityObjectOf = (context: ILoadOptionsFunctions) => nodeOption(context, 'options.opportunityObject', 'Opportunity');

/** The active person account record types of Account (API-PA: record types with IsPersonType). */
export const ACTIVE_GIFT_DESIGNATIONS_SOQL = 'SELECT Id, Name FROM GiftDesignation WHERE IsActive = true ORDER BY Name';

/** The records a query finds, as options: Name shown, Id as the value. */
async function namedRecords(this: ILoadOptionsFunctions, soql: string): Promise<INodePropertyOptions[]> {
	const answer = (await salesforceRequest.call(this, 'GET', `${await dataPath.call(this)}/query`, undefined, { q: soql })) as { records?: IDataObject[] };
	return (answer.records ?? []).map((record) => ({ name: String(record.Name ?? record.Id), value: String(record.Id) }));
}

export const PERSON_ACCOUNT_RECORD_TYPES_SOQL = "SELECT Id, Name FROM RecordType WHERE SobjectType = 'Account' AND IsPersonType = true AND IsActive = true";

/** Only External ID fields: the NPC objects have no standard field that could hold a source's id. */
export const externalIdFieldOptions = (fields: DescribedField[]): INodePropertyOptions[] => keyFieldOptions(fields.filter((field) => field.externalId === true));

async function externalIdFieldsOf(this: ILoadOptionsFunctions, object: string): Promise<INodePropertyOptions[]> {
	return externalIdFieldOptions(await describeFields.call(this, object));
}

export const loadOptions = {
	async getContactKeyFields(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		return keyFieldOptions(await describeFields.call(this, contactObjectOf(this)));
	},
	async getOpportunityKeyFields(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		return keyFieldOptions(await describeFields.call(this, opportunityObjectOf(this)), NPSP_NAME_NOTE);
	},
	async getContactLinkFields(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		return linkFieldOptions(await describeFields.call(this, opportunityObjectOf(this)), contactObjectOf(this));
	},
	async getStages(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		const stageField = nodeOption(this, 'options.opportunityFieldNames.stage', 'StageName');
		return picklistOptions(await describeFields.call(this, opportunityObjectOf(this)), stageField);
	},
	/** Active person account record types (API-PA; FR-RT's IsPersonType), for new person accounts in either data model. */
	async getPersonAccountRecordTypes(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		return await namedRecords.call(this, PERSON_ACCOUNT_RECORD_TYPES_SOQL);
	},
	/** Active Gift Designations (NPC), for the designation of every new Gift Transaction; "none" first. */
	async getGiftDesignations(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		return [{ name: 'None', value: '' }, ...(await namedRecords.call(this, ACTIVE_GIFT_DESIGNATIONS_SOQL))];
	},
	async getGiftTransactionKeyFields(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		return await externalIdFieldsOf.call(this, 'GiftTransaction');
	},
	async getGiftCommitmentKeyFields(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		return await externalIdFieldsOf.call(this, 'GiftCommitment');
	},
	async getGiftRefundKeyFields(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		return await externalIdFieldsOf.call(this, 'GiftRefund');
	},
	/** GiftTransaction.PaymentMethod's values, plus "none" (a payment no value fits then fails). */
	async getGiftPaymentMethods(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		return [...picklistOptions(await describeFields.call(this, 'GiftTransaction'), 'PaymentMethod'), { name: 'None (Refuse Such Payments)', value: '' }];
	},
};

export const listSearch = {
	/** Campaigns whose name contains the search text, by name, at most 200. */
	async searchCampaigns(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
		const where = filter ? ` WHERE Name LIKE '%${soqlLikeText(filter)}%'` : '';
		const answer = (await salesforceRequest.call(this, 'GET', `${await dataPath.call(this)}/query`, undefined, {
			q: `SELECT Id, Name FROM Campaign${where} ORDER BY Name LIMIT 200`,
		})) as { records?: IDataObject[] };
		return { results: (answer.records ?? []).map((record) => ({ name: String(record.Name ?? record.Id), value: String(record.Id) })) };
	},
};
