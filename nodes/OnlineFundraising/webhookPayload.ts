/**
 * The body of an OnlineFundraising webhook call: "One or more webhook objects may be delivered in a
 * single request", as a JSON array of references (no entity data). Every object must carry the
 * documented GUIDs and names, or the whole request is refused: a half-understood batch is not
 * acknowledged.
 */
export interface WebhookObject {
	merchantId: string;
	webhookEventGuid: string;
	webhookGuid: string;
	webhookAttemptGuid: string;
	entityGuid: string;
	entityType: string;
	eventType: string;
	[key: string]: unknown;
}

export type WebhookBody = { ok: true; objects: WebhookObject[] } | { ok: false; reason: string };

const REQUIRED = ['webhookEventGuid', 'entityGuid', 'entityType', 'eventType'] as const;
/** GUIDs and names are short tokens; anything else is not an OnlineFundraising webhook. */
const TOKEN = /^[A-Za-z0-9._-]{1,100}$/;

export function parseWebhookBody(body: Buffer): WebhookBody {
	let parsed: unknown;
	try {
		parsed = JSON.parse(body.toString('utf8').replace(/^\uFEFF/, ''));
	} catch (error) {
		return { ok: false, reason: `Malformed JSON: ${(error as Error).message}` };
	}
	const list = Array.isArray(parsed) ? parsed : [parsed];
	if (list.length === 0) return { ok: false, reason: 'Empty webhook array' };
	for (const [index, object] of list.entries()) {
		if (typeof object !== 'object' || object === null || Array.isArray(object)) return { ok: false, reason: `Webhook object ${index} is not an object` };
		for (const field of REQUIRED) {
			const value = (object as Record<string, unknown>)[field];
			if (typeof value !== 'string' || !TOKEN.test(value)) return { ok: false, reason: `Webhook object ${index} has no valid ${field}` };
		}
	}
	return { ok: true, objects: list as WebhookObject[] };
}
