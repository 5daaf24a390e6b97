/**
 * OnlineFundraising Payment API calls, for the action node and the trigger's "Resolve Entity".
 * Contract (docs/onlinefundraising.md): `{API URL}/<entity>/{guid}` and list endpoints with
 * `pageNumber`/`pageSize` answering `{ pageNumber, pageSize, list }`; JSON both ways; the key in
 * `Authorization` (set by the credential); POST/PUT/PATCH bodies signed with their MD5 (./signing.ts).
 */
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	ILoadOptionsFunctions,
	IWebhookFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';
import { getCachedCredentials } from '../shared/credentialCache';
import { maxPagesFor, PageGuard } from '../shared/paging';
import type { RetryPolicy } from '../shared/retry';
import { decodedBody, NO_RETRIES, vendorRequest, type VendorTransport } from '../shared/transport';
import { readOutcomeOfError, type EntityRead } from './trigger/entityResolution';
import { describeOnlineFundraisingError } from './errors';
import { signedJsonBody } from './signing';
import { isGuid, isName } from './trigger/payload';

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

/** For callers that make many requests at once (the trigger): the credential read once, a time limit, no repeats. */
export interface RequestOptions {
	credentials?: ICredentialDataDecryptedObject;
	timeoutMs?: number;
	retryPolicy?: RetryPolicy;
}

/** OnlineFundraising for the shared transport: an error answer becomes a NodeApiError with its code and text. */
export const ONLINE_FUNDRAISING: VendorTransport<{ baseUrl?: unknown }> = {
	credentialType: API_CREDENTIAL_TYPE,
	baseUrl: (credentials) => apiBaseUrl(credentials.baseUrl),
	mapError(failure, { method, path }) {
		// No answer (connection error, timeout): n8n's own error says what happened.
		if (failure.status === undefined) return failure.error as Error;
		const { message, description } = describeOnlineFundraisingError({ statusCode: failure.status, body: failure.body, method, path });
		const errorBody: JsonObject = typeof failure.body === 'object' && failure.body !== null ? (failure.body as JsonObject) : { body: String(failure.body ?? '') };
		return new NodeApiError(this.getNode(), errorBody, { message, description, httpCode: String(failure.status) });
	},
};

/**
 * One request; 429 and 503 are repeated, other failures only for GET/PUT/DELETE (../shared/retry.ts);
 * what stays becomes a NodeApiError with OnlineFundraising's code and text.
 */
export async function onlineFundraisingApiRequest(
	this: OnlineFundraisingContext,
	method: IHttpRequestMethods,
	path: string,
	body?: IDataObject,
	qs?: IDataObject,
	{ credentials, timeoutMs, retryPolicy }: RequestOptions = {},
): Promise<IDataObject | IDataObject[]> {
	const signed = body !== undefined ? signedJsonBody(body) : undefined;
	const response = await vendorRequest.call(this, ONLINE_FUNDRAISING, {
		method,
		path,
		headers: signed?.headers ?? { 'Content-Type': 'application/json; charset=utf-8' },
		...(signed ? { body: signed.text } : {}),
		...(qs && Object.keys(qs).length > 0 ? { qs } : {}),
		...(timeoutMs ? { timeout: timeoutMs } : {}),
		// The body is sent exactly as hashed; the answer is parsed here.
		json: false,
		...(credentials ? { credentials } : {}),
		...(retryPolicy ? { retryPolicy } : {}),
	});
	return (decodedBody(response.body) ?? {}) as IDataObject | IDataObject[];
}

/**
 * `/contact/{guid}`: the path of one entity. Only a GUID and a name go into it, so that `..`, `.` or
 * an empty value can never turn `GET /contact/{guid}` into `GET /contact/` or `GET /`.
 */
export function entityPath(entityType: string, guid: string): string {
	if (!isName(entityType)) throw new Error(`"${entityType}" is not an OnlineFundraising entity name`);
	if (!isGuid(guid)) throw new Error(`"${guid}" is not a GUID (8-4-4-4-12 hexadecimal digits, like a863d62e-d53b-4651-9b7b-0123456789ab)`);
	return `/${entityType}/${guid}`;
}

/** An entity by type and GUID (`GET /contact/{guid}`, `/payment/{guid}`, …). */
export async function getEntity(this: OnlineFundraisingContext, entityType: string, guid: string, options?: RequestOptions): Promise<IDataObject> {
	return (await onlineFundraisingApiRequest.call(this, 'GET', entityPath(entityType, guid), undefined, undefined, options)) as IDataObject;
}

/** A read for the trigger that takes longer than this counts as the API not answering (503). */
export const TRIGGER_READ_TIMEOUT_MS = 10_000;

/**
 * The trigger's entity read: the credential read once for the whole webhook request (and kept a few
 * seconds, ../shared/credentialCache.ts), every failure turned into an outcome (./trigger/entityResolution.ts).
 */
export async function entityReader(this: IWebhookFunctions): Promise<EntityRead> {
	let credentials: ICredentialDataDecryptedObject;
	try {
		credentials = await getCachedCredentials(this, API_CREDENTIAL_TYPE);
	} catch {
		return async () => ({ unavailable: 'the API credential could not be read' });
	}
	return async (entityType, guid) => {
		try {
			// No repeats inside the webhook: OnlineFundraising sends the webhook again after our 503.
			return { found: await getEntity.call(this, entityType, guid, { credentials, timeoutMs: TRIGGER_READ_TIMEOUT_MS, retryPolicy: NO_RETRIES }) };
		} catch (error) {
			const outcome = readOutcomeOfError(error);
			if ('unavailable' in outcome) this.logger.warn(`OnlineFundraising Trigger: GET ${entityPath(entityType, guid)} failed (${(error as Error).message}); the webhook is answered 503`);
			return outcome;
		}
	};
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
