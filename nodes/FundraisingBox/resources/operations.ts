/**
 * The five kinds of FundraisingBox operation (get one, get many, create, update, delete), built from
 * their fields, so each `resources/<resource>/<operation>.ts` only says what is particular to it:
 * the endpoint, the fields and how their values are formatted.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { idField } from '../descriptions';
import { finerDateBounds, listQuery, parseId, requestBody, type ValueFormats } from '../requestBody';
import { fundraisingBoxApiRequest, fundraisingBoxListAll } from '../transport';
import { type Operation, requestedLimit, getManyProperties, showFor, sortedByName } from '../../shared/resourceModule';

export { type Operation, resourceModule, showFor } from '../../shared/resourceModule';

interface ObjectNames {
	resource: string;
	/** e.g. `person`, `recurring payment` */
	noun: string;
	/** Path of the collection below the base URL without `.json`, e.g. `/persons`. */
	path: string;
}

interface ByIdNames extends ObjectNames {
	/** Parameter holding the object id, e.g. `personId`. */
	idName: string;
	idDisplayName: string;
}

/** The id parameter as a positive integer, or an error naming the field. */
export function requiredId(context: IExecuteFunctions, itemIndex: number, idName: string, idDisplayName: string): string {
	const value = context.getNodeParameter(idName, itemIndex);
	const id = parseId(value);
	if (id === undefined) {
		throw new NodeOperationError(context.getNode(), `${idDisplayName} must be a positive whole number, not "${String(value)}"`, {
			itemIndex,
		});
	}
	return id;
}

const plural = (noun: string) => (noun.endsWith('s') ? `${noun}es` : `${noun}s`);

function idProperty(names: ByIdNames, purpose: string): INodeProperties {
	return idField(names.idName, names.idDisplayName, `The ID of the ${names.noun} to ${purpose}`, true);
}

export function getOperation(names: ByIdNames): Operation {
	return {
		option: { name: 'Get', value: 'get', action: `Get a ${names.noun}`, description: `Get one ${names.noun} by ID` },
		properties: showFor(names.resource, 'get', [idProperty(names, 'get')]),
		async handler(this: IExecuteFunctions, itemIndex: number) {
			const id = requiredId(this, itemIndex, names.idName, names.idDisplayName);
			return await fundraisingBoxApiRequest.call(this, 'GET', `${names.path}/${id}.json`);
		},
	};
}

export function getManyOperation(
	names: ObjectNames & {
		filters?: INodeProperties[];
		formats?: ValueFormats;
		filterNote?: string;
		/** Date filters whose time of day the node applies itself: filter name → object field. */
		finerBounds?: Readonly<Record<string, string>>;
	},
): Operation {
	const nouns = plural(names.noun);
	const properties = getManyProperties(names.filters, names.filterNote);
	return {
		option: { name: 'Get Many', value: 'getAll', action: `Get many ${nouns}`, description: `List ${nouns}, page by page` },
		properties: showFor(names.resource, 'getAll', properties),
		async handler(this: IExecuteFunctions, itemIndex: number) {
			const limit = requestedLimit(this, itemIndex);
			const filters = names.filters?.length ? (this.getNodeParameter('filters', itemIndex, {}) as IDataObject) : {};
			const keep = names.finerBounds ? finerDateBounds(filters, names.finerBounds) : undefined;
			return await fundraisingBoxListAll.call(this, `${names.path}.json`, listQuery(filters, names.formats), limit, keep);
		},
	};
}

export function createOperation(
	names: ObjectNames & { required: INodeProperties[]; additional: INodeProperties[]; formats?: ValueFormats },
): Operation {
	const properties: INodeProperties[] = names.required.map((property) => ({ ...property, required: true }));
	if (names.additional.length > 0) {
		properties.push({
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			default: {},
			placeholder: 'Add Field',
			options: sortedByName(names.additional),
		});
	}
	return {
		option: { name: 'Create', value: 'create', action: `Create a ${names.noun}`, description: `Create a ${names.noun}` },
		properties: showFor(names.resource, 'create', properties),
		async handler(this: IExecuteFunctions, itemIndex: number) {
			const fields: IDataObject = {};
			for (const property of names.required) fields[property.name] = this.getNodeParameter(property.name, itemIndex) as IDataObject[string];
			if (names.additional.length > 0) Object.assign(fields, this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject);
			return await fundraisingBoxApiRequest.call(this, 'POST', `${names.path}.json`, requestBody(fields, names.formats));
		},
	};
}

export function updateOperation(names: ByIdNames & { fields: INodeProperties[]; formats?: ValueFormats }): Operation {
	return {
		option: { name: 'Update', value: 'update', action: `Update a ${names.noun}`, description: `Change fields of a ${names.noun}` },
		properties: showFor(names.resource, 'update', [
			idProperty(names, 'update'),
			{
				displayName: 'Update Fields',
				name: 'updateFields',
				type: 'collection',
				default: {},
				placeholder: 'Add Field',
				options: sortedByName(names.fields),
			},
		]),
		async handler(this: IExecuteFunctions, itemIndex: number) {
			const id = requiredId(this, itemIndex, names.idName, names.idDisplayName);
			const fields = this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
			if (Object.keys(fields).length === 0) {
				throw new NodeOperationError(this.getNode(), `Nothing to update: add at least one field under "Update Fields"`, { itemIndex });
			}
			return await fundraisingBoxApiRequest.call(this, 'PUT', `${names.path}/${id}.json`, requestBody(fields, names.formats));
		},
	};
}

export function deleteOperation(names: ByIdNames): Operation {
	return {
		option: { name: 'Delete', value: 'delete', action: `Delete a ${names.noun}`, description: `Delete a ${names.noun} permanently` },
		properties: showFor(names.resource, 'delete', [idProperty(names, 'delete')]),
		async handler(this: IExecuteFunctions, itemIndex: number) {
			const id = requiredId(this, itemIndex, names.idName, names.idDisplayName);
			await fundraisingBoxApiRequest.call(this, 'DELETE', `${names.path}/${id}.json`);
			// The answer's body is not documented; the item says what was deleted.
			return { id: Number(id), deleted: true };
		},
	};
}
