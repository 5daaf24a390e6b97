/**
 * The one way to write an action operation. Each operation is one file,
 * `resources/<resource>/<operation>.ts`, exporting an `Operation` (./resourceModule.ts): its
 * option in the Operation selector, its fields (resourceModule shows them for that resource and
 * operation) and its handler, which runs one item through the vendor's transport. Pairing,
 * continue-on-fail and the node's `execute()` are runResourceOperations, written once.
 *
 * The usual REST operations (get one, get many, create, update, delete) are not written out each
 * time: `entityOperations(api)` makes them from the vendor's EntityApi (`resources/entityApi.ts`:
 * how its objects are addressed and how its transport reads and writes them). An operation that
 * is particular to its vendor (SmartBusiness, the FundraisingBox Payment-API) is an `Operation`
 * object written out in its file, with the same three parts.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { getManyProperties, requestedLimit, sortedByName, type Operation } from './resourceModule';

export type { Operation } from './resourceModule';

/** An object kind of a vendor API, as the standard operations name it. */
export interface Entity {
	/** e.g. `person`, `recurring payment` */
	noun: string;
	/** The parameter holding the object's id, e.g. `personId`. */
	idName: string;
	idDisplayName: string;
}

/** What a vendor supplies for the standard operations of its entities: ids and its transport. */
export interface EntityApi<E extends Entity, Listing = object> {
	/** How the vendor's ids are called in texts: `ID`, `GUID`. */
	idWord: string;
	/** The id field of get, update and delete (`purpose` is the operation, e.g. `get`). */
	idField(entity: E, purpose: string): INodeProperties;
	/** The id parameter, checked; an error naming the field when it is not an id. */
	readId(context: IExecuteFunctions, itemIndex: number, entity: E): string;
	/** The request body from the values the user set (the vendor's formats of dates, ids, …). */
	body(entity: E, values: IDataObject): IDataObject;
	get(this: IExecuteFunctions, entity: E, id: string): Promise<IDataObject>;
	list(this: IExecuteFunctions, entity: E, filters: IDataObject, limit: number | undefined, listing: Listing): Promise<IDataObject[]>;
	create(this: IExecuteFunctions, entity: E, body: IDataObject): Promise<IDataObject>;
	update?(this: IExecuteFunctions, entity: E, id: string, body: IDataObject): Promise<IDataObject>;
	/** Deletes, and returns the item that says what was deleted. */
	delete?(this: IExecuteFunctions, entity: E, id: string): Promise<IDataObject>;
}

/** How a create reads its values: the fields and a body from them, or Required + Additional Fields. */
export type CreateSpec =
	| { fields: INodeProperties[]; body: (context: IExecuteFunctions, itemIndex: number) => IDataObject }
	| { required: INodeProperties[]; additional: INodeProperties[] };

/** The optional fields of a create or update, as a collection sorted by name. */
export function fieldsCollection(name: string, displayName: string, fields: INodeProperties[]): INodeProperties {
	return { displayName, name, type: 'collection', default: {}, placeholder: 'Add Field', options: sortedByName(fields) };
}

/** The values of the required fields and of the Additional Fields collection. */
export function requiredAndAdditionalValues(context: IExecuteFunctions, itemIndex: number, required: INodeProperties[], additional: INodeProperties[]): IDataObject {
	const values: IDataObject = {};
	for (const property of required) values[property.name] = context.getNodeParameter(property.name, itemIndex) as IDataObject[string];
	if (additional.length > 0) Object.assign(values, context.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject);
	return values;
}

/** The value of a pure step (a body builder); its plain Error, which names the field, becomes the item's NodeOperationError. */
export function checked<T>(context: IExecuteFunctions, itemIndex: number, build: () => T): T {
	try {
		return build();
	} catch (error) {
		throw new NodeOperationError(context.getNode(), (error as Error).message, { itemIndex });
	}
}

