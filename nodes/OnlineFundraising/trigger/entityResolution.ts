/**
 * What the OnlineFundraising Trigger makes of the entities a webhook points at. Webhooks are
 * references without a signature, so an event is only as good as the API's answer about its entity:
 *
 * - found → the event, with the entity; unless the entity's current state makes the claimed event
 *   impossible (./claims.ts: e.g. `payment.refunded` for a payment still Charged): forged, as below;
 * - not known (404, or 400 for the GUID) → forged or mistaken: not emitted; archive and merge events
 *   excepted, whose entity OnlineFundraising hides from its queries (kept as an unverified reference);
 * - the API cannot answer (5xx, 429, a refused key, a timeout, no connection) → the request is not
 *   acknowledged at all: 503, and OnlineFundraising sends it again (for about 22.5 hours).
 *
 * Each distinct entity is read once, at most MAX_RESOLVES_IN_FLIGHT at a time.
 */
import type { IDataObject } from 'n8n-workflow';
import { refusal, type Refusal } from '../../shared/webhookGuard';
import { claimContradiction } from './claims';
import { ARCHIVING_EVENTS, eventName, PAYMENT_API_ENTITY_TYPES } from '../events';
import { normalizeOnlineFundraisingWebhook, referenceOnlyEvent } from '../toCanonicalEvent';
import type { WebhookObject } from './payload';

/** How many entity reads one webhook request may have in flight at once. */
export const MAX_RESOLVES_IN_FLIGHT = 4;
/** OnlineFundraising's own schedule decides when it sends again; this only says "not now". */
export const RETRY_AFTER_SECONDS = 60;

export type ReadOutcome = { found: IDataObject } | { notFound: true } | { unavailable: string };
export type EntityRead = (entityType: string, guid: string) => Promise<ReadOutcome>;

export const entityKey = (object: WebhookObject) => `${object.entityType}/${object.entityGuid}`;

/** Why items were not checked, when the trigger has no credential or Resolve Entity is off. */
export const NOT_CHECKED =
	'Not checked against OnlineFundraising (no API credential, or Resolve Entity off): anyone who can reach the webhook URL can send such a webhook';

/** A failed read, from the error the transport threw: its HTTP status decides, no status means no answer. */
export function readOutcomeOfError(error: unknown): ReadOutcome {
	const status = Number((error as { httpCode?: unknown } | undefined)?.httpCode);
	if (status === 404 || status === 400) return { notFound: true };
	if (status === 401 || status === 403) return { unavailable: `API key refused (${status})` };
	if (Number.isInteger(status) && status > 0) return { unavailable: `API answered ${status}` };
	return { unavailable: 'no answer (timeout or connection error)' };
}

/**
 * Reads every distinct Payment API entity of the objects once, `limit` at a time. Once one read
 * finds the API unavailable no further read starts: the request will be answered 503 anyway.
 */
export async function resolveEntities(objects: WebhookObject[], read: EntityRead, limit = MAX_RESOLVES_IN_FLIGHT): Promise<Map<string, ReadOutcome>> {
	const pending = new Map<string, WebhookObject>();
	for (const object of objects) if (PAYMENT_API_ENTITY_TYPES.has(object.entityType) && !pending.has(entityKey(object))) pending.set(entityKey(object), object);
	const queue = [...pending.entries()];
	const outcomes = new Map<string, ReadOutcome>();
	let unavailable = false;
	const worker = async () => {
		for (let next = queue.shift(); next && !unavailable; next = queue.shift()) {
			const [key, { entityType, entityGuid }] = next;
			const outcome = await read(entityType, entityGuid);
			outcomes.set(key, outcome);
			if ('unavailable' in outcome) unavailable = true;
		}
	};
	await Promise.all(Array.from({ length: Math.min(limit, queue.length) }, worker));
	return outcomes;
}

export type WebhookAnswer = { refusal: Refusal } | { items: IDataObject[] };

const withReason = (event: object, unverified: string): IDataObject => ({ ...(event as IDataObject), unverified });

/** One object as an item, or undefined when its entity does not exist (a forged or mistaken webhook). */
function itemFor(object: WebhookObject, outcome: ReadOutcome | undefined, receivedAt: Date): IDataObject | undefined {
	if (!PAYMENT_API_ENTITY_TYPES.has(object.entityType)) {
		const why = object.entityType === 'dataSet' ? 'data sets are served by the DataSet API, with its own URL and key' : `"${object.entityType}" is not a Payment API entity`;
		return withReason(referenceOnlyEvent(object, receivedAt), `Not checked against OnlineFundraising: ${why}; the item carries the reference only`);
	}
	if (outcome && 'found' in outcome) return normalizeOnlineFundraisingWebhook(object, outcome.found, receivedAt) as unknown as IDataObject;
	if (!ARCHIVING_EVENTS.has(eventName(object.entityType, object.eventType))) return undefined;
	return withReason(
		referenceOnlyEvent(object, receivedAt),
		`OnlineFundraising answered 404 for this ${object.entityType}: archived and merged-away entities are hidden from its queries, so the event cannot be checked; it carries the GUID only`,
	);
}

/**
 * The answer to a webhook request: its items, or a refusal. `outcomes` undefined means nothing was
 * checked (no credential, or Resolve Entity off): every item says so. `body` is every object of the
 * request, `objects` those the event filter selected: a refusal names an object by its place in the body.
 */
export function webhookAnswer(objects: WebhookObject[], outcomes: Map<string, ReadOutcome> | undefined, receivedAt: Date, body: WebhookObject[] = objects): WebhookAnswer {
	if (!outcomes) return { items: objects.map((object) => withReason(normalizeOnlineFundraisingWebhook(object, undefined, receivedAt), NOT_CHECKED)) };
	const failure = [...outcomes.values()].find((outcome): outcome is { unavailable: string } => 'unavailable' in outcome);
	if (failure) {
		return {
			refusal: refusal(
				503,
				`OnlineFundraising could not be asked about the entities of this webhook (${failure.unavailable}); not acknowledged, so it will be sent again`,
				{ 'Retry-After': String(RETRY_AFTER_SECONDS) },
			),
		};
	}
	const items: IDataObject[] = [];
	const contradicted: Array<{ object: WebhookObject; why: string }> = [];
	for (const object of objects) {
		const outcome = outcomes.get(entityKey(object));
		const why = outcome && 'found' in outcome ? claimContradiction(object, outcome.found) : undefined;
		// Dropped like an unknown entity: the claim is one OnlineFundraising's own state rules out.
		if (why) contradicted.push({ object, why });
		else {
			const item = itemFor(object, outcome, receivedAt);
			if (item) items.push(item);
		}
	}
	if (items.length > 0) return { items };
	if (contradicted.length === 0) return { refusal: refusal(400, 'No entity of this webhook exists in OnlineFundraising') };
	const [{ object, why }] = contradicted;
	const more = contradicted.length > 1 ? ` (and ${contradicted.length - 1} more contradicted objects)` : '';
	return { refusal: refusal(409, `Webhook object ${body.indexOf(object)} (${eventName(object.entityType, object.eventType)}) contradicts OnlineFundraising: ${why}${more}`) };
}
