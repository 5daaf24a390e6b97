/**
 * FundraisingBox REST error answers → the message and description a user reads in n8n.
 * Documented contract ("Error codes"): 404 for an object that does not exist, 403 without the
 * rights, otherwise 400 with `{ "errors": [ { "field", "code", "message" } ] }` (`message` is
 * localized and may be empty; `field` is `global_error` for errors not about one field).
 */

export interface FundraisingBoxFieldError {
	field?: string;
	code?: string;
	message?: string;
}

export interface FundraisingBoxErrorAnswer {
	statusCode: number;
	/** The answer's body, parsed or as text. */
	body: unknown;
	method: string;
	/** Path below the base URL, e.g. `/persons/12.json`. */
	endpoint: string;
}

export interface DescribedError {
	message: string;
	description: string;
}

/** Singular and plural names of the objects behind each path segment. */
const OBJECT_NAMES: Record<string, [string, string]> = {
	persons: ['person', 'persons'],
	personAddresses: ['person address', 'person addresses'],
	personEmailAddresses: ['person email address', 'person email addresses'],
	donations: ['donation', 'donations'],
	recurrings: ['recurring payment', 'recurring payments'],
	mandates: ['SEPA mandate', 'SEPA mandates'],
	projects: ['project', 'projects'],
	sources: ['source', 'sources'],
	types: ['payment type', 'payment types'],
	communications: ['communication', 'communications'],
};

/** `/persons/12.json` → the object's name and id; `/persons.json` → the collection's name. */
export function objectOfEndpoint(endpoint: string): { singular: string; plural: string; id?: string } {
	const match = /^\/([A-Za-z]+)(?:\/([^/]+?))?\.json$/.exec(endpoint);
	const segment = match?.[1] ?? endpoint;
	const [singular, plural] = OBJECT_NAMES[segment] ?? [segment, segment];
	return { singular, plural, id: match?.[2] };
}

/** The `errors` list of a 400 answer, whether the body arrived parsed or as text. */
export function fieldErrorsOf(body: unknown): FundraisingBoxFieldError[] {
	let parsed = body;
	if (typeof body === 'string') {
		try {
			parsed = JSON.parse(body);
		} catch {
			return [];
		}
	}
	const errors = (parsed as { errors?: unknown } | null)?.errors;
	return Array.isArray(errors) ? errors.filter((error): error is FundraisingBoxFieldError => typeof error === 'object' && error !== null) : [];
}

/** `last_name: required – Last name is required; amount: invalid – …` (the message may be empty). */
export function formatFieldErrors(errors: FundraisingBoxFieldError[]): string {
	return errors
		.map((error) => {
			const head = [error.field, error.code].filter(Boolean).join(': ') || 'error';
			return error.message ? `${head} – ${error.message}` : head;
		})
		.join('; ');
}

function action(method: string, endpoint: string): string {
	const { singular, plural, id } = objectOfEndpoint(endpoint);
	switch (method.toUpperCase()) {
		case 'POST':
			return `creating ${plural}`;
		case 'PUT':
			return `updating ${singular} ${id ?? ''}`.trim();
		case 'DELETE':
			return `deleting ${singular} ${id ?? ''}`.trim();
		default:
			return id === undefined ? `reading ${plural}` : `reading ${singular} ${id}`;
	}
}

function bodySnippet(body: unknown): string {
	if (body === undefined || body === null || body === '') return '';
	const text = typeof body === 'string' ? body : JSON.stringify(body);
	return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

export function describeFundraisingBoxError(answer: FundraisingBoxErrorAnswer): DescribedError {
	const { statusCode, body, method, endpoint } = answer;
	const request = `${method.toUpperCase()} ${endpoint}`;
	if (statusCode === 401) {
		return {
			message: 'FundraisingBox refused the API token',
			description:
				'FundraisingBox answered 401 Unauthorized. Check the API token in the FundraisingBox REST API credential; FundraisingBox support issues tokens, and the account needs the API package.',
		};
	}
	if (statusCode === 403) {
		return {
			message: `The API token's user lacks the rights for ${action(method, endpoint)}`,
			description: `FundraisingBox answered 403 Forbidden to ${request}. API requests act with the rights of the user the token belongs to: give that user the rights, or use another user's token.`,
		};
	}
	if (statusCode === 404) {
		const { singular, id } = objectOfEndpoint(endpoint);
		if (id !== undefined) {
			return {
				message: `FundraisingBox ${singular} ${id} not found`,
				description: `FundraisingBox answered 404 Not Found to ${request}. Check the ID.`,
			};
		}
		return {
			message: `FundraisingBox has no ${endpoint} endpoint`,
			description: `FundraisingBox answered 404 Not Found to ${request}. Check the API Base URL in the credential (normally https://api.fundraisingbox.com/v1).`,
		};
	}
	const fieldErrors = fieldErrorsOf(body);
	if (fieldErrors.length > 0) {
		return {
			message: `FundraisingBox rejected the request: ${formatFieldErrors(fieldErrors)}`,
			description: `FundraisingBox answered ${statusCode} to ${request}.`,
		};
	}
	const snippet = bodySnippet(body);
	return {
		message: `FundraisingBox answered HTTP ${statusCode} to ${request}`,
		description: snippet ? `Answer: ${snippet}` : 'The answer had no body.',
	};
}
