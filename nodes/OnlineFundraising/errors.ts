/**
 * OnlineFundraising API error answers → what a user reads in n8n. Documented: 400 with
 * `{ "errorCode": "10001", "errorDescription": "…" }`; 404 with a text per entity ("Contact was not
 * found", "Agreement not found", "Subscription not found"), whose body and code are not documented,
 * so only the text is shown. 401/403 are not documented; the key is also bound to the caller's IP address.
 */
export interface OnlineFundraisingErrorAnswer {
	statusCode: number;
	body: unknown;
	method: string;
	path: string;
}

/**
 * The error and cancel codes OnlineFundraising documents ("Error and Cancel Codes", and Donorfy's
 * mapping; reference B.6). The tables are partial; 1xxxxx are Subscription, 2xxxxx Payment Method,
 * 3xxxxx Payment codes. The meaning of the API's example code 10001 is not documented.
 */
export const KNOWN_CODES: Readonly<Record<string, string>> = {
	'100002': 'Subscription: card problem (the payment method has 200004 expired card or 200005 failed card)',
	'100101': 'Subscription: mandate cancelled (the payment method has 200101 by debtor or 200102 by creditor)',
	'100103': 'Subscription expired due to defined expiration date',
	'200004': 'Payment method: expired card',
	'200005': 'Payment method: failed card',
	'200101': 'Payment method: mandate cancelled by debtor',
	'200102': 'Payment method: mandate cancelled by creditor',
	'230940': 'Betalingsservice: wrong reg./account number',
	'230945': 'Betalingsservice: invalid CPR',
	'300002': 'Payment has failed to charge (e.g. card blocked or lost)',
};

export function explainCode(code: unknown): string | undefined {
	if (typeof code !== 'string' && typeof code !== 'number') return undefined;
	return KNOWN_CODES[String(code).trim()];
}

export function describeOnlineFundraisingError({ statusCode, body, method, path }: OnlineFundraisingErrorAnswer): { message: string; description: string } {
	const parsed = typeof body === 'string' ? safeJson(body) : body;
	const code = (parsed as { errorCode?: unknown } | null)?.errorCode;
	const text = (parsed as { errorDescription?: unknown } | null)?.errorDescription;
	const vendor = [code !== undefined && code !== '' ? `error ${String(code)}` : '', typeof text === 'string' ? text : ''].filter(Boolean).join(': ');
	const meaning = explainCode(code);
	const request = `${method} ${path}`;
	if (statusCode === 401 || statusCode === 403) {
		return {
			message: `OnlineFundraising refused the API key${vendor ? ` (${vendor})` : ''}`,
			description: `${request} answered ${statusCode}. Check the key, and that it was created for the IP address n8n connects from.`,
		};
	}
	if (statusCode === 404) {
		return { message: `OnlineFundraising: ${typeof text === 'string' && text.trim() !== '' ? text.trim() : `nothing found at ${path}`}`, description: `${request} answered 404` };
	}
	return {
		message: vendor ? `OnlineFundraising rejected the request: ${vendor}` : `OnlineFundraising answered ${statusCode}`,
		description: [
			`${request} answered ${statusCode}${typeof body === 'string' && !vendor ? `: ${body.slice(0, 200)}` : ''}`,
			meaning ? `Code ${String(code)}: ${meaning}` : '',
		]
			.filter(Boolean)
			.join('. '),
	};
}

function safeJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}
