/**
 * The HTTP server every vendor fake runs: on 127.0.0.1, on a free port, started and stopped by the test,
 * with the plumbing every fake needs: the requests it handled (`calls`, each in the fake's own shape),
 * reading a whole request (`receive`), and JSON answers (`sendJson`, `sendEmpty`).
 * Test-side failures for every fake: `refuseNext` answers the next requests 429 or 503 before the fake
 * sees them (nothing done, as a rate limiter or a gateway refuses); `dropAnswerOfNext` lets the fake act
 * on the next request and then closes the connection without an answer (the client cannot know).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'http';

export interface Refused {
	method: string;
	path: string;
	status: number;
}

/** A request as a fake reads it before answering. */
export interface ReceivedRequest {
	method: string;
	url: URL;
	/** One string per header (a repeated header's values joined with ", "). */
	headers: Record<string, string | undefined>;
	/** The exact bytes received. */
	raw: Buffer;
	/** The body as UTF-8 text. */
	text: string;
}

/** A request body as the fakes record it: undefined when empty, parsed JSON, or the text itself when it is not JSON. */
export function jsonOrText(text: string): unknown {
	if (text === '') return undefined;
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return text;
	}
}

/** Header values as one string each: Node gives repeated headers as arrays. */
export function flatHeaders(req: IncomingMessage): Record<string, string | undefined> {
	const headers: Record<string, string | undefined> = {};
	for (const [name, value] of Object.entries(req.headers)) headers[name] = Array.isArray(value) ? value.join(', ') : value;
	return headers;
}

/** What the REST fakes record of every request they handle; each adds what its own checks need. */
export interface RecordedHttpCall {
	method: string;
	path: string;
	query: Record<string, string>;
	body: unknown;
	headers: Record<string, string | undefined>;
	/** The status the fake answered with. */
	status?: number;
}

export abstract class LoopbackFake<Call = unknown> {
	private server?: Server;
	port = 0;
	/** The requests the fake handled, in order, as the fake records them (refused ones are in `refused`). */
	readonly calls: Call[] = [];
	/** The content type of the fake's JSON answers (some vendors name the charset). */
	protected readonly jsonContentType: string = 'application/json';
	/** Requests answered by refuseNext, in order. */
	readonly refused: Refused[] = [];
	private readonly refusals: Array<{ status: 429 | 503; waitSeconds: number }> = [];
	private answersToDrop = 0;

	protected abstract handle(req: IncomingMessage, res: ServerResponse): Promise<void>;

	/** The next `count` requests are answered `status` without being handled; a 429 says to wait `waitSeconds`. */
	refuseNext(count: number, status: 429 | 503, waitSeconds = 1): void {
		for (let index = 0; index < count; index++) this.refusals.push({ status, waitSeconds });
	}

	/** The next `count` requests are handled (a create creates), but the connection closes instead of the answer. */
	dropAnswerOfNext(count: number): void {
		this.answersToDrop += count;
	}

	/** Reads the whole request: method, URL, headers, body. */
	protected async receive(req: IncomingMessage): Promise<ReceivedRequest> {
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		const raw = Buffer.concat(chunks);
		return { method: req.method ?? 'GET', url: new URL(req.url ?? '/', 'http://127.0.0.1'), headers: flatHeaders(req), raw, text: raw.toString('utf8') };
	}

	/** A JSON answer, with `headers` besides the content type. */
	protected sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
		res.writeHead(status, { ...headers, 'content-type': this.jsonContentType });
		res.end(JSON.stringify(body));
	}

	/** An answer without a body. */
	protected sendEmpty(res: ServerResponse, status: number, headers: Record<string, string> = {}): void {
		res.writeHead(status, headers);
		res.end();
	}

	/** A 429's headers: `Retry-After` in seconds unless a vendor documents otherwise. */
	protected rateLimitHeaders(waitSeconds: number): Record<string, string> {
		return { 'retry-after': String(waitSeconds) };
	}

	/** The body of a refusal, as the vendor's errors look (JSON unless overridden). */
	protected refusalBody(status: number): { contentType: string; text: string } {
		return { contentType: 'application/json', text: JSON.stringify({ error: status === 429 ? 'Too Many Requests' : 'Service Unavailable' }) };
	}

	private refuseDropOrHandle(req: IncomingMessage, res: ServerResponse): void {
		const refusal = this.refusals.shift();
		if (refusal) {
			this.refused.push({ method: req.method ?? 'GET', path: new URL(req.url ?? '/', 'http://127.0.0.1').pathname, status: refusal.status });
			const { contentType, text } = this.refusalBody(refusal.status);
			req.resume();
			res.writeHead(refusal.status, { 'content-type': contentType, ...(refusal.status === 429 ? this.rateLimitHeaders(refusal.waitSeconds) : {}) });
			return void res.end(text);
		}
		if (this.answersToDrop > 0) {
			this.answersToDrop--;
			// Whatever the fake answers is never sent: the socket closes once it has acted.
			res.writeHead = (() => res) as unknown as ServerResponse['writeHead'];
			res.end = (() => {
				res.socket?.destroy();
				return res;
			}) as ServerResponse['end'];
		}
		void this.handle(req, res);
	}

	async start(): Promise<void> {
		const server = createServer((req, res) => this.refuseDropOrHandle(req, res));
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const address = server.address();
		this.port = typeof address === 'object' && address ? address.port : 0;
		this.server = server;
	}

	async stop(): Promise<void> {
		const server = this.server;
		if (!server) return;
		// n8n keeps connections alive; close them so the test does not wait for their timeout.
		server.closeAllConnections();
		await new Promise<void>((resolve) => server.close(() => resolve()));
	}
}
