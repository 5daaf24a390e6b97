/**
 * A fake Digistore24 API on loopback, built from the contract table in docs/digistore24.md
 * ("IPN registration API"): POST /api/call/{function}/format/json (nothing else) with form-encoded
 * named parameters, key in X-DS-API-KEY, answered with HTTP 200 and
 * `{api_version, current_time, result: "success", data}` or `{api_version, result: "error", code,
 * message}`, booleans as "Y"/"N". ipnSetup takes only the documented `transactions` and
 * `categories` values, checks the URL with a GET that must answer exactly 200, stores the
 * connection by (API key, domain_id) (the same domain_id again updates it) and answers
 * `{created, updated, deleted, sha_passphrase, ipn_id}`. It can also act as Digistore24 sending a
 * signed IPN to a registered URL.
 */
import type { IncomingMessage, ServerResponse } from 'http';
import { LoopbackFake } from './loopbackFake';
import { request } from 'undici';
import { digistoreSignature } from '../../nodes/Digistore24/trigger/signature';

export interface IpnConnection {
	ipn_url: string;
	name: string;
	product_ids: string;
	domain_id: string;
	categories: string;
	transactions: string;
	timing: string;
	sha_passphrase: string;
	ipn_config_id: number;
}

export interface FakeDigistore24Options {
	/** API keys and their permission ("writable" = full access, "readonly"). */
	keys: Record<string, 'writable' | 'readonly'>;
	/** Real Digistore24 accepts only public https URLs; tests on loopback use http. */
	allowHttpLoopback?: boolean;
}

const API_VERSION = '1.2';

/** ipnSetup `transactions` values of the ipnSetup page (dev.digistore24.com/en/articles/61-ipnsetup). */
export const DOCUMENTED_TRANSACTIONS = ['payment', 'refund', 'chargeback', 'payment_missed', 'rebill_cancelled', 'rebill_resumed', 'last_paid_day', 'all'];
/** ipnSetup `categories`: the page's orders/affiliations/e-tickets/custom forms, in both spellings seen. */
const DOCUMENTED_CATEGORIES = ['orders', 'affiliations', 'e-tickets', 'etickets', 'custom forms', 'customforms'];

/** The error codes of Digistore24's PHP API connector (DS_ERR_*). */
const BAD_API_KEY = 2;
const BAD_FUNCTION_PARAMS = 3;
const PERMISSION_DENIED = 8;
const BAD_API_CALL = 9;

const listed = (value: string) => value.split(',').map((part) => part.trim()).filter(Boolean);

export interface Digistore24FakeCall {
	fn: string;
	key: string | undefined;
	params: Record<string, string>;
}

export class FakeDigistore24Api extends LoopbackFake<Digistore24FakeCall> {
	private readonly connections = new Map<string, IpnConnection>();
	private nextId = 300000;

	constructor(private readonly options: FakeDigistore24Options) {
		super();
	}

	get baseUrl(): string {
		return `http://127.0.0.1:${this.port}/api/call`;
	}

	connection(key: string, domainId: string): IpnConnection | undefined {
		return this.connections.get(`${key}\u0000${domainId}`);
	}



