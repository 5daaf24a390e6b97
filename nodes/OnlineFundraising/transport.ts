/**
 * OnlineFundraising Payment API calls, for the action node and the trigger's "Resolve Entity".
 * Contract (docs/onlinefundraising.md): `{API URL}/<entity>/{guid}` and list endpoints with
 * `pageNumber`/`pageSize` answering `{ pageNumber, pageSize, list }`; JSON both ways; the key in
 * `Authorization` (set by the credential); POST/PUT/PATCH bodies signed with their MD5 (./signing.ts).
 */
import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	ILoadOptionsFunctions,
	IN8nHttpFullResponse,
	IWebhookFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';
import { maxPagesFor, PageGuard } from '../shared/paging';
import { describeOnlineFundraisingError } from './errors';
import { signedJsonBody } from './signing';

export const API_CREDENTIAL_TYPE = 'onlineFundraisingApi';

export type OnlineFundraisingContext = IExecuteFunctions | ILoadOptionsFunctions | IWebhookFunctions;

export interface ListPage {
	/** The page number the answer names (as asked, when it names none). */
	pageNumber: number;
	pageSize: number;
	list: IDataObject[];
	/** A bare array answer is the whole result (no paging), so no further page is asked for. */
	complete?: boolean;
}

export function apiBaseUrl(configured: unknown): string {
	return (typeof configured === 'string' ? configured.trim() : '').replace(/\/+$/, '');
}

function parsed(body: unknown): unknown {
	if (Buffer.isBuffer(body)) body = body.toString('utf8');
	if (typeof body !== 'string') return body;
	if (body.trim() === '') return undefined;
	try {
		return JSON.parse(body);
	} catch {
		return body;
	}
}

/** One request; any non-2xx answer becomes a NodeApiError with OnlineFundraising's code and text. */
export async function onlineFundraisingApiRequest(
	this: OnlineFundraisingContext,
	method: IHttpRequestMethods,
	path: string,
	body?: IDataObject,
	qs?: IDataObject,
): Promise<IDataObject | IDataObject[]> {
	const credentials = await this.getCredentials<{ baseUrl?: string }>(API_CREDENTIAL_TYPE);
	const signed = body !== undefined ? signedJsonBody(body) : undefined;
	const response = (await this.helpers.httpRequestWithAuthentication.call(this, API_CREDENTIAL_TYPE, {
		method,
		url: `${apiBaseUrl(credentials.baseUrl)}${path}`,
		headers: signed?.headers ?? { 'Content-Type': 'application/json; charset=utf-8' },
		...(signed ? { body: signed.text } : {}),
		...(qs && Object.keys(qs).length > 0 ? { qs } : {}),
		// The body is sent exactly as hashed; the answer is parsed here.
		json: false,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
	})) as IN8nHttpFullResponse;
	const answer = parsed(response.body);
	if (response.statusCode >= 200 && response.statusCode < 300) return (answer ?? {}) as IDataObject | IDataObject[];
	const { message, description } = describeOnlineFundraisingError({ statusCode: response.statusCode, body: answer, method, path });
	const errorBody: JsonObject = typeof answer === 'object' && answer !== null ? (answer as JsonObject) : { body: String(answer ?? '') };
	throw new NodeApiError(this.getNode(), errorBody, { message, description, httpCode: String(response.statusCode) });
}

/** An entity by type and GUID (`GET /contact/{guid}`, `/payment/{guid}`, …). */
export async function getEntity(this: OnlineFundraisingContext, entityType: string, guid: string): Promise<IDataObject> {
	return (await onlineFundraisingApiRequest.call(this, 'GET', `/${entityType}/${encodeURIComponent(guid)}`)) as IDataObject;
}

/** One page of a list endpoint; a bare array (older search answers) counts as one page. */
export async function listPage(this: OnlineFundraisingContext, path: string, qs: IDataObject, pageNumber: number, pageSize: number): Promise<ListPage> {
	const answer = await onlineFundraisingApiRequest.call(this, 'GET', path, undefined, { ...qs, pageNumber, pageSize });
	if (Array.isArray(answer)) return { pageNumber, pageSize, list: answer, complete: true };
	// The answer echoes the page size it used, which may be smaller than asked (the maximum is undocumented).
	const usedSize = typeof answer.pageSize === 'number' && answer.pageSize > 0 ? answer.pageSize : pageSize;
	const answeredNumber = typeof answer.pageNumber === 'number' ? answer.pageNumber : pageNumber;
	return { pageNumber: answeredNumber, pageSize: usedSize, list: Array.isArray(answer.list) ? (answer.list as IDataObject[]) : [] };
}

/** The documented example's page size; the fake and this node assume it is also the maximum (undocumented). */
export const DEFAULT_PAGE_SIZE = 50;

/**
 * Every entity of a list, page by page until a page comes back short of the size used, or the
 * first `limit` (then pages of at most `limit`, so a small limit costs one small request). A page
 * repeated (same entities, or the same page number echoed) or more pages than 100,000 entities
 * take fail the read (../shared/paging.ts).
 */
export async function listAll(this: OnlineFundraisingContext, path: string, qs: IDataObject = {}, limit?: number): Promise<IDataObject[]> {
	const pageSize = limit === undefined ? DEFAULT_PAGE_SIZE : Math.max(1, Math.min(limit, DEFAULT_PAGE_SIZE));
	const collected: IDataObject[] = [];
	const guard = new PageGuard(`OnlineFundraising ${path}`, maxPagesFor(pageSize));
	for (let pageNumber = 1; ; pageNumber++) {
		const page = await listPage.call(this, path, qs, pageNumber, pageSize);
		guard.check(page.list, String(page.pageNumber));
		collected.push(...page.list);
		if (limit !== undefined && collected.length >= limit) return collected.slice(0, limit);
		if (page.complete || page.list.length === 0 || page.list.length < page.pageSize) return collected;
	}
}
