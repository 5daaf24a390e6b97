/**
 * PostFinance SmartBusiness / smallinvoice API v2 calls (reference smartbusiness.md §1–§3): JSON
 * both ways, `{item}` for one record, `{items, pagination}` for lists (`limit` ≤ 200, `offset`),
 * `{code, message, meta}` errors. All HTTP goes through n8n's httpRequestWithAuthentication with the
 * OAuth2 credential, so n8n fetches the token, renews it on 401 and applies proxies. 429, 503 and
 * transient failures are repeated as nodes/shared/retry.ts allows (through ../shared/transport.ts).
 */
import type { IDataObject, IExecuteFunctions, IHttpRequestMethods, ILoadOptionsFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { maxPagesFor, PageGuard } from '../shared/paging';
import { rateLimitResetSeconds } from '../shared/retry';
import { vendorRequest, type VendorTransport } from '../shared/transport';
import { describeSmartBusinessError } from './errors';

export const CREDENTIAL_TYPE = 'smartBusinessOAuth2Api';

export const PRODUCT_BASE_URLS: Readonly<Record<string, string>> = {
	smartBusiness: 'https://api-smartbusiness.postfinance.ch/v2',
	smallinvoice: 'https://api.smallinvoice.com/v2',
};

/** Records per list request: the API's maximum. */
export const PAGE_LIMIT = 200;

const REQUEST_TIMEOUT_MS = 60_000;

export type SmartBusinessContext = IExecuteFunctions | ILoadOptionsFunctions;

export interface ListPage {
	items: IDataObject[];
	/** True when `pagination.next` says there is a page after this one. */
	hasNext: boolean;
	/** `pagination.next`, the link to the page after this one. */
	next?: string;
	total?: number;
}

export function apiBaseUrl(credentials: { product?: unknown; baseUrl?: unknown }): string {
	const configured = credentials.product === 'custom' ? String(credentials.baseUrl ?? '') : PRODUCT_BASE_URLS[String(credentials.product)];
	return (configured ?? PRODUCT_BASE_URLS.smartBusiness).trim().replace(/\/+$/, '');
}

interface RequestSpec {
	body?: IDataObject;
	qs?: IDataObject;
	/** Answer as bytes (PDF) with its headers, instead of JSON. */
	binary?: boolean;
}

/**
 * SmartBusiness on the shared transport. `renewsOn401`: n8n renews the OAuth2 token only when its
 * helper throws the 401. A final failure is a NodeApiError naming fields and causes.
 */
const SMART_BUSINESS: VendorTransport<{ product?: string; baseUrl?: string }> = {
	credentialType: CREDENTIAL_TYPE,
	baseUrl: apiBaseUrl,
	renewsOn401: true,
	mapError(failure, { method, path }) {
		if (failure.status === undefined && failure.code === undefined) {
			return new NodeOperationError(this.getNode(), failure.error as Error, {
				description: `${method} ${path} was not sent. For Authorization Code, open the credential and connect it.`,
			});
		}
		const described = describeSmartBusinessError({ ...failure, method, path, resetSeconds: rateLimitResetSeconds(failure.headers) });
		const errorBody: JsonObject = typeof failure.body === 'object' && failure.body !== null ? (failure.body as JsonObject) : { message: String(failure.body ?? failure.code ?? '') };
		const apiError = new NodeApiError(this.getNode(), errorBody, {
			message: described.message,
			description: described.description,
			...(failure.status !== undefined ? { httpCode: String(failure.status) } : {}),
		});
		const vendorCode = (failure.body as { code?: unknown } | undefined)?.code;
		if (typeof vendorCode === 'number') apiError.context.vendorCode = vendorCode;
		// Continue-on-fail items carry the field errors (nodes/shared/failedItem.ts).
		if (described.fieldErrors && described.fieldErrors.length > 0) apiError.context.failedItemDetails = { fieldErrors: described.fieldErrors as unknown as IDataObject[] };
		return apiError;
	},
};

/** One API call, repeated as the retry policy allows; the JSON answer, or for `binary` the full answer (bytes and headers). */
export async function smartBusinessRequest(this: SmartBusinessContext, method: IHttpRequestMethods, path: string, spec: RequestSpec = {}): Promise<unknown> {
	const response = await vendorRequest.call(this, SMART_BUSINESS, {
		method,
		path,
		headers: { Accept: spec.binary ? 'application/pdf' : 'application/json' },
		timeout: REQUEST_TIMEOUT_MS,
		...(spec.qs && Object.keys(spec.qs).length > 0 ? { qs: spec.qs } : {}),
		...(spec.body !== undefined ? { body: spec.body, json: true } : { json: !spec.binary }),
		...(spec.binary ? { encoding: 'arraybuffer' as const } : {}),
	});
	return spec.binary ? response : response.body;
}

/**
 * Whether SmartBusiness refused a list's query parameters (a filter or search it does not support):
 * any 400 or 422, whatever its code. The vendor client maps every 400 to one BadRequestException;
 * its InvalidFilterKeyException (2101) is never thrown, so no code is relied on.
 */
export function isRefusedQuery(error: unknown): boolean {
	return error instanceof NodeApiError && (error.httpCode === '400' || error.httpCode === '422');
}

/** The `item` of a single-record answer. */
export async function itemRequest(this: SmartBusinessContext, method: IHttpRequestMethods, path: string, spec: RequestSpec = {}): Promise<IDataObject> {
	const answer = (await smartBusinessRequest.call(this, method, path, spec)) as { item?: IDataObject } | undefined;
	return answer?.item ?? {};
}

export async function listPage(this: SmartBusinessContext, path: string, qs: IDataObject, limit: number, offset: number): Promise<ListPage> {
	const answer = (await smartBusinessRequest.call(this, 'GET', path, { qs: { ...qs, limit, offset } })) as {
		items?: IDataObject[];
		pagination?: { next?: unknown; total?: unknown };
	};
	const items = Array.isArray(answer?.items) ? answer.items : [];
	const pagination = answer?.pagination;
	const next = typeof pagination?.next === 'string' && pagination.next !== '' ? pagination.next : undefined;
	const hasNext = pagination ? next !== undefined : items.length === limit;
	return { items, hasNext, next, total: typeof pagination?.total === 'number' ? pagination.total : undefined };
}

/** The guard of one read of a list: a page repeated, or more than 100,000 records' pages, fail it (../shared/paging.ts). */
export const listGuard = (path: string) => new PageGuard(`SmartBusiness ${path}`, maxPagesFor(PAGE_LIMIT));

/**
 * Every record of a list, 200 per request, until `pagination.next` is absent; or the first `limit`
 * (then pages of at most `limit`, so a small limit costs one small request).
 */
export async function listAll(this: SmartBusinessContext, path: string, qs: IDataObject = {}, limit?: number): Promise<IDataObject[]> {
	const collected: IDataObject[] = [];
	const guard = listGuard(path);
	for (let offset = 0; ; ) {
		const pageLimit = limit === undefined ? PAGE_LIMIT : Math.min(PAGE_LIMIT, limit - collected.length);
		const page = await listPage.call(this, path, qs, pageLimit, offset);
		guard.check(page.items, page.next);
		collected.push(...page.items);
		offset += page.items.length;
		if (limit !== undefined && collected.length >= limit) return collected.slice(0, limit);
		if (!page.hasNext || page.items.length === 0) return collected;
	}
}
