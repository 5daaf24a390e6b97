/**
 * Reading values out of a webhook body that nobody vouches for. The body decides its own shapes:
 * where a scalar belongs it may hold an object (whose `toString` may be null, so `String()` throws
 * and n8n answers 500), an array (`String([1, 2])` is "1,2") or a number beyond 2^53. Only
 * strings, finite numbers and booleans are read as values, and objects only by their own fields,
 * so no field name (`constructor`, `toString`, ...) reads Object.prototype.
 */

export type Scalar = string | number | boolean | null;

/** A string, finite number or boolean as it is; anything else (object, array, null, NaN) is null. */
export function scalarOf(value: unknown): Scalar {
	if (typeof value === 'string' || typeof value === 'boolean') return value;
	return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** An object's own fields on a prototype-free copy; undefined for anything that is not an object. */
export function ownFields(value: unknown): Record<string, unknown> | undefined {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
	return Object.assign(Object.create(null) as Record<string, unknown>, value);
}

/** The entries of a list that are objects, as prototype-free copies; other entries are skipped. */
export function objectsIn(list: unknown[]): Array<Record<string, unknown>> {
	return list.flatMap((entry) => {
		const fields = ownFields(entry);
		return fields ? [fields] : [];
	});
}

/** An integer sent as a number or as digits; null for anything else, and beyond 2^53 (digits lost). */
export function integerOf(value: unknown): number | null {
	const scalar = scalarOf(value);
	const number = typeof scalar === 'number' ? scalar : typeof scalar === 'string' && /^\s*-?\d+\s*$/.test(scalar) ? Number(scalar) : NaN;
	return Number.isSafeInteger(number) ? number : null;
}

/**
 * A prototype-free tree (./trigger/xml.ts) as plain objects and arrays, for n8n's item JSON. Keys become
 * own data properties (`Object.fromEntries`), so even `__proto__` stays a field and sets no prototype.
 */
export function plainData(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(plainData);
	if (typeof value !== 'object' || value === null) return value;
	return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, plainData(child)]));
}
