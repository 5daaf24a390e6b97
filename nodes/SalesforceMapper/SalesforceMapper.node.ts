import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import { configFor, npcConfigFor } from './config';
import { listSearch, loadOptions, picklistOptions } from './methods/loadOptions';
import { DATA_MODELS, mapperProperties } from './parameters';
import { mapEvent, type EventMapping, type MappedRecord, type RecordLink } from './fromCanonicalEvent/contacts';
import { COMMON_PAYMENT_METHODS, mapNpcEvent } from './fromCanonicalEvent/nonprofitCloud';
import { NPC_MODEL, npcGiftTransactionFields } from './upsert/nonprofitCloud';
import { readCanonicalEvent } from '../shared/canonicalEventReader';
import { CREDENTIAL_TYPE } from './transport';
import { CONTACTS_MODEL, upsertEvents, type DataModel, type EventPlan, type RecordOutcome } from './upsert/collections';

/** A link of a Map Only item; one that takes another field than the Id says how to read it. */
function linkItem(link: RecordLink<string>): IDataObject {
	if (!link.valueField) return { field: link.field, role: link.role };
	return {
		field: link.field,
		role: link.role,
		valueField: link.valueField,
		note: `Set ${link.field} to the ${link.role}'s ${link.valueField} (read-only, set by Salesforce): after writing the ${link.role}, read it with SELECT Id, ${link.valueField} FROM Account WHERE Id = '<its Id>'`,
	};
}

/** A record as a Map Only item: what n8n's Salesforce node or an HTTP Request needs to write it. */
function recordItem(eventId: string, record: MappedRecord<string>): IDataObject {
	return {
		eventId,
		role: record.role,
		object: record.object,
		// A record without an upsert key (an Account by Name): search it by `findBy`, then create or update it by Id.
		externalIdField: record.lookupField ? '' : record.externalIdField,
		externalIdValue: record.externalIdValue,
		...(record.lookupField ? { findBy: record.lookupField } : {}),
		// Found through a link (an NPC schedule by its commitment): search `findBy` = the Id written for that role.
		...(record.links.some((link) => link.field === record.lookupField) ? { findByIdOf: record.links.find((link) => link.field === record.lookupField)!.role } : {}),
		fields: { ...record.fields, ...record.createOnly },
		fieldsIfNew: record.ifNew,
		links: record.links.map(linkItem),
	};
}

/** The first error of an item's outcomes, as one sentence. */
function errorText(outcomes: RecordOutcome[]): string | undefined {
	const failed = outcomes.find((outcome) => outcome.result === 'error');
	if (!failed) return undefined;
	const errors = (failed.errors ?? []).map((error) => `${error.statusCode}: ${error.message}${error.fields?.length ? ` (${error.fields.join(', ')})` : ''}`).join('; ');
	const duplicate = failed.errors?.some((error) => error.statusCode === 'DUPLICATES_DETECTED')
		? '. A duplicate rule of the org found a similar record; to save it anyway (when the rule only alerts), turn on the option "Save Despite Duplicate Alerts", or match by a key that finds the existing record'
		: '';
	return `Salesforce did not write ${failed.object} ${failed.externalIdValue}: ${errors}${duplicate}`;
}

export class SalesforceMapper implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Salesforce Mapper',
		name: 'salesforceMapper',
		icon: { light: 'file:../../icons/salesforcemapper.svg', dark: 'file:../../icons/salesforcemapper.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{($parameter["operation"] === "map" ? "Map only" : "Upsert to Salesforce") + ($parameter["dataModel"] === "nonprofitCloud" ? " (Nonprofit Cloud)" : "")}}',
		description:
			'Turn payment, donation and contact events from this pack’s triggers into Salesforce records (Contacts and Opportunities, NPSP, or Nonprofit Cloud gifts and commitments), and upsert them in batches',
		defaults: { name: 'Salesforce Mapper' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL_TYPE, required: true, displayOptions: { show: { operation: ['write'] } } }],
		properties: mapperProperties,
	};

	methods = { loadOptions, listSearch };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const operation = this.getNodeParameter('operation', 0) as string;
		const output: INodeExecutionData[] = [];
		const plans: Array<EventPlan<string>> = [];
		const results = new Map<number, IDataObject>();
		const npc = this.getNodeParameter('dataModel', 0, DATA_MODELS.contacts) === DATA_MODELS.nonprofitCloud;
		// Nonprofit Cloud: the org is checked once (API version, Fundraising objects) and its payment methods read.
		const paymentMethods = npc && operation === 'write' ? picklistOptions(await npcGiftTransactionFields.call(this), 'PaymentMethod').map((option) => String(option.value)) : COMMON_PAYMENT_METHODS;
		const mapItem = (json: Parameters<typeof mapEvent>[0], itemIndex: number): EventMapping | ReturnType<typeof mapNpcEvent> =>
			npc ? mapNpcEvent(json, npcConfigFor(this, itemIndex, paymentMethods)) : mapEvent(json, configFor(this, itemIndex));

		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			try {
				const event = readCanonicalEvent(items[itemIndex].json);
				const mapping = mapItem(event, itemIndex);
				if ('skipped' in mapping) {
					results.set(itemIndex, { eventId: event.eventId, status: 'skipped', reason: mapping.skipped, records: [] });
				} else if (operation === 'map') {
					for (const record of mapping.records) output.push({ json: recordItem(event.eventId, record), pairedItem: { item: itemIndex } });
				} else {
					plans.push({ itemIndex, records: mapping.records });
					results.set(itemIndex, { eventId: event.eventId });
				}
			} catch (error) {
				if (!this.continueOnFail()) throw new NodeOperationError(this.getNode(), error as Error, { itemIndex });
				results.set(itemIndex, { error: (error as Error).message });
			}
		}

		if (operation === 'write' && plans.length > 0) {
			let outcomes: Map<number, RecordOutcome[]>;
			try {
				const allowDuplicates = (this.getNodeParameter(npc ? 'npcOptions.allowDuplicates' : 'options.allowDuplicates', 0, false) as boolean) === true;
				const model: DataModel = npc ? NPC_MODEL : CONTACTS_MODEL;
				outcomes = await upsertEvents.call(this, plans, { allowDuplicates }, model);
			} catch (error) {
				// Only the queries around the upsert fail a whole run (e.g. NPSP is not installed, a key field does not exist).
				throw new NodeApiError(this.getNode(), { message: (error as Error).message }, { message: (error as Error).message });
			}
			for (const plan of plans) {
				const records = outcomes.get(plan.itemIndex) ?? [];
				const error = errorText(records);
				if (error && !this.continueOnFail()) {
					throw new NodeApiError(this.getNode(), { message: error, records: JSON.parse(JSON.stringify(records)) as JsonObject[] }, { message: error, itemIndex: plan.itemIndex });
				}
				results.set(plan.itemIndex, { ...results.get(plan.itemIndex), status: error ? 'error' : 'ok', records: records as unknown as IDataObject[], ...(error ? { error } : {}) });
			}
		}
		for (const [itemIndex, json] of [...results.entries()].sort(([a], [b]) => a - b)) {
			if (operation === 'map' && !('error' in json) && json.status !== 'skipped') continue;
			output.push({ json, pairedItem: { item: itemIndex } });
		}
		if (operation === 'map') output.sort((a, b) => (a.pairedItem as { item: number }).item - (b.pairedItem as { item: number }).item);
		return [output];
	}
}
