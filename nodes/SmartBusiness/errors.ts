/**
 * SmartBusiness API error answers → what a user reads in n8n (reference smartbusiness.md §3.4).
 * Every 4xx body is `{ code, message, meta? }`; 422 lists each field in `meta.errors[{key, code,
 * message}]`, 402/403 name the plan feature in `meta`, 401 carries OAuth's `meta.error_type`/`hint`.
 */

export interface SmartBusinessFailure {
	/** undefined when no answer came (timeout, refused connection). */
	status?: number;
	body?: unknown;
	/** Network error code when no answer came. */
	code?: string;
	method: string;
	path: string;
	/** Seconds until the rate limit resets, for 429. */
	resetSeconds?: number;
}

export interface FieldError {
	field: string;
	code?: number;
	message: string;
}

export interface DescribedError {
	message: string;
	description: string;
	fieldErrors?: FieldError[];
}

/** The per-field validation codes (vendor library `Validation/Key*Exception`). */
export const FIELD_ERROR_CODES: Readonly<Record<number, string>> = {
	1100: 'value is required',
	1101: 'invalid value type',
	1102: 'invalid value',
	1103: 'invalid value format',
	1104: 'value cannot be changed',
	1105: 'value already exists',
	1106: 'invalid file size',
	1107: 'invalid file type',
	1108: 'invalid file',
};

/**
 * List-parameter codes of a 400 answer: defaults of the vendor client's exception classes (none
 * confirmed by a real answer). The filter-key class (2101) is left out: the client never throws it.
 */
const BAD_REQUEST_CODES: Readonly<Record<number, string>> = {
	2100: 'an unknown "with" field',
	2102: 'an unknown sort field',
	2103: 'a limit outside 1–200',
	2104: 'a negative offset',
};

/**
 * The OAuth2 scope each API area needs (vendor client `$scopes` per endpoint), to say which one a
 * 403 may lack. Units: `configuration` in both official clients, `catalog` in a transcription.
 */
export function scopeFor(path: string): string | undefined {
	if (path.startsWith('/catalog/configuration/units')) return 'configuration" (or "catalog")';
	if (path.startsWith('/contacts')) return 'contact';
	if (path.startsWith('/receivables/configuration') || path.startsWith('/configuration')) return 'configuration';
	if (path.startsWith('/receivables/invoices')) return 'invoice';
	if (path.startsWith('/catalog')) return 'catalog';
	if (path.startsWith('/auth')) return 'profile';
	return undefined;
}

type ErrorBody = { code?: unknown; message?: unknown; meta?: Record<string, unknown>; error?: unknown; error_description?: unknown };

function asBody(body: unknown): ErrorBody {
	if (typeof body === 'string') {
		try {
			return asBody(JSON.parse(body));
		} catch {
			return body.trim() === '' ? {} : { message: body.slice(0, 300) };
		}
	}
	return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as ErrorBody) : {};
}

export function fieldErrorsOf(body: unknown): FieldError[] {
	const errors = asBody(body).meta?.errors;
	if (!Array.isArray(errors)) return [];
	return errors
		.filter((entry): entry is Record<string, unknown> => typeof entry === 'object' && entry !== null)
		.map((entry) => {
			const code = typeof entry.code === 'number' ? entry.code : undefined;
			const text = typeof entry.message === 'string' && entry.message.trim() !== '' ? entry.message.trim() : undefined;
			return { field: String(entry.key ?? '(unnamed field)'), code, message: text ?? (code !== undefined ? FIELD_ERROR_CODES[code] : undefined) ?? 'invalid' };
		});
}

const vendorText = (body: ErrorBody): string => {
	const message = typeof body.message === 'string' ? body.message : typeof body.error_description === 'string' ? body.error_description : '';
	return [message, typeof body.code === 'number' ? `(code ${body.code})` : ''].filter(Boolean).join(' ');
};

