/**
 * Digistore24 API calls for registering the IPN URL (ipnSetup / ipnInfo / ipnDelete).
 * Contract (docs/digistore24.md): POST {base}/{function}/format/json, form-encoded named
 * parameters, key in the X-DS-API-KEY header (set by the credential), answer
 * `{result: "success", data}` or `{result: "error", message, code}` with any HTTP status,
 * booleans as "Y"/"N". Connections are keyed by (API key, domain_id); ipnSetup on an existing
 * domain_id updates it.
 */
import type { IDataObject, IHookFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { ALL_EVENTS } from './descriptions';

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

/** ipnSetup's `transactions` value for each IPN event of the node's filter. */
const TRANSACTION_OF_EVENT: Record<string, string> = {
	on_payment: 'payment',
	on_refund: 'refund',
	on_chargeback: 'chargeback',
	on_payment_missed: 'payment_missed',
	payment_denial: 'payment_denial',
	on_rebill_cancelled: 'rebill_cancelled',
	on_rebill_resumed: 'rebill_resumed',
	last_paid_day: 'last_paid_day',
};

/** What ipnSetup is asked for, derived from the node's event filter. */
export function registrationScope(events: string[]): { categories: string; transactions: string } {
	if (events.includes(ALL_EVENTS)) return { categories: 'orders,affiliations', transactions: 'all' };
	const transactions = events.map((event) => TRANSACTION_OF_EVENT[event]).filter(Boolean);
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

/** A stable domain_id per workflow and node, so re-activation updates instead of duplicating. */
function domainId(context: IHookFunctions): string {
	const workflowId = context.getWorkflow().id ?? 'unsaved';
	return `n8n-${workflowId}-${context.getNode().id.replace(/[^A-Za-z0-9]/g, '').slice(0, 12)}`;
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
		const settings = (info.ipn_settings ?? {}) as IDataObject;
		return isYes(info.have_settings) && settings.ipn_url === this.getNodeWebhookUrl('default');
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
		const staticData = this.getWorkflowStaticData('node');
		staticData.domainId = id;
		staticData.ipnConfigId = data.ipn_config_id ?? data.ipn_id ?? null;
		return true;
	},

	async delete(this: IHookFunctions): Promise<boolean> {
		const credentials = await registrationCredentials(this);
		if (!credentials) return true;
		const staticData = this.getWorkflowStaticData('node');
		try {
			await callApi(this, credentials, 'ipnDelete', { domain_id: String(staticData.domainId ?? domainId(this)) });
		} catch (error) {
			// Deactivation must go on even when Digistore24 is unreachable; the connection stays there.
			this.logger.warn(`Digistore24 ipnDelete failed, remove the IPN connection by hand: ${(error as Error).message}`);
			return false;
		}
		delete staticData.domainId;
		delete staticData.ipnConfigId;
		return true;
	},
};