	/** Digistore24's side of an order: a signed IPN POSTed to the registered URL. */
	async sendIpn(key: string, domainId: string, fields: Record<string, string>): Promise<{ status: number; body: string }> {
		const connection = this.connection(key, domainId);
		if (!connection) throw new Error(`no IPN connection for ${domainId}`);
		const payload = { ...fields, ipn_config_id: String(connection.ipn_config_id), ipn_config_domain_id: domainId };
		const signed = { ...payload, sha_sign: digistoreSignature(connection.sha_passphrase, payload) };
		const response = await request(connection.ipn_url, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams(signed).toString(),
		});
		return { status: response.statusCode, body: await response.body.text() };
	}

	protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const { text, headers } = await this.receive(req);
		// Digistore24's own clients always call /api/call/{function}/format/json; what the API answers
		// without the format is not documented, so anything else is refused here (ASSUMED).
		const match = /^\/api\/call\/([A-Za-z]+)\/format\/json\/?(?:\?.*)?$/.exec(req.url ?? '');
		if (req.method !== 'POST' || !match) {
			res.writeHead(400, { 'content-type': 'text/plain' });
			res.end(`fake Digistore24: only POST /api/call/{function}/format/json is served, not ${req.method} ${req.url}`);
			return;
		}
		const fn = match[1];
		const params = Object.fromEntries(new URLSearchParams(text));
		const key = headers['x-ds-api-key'];
		this.calls.push({ fn, key, params });
		const permission = key ? this.options.keys[key] : undefined;
		if (!permission) return this.error(res, BAD_API_KEY, 'Invalid API key');

		switch (fn) {
			case 'ping':
				return this.success(res, { server_time: now() });
			case 'ipnInfo': {
				// have_settings Y/N is what Digistore24's own setup script reads; where the settings
				// (the URL) sit in the answer is not documented: ipn_settings here is ASSUMED.
				const connection = this.connection(key!, params.domain_id ?? '');
				if (!connection) return this.success(res, { have_settings: 'N' });
				const settings: Partial<IpnConnection> = { ...connection };
				delete settings.ipn_config_id;
				return this.success(res, { have_settings: 'Y', ipn_settings: settings });
			}
			case 'ipnSetup':
				if (permission !== 'writable') return this.error(res, PERMISSION_DENIED, 'Access denied - Full access required');
				return await this.ipnSetup(res, key!, params);
			case 'ipnDelete': {
				if (permission !== 'writable') return this.error(res, PERMISSION_DENIED, 'Access denied - Full access required');
				const existed = this.connections.delete(`${key}\u0000${params.domain_id ?? ''}`);
				return this.success(res, { modified: existed ? 'Y' : 'N' });
			}
			default:
				return this.error(res, BAD_API_CALL, `Unknown API function ${fn}`);
		}
	}

	private async ipnSetup(res: ServerResponse, key: string, params: Record<string, string>): Promise<void> {
		const url = params.ipn_url ?? '';
		if (!url) return this.error(res, BAD_FUNCTION_PARAMS, 'Missing parameter ipn_url');
		let parsed: URL;
		try {
			parsed = new URL(url);
		} catch {
			return this.error(res, BAD_FUNCTION_PARAMS, 'Invalid ipn_url');
		}
		const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(parsed.hostname);
		if (parsed.protocol !== 'https:' && !(this.options.allowHttpLoopback && loopback)) {
			return this.error(res, BAD_FUNCTION_PARAMS, 'Please only use secure URLs with https://.');
		}
		const unknownTransaction = listed(params.transactions ?? '').find((value) => !DOCUMENTED_TRANSACTIONS.includes(value));
		if (unknownTransaction) return this.error(res, BAD_FUNCTION_PARAMS, `Invalid value for transactions: ${unknownTransaction}`);
		const unknownCategory = listed(params.categories ?? '').find((value) => !DOCUMENTED_CATEGORIES.includes(value));
		if (unknownCategory) return this.error(res, BAD_FUNCTION_PARAMS, `Invalid value for categories: ${unknownCategory}`);
		const passphrase = params.sha_passphrase === 'random' ? randomPassphrase() : (params.sha_passphrase ?? '');
		if (passphrase.length > 63) return this.error(res, BAD_FUNCTION_PARAMS, 'sha_passphrase is longer than 63 characters');
		try {
			const check = await request(url, { method: 'GET', maxRedirections: 0 } as Parameters<typeof request>[1]);
			await check.body.text();
			if (check.statusCode !== 200) return this.error(res, BAD_FUNCTION_PARAMS, `The IPN URL answered HTTP ${check.statusCode} instead of 200`);
		} catch (error) {
			return this.error(res, BAD_FUNCTION_PARAMS, `The IPN URL is not reachable: ${(error as Error).message}`);
		}
		const domainId = params.domain_id ?? '';
		const id = `${key}\u0000${domainId}`;
		const existing = this.connections.get(id);
		const connection: IpnConnection = {
			ipn_url: url,
			name: params.name ?? '',
			product_ids: params.product_ids || 'all',
			domain_id: domainId,
			categories: params.categories || 'orders',
			transactions: params.transactions || 'payment,refund,chargeback,payment_missed',
			timing: params.timing || 'before_thankyou',
			sha_passphrase: passphrase,
			ipn_config_id: existing?.ipn_config_id ?? this.nextId++,
		};
		this.connections.set(id, connection);
		// The documented answer (ds24-appkit scripts/ds24/ipn-setup.mjs), nothing more. Whether
		// sha_passphrase echoes a passphrase we chose is not documented: here it is the one in effect.
		return this.success(res, {
			created: existing ? 'N' : 'Y',
			updated: existing ? 'Y' : 'N',
			deleted: 'N',
			sha_passphrase: passphrase,
			ipn_id: String(connection.ipn_config_id),
		});
	}

	private success(res: ServerResponse, data: unknown): void {
		this.sendJson(res, 200, { api_version: API_VERSION, current_time: now(), runtime_seconds: 0.01, result: 'success', data });
	}

	/** Errors come with HTTP 200: Digistore24's PHP connector reads result/code/message only from a 200. */
	private error(res: ServerResponse, code: number, message: string): void {
		this.sendJson(res, 200, { api_version: API_VERSION, current_time: now(), result: 'error', code, message });
	}
}

function now(): string {
	return new Date().toISOString().replace('T', ' ').slice(0, 19);
}

function randomPassphrase(): string {
	const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
	return Array.from({ length: 30 }, () => alphabet[Math.floor(Math.random() * alphabet.length)]).join('');
}
