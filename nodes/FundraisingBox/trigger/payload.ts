/**
 * The body of a FundraisingBox webhook call, XML ("merge webhook") or JSON, told apart by its
 * first character rather than by Content-Type: FundraisingBox documents the body, not the header.
 */
import type { FundraisingBoxPayload } from '../toCanonicalEvent';
import { parseFundraisingBoxXml } from './xml';

export type WebhookBody =
	| { ok: true; format: 'xml' | 'json'; payload: FundraisingBoxPayload; text: string }
	| { ok: false; reason: string };

const isObject = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

export function parseWebhookBody(body: Buffer): WebhookBody {
	const text = body.toString('utf8').replace(/^\uFEFF/, '');
	const start = text.trimStart().charAt(0);
	if (start === '<') {
		const parsed = parseFundraisingBoxXml(text);
		if (!parsed.ok) return parsed;
		// One root element (<fb_transaction> for the merge webhook): its children are the objects.
		const [root] = Object.values(parsed.value);
		if (!isObject(root)) return { ok: false, reason: 'XML root element has no child elements' };
		return { ok: true, format: 'xml', payload: root, text };
	}
	if (start === '{') {
		let payload: unknown;
		try {
			payload = JSON.parse(text);
		} catch (error) {
			return { ok: false, reason: `Malformed JSON: ${(error as Error).message}` };
		}
		if (!isObject(payload)) return { ok: false, reason: 'JSON body is not an object' };
		return { ok: true, format: 'json', payload, text };
	}
	return { ok: false, reason: 'Body is neither XML nor JSON' };
}
