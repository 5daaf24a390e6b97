/**
 * What FundraisingBox REST supplies to the standard operations (../../shared/operations.ts): its
 * objects by numeric ID at `{baseUrl}/<path>/:id.json`, lists at `<path>.json`, bodies and list
 * queries in its formats (../apiFormat.ts), every request through ../transport.ts.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { entityOperations, type Entity, type EntityApi } from '../../shared/operations';
import { idField } from './fields';
import { finerDateBounds, listQuery, parseId, requestBody, type ValueFormats } from '../apiFormat';
import { fundraisingBoxApiRequest, fundraisingBoxListAll } from '../transport';

export interface RestObject extends Entity {
	/** Path of the collection below the base URL without `.json`, e.g. `/persons`. */
	path: string;
	/** How the values of a create or update are formatted. */
	formats?: ValueFormats;
}

/** How a Get Many reads its filters. */
interface Listing {
	formats?: ValueFormats;
	/** Date filters whose time of day the node applies itself: filter name → object field. */
	finerBounds?: Readonly<Record<string, string>>;
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

const REST_API: EntityApi<RestObject, Listing> = {
	idWord: 'ID',
	idField: (object, purpose) => idField(object.idName, object.idDisplayName, `The ID of the ${object.noun} to ${purpose}`, true),
	readId: (context, itemIndex, object) => requiredId(context, itemIndex, object.idName, object.idDisplayName),
	body: (object, values) => requestBody(values, object.formats),
	async get(object, id) {
		return await fundraisingBoxApiRequest.call(this, 'GET', `${object.path}/${id}.json`);
	},
	async list(object, filters, limit, { formats, finerBounds }) {
		const keep = finerBounds ? finerDateBounds(filters, finerBounds) : undefined;
		return await fundraisingBoxListAll.call(this, `${object.path}.json`, listQuery(filters, formats), limit, keep);
	},
	async create(object, body) {
		return await fundraisingBoxApiRequest.call(this, 'POST', `${object.path}.json`, body);
	},
	async update(object, id, body) {
		return await fundraisingBoxApiRequest.call(this, 'PUT', `${object.path}/${id}.json`, body);
	},
	async delete(object, id): Promise<IDataObject> {
		await fundraisingBoxApiRequest.call(this, 'DELETE', `${object.path}/${id}.json`);
		// The answer's body is not documented; the item says what was deleted.
		return { id: Number(id), deleted: true };
	},
};

/** Get, Get Many, Create, Update and Delete of a FundraisingBox REST object. */
export const fundraisingBox = entityOperations(REST_API);
