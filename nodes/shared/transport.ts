/**
 * The one way this pack's nodes call a vendor API: the base URL from the credential, the credential
 * read once per execution, the request through n8n's httpRequestWithAuthentication (so the
 * credential authenticates it and n8n's proxies apply), repeats as ./retry.ts allows, and a final
 * failure turned into the vendor's own error by a hook. A vendor describes itself once
 * (VendorTransport); its transport file keeps paths, bodies, paging and error texts.
 */
import type {
	ICredentialDataDecryptedObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IN8nHttpFullResponse,
	IPollFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';
import { getCachedCredentials } from './credentialCache';
import { DEFAULT_RETRY_POLICY, requestFailureOf, withRetries, type RequestFailure, type RetryPolicy } from './retry';

export type TransportContext = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions | IWebhookFunctions;

/** A webhook must be answered quickly, and its sender repeats it anyway: no repeats, no waits. */
export const NO_RETRIES: RetryPolicy = { maxRetries: 0, baseDelayMs: 0, maxRateLimitWaitMs: 0 };

/** A request that failed for good: the answer (status, headers, body decoded) or the network error code. */
export interface TransportFailure extends RequestFailure {
	body?: unknown;
	/** What n8n's helper threw, when no answer came (or undefined for an answer). */
	error?: unknown;
}

export interface TransportRequest extends Omit<IHttpRequestOptions, 'url' | 'returnFullResponse' | 'ignoreHttpStatusErrors'> {
	/** Below the base URL, e.g. `/persons/12.json`. */
	path: string;
	/** Return a non-2xx answer that is not repeated (instead of mapping it to an error): for APIs whose 4xx bodies the caller interprets. */
	answerErrors?: boolean;
	/** Replaces the vendor's policy for this request (e.g. NO_RETRIES inside a webhook). */
	retryPolicy?: RetryPolicy;
	/** Credentials already read (e.g. once per webhook request); otherwise read once per execution. */
	credentials?: ICredentialDataDecryptedObject;
}

export interface VendorTransport<Credentials extends object = ICredentialDataDecryptedObject> {
	credentialType: string;
	/** The URL the request path is appended to; '' when the credential itself points the request. */
	baseUrl(credentials: Credentials): string;
	/** The error a node throws for a request that failed for good (its own texts, its own error class). */
	mapError(this: TransportContext, failure: TransportFailure, request: { method: string; path: string }): Error;
	retryPolicy?: RetryPolicy;
	/**
	 * The credential renews a token or session when a request fails with 401 (OAuth2, or
	 * `preAuthentication` like Salesforce's login). n8n does that only when its helper throws the
	 * error, so error statuses are left to throw (the failure is read from the error) instead of
	 * coming back as answers; `answerErrors` then has no effect.
	 */
	renewsOn401?: boolean;
}

/** An answer whose status is not 2xx, thrown inside the retry loop so that retry.ts decides on it. */
class StatusAnswer {
	constructor(readonly response: IN8nHttpFullResponse) {}
}

export function decodedBody(body: unknown): unknown {
	if (body instanceof ArrayBuffer) body = Buffer.from(body);
	if (Buffer.isBuffer(body)) body = body.toString('utf8');
	if (typeof body !== 'string') return body;
	if (body.trim() === '') return undefined;
	try {
		return JSON.parse(body);
	} catch {
		return body;
	}
}

function failureOf(thrown: unknown): TransportFailure {
	if (thrown instanceof StatusAnswer) {
		const { statusCode, headers, body } = thrown.response;
		return { status: statusCode, headers: headers as Record<string, unknown>, body: decodedBody(body) };
	}
	const failure = requestFailureOf(thrown);
	return { ...failure, ...(failure.body !== undefined ? { body: decodedBody(failure.body) } : {}), error: thrown };
}

/** A body object the credential may add to (a form hash) is copied for each attempt; text and bytes as they are. */
function freshCopy(body: IHttpRequestOptions['body']): IHttpRequestOptions['body'] {
	if (Array.isArray(body)) return [...body] as IHttpRequestOptions['body'];
	if (body && typeof body === 'object' && !Buffer.isBuffer(body) && !(body instanceof URLSearchParams) && Object.getPrototypeOf(body) === Object.prototype) return { ...body };
	return body;
}

/** Per execution context, the credential's first read (contexts live for one node run). */
const credentialReads = new WeakMap<object, Map<string, Promise<ICredentialDataDecryptedObject>>>();

/**
 * The credential, read once per execution context (a webhook's through ./credentialCache.ts). The
 * same object is handed to n8n with every request, so n8n does not read and decrypt it again.
 */
export async function credentialsOnce(context: TransportContext, type: string): Promise<ICredentialDataDecryptedObject> {
	if ('getRequestObject' in context) return await getCachedCredentials(context as IWebhookFunctions, type);
	let reads = credentialReads.get(context);
	if (!reads) credentialReads.set(context, (reads = new Map()));
	let read = reads.get(type);
	if (!read) {
		read = context.getCredentials<ICredentialDataDecryptedObject>(type);
		reads.set(type, read);
		// A failed read (e.g. not connected yet) is not kept: the next request asks again.
		read.catch(() => reads.delete(type));
	}
	return await read;
}

/**
 * One request to a vendor, repeated as the retry policy allows. Resolves to the full answer (2xx, or
 * any status with `answerErrors`); a failure that stays is thrown as `vendor.mapError` describes it.
 */
export async function vendorRequest<Credentials extends object>(
	this: TransportContext,
	vendor: VendorTransport<Credentials>,
	{ path, answerErrors, retryPolicy, credentials: given, ...options }: TransportRequest,
): Promise<IN8nHttpFullResponse> {
	const method = (options.method ?? 'GET').toUpperCase();
	const credentials = given ?? (await credentialsOnce(this, vendor.credentialType));
	const reference = this.getNode().credentials?.[vendor.credentialType];
	const credentialsDecrypted = { id: reference?.id ?? '', name: reference?.name ?? '', type: vendor.credentialType, data: credentials };
	const attempt = async () => {
		// Fresh body and headers each time: the credential's authenticate step may write into the options it is given.
		const response = (await this.helpers.httpRequestWithAuthentication.call(
			this,
			vendor.credentialType,
			{
				...options,
				body: freshCopy(options.body),
				...(options.headers ? { headers: { ...options.headers } } : {}),
				url: `${vendor.baseUrl(credentials as Credentials)}${path}`,
				returnFullResponse: true,
				ignoreHttpStatusErrors: !vendor.renewsOn401,
			},
			{ credentialsDecrypted },
		)) as IN8nHttpFullResponse;
		if (response.statusCode >= 200 && response.statusCode < 300) return response;
		throw new StatusAnswer(response);
	};
	const outcome = await withRetries(method, attempt, failureOf, retryPolicy ?? vendor.retryPolicy ?? DEFAULT_RETRY_POLICY);
	if ('value' in outcome) return outcome.value;
	if (answerErrors && outcome.error instanceof StatusAnswer) return outcome.error.response;
	throw vendor.mapError.call(this, failureOf(outcome.error), { method, path });
}
