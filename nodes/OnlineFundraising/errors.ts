/**
 * OnlineFundraising API error answers → what a user reads in n8n. Documented: 400 with
 * `{ "errorCode": "10001", "errorDescription": "…" }`, 404 "<Entity> was not found" per entity.
 * 401/403 are not documented; the key is also bound to the caller's IP address.
 */
export interface OnlineFundraisingErrorAnswer {
	statusCode: number;
	body: unknown;
	method: string;
	path: string;
}

export function describeOnlineFundraisingError({ statusCode, body, method, path }: OnlineFundraisingErrorAnswer): { message: string; description: string } {
	const parsed = typeof body === 'string' ? safeJson(body) : body;
	const code = (parsed as { errorCode?: unknown } | null)?.errorCode;
	const text = (parsed as { errorDescription?: unknown } | null)?.errorDescription;
	const vendor = [code !== undefined && code !== '' ? `error ${String(code)}` : '', typeof text === 'string' ? text : ''].filter(Boolean).join(': ');
	const request = `${method} ${path}`;
	if (statusCode === 401 || statusCode === 403) {
		return {
			message: `OnlineFundraising refused the API key${vendor ? ` (${vendor})` : ''}`,
			description: `${request} answered ${statusCode}. Check the key, and that it was created for the IP address n8n connects from.`,
		};
	}
	if (statusCode === 404) return { message: vendor || `OnlineFundraising found nothing at ${path}`, description: `${request} answered 404` };
	return {
		message: vendor ? `OnlineFundraising rejected the request: ${vendor}` : `OnlineFundraising answered ${statusCode}`,
		description: `${request} answered ${statusCode}${typeof body === 'string' && !vendor ? `: ${body.slice(0, 200)}` : ''}`,
	};
}

function safeJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}
