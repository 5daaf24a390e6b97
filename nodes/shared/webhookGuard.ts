/**
 * The one guard every trigger of this pack puts in front of its `webhook()`: exact raw body with a
 * size bound, optional IP allowlist, HTTP Basic auth or a shared-secret token, and uniform
 * refusals. A refusal is written to the response here and returned as `{ noWebhookResponse: true }`
 * without workflow data, so n8n starts no execution and never answers 5xx for it.
 *
 * Acknowledging is NOT done here: triggers declare their success reply in the webhook description
 * (`responseMode: 'onReceived'`, `responseData`), so that n8n sends it only after it has
 * registered the execution. Replying from inside `webhook()` loses acknowledged events when n8n
 * dies right after (measured; README, "How the triggers acknowledge").
 */
import type { IWebhookDescription, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { safeEqual } from './constantTime';
import { ipInRanges, parseAllowlist } from './cidr';

/**
 * The webhook every trigger of this pack receives on: POST, answered by n8n only after it has
 * registered the execution (`onReceived`), so a call answered as received is never lost. The
 * empty `responseData` makes n8n send the `webhookResponse` that `webhook()` returns.
 */
export const ACKNOWLEDGED_WEBHOOK: IWebhookDescription = {
	name: 'default',
	httpMethod: 'POST',
	responseMode: 'onReceived',
	path: 'webhook',
	responseData: '',
};

export interface Refusal {
	status: 400 | 401 | 403 | 409 | 413 | 415 | 503;
	reason: string;
	/** Extra response headers, e.g. WWW-Authenticate for Basic auth. */
	headers?: Record<string, string>;
}

/** The parts of an incoming request the guard looks at (a subset of express's Request). */
export interface GuardedRequest {
	rawBody?: Buffer;
	headers: Record<string, string | string[] | undefined>;
	/** Client address as n8n resolves it (`N8N_PROXY_HOPS` decides whether proxies are trusted). */
	ip?: string;
	query?: Record<string, unknown>;
}

export interface TokenCheck {
	expected: string;
	/** Header that carries the token (case-insensitive), e.g. `x-webhook-token`. */
	header?: string;
	/** Query-string parameter that carries the token, e.g. `token`. */
	queryParameter?: string;
}

export interface BasicAuthCheck {
	user: string;
	/** Undefined: any password is accepted (a token sent as the user name, `https://TOKEN@host/…`). */
	password?: string;
}

export function refusal(status: Refusal['status'], reason: string, headers?: Record<string, string>): Refusal {
	return { status, reason, headers };
}

/** Returns the exact bytes received, or a refusal when there are none or too many. */
export function readRawBody(req: GuardedRequest, maxBytes: number): Buffer | Refusal {
	const body = req.rawBody;
	if (!Buffer.isBuffer(body) || body.length === 0) return refusal(400, 'Empty request body');
	if (body.length > maxBytes) return refusal(413, `Request body larger than ${maxBytes} bytes`);
	return body;
}

/**
 * 415 for a compressed body. n8n's `readRawBody` inflates gzip and deflate up to its own payload
 * limit (N8N_PAYLOAD_SIZE_MAX, 16 MiB), not ours, so a 16 KB bomb would cost 16 MiB before our
 * 413. No vendor of this pack compresses its webhooks (docs: ASSUMED, none documents it), so none
 * is inflated.
 */
export function checkContentEncoding(req: GuardedRequest): Refusal | undefined {
	const coding = (headerValue(req, 'content-encoding') ?? '').trim().toLowerCase();
	if (coding === '' || coding === 'identity') return undefined;
	const named = coding.replace(/[^a-z0-9!#$%&'*+.^_`|~, -]/g, '').slice(0, 40);
	return refusal(415, `Content-Encoding "${named}" not accepted: send the body uncompressed`, { 'Accept-Encoding': 'identity' });
}

/**
 * Like readRawBody, for triggers that ask n8n not to parse the body (then n8n has not read it
 * yet). A compressed body, or a declared Content-Length over the bound, is refused before reading anything.
 */
export async function receiveRawBody(
	req: GuardedRequest & { readRawBody?: () => Promise<void> },
	maxBytes: number,
): Promise<Buffer | Refusal> {
	const encodingRefusal = checkContentEncoding(req);
	if (encodingRefusal) return encodingRefusal;
	const tooLarge = refusal(413, `Request body larger than ${maxBytes} bytes`);
	if (Number(headerValue(req, 'content-length')) > maxBytes) return tooLarge;
	if (!req.rawBody && typeof req.readRawBody === 'function') {
		try {
			await req.readRawBody();
		} catch (error) {
			return (error as { status?: number }).status === 413 ? tooLarge : refusal(400, 'Could not read the request body');
		}
	}
	return readRawBody(req, maxBytes);
}

/** 403 unless the client address is in the allowlist. An empty allowlist allows everyone. */
export function checkIpAllowlist(req: GuardedRequest, allowlist: string): Refusal | undefined {
	if (!allowlist.trim()) return undefined;
	const { ranges, invalid } = parseAllowlist(allowlist);
	// A typo in the allowlist must not open the webhook to everyone: refuse and say which entry.
	if (invalid.length > 0) return refusal(403, `IP allowlist has invalid entries: ${invalid.join(', ')}`);
	if (!ipInRanges(req.ip, ranges)) return refusal(403, 'IP address not allowed');
	return undefined;
}

function headerValue(req: GuardedRequest, name: string): string | undefined {
	const value = req.headers[name.toLowerCase()];
	return Array.isArray(value) ? value[0] : value;
}

/** 401 unless the request carries the expected HTTP Basic credentials. */
export function checkBasicAuth(req: GuardedRequest, expected: BasicAuthCheck): Refusal | undefined {
	const challenge = { 'WWW-Authenticate': 'Basic realm="Webhook"' };
	const header = headerValue(req, 'authorization') ?? '';
	const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
	if (!match) return refusal(401, 'Missing HTTP Basic credentials', challenge);
	const decoded = Buffer.from(match[1], 'base64').toString('utf8');
	const colon = decoded.indexOf(':');
	const user = colon === -1 ? decoded : decoded.slice(0, colon);
	const password = colon === -1 ? '' : decoded.slice(colon + 1);
	// Evaluate both comparisons so that timing does not reveal which one failed.
	const userOk = safeEqual(user, expected.user);
	const passwordOk = expected.password === undefined || safeEqual(password, expected.password);
	if (!(userOk && passwordOk)) return refusal(401, 'Wrong HTTP Basic credentials', challenge);
	return undefined;
}

/** 401 unless a header or query parameter carries the shared-secret token. */
export function checkToken(req: GuardedRequest, check: TokenCheck): Refusal | undefined {
	let received: string | undefined;
	if (check.header) received = headerValue(req, check.header);
	if (received === undefined && check.queryParameter) {
		const value = req.query?.[check.queryParameter];
		received = typeof value === 'string' ? value : undefined;
	}
	if (received === undefined || received === '') return refusal(401, 'Missing webhook token');
	if (!check.expected || !safeEqual(received, check.expected)) return refusal(401, 'Wrong webhook token');
	return undefined;
}

export function isRefusal(value: unknown): value is Refusal {
	return typeof value === 'object' && value !== null && 'status' in value && 'reason' in value;
}

/** Writes the refusal as a short plain-text answer and tells n8n to start nothing. */
export function refuse(context: IWebhookFunctions, { status, reason, headers }: Refusal): IWebhookResponseData {
	const res = context.getResponseObject();
	res.status(status);
	for (const [name, value] of Object.entries(headers ?? {})) res.setHeader(name, value);
	res.type('text/plain').send(reason);
	return { noWebhookResponse: true };
}
