/**
 * FundraisingBox JSON REST API calls, for the action node, its dropdowns and polling triggers.
 * Contract (docs/fundraisingbox.md): `{baseUrl}/<resource>.json` and `/<resource>/:id.json`,
 * HTTP Basic auth with the API token (set by the `fundraisingBoxRestApi` credential), lists as
 * `{ hasMore, data }` with `page` (from 1) and `perPage` (at most 100), errors as described in
 * ./errors.ts.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	ILoadOptionsFunctions,
	IPollFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';
import { maxPagesFor, PageGuard } from '../shared/paging';
import { decodedBody, vendorRequest, type VendorTransport } from '../shared/transport';
import { describeFundraisingBoxError } from './errors';

export const REST_CREDENTIAL_TYPE = 'fundraisingBoxRestApi';
export const DEFAULT_BASE_URL = 'https://api.fundraisingbox.com/v1';
/** "Maximum is 100 entries, use the page parameter to get the next results." */
export const MAX_PER_PAGE = 100;

export type FundraisingBoxContext = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions;

export interface ListPage {
	hasMore: boolean;
	data: IDataObject[];
}

export function restBaseUrl(configured: unknown): string {
	const text = typeof configured === 'string' ? configured.trim() : '';
	return (text || DEFAULT_BASE_URL).replace(/\/+$/, '');
}

/** FundraisingBox REST for the shared transport: an error answer becomes a NodeApiError with FundraisingBox's message. */
export const FUNDRAISINGBOX_REST: VendorTransport<{ baseUrl?: string }> = {
	credentialType: REST_CREDENTIAL_TYPE,
	baseUrl: (credentials) => restBaseUrl(credentials.baseUrl),
	mapError(failure, { method, path }) {
		// No answer (connection error, timeout): n8n's own error says what happened.
		if (failure.status === undefined) return failure.error as Error;
		const { message, description } = describeFundraisingBoxError({ statusCode: failure.status, body: failure.body, method, endpoint: path });
		const errorBody: JsonObject = typeof failure.body === 'object' && failure.body !== null ? (failure.body as JsonObject) : { body: String(failure.body ?? '') };
		return new NodeApiError(this.getNode(), errorBody, { message, description, httpCode: String(failure.status) });
	},
};

/**
 * One request. `endpoint` is the path below the base URL, e.g. `/persons/12.json`. 429 (until
 * `x-ratelimit-reset`, if within a minute) and 503 are repeated, other failures only for GET/PUT/DELETE
 * (../shared/retry.ts); what stays becomes a NodeApiError whose message names the field, code and vendor message.
 */
export async function fundraisingBoxApiRequest(
	this: FundraisingBoxContext,
	method: IHttpRequestMethods,
	endpoint: string,
	body?: IDataObject,
	qs?: IDataObject,
): Promise<IDataObject> {
	const response = await vendorRequest.call(this, FUNDRAISINGBOX_REST, {
		method,
		path: endpoint,
		...(qs && Object.keys(qs).length > 0 ? { qs } : {}),
		...(body ? { body } : {}),
		json: true,
	});
	return (decodedBody(response.body) ?? {}) as IDataObject;
}

/** One page of a list endpoint. */
export async function fundraisingBoxListPage(
	this: FundraisingBoxContext,
	endpoint: string,
	qs: IDataObject = {},
	page = 1,
	perPage = MAX_PER_PAGE,
): Promise<ListPage> {
	const answer = await fundraisingBoxApiRequest.call(this, 'GET', endpoint, undefined, { ...qs, page, perPage });
	return { hasMore: answer.hasMore === true, data: Array.isArray(answer.data) ? (answer.data as IDataObject[]) : [] };
}

/**
 * All objects of a list endpoint, page by page while `hasMore`, or the first `limit` of them.
 * `keep` drops objects on our side (finer bounds than FundraisingBox's filters take); the limit
 * counts the kept ones. A page repeated or more pages than 100,000 objects take fail the read
 * (../shared/paging.ts).
 */
export async function fundraisingBoxListAll(
	this: FundraisingBoxContext,
	endpoint: string,
	qs: IDataObject = {},
	limit?: number,
	keep?: (object: IDataObject) => boolean,
): Promise<IDataObject[]> {
	const perPage = limit === undefined ? MAX_PER_PAGE : Math.max(1, Math.min(limit, MAX_PER_PAGE));
	const collected: IDataObject[] = [];
	const guard = new PageGuard(`FundraisingBox ${endpoint}`, maxPagesFor(perPage));
	for (let page = 1; ; page++) {
		const { hasMore, data } = await fundraisingBoxListPage.call(this, endpoint, qs, page, perPage);
		guard.check(data);
		collected.push(...(keep ? data.filter(keep) : data));
		if (limit !== undefined && collected.length >= limit) return collected.slice(0, limit);
		// An empty page ends the loop even if hasMore says otherwise, so a bad answer cannot loop forever.
		if (!hasMore || data.length === 0) return collected;
	}
}
