/**
 * Salesforce REST calls of the Salesforce Mapper (reference salesforce.md §1, §4). The credential
 * logs in, adds the session token and points the request at the session's instance URL; when
 * Salesforce answers 401 (INVALID_SESSION_ID), n8n logs in again once and repeats the request.
 * 503 and transient failures of idempotent requests are repeated (nodes/shared/retry.ts, through
 * ../shared/transport.ts).
 */
import type { IDataObject, IExecuteFunctions, IHttpRequestMethods, ILoadOptionsFunctions } from 'n8n-workflow';
import { headerValue, type RequestFailure } from '../shared/retry';
import { credentialsOnce, vendorRequest, type VendorTransport } from '../shared/transport';
import { apiVersionOf } from './login';

export const CREDENTIAL_TYPE = 'salesforceMapperApi';

export type SalesforceContext = IExecuteFunctions | ILoadOptionsFunctions;

/** One error of Salesforce's top-level error list (`errorCode`) or of a record result (`statusCode`). */
export interface SalesforceError {
	statusCode: string;
	message: string;
	fields?: string[];
}

export class SalesforceRequestError extends Error {
	constructor(
		message: string,
		readonly status: number | undefined,
		readonly errors: SalesforceError[],
	) {
		super(message);
	}
}

/** Salesforce's error list (`[{message, errorCode, fields}]`) from an error answer, whatever its form. */
export function errorsOf(body: unknown): SalesforceError[] {
	let parsed: unknown = Buffer.isBuffer(body) ? body.toString('utf8') : body;
	if (typeof parsed === 'string') {
		const text = parsed;
		try {
			parsed = JSON.parse(text);
		} catch {
			return text.trim() === '' ? [] : [{ statusCode: 'UNKNOWN', message: text.slice(0, 300) }];
		}
	}
	const list = Array.isArray(parsed) ? parsed : parsed && typeof parsed === 'object' ? [parsed] : [];
	return list
		.filter((entry): entry is Record<string, unknown> => typeof entry === 'object' && entry !== null)
		.map((entry) => ({
			statusCode: String(entry.errorCode ?? entry.statusCode ?? entry.error ?? 'UNKNOWN'),
			message: String(entry.message ?? entry.error_description ?? ''),
			...(Array.isArray(entry.fields) ? { fields: entry.fields.map(String) } : {}),
		}));
}

/** What a user reads for a failed request. */
export function describeFailure(method: string, path: string, failure: RequestFailure & { body?: unknown }): string {
	if (failure.status === undefined) return `No answer from Salesforce for ${method} ${path} (${failure.code ?? 'request not sent'})`;
	const errors = errorsOf(failure.body);
	const text = errors.map((error) => `${error.statusCode}: ${error.message}`).join('; ');
	const limit = errors.find((error) => error.statusCode === 'REQUEST_LIMIT_EXCEEDED');
	if (limit) {
		// Salesforce names the limit in the message: "TotalRequests Limit exceeded." (the daily one) or
		// "ConcurrentRequests (Concurrent API Requests) Limit exceeded." / "ConcurrentPerOrgLongTxn …".
		if (/concurrent/i.test(limit.message)) {
			return `Salesforce refused the request: too many long-running requests run at the same time in the org (${text}). Nothing was written by this call; run the workflow again in a moment, or let fewer workflows write to Salesforce at once.`;
		}
		const usage = headerValue(failure.headers, 'sforce-limit-info');
		return `Salesforce's daily API request limit is used up (${text}${usage ? `; ${usage}` : ''}). Writes resume when the 24-hour window allows.`;
	}
	return `Salesforce answered ${failure.status} to ${method} ${path}${text ? `: ${text}` : ''}`;
}

/** `/services/data/vXX.X` for the credential's API version. */
export async function dataPath(this: SalesforceContext): Promise<string> {
	const credentials = await credentialsOnce(this, CREDENTIAL_TYPE);
	return `/services/data/v${apiVersionOf(credentials)}`;
}

/**
 * Salesforce on the shared transport. The base URL is empty: the credential's authenticate points
 * the request at the session's instance URL. `renewsOn401`: n8n logs in again only when its helper
 * throws the 401 (INVALID_SESSION_ID).
 */
const SALESFORCE: VendorTransport = {
	credentialType: CREDENTIAL_TYPE,
	baseUrl: () => '',
	renewsOn401: true,
	mapError(failure, { method, path }) {
		if (failure.status === undefined && failure.code === undefined) {
			return new SalesforceRequestError(`Salesforce request not sent: ${(failure.error as Error).message}`, undefined, []);
		}
		return new SalesforceRequestError(describeFailure(method, path, failure), failure.status, errorsOf(failure.body));
	},
};

/** One REST call; a failure that stays after the repeats is a SalesforceRequestError with Salesforce's errors. */
export async function salesforceRequest(
	this: SalesforceContext,
	method: IHttpRequestMethods,
	path: string,
	body?: IDataObject | IDataObject[],
	qs?: IDataObject,
	headers?: Record<string, string>,
): Promise<unknown> {
	const response = await vendorRequest.call(this, SALESFORCE, {
		method,
		path,
		headers: { Accept: 'application/json', ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...headers },
		...(body !== undefined ? { body } : {}),
		...(qs ? { qs } : {}),
		json: true,
		timeout: 120_000,
	});
	return response.body;
}
