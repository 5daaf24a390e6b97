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
 * Each distinct entity is read once, at most MAX_RESOLVES_IN_FLIGHT at a time; then each distinct
 * Agreement of the subscriptions and payments found, once (it holds the rhythm: toCanonicalEvent.ts).
 */
import type { IDataObject } from 'n8n-workflow';
import { refusal, type Refusal } from '../../shared/webhookGuard';
import { claimContradiction } from './claims';
import { ARCHIVING_EVENTS, eventName, PAYMENT_API_ENTITY_TYPES } from '../events';
import { normalizeOnlineFundraisingWebhook, referenceOnlyEvent } from '../toCanonicalEvent';
import { isGuid, type WebhookObject } from './payload';

/** How many entity reads one webhook request may have in flight at once. */
export const MAX_RESOLVES_IN_FLIGHT = 4;
/** OnlineFundraising's own schedule decides when it sends again; this only says "not now". */
export const RETRY_AFTER_SECONDS = 60;

export type ReadOutcome = { found: IDataObject } | { notFound: true } | { unavailable: string };
export type EntityRead = (entityType: string, guid: string) => Promise<ReadOutcome>;

type EntityReference = Pick<WebhookObject, 'entityType' | 'entityGuid'>;
export const entityKey = (object: EntityReference) => `${object.entityType}/${object.entityGuid}`;

/** The entities whose `agreementGuid` gives the event its subscription's rhythm. */
const WITH_RHYTHM = new Set(['subscription', 'payment']);

/** The agreement an object's found entity names (a GUID only: it goes into a URL), when it has a rhythm to give. */
function agreementOf(object: EntityReference, outcomes: Map<string, ReadOutcome>): EntityReference | undefined {
	const outcome = outcomes.get(entityKey(object));
	const guid = outcome && 'found' in outcome ? outcome.found.agreementGuid : undefined;
	return WITH_RHYTHM.has(object.entityType) && isGuid(guid) ? { entityType: 'agreement', entityGuid: guid as string } : undefined;
}

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
 * Reads every distinct Payment API entity of the objects once, `limit` at a time, then every distinct
 * Agreement those subscriptions and payments name that was not read already: at most one more read
 * per entity found. Once one read finds the API unavailable no further read starts: the request will
 * be answered 503 anyway.
 */
export async function resolveEntities(objects: WebhookObject[], read: EntityRead, limit = MAX_RESOLVES_IN_FLIGHT): Promise<Map<string, ReadOutcome>> {
	const outcomes = await readEach(objects.filter((object) => PAYMENT_API_ENTITY_TYPES.has(object.entityType)), read, limit, new Map());
	if ([...outcomes.values()].some((outcome) => 'unavailable' in outcome)) return outcomes;
	const agreements = objects.map((object) => agreementOf(object, outcomes)).filter((agreement): agreement is EntityReference => agreement !== undefined);
	return readEach(agreements, read, limit, outcomes);
}

/** Reads each distinct entity not in `outcomes` yet, `limit` at a time, into `outcomes`. */
async function readEach(references: EntityReference[], read: EntityRead, limit: number, outcomes: Map<string, ReadOutcome>): Promise<Map<string, ReadOutcome>> {
	const pending = new Map<string, EntityReference>();
	for (const reference of references) if (!outcomes.has(entityKey(reference))) pending.set(entityKey(reference), reference);
	const queue = [...pending.entries()];
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
function itemFor(object: WebhookObject, outcomes: Map<string, ReadOutcome>, receivedAt: Date): IDataObject | undefined {
	const outcome = outcomes.get(entityKey(object));
	if (!PAYMENT_API_ENTITY_TYPES.has(object.entityType)) {
		const why = object.entityType === 'dataSet' ? 'data sets are served by the DataSet API, with its own URL and key' : `"${object.entityType}" is not a Payment API entity`;
		return withReason(referenceOnlyEvent(object, receivedAt), `Not checked against OnlineFundraising: ${why}; the item carries the reference only`);
	}
	if (outcome && 'found' in outcome) {
		// An agreement not found (archived agreements may answer 404) leaves the rhythm unknown; the event stands.
		const reference = agreementOf(object, outcomes);
		const agreement = reference && outcomes.get(entityKey(reference));
		return normalizeOnlineFundraisingWebhook(object, outcome.found, receivedAt, agreement && 'found' in agreement ? agreement.found : undefined) as unknown as IDataObject;
	}
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
			const item = itemFor(object, outcomes, receivedAt);
			if (item) items.push(item);
		}
	}
	if (items.length > 0) return { items };
	if (contradicted.length === 0) return { refusal: refusal(400, 'No entity of this webhook exists in OnlineFundraising') };
	const [{ object, why }] = contradicted;
	const more = contradicted.length > 1 ? ` (and ${contradicted.length - 1} more contradicted objects)` : '';
	return { refusal: refusal(409, `Webhook object ${body.indexOf(object)} (${eventName(object.entityType, object.eventType)}) contradicts OnlineFundraising: ${why}${more}`) };
}