export function describeSmartBusinessError(failure: SmartBusinessFailure): DescribedError {
	const { status, method, path } = failure;
	const request = `${method} ${path}`;
	if (status === undefined) {
		const mayHaveHappened = !['GET', 'PUT', 'DELETE'].includes(method) && failure.code !== 'ECONNREFUSED';
		return {
			message: `No answer from SmartBusiness (${failure.code ?? 'connection failed'})`,
			description: `${request} got no answer${mayHaveHappened ? '. It was not repeated, since SmartBusiness may have carried it out: check before running it again.' : ', also after repeating it.'}`,
		};
	}
	const body = asBody(failure.body);
	const vendor = vendorText(body);
	const meta = body.meta ?? {};
	switch (status) {
		case 422: {
			const fieldErrors = fieldErrorsOf(body);
			const fields = fieldErrors.map((error) => `${error.field}: ${error.message}${error.code !== undefined ? ` (${error.code})` : ''}`);
			return {
				message: fields.length > 0 ? `SmartBusiness rejected ${fields.join('; ')}` : `SmartBusiness rejected the data${vendor ? `: ${vendor}` : ''}`,
				description: `${request} answered 422${vendor ? `: ${vendor}` : ''}`,
				fieldErrors,
			};
		}
		case 400: {
			const meaning = typeof body.code === 'number' ? BAD_REQUEST_CODES[body.code] : undefined;
			return {
				message: `SmartBusiness refused the request${meaning ? `: ${meaning}` : vendor ? `: ${vendor}` : ''}`,
				description: `${request} answered 400${vendor ? `: ${vendor}` : ''}`,
			};
		}
		case 401: {
			const hint = [meta.error_type ?? body.error, meta.hint ?? body.error_description].filter((part) => typeof part === 'string' && part !== '').join(': ');
			return {
				message: `SmartBusiness refused the credential${hint ? ` (${hint})` : vendor ? ` (${vendor})` : ''}`,
				description: `${request} answered 401 after n8n renewed the token. Check the client ID, secret and scopes; for Authorization Code, reconnect the credential.`,
			};
		}
		case 402:
			return {
				message: `Your SmartBusiness plan's limit is reached${meta.feature ? `: ${String(meta.feature)}${meta.limit !== undefined ? ` (limit ${String(meta.limit)})` : ''}` : ''}`,
				description: `${request} answered 402${vendor ? `: ${vendor}` : ''}. Upgrade the plan or free up the feature in SmartBusiness.`,
			};
		case 403: {
			if (meta.feature !== undefined) {
				const plans = Array.isArray(meta.plans) && meta.plans.length > 0 ? ` (available in: ${meta.plans.join(', ')})` : '';
				return { message: `Your SmartBusiness plan does not include ${String(meta.feature)}${plans}`, description: `${request} answered 403${vendor ? `: ${vendor}` : ''}` };
			}
			const scope = scopeFor(path);
			return {
				message: `No permission for ${request}${vendor ? `: ${vendor}` : ''}`,
				description: `${request} answered 403. ${scope ? `The OAuth2 client needs the scope "${scope}" (in SmartBusiness and in the credential's Scope), and` : 'Check the scopes and'} the user's rights.`,
			};
		}
		case 404:
			return {
				message: `SmartBusiness found no ${typeof meta.entity_type === 'string' ? meta.entity_type : 'record'} at ${path}`,
				description: `${request} answered 404${vendor ? `: ${vendor}` : ''}`,
			};
		case 429:
			return {
				message: 'SmartBusiness rate limit reached',
				description: `${request} answered 429${failure.resetSeconds !== undefined ? `; the limit resets in ${failure.resetSeconds} s` : ''}. It was repeated after each reset until the repeats ran out.`,
			};
		default:
			return {
				message: status === 503 ? 'SmartBusiness is offline for maintenance' : `SmartBusiness answered ${status}${vendor ? `: ${vendor}` : ''}`,
				description: `${request} answered ${status}${status >= 500 ? (['GET', 'PUT', 'DELETE'].includes(method) || status === 503 ? ', also after repeating it with back-off' : '; it was not repeated, since SmartBusiness may have carried it out') : ''}`,
			};
	}
}
