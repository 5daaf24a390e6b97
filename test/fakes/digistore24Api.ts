/**
 * A fake Digistore24 API on loopback, built from the documented contract (docs/digistore24.md,
 * "IPN registration API"): POST /api/call/{function}[/format/json] with form-encoded named
 * parameters, key in X-DS-API-KEY, `{api_version, current_time, result: "success", data}` or
 * `{result: "error", message, code}`, booleans as "Y"/"N". ipnSetup checks the URL with a GET that
 * must answer exactly 200 and stores the connection by (API key, domain_id); the same domain_id
 * again updates it. It can also act as Digistore24 sending a signed IPN to a registered URL.
 */
import type { IncomingMessage, ServerResponse } from 'http';
import { LoopbackFake } from './loopbackFake';
import { request } from 'undici';
import { digistoreSignature } from '../../nodes/Digistore24/signature';

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

export class FakeDigistore24Api extends LoopbackFake {
	readonly calls: Array<{ fn: string; key: string | undefined; params: Record<string, string> }> = [];
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
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		const match = /^\/api\/call\/([A-Za-z]+)(?:\/format\/json)?\/?(?:\?.*)?$/.exec(req.url ?? '');
		if (req.method !== 'POST' || !match) return this.error(res, 404, 9, 'Unknown API call');
		const fn = match[1];
		const params = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
		const key = req.headers['x-ds-api-key'] as string | undefined;
		this.calls.push({ fn, key, params });
		const permission = key ? this.options.keys[key] : undefined;
		if (!permission) return this.error(res, 401, 2, 'Invalid API key');

		switch (fn) {
			case 'ping':
				return this.success(res, { server_time: now() });
			case 'ipnInfo': {
				const connection = this.connection(key!, params.domain_id ?? '');
				if (!connection) return this.success(res, { have_settings: 'N' });
				const settings: Partial<IpnConnection> = { ...connection };
				delete settings.ipn_config_id;
				return this.success(res, { have_settings: 'Y', ipn_settings: settings });
			}
			case 'ipnSetup':
				if (permission !== 'writable') return this.error(res, 403, 8, 'Access denied - Full access required');
				return await this.ipnSetup(res, key!, params);
			case 'ipnDelete': {
				if (permission !== 'writable') return this.error(res, 403, 8, 'Access denied - Full access required');
				const existed = this.connections.delete(`${key}\u0000${params.domain_id ?? ''}`);
				return this.success(res, { modified: existed ? 'Y' : 'N', domain_id: params.domain_id ?? '' });
			}
			default:
				return this.error(res, 404, 9, `Unknown API function ${fn}`);
		}
	}

	private async ipnSetup(res: ServerResponse, key: string, params: Record<string, string>): Promise<void> {
		const url = params.ipn_url ?? '';
		if (!url) return this.error(res, 400, 3, 'Missing parameter ipn_url');
		let parsed: URL;
		try {
			parsed = new URL(url);
		} catch {
			return this.error(res, 400, 3, 'Invalid ipn_url');
		}
		const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(parsed.hostname);
		if (parsed.protocol !== 'https:' && !(this.options.allowHttpLoopback && loopback)) {
			return this.error(res, 400, 3, 'Please only use secure URLs with https://.');
		}
		const passphrase = params.sha_passphrase === 'random' ? randomPassphrase() : (params.sha_passphrase ?? '');
		if (passphrase.length > 63) return this.error(res, 400, 3, 'sha_passphrase is longer than 63 characters');
		try {
			const check = await request(url, { method: 'GET', maxRedirections: 0 } as Parameters<typeof request>[1]);
			await check.body.text();
			if (check.statusCode !== 200) return this.error(res, 400, 3, `The IPN URL answered HTTP ${check.statusCode} instead of 200`);
		} catch (error) {
			return this.error(res, 400, 3, `The IPN URL is not reachable: ${(error as Error).message}`);
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
		return this.success(res, {
			created: existing ? 'N' : 'Y',
			updated: existing ? 'Y' : 'N',
			deleted: 'N',
			domain_id: domainId,
			sha_passphrase: params.sha_passphrase === 'random' ? passphrase : null,
			ipn_config_id: connection.ipn_config_id,
			ipn_id: connection.ipn_config_id,
		});
	}

	private success(res: ServerResponse, data: unknown): void {
		this.json(res, 200, { api_version: API_VERSION, current_time: now(), runtime_seconds: 0.01, result: 'success', data });
	}

	private error(res: ServerResponse, status: number, code: number, message: string): void {
		this.json(res, status, { result: 'error', message, code });
	}

	private json(res: ServerResponse, status: number, body: unknown): void {
		res.writeHead(status, { 'content-type': 'application/json' });
		res.end(JSON.stringify(body));
	}
}

function now(): string {
	return new Date().toISOString().replace('T', ' ').slice(0, 19);
}

function randomPassphrase(): string {
	const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
	return Array.from({ length: 30 }, () => alphabet[Math.floor(Math.random() * alphabet.length)]).join('');
}
