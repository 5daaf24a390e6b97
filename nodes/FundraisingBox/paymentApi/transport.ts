/**
 * HTTP for FundraisingBox's Payment-API and Session-API (contract in protocol.ts). The form hash
 * is added to the body by the credential (`authenticate.body.hash`), so it never passes through
 * this code and cannot end up in an output or an error.
 */
import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	IDataObject,
	IExecuteFunctions,
	INodeCredentialTestResult,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';
import { vendorRequest, type VendorTransport } from '../../shared/transport';
import { credentialTestVerdict, type Interpretation, type PaymentApiEndpoint } from './protocol';

export const PAYMENT_API_CREDENTIAL = 'fundraisingBoxPaymentApi';

const DEFAULT_BASE_URL = 'https://secure.fundraisingbox.com/app';
const FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded';

interface PaymentApiCredentials {
	formHash?: string;
	baseUrl?: string;
}

export interface PaymentApiAnswer {
	statusCode: number;
	body: unknown;
}

const paymentBaseUrl = (baseUrl: string | undefined) => (baseUrl || DEFAULT_BASE_URL).replace(/\/+$/, '');

function endpointUrl(baseUrl: string | undefined, endpoint: PaymentApiEndpoint): string {
	return `${paymentBaseUrl(baseUrl)}/${endpoint}`;
}

/**
 * The Payment-API for the shared transport, for one item. Its POSTs create payments, so
 * ../shared/retry.ts repeats one only when FundraisingBox refused it before acting (429, 503) or the
 * connection was refused; a POST that got no answer is never sent again.
 */
const paymentApi = (itemIndex: number): VendorTransport<PaymentApiCredentials> => ({
	credentialType: PAYMENT_API_CREDENTIAL,
	baseUrl: ({ baseUrl }) => paymentBaseUrl(baseUrl),
	mapError(failure) {
		// Only the message: the underlying request error carries the request body, hash included.
		const message = (failure.error as Error | undefined)?.message ?? `HTTP ${failure.status}`;
		return new NodeApiError(this.getNode(), { message } as JsonObject, { message: `FundraisingBox Payment-API not reachable: ${message}`, itemIndex });
	},
});

/** One form-encoded POST; the answer is returned whatever its HTTP status (API errors come as 4xx). */
export async function callPaymentApi(
	this: IExecuteFunctions,
	endpoint: PaymentApiEndpoint,
	body: Record<string, string>,
	itemIndex: number,
): Promise<PaymentApiAnswer> {
	const response = await vendorRequest.call(this, paymentApi(itemIndex), {
		method: 'POST',
		path: `/${endpoint}`,
		headers: { 'Content-Type': FORM_CONTENT_TYPE, Accept: 'application/json' },
		// An object, so that the credential can add `hash`; sent form-encoded because of the content type.
		body: { ...body },
		json: true,
		answerErrors: true,
	});
	return { statusCode: response.statusCode, body: response.body };
}

/** Turns an interpreted answer into the item's JSON, or throws the node error that names the problem. */
export function resultOrThrow(this: IExecuteFunctions, interpretation: Interpretation, itemIndex: number): IDataObject {
	if (interpretation.ok) return interpretation.json;
	const { message, description, details, httpStatus } = interpretation.failure;
	const error = new NodeApiError(this.getNode(), details as JsonObject, { message, description, httpCode: String(httpStatus), itemIndex });
	// Read by the node's continue-on-fail path, so that an error item keeps the field errors.
	error.context.failedItemDetails = details;
	throw error;
}

/**
 * Node-side credential test (`testedBy`). ICredentialTestFunctions offers only n8n's legacy
 * `request` helper, so it is used here; the request is the documented `createSession` without
 * values, which creates nothing (see credentialTestVerdict).
 */
export async function testPaymentApiCredential(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const { formHash, baseUrl } = (credential.data ?? {}) as PaymentApiCredentials;
	const { request } = this.helpers;
	try {
		const response = (await request({
			method: 'POST',
			uri: endpointUrl(baseUrl, 'createSession'),
			form: { hash: formHash ?? '' },
			json: true,
			simple: false,
			resolveWithFullResponse: true,
		})) as { statusCode: number; body: unknown };
		const verdict = credentialTestVerdict(response.statusCode, response.body);
		return { status: verdict.ok ? 'OK' : 'Error', message: verdict.message };
	} catch (error) {
		return { status: 'Error', message: `FundraisingBox Payment-API not reachable: ${(error as Error).message}` };
	}
}
