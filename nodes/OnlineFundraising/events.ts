/**
 * OnlineFundraising webhook events: pairs of `entityType` and `eventType` ("Event Types", help
 * centre; see docs/onlinefundraising.md) and their canonical names.
 */
import type { CanonicalEventType } from '../shared/canonicalEvent';
import { isEventSelected } from '../shared/eventFilter';
import type { WebhookObject } from './trigger/payload';

export interface OnlineFundraisingEvent {
	entityType: string;
	eventType: string;
	description: string;
	canonical: CanonicalEventType;
}

const event = (entityType: string, eventType: string, description: string, canonical: CanonicalEventType = 'other'): OnlineFundraisingEvent => ({
	entityType,
	eventType,
	description,
	canonical,
});

export const ONLINEFUNDRAISING_EVENTS: OnlineFundraisingEvent[] = [
	event('contact', 'created', 'A contact was created', 'contact.created'),
	event('contact', 'updated', 'A contact was updated', 'contact.updated'),
	event('contact', 'archived', 'A contact was archived', 'contact.updated'),
	event('contact', 'merged', 'A contact was merged into another (sent for the one archived)', 'contact.updated'),
	event('agreement', 'created', 'An agreement was created'),
	event('agreement', 'updated', 'An agreement was updated'),
	event('agreement', 'archived', 'An agreement was archived'),
	event('paymentMethod', 'created', 'A payment method was created'),
	event('paymentMethod', 'activated', 'A payment method was accepted by the contact'),
	event('paymentMethod', 'updated', 'A payment method was updated by the merchant'),
	event('paymentMethod', 'rejected', 'A payment method was rejected by the contact'),
	event('paymentMethod', 'cancelled', 'A payment method was cancelled by the merchant or the contact'),
	event('paymentMethod', 'failed', 'A payment method failed (see its error description)'),
	event('paymentMethod', 'expired', 'A payment method expired'),
	event('paymentMethod', 'sessionExpired', 'A payment method was not accepted in time'),
	event('subscription', 'created', 'A subscription was created', 'subscription.created'),
	event('subscription', 'activated', 'A subscription became active', 'subscription.updated'),
	event('subscription', 'updated', 'A subscription was updated by the merchant', 'subscription.updated'),
	event('subscription', 'expired', 'A subscription period ended', 'subscription.ended'),
	event('subscription', 'cancelled', 'A subscription was cancelled by the merchant or the contact', 'subscription.cancelled'),
	event('subscription', 'onHold', 'A subscription was paused by the merchant', 'subscription.updated'),
	event('subscription', 'restarted', 'A subscription was restarted by the merchant', 'subscription.resumed'),
	event('payment', 'created', 'A payment was created'),
	event('payment', 'updated', 'A payment was updated'),
	event('payment', 'charged', 'A payment was charged', 'payment.succeeded'),
	event('payment', 'failed', 'A payment failed to charge', 'payment.failed'),
	event('payment', 'rejected', 'A payment was rejected by the contact', 'payment.failed'),
	event('payment', 'cancelled', 'A payment was cancelled by the merchant', 'payment.failed'),
	event('payment', 'sessionExpired', 'A payment session expired before the contact approved it', 'payment.failed'),
	event('payment', 'refunded', 'A payment was refunded', 'payment.refunded'),
	event('dataSet', 'created', 'A data set (form submission) was created (DataSet API)'),
	event('dataSet', 'updated', 'A data set was updated (DataSet API)'),
];

/** `contact.created`: how the node names an event, in the filter and in `vendorEvent`. */
export const eventName = (entityType: string, eventType: string) => `${entityType}.${eventType}`;

export const DOCUMENTED_EVENTS: ReadonlySet<string> = new Set(ONLINEFUNDRAISING_EVENTS.map((e) => eventName(e.entityType, e.eventType)));

/** The objects whose event the Events filter lets through. */
export const selectedObjects = (objects: WebhookObject[], events: readonly string[]) =>
	objects.filter((object) => isEventSelected(events, eventName(object.entityType, object.eventType), DOCUMENTED_EVENTS));

const CANONICAL = new Map(ONLINEFUNDRAISING_EVENTS.map((e) => [eventName(e.entityType, e.eventType), e.canonical]));

export function canonicalEventType(entityType: string, eventType: string): CanonicalEventType {
	return CANONICAL.get(eventName(entityType, eventType)) ?? 'other';
}

/**
 * Events about an entity OnlineFundraising then hides from its queries: an archived contact ("hidden
 * from queries", Contact › archivedTs), the contact merged away (archived by the merge) and an
 * archived agreement. For these a 404 on the entity is expected, not a sign of forgery.
 */
export const ARCHIVING_EVENTS: ReadonlySet<string> = new Set(['contact.archived', 'contact.merged', 'agreement.archived']);

/** Entity types the Payment API serves at `GET /<entityType>/{guid}`; data sets live in the separate DataSet API. */
export const PAYMENT_API_ENTITY_TYPES: ReadonlySet<string> = new Set(['contact', 'agreement', 'paymentMethod', 'subscription', 'payment']);
