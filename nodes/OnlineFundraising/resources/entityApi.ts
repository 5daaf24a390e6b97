/**
 * What OnlineFundraising supplies to the standard operations (../../shared/operations.ts): its
 * entities by GUID at `/<entity>/{guid}`, created with `POST /<entity>`, listed at `/<entity>s`,
 * every request through ../transport.ts and every entity answered shown through
 * fromOnlineFundraising (../apiFormat.ts).
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { entityOperations, type Entity, type EntityApi } from '../../shared/operations';
import { guidField } from './fields';
import { entityBody, fromOnlineFundraising, listQuery } from '../apiFormat';
import { entityPath, getEntity, listAll, onlineFundraisingApiRequest } from '../transport';
import { isGuid } from '../trigger/payload';

export interface OnlineFundraisingEntity extends Entity {
	/** The entity's path segment, e.g. `contact` in `/contact/{guid}` and `POST /contact`. */
	entityPath: string;
	/** The list path, e.g. `/contacts` (default: the entity path with an s). */
	listPath?: string;
	/** Fields sent as `YYYY-MM-DD`. */
	dates?: string[];
}

/** How a Get Many reads its filters: which of them are dates. */
interface Listing {
	dateFilters?: string[];
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

const ENTITY_API: EntityApi<OnlineFundraisingEntity, Listing> = {
	idWord: 'GUID',
	idField: (entity, purpose) => guidField(entity.idName, entity.idDisplayName, `The GUID of the ${entity.noun} to ${purpose}`, true),
	readId: (context, itemIndex, entity) => requiredGuid(context, itemIndex, entity.idName, entity.idDisplayName),
	body: (entity, values) => entityBody(values, { dates: entity.dates }),
	async get(entity, guid) {
		return fromOnlineFundraising(await getEntity.call(this, entity.entityPath, guid));
	},
	async list(entity, filters, limit, { dateFilters }) {
		const entities = await listAll.call(this, entity.listPath ?? `/${entity.entityPath}s`, listQuery(filters, dateFilters), limit);
		return entities.map(fromOnlineFundraising);
	},
	async create(entity, body) {
		return fromOnlineFundraising((await onlineFundraisingApiRequest.call(this, 'POST', `/${entity.entityPath}`, body)) as IDataObject);
	},
	async update(entity, guid, body) {
		return fromOnlineFundraising((await onlineFundraisingApiRequest.call(this, 'PUT', entityPath(entity.entityPath, guid), body)) as IDataObject);
	},
};

/** Get, Get Many, Create and Update of an OnlineFundraising entity. */
export const onlineFundraising = entityOperations(ENTITY_API);
