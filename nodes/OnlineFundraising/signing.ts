/**
 * OnlineFundraising wants the MD5 of the exact body bytes of every POST, PUT and PATCH, as upper-case
 * hex, in `RequestMD5` (or `Content-MD5`; the documented example is hex, not RFC 1864's base64).
 * The body is serialized once; the same string is hashed and sent.
 */
import { createHash } from 'crypto';

export const BODY_HASH_HEADER = 'RequestMD5';

export function bodyMd5(body: string): string {
	return createHash('md5').update(body, 'utf8').digest('hex').toUpperCase();
}

/** The body as it goes on the wire, and the headers that describe it. */
export function signedJsonBody(body: unknown): { text: string; headers: Record<string, string> } {
	const text = JSON.stringify(body);
	return { text, headers: { 'Content-Type': 'application/json; charset=utf-8', [BODY_HASH_HEADER]: bodyMd5(text) } };
}
