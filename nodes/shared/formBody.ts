/**
 * Parses an `application/x-www-form-urlencoded` body from its exact bytes. n8n's own parser turns
 * a repeated key into an array, which would make "the value that was signed" ambiguous; here a
 * repeated key is an error instead, so that the caller can refuse the request.
 */
export type FormParseResult =
	| { ok: true; fields: Record<string, string> }
	| { ok: false; reason: string };

export function parseFormBody(raw: Buffer | string, maxFields = 1000): FormParseResult {
	const text = typeof raw === 'string' ? raw : raw.toString('utf8');
	const fields = new Map<string, string>();
	for (const [key, value] of new URLSearchParams(text)) {
		if (fields.has(key)) return { ok: false, reason: `Repeated form field "${key}"` };
		if (fields.size >= maxFields) return { ok: false, reason: `More than ${maxFields} form fields` };
		fields.set(key, value);
	}
	// Object.fromEntries defines own properties, so a "__proto__" field cannot reach the prototype.
	return { ok: true, fields: Object.fromEntries(fields) };
}