const plural = (noun: string) => (noun.endsWith('s') ? `${noun}es` : `${noun}s`);

/** The standard operations of a vendor's entities, made from its EntityApi. */
export function entityOperations<E extends Entity, Listing = object>(api: EntityApi<E, Listing>) {
	return {
		get(entity: E): Operation {
			return {
				option: { name: 'Get', value: 'get', action: `Get a ${entity.noun}`, description: `Get one ${entity.noun} by ${api.idWord}` },
				properties: [api.idField(entity, 'get')],
				async handler(this: IExecuteFunctions, itemIndex: number) {
					return await api.get.call(this, entity, api.readId(this, itemIndex, entity));
				},
			};
		},

		/** Return All, Limit and (when there are any) the Filters collection; `listing` goes to the vendor's list. */
		getMany(entity: E, { filters = [], filterNote, ...listing }: { filters?: INodeProperties[]; filterNote?: string } & Listing): Operation {
			const nouns = plural(entity.noun);
			return {
				option: { name: 'Get Many', value: 'getAll', action: `Get many ${nouns}`, description: `List ${nouns}, page by page` },
				properties: getManyProperties(filters, filterNote),
				async handler(this: IExecuteFunctions, itemIndex: number) {
					const values = filters.length > 0 ? (this.getNodeParameter('filters', itemIndex, {}) as IDataObject) : {};
					return await api.list.call(this, entity, values, requestedLimit(this, itemIndex), listing as unknown as Listing);
				},
			};
		},

		/** Required fields (marked required) and an Additional Fields collection, or fields with their own body. */
		create(entity: E, spec: CreateSpec): Operation {
			let properties: INodeProperties[];
			let body: (context: IExecuteFunctions, itemIndex: number) => IDataObject;
			if ('body' in spec) {
				properties = spec.fields;
				body = spec.body;
			} else {
				const { required, additional } = spec;
				properties = required.map((property) => ({ ...property, required: true }));
				if (additional.length > 0) properties.push(fieldsCollection('additionalFields', 'Additional Fields', additional));
				body = (context, itemIndex) => api.body(entity, requiredAndAdditionalValues(context, itemIndex, required, additional));
			}
			return {
				option: { name: 'Create', value: 'create', action: `Create a ${entity.noun}`, description: `Create a ${entity.noun}` },
				properties,
				async handler(this: IExecuteFunctions, itemIndex: number) {
					return await api.create.call(this, entity, body(this, itemIndex));
				},
			};
		},

		/** The id and an Update Fields collection; an item without any field to change fails, nothing is sent. */
		update(entity: E, { fields }: { fields: INodeProperties[] }): Operation {
			const update = api.update;
			if (!update) throw new Error(`Update is not offered for ${entity.noun}`);
			return {
				option: { name: 'Update', value: 'update', action: `Update a ${entity.noun}`, description: `Change fields of a ${entity.noun}` },
				properties: [api.idField(entity, 'update'), fieldsCollection('updateFields', 'Update Fields', fields)],
				async handler(this: IExecuteFunctions, itemIndex: number) {
					const id = api.readId(this, itemIndex, entity);
					const values = this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
					if (Object.keys(values).length === 0) {
						throw new NodeOperationError(this.getNode(), 'Nothing to update: add at least one field under "Update Fields"', { itemIndex });
					}
					return await update.call(this, entity, id, api.body(entity, values));
				},
			};
		},

		delete(entity: E): Operation {
			const remove = api.delete;
			if (!remove) throw new Error(`Delete is not offered for ${entity.noun}`);
			return {
				option: { name: 'Delete', value: 'delete', action: `Delete a ${entity.noun}`, description: `Delete a ${entity.noun} permanently` },
				properties: [api.idField(entity, 'delete')],
				async handler(this: IExecuteFunctions, itemIndex: number) {
					return await remove.call(this, entity, api.readId(this, itemIndex, entity));
				},
			};
		},
	};
}
