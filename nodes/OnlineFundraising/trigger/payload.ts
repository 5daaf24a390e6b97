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

/**
 * Objects per request. OnlineFundraising documents no batch size ("one or more"; its example has
 * two), so the bound is argued (docs/onlinefundraising.md, "Bounds"): each distinct entity costs
 * one API read, four at a time, and 2,000 reads at ~100 ms each take ~50 s, about as long as a
 * sender can be expected to wait for the answer. Far above any batch of references seen in the docs.
 */
export const MAX_WEBHOOK_OBJECTS = 2000;

export type WebhookBody = { ok: true; objects: WebhookObject[] } | { ok: false; status: 400 | 413; reason: string };

/** OnlineFundraising's GUIDs: 8-4-4-4-12 hexadecimal digits, as every documented example shows. */
const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
/** Entity and event names: one camelCase word (`contact`, `paymentMethod`, `sessionExpired`, `SmsMO`). */
const NAME = /^[A-Za-z][A-Za-z0-9]{0,63}$/;

export const isGuid = (value: unknown): boolean => typeof value === 'string' && GUID.test(value);
export const isName = (value: unknown): boolean => typeof value === 'string' && NAME.test(value);

const REQUIRED: ReadonlyArray<[field: string, valid: (value: unknown) => boolean, what: string]> = [
	['webhookEventGuid', isGuid, 'a GUID'],
	['entityGuid', isGuid, 'a GUID'],
	['entityType', isName, 'a name'],
	['eventType', isName, 'a name'],
];

export function parseWebhookBody(body: Buffer): WebhookBody {
	let parsed: unknown;
	try {
		parsed = JSON.parse(body.toString('utf8').replace(/^\uFEFF/, ''));
	} catch (error) {
		return { ok: false, status: 400, reason: `Malformed JSON: ${(error as Error).message}` };
	}
	const list = Array.isArray(parsed) ? parsed : [parsed];
	if (list.length === 0) return { ok: false, status: 400, reason: 'Empty webhook array' };
	if (list.length > MAX_WEBHOOK_OBJECTS) return { ok: false, status: 413, reason: `More than ${MAX_WEBHOOK_OBJECTS} webhook objects in one request` };
	for (const [index, object] of list.entries()) {
		if (typeof object !== 'object' || object === null || Array.isArray(object)) return { ok: false, status: 400, reason: `Webhook object ${index} is not an object` };
		for (const [field, valid, what] of REQUIRED) {
			if (!valid((object as Record<string, unknown>)[field])) return { ok: false, status: 400, reason: `Webhook object ${index} has no valid ${field} (${what})` };
		}
	}
	return { ok: true, objects: list as WebhookObject[] };
}
