/**
 * Digistore24 API calls for registering the IPN URL (ipnSetup / ipnInfo / ipnDelete).
 * Contract (docs/digistore24.md): POST {base}/{function}/format/json, form-encoded named
 * parameters, key in the X-DS-API-KEY header (set by the credential), answer
 * `{result: "success", data}` or `{result: "error", message, code}` (read whatever the HTTP
 * status), booleans as "Y"/"N". Connections are keyed by (API key, domain_id); ipnSetup on an
 * existing domain_id updates it.
 */
import { createHash } from 'crypto';
import type { IDataObject, IHookFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { ALL_EVENTS } from './trigger/parameters';

interface Digistore24Credentials {
	ipnPassphrase?: string;
	apiKey?: string;
	baseUrl?: string;
}

interface ApiAnswer {
	result?: string;
	message?: string;
	code?: number | string;
	data?: IDataObject;
}

const DEFAULT_BASE_URL = 'https://www.digistore24.com/api/call';

/** ipnSetup's documented `transactions` value for each IPN event of the node's filter. */
const TRANSACTION_OF_EVENT: Record<string, string> = {
	on_payment: 'payment',
	on_refund: 'refund',
	on_chargeback: 'chargeback',
	on_payment_missed: 'payment_missed',
	on_rebill_cancelled: 'rebill_cancelled',
	on_rebill_resumed: 'rebill_resumed',
	last_paid_day: 'last_paid_day',
};

/**
 * Events that no documented `transactions` value selects (payment_denial): they are registered
 * with `all`, and the trigger drops what was not selected, as the ipnSetup page asks.
 */
const ONLY_WITH_ALL_TRANSACTIONS = new Set(['payment_denial']);

/** What ipnSetup is asked for, derived from the node's event filter. */
export function registrationScope(events: string[]): { categories: string; transactions: string } {
	if (events.includes(ALL_EVENTS)) return { categories: 'orders,affiliations', transactions: 'all' };
	const needsAll = events.some((event) => ONLY_WITH_ALL_TRANSACTIONS.has(event));
	const transactions = needsAll ? ['all'] : events.map((event) => TRANSACTION_OF_EVENT[event]).filter(Boolean);
	const categories = [transactions.length > 0 ? 'orders' : '', events.includes('on_affiliation') ? 'affiliations' : '']
		.filter(Boolean)
		.join(',');
	return { categories: categories || 'orders', transactions: transactions.join(',') || 'payment' };
}

export function isYes(value: unknown): boolean {
	return value === true || value === 'Y' || value === 'y' || value === 1 || value === '1';
}

async function callApi(
	context: IHookFunctions,
	credentials: Digistore24Credentials,
	fn: string,
	parameters: Record<string, string>,
): Promise<IDataObject> {
	const baseUrl = (credentials.baseUrl || DEFAULT_BASE_URL).replace(/\/+$/, '');
	const answer = (await context.helpers.httpRequestWithAuthentication.call(context, 'digistore24Api', {
		method: 'POST',
		url: `${baseUrl}/${fn}/format/json`,
		headers: { 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8' },
		body: new URLSearchParams({ language: 'en', ...parameters }).toString(),
		json: true,
		// Digistore24 answers errors as JSON with 200 or 4xx: read the body whatever the status.
		ignoreHttpStatusErrors: true,
	})) as ApiAnswer | string;
	const parsed: ApiAnswer = typeof answer === 'string' ? safeJson(answer) : answer;
	if (parsed?.result === 'success') return parsed.data ?? {};
	throw new NodeApiError(context.getNode(), (parsed ?? {}) as JsonObject, {
		message: `Digistore24 ${fn} failed: ${parsed?.message ?? 'unexpected answer'}`,
		description: `Digistore24 error code ${parsed?.code ?? 'none'}. ipnSetup and ipnDelete need an API key with full access.`,
	});
}

function safeJson(text: string): ApiAnswer {
	try {
		return JSON.parse(text) as ApiAnswer;
	} catch {
		return { result: 'error', message: text.slice(0, 200) };
	}
}

/**
 * The domain_id of a trigger's IPN connection. Digistore24 keeps one connection per (API key,
 * domain_id) and re-points it on every ipnSetup with that id, so the id must name exactly one
 * URL: it is derived from the webhook URL (the instance's base URL, production or test) plus the
 * workflow and node. Two instances running the same imported workflow, a restored backup (same
 * instance id) and "Listen for test event" each get their own id; a restart keeps it.
 */
export function ipnDomainId(target: { webhookUrl: string; workflowId: string; nodeId: string }): string {
	const digest = createHash('sha256').update([target.webhookUrl, target.workflowId, target.nodeId].join('\n'), 'utf8').digest('hex');
	return `n8n-${digest.slice(0, 20)}`;
}

function domainId(context: IHookFunctions): string {
	return ipnDomainId({
		webhookUrl: context.getNodeWebhookUrl('default') ?? '',
		workflowId: context.getWorkflow().id ?? 'unsaved',
		nodeId: context.getNode().id,
	});
}

/** ipnSetup answers `{created, updated, deleted, sha_passphrase, ipn_id}`, flags as "Y"/"N". */
export function readIpnSetupAnswer(data: IDataObject): { action: 'created' | 'updated' | 'unchanged'; ipnId: string | null } {
	const action = isYes(data.created) ? 'created' : isYes(data.updated) ? 'updated' : 'unchanged';
	const ipnId = data.ipn_id === undefined || data.ipn_id === null || data.ipn_id === '' ? null : String(data.ipn_id);
	return { action, ipnId };
}

/**
 * The URL of the connection ipnInfo describes, or null. Only `have_settings` is sourced; where the
 * URL sits in the answer is not, so an answer that does not name it means "register again"
 * (ipnSetup on the same domain_id only updates).
 */
export function registeredUrl(info: IDataObject): string | null {
	if (!isYes(info.have_settings)) return null;
	const settings = (info.ipn_settings ?? {}) as IDataObject;
	const url = settings.ipn_url ?? info.ipn_url ?? info.url;
	return typeof url === 'string' && url !== '' ? url : null;
}

async function registrationCredentials(context: IHookFunctions): Promise<Digistore24Credentials | undefined> {
	const credentials = await context.getCredentials<Digistore24Credentials>('digistore24Api');
	return credentials.apiKey ? credentials : undefined;
}

/**
 * Webhook lifecycle. Without an API key there is nothing to register: the user pastes the URL
 * into Digistore24, and these methods only report success.
 */
export const ipnRegistration = {
	async checkExists(this: IHookFunctions): Promise<boolean> {
		const credentials = await registrationCredentials(this);
		if (!credentials) return true;
		const info = await callApi(this, credentials, 'ipnInfo', { domain_id: domainId(this) });
		return registeredUrl(info) === this.getNodeWebhookUrl('default');
	},

	async create(this: IHookFunctions): Promise<boolean> {
		const credentials = await registrationCredentials(this);
		if (!credentials) return true;
		const passphrase = credentials.ipnPassphrase ?? '';
		if (!passphrase || passphrase.length > 63) {
			throw new NodeOperationError(this.getNode(), 'The IPN passphrase must be 1 to 63 characters', {
				description: 'Digistore24 accepts IPN passphrases of at most 63 characters.',
			});
		}
		const options = this.getNodeParameter('triggerOptions', {}) as IDataObject;
		const events = this.getNodeParameter('events', [ALL_EVENTS]) as string[];
		const id = domainId(this);
		const data = await callApi(this, credentials, 'ipnSetup', {
			ipn_url: this.getNodeWebhookUrl('default') as string,
			name: String(options.registrationName || 'n8n'),
			product_ids: String(options.registrationProductIds || 'all').replace(/\s+/g, ''),
			domain_id: id,
			...registrationScope(events),
			timing: 'before_thankyou',
			sha_passphrase: passphrase,
		});
		const { action, ipnId } = readIpnSetupAnswer(data);
		this.logger.info(`Digistore24 IPN connection ${action}: domain_id ${id}, ipn_id ${ipnId ?? 'not given'}`);
		return true;
	},

	async delete(this: IHookFunctions): Promise<boolean> {
		const credentials = await registrationCredentials(this);
		if (!credentials) return true;
		// Computed again rather than kept in static data: a copied database carries static data to
		// another instance, whose deactivation must not delete this instance's connection.
		try {
			await callApi(this, credentials, 'ipnDelete', { domain_id: domainId(this) });
		} catch (error) {
			// Deactivation must go on even when Digistore24 is unreachable; the connection stays there.
			this.logger.warn(`Digistore24 ipnDelete failed, remove the IPN connection by hand: ${(error as Error).message}`);
			return false;
		}
		return true;
	},
};
