/**
 * The kinds of OnlineFundraising operation (get one, get many, create, update), built from their
 * fields, so each `resources/<resource>/<operation>.ts` only says what is particular to it. Every
 * entity answered is shown through fromOnlineFundraising (../values.ts).
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { type Operation, requestedLimit, getManyProperties, showFor } from '../../shared/resourceModule';
import { guidField } from '../descriptions';
import { listQuery } from '../requestBody';
import { getEntity, listAll, onlineFundraisingApiRequest } from '../transport';
import { fromOnlineFundraising } from '../values';
import { isGuid } from '../webhookPayload';

export interface EntityNames {
	resource: string;
	/** e.g. `contact`, `payment method` */
	noun: string;
	/** The entity's path segment, e.g. `contact` in `/contact/{guid}` and `POST /contact`. */
	entityPath: string;
	/** The list path, e.g. `/contacts`. */
	listPath?: string;
	/** The GUID parameter, e.g. `contactGuid`. */
	guidName: string;
	guidDisplayName: string;
}

/**
 * The GUID parameter, or an error naming the field when it is empty or not a GUID: it becomes a path
 * segment (`GET /contact/{guid}`), and `..` there would ask for another resource.
 */
export function requiredGuid(context: IExecuteFunctions, itemIndex: number, name: string, displayName: string): string {
	const value = String(context.getNodeParameter(name, itemIndex) ?? '').trim();
	if (value === '') throw new NodeOperationError(context.getNode(), `${displayName} is empty`, { itemIndex });
	if (!isGuid(value)) {
		throw new NodeOperationError(context.getNode(), `${displayName} "${value.slice(0, 60)}" is not a GUID`, {
			itemIndex,
			description: 'OnlineFundraising GUIDs are 8-4-4-4-12 hexadecimal digits, like a863d62e-d53b-4651-9b7b-0123456789ab. Nothing was sent.',
		});
	}
	return value;
}

/** Turns a plain Error from a pure helper (invalid JSON, a bad amount) into one that names the item. */
export function asNodeError(context: IExecuteFunctions, itemIndex: number, build: () => IDataObject): IDataObject {
	try {
		return build();
	} catch (error) {
		throw new NodeOperationError(context.getNode(), (error as Error).message, { itemIndex });
	}
}

const guidProperty = (names: EntityNames, purpose: string) =>
	guidField(names.guidName, names.guidDisplayName, `The GUID of the ${names.noun} to ${purpose}`, true);

const plural = (noun: string) => `${noun}s`;

export function getOperation(names: EntityNames): Operation {
	return {
		option: { name: 'Get', value: 'get', action: `Get a ${names.noun}`, description: `Get one ${names.noun} by GUID` },
		properties: showFor(names.resource, 'get', [guidProperty(names, 'get')]),
		async handler(this: IExecuteFunctions, itemIndex: number) {
			const guid = requiredGuid(this, itemIndex, names.guidName, names.guidDisplayName);
			return fromOnlineFundraising(await getEntity.call(this, names.entityPath, guid));
		},
	};
}

export function getManyOperation(names: EntityNames & { filters: INodeProperties[]; dateFilters?: string[]; filterNote?: string }): Operation {
	const nouns = plural(names.noun);
	const properties = getManyProperties(names.filters, names.filterNote);
	return {
		option: { name: 'Get Many', value: 'getAll', action: `Get many ${nouns}`, description: `List ${nouns}, page by page` },
		properties: showFor(names.resource, 'getAll', properties),
		async handler(this: IExecuteFunctions, itemIndex: number) {
			const filters = names.filters.length > 0 ? (this.getNodeParameter('filters', itemIndex, {}) as IDataObject) : {};
			const entities = await listAll.call(this, names.listPath ?? `/${plural(names.entityPath)}`, listQuery(filters, names.dateFilters), requestedLimit(this, itemIndex));
			return entities.map(fromOnlineFundraising);
		},
	};
}

/** POST /<entity> with the body the resource builds from its fields. */
export function createOperation(
	names: EntityNames & { properties: INodeProperties[]; body: (context: IExecuteFunctions, itemIndex: number) => IDataObject },
): Operation {
	return {
		option: { name: 'Create', value: 'create', action: `Create a ${names.noun}`, description: `Create a ${names.noun}` },
		properties: showFor(names.resource, 'create', names.properties),
		async handler(this: IExecuteFunctions, itemIndex: number) {
			const body = names.body(this, itemIndex);
			return fromOnlineFundraising((await onlineFundraisingApiRequest.call(this, 'POST', `/${names.entityPath}`, body)) as IDataObject);
		},
	};
}

/** The optional fields of a create or update, as a collection. */
export function fieldsCollection(name: string, displayName: string, fields: INodeProperties[]): INodeProperties {
	return {
		displayName,
		name,
		type: 'collection',
		default: {},
		placeholder: 'Add Field',
		options: [...fields].sort((a, b) => a.displayName.localeCompare(b.displayName)),
	};
}
