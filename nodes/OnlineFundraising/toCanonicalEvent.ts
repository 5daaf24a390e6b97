/**
 * An OnlineFundraising webhook object and the entity it points at → the canonical event. Entity
 * fields from the help centre's entity pages (docs/onlinefundraising.md): GUIDs named `<entity>Guid`,
 * timestamps `yyyy-MM-dd HH:mm:ss Z` in Europe/Copenhagen, amounts with a dot, `""` for empty.
 */
import type { IDataObject } from 'n8n-workflow';
import {
	CANONICAL_EVENT_VERSION,
	address,
	amountString,
	lowerOrNull,
	text,
	upperOrNull,
	type CanonicalContact,
	type CanonicalEvent,
	type SubscriptionInterval,
} from '../shared/canonicalEvent';
import { canonicalEventType, eventName } from './events';
import { copenhagenTimestampToIso, fromOnlineFundraising } from './apiFormat';
import type { WebhookObject } from './trigger/payload';

type Entity = Record<string, unknown>;

function contactOf(entityType: string, entity: Entity | undefined): CanonicalContact | null {
	if (!entity) return null;
	if (entityType !== 'contact') {
		const id = text(entity.contactGuid);
		return id ? { id, salutation: null, title: null, firstName: null, lastName: null, company: null, email: null, phone: null, mobile: null, language: null, address: null } : null;
	}
	return {
		id: text(entity.contactGuid),
		salutation: null,
		title: null,
		firstName: text(entity.firstName),
		lastName: text(entity.lastName),
		company: text(entity.companyName),
		email: lowerOrNull(entity.email),
		phone: null,
		// "Phone with Country Code ... without prefixes, such as 00" (4535294855): a mobile in practice.
		mobile: text(entity.msisdn),
		language: null,
		address: address({
			street: text(entity.address),
			street2: text(entity.address2),
			postalCode: text(entity.postCode),
			city: text(entity.city),
			state: null,
			country: upperOrNull(entity.countryCode),
		}),
	};
}

/**
 * A subscription's rhythm, from its Agreement: the Agreement "answers what is being paid for, for how
 * much, when and how often" (HC/5251044828956); the Subscription has no schedule field. Only the
 * documented schedule is known (`scheduleType` "Monthly", `scheduleCalendarUnit` "Month",
 * `scheduleEveryOther` 1); the allowed values are not documented, so every other schedule is unknown
 * (null) rather than guessed. `scheduleSelectedSet` is not read: both documented examples pair
 * "Monthly" with a set of six months (ASSUMED: the set belongs to another schedule type).
 */
export function intervalOfAgreement(agreement: Entity | undefined): SubscriptionInterval | null {
	const word = (value: unknown) => (typeof value === 'string' ? value.trim().toLowerCase() : '');
	if (!agreement || word(agreement.scheduleType) !== 'monthly') return null;
	const unit = word(agreement.scheduleCalendarUnit);
	const every = agreement.scheduleEveryOther;
	const once = every === undefined || every === null || every === '' || Number(every) === 1;
	return (unit === '' || unit === 'month') && once ? 'monthly' : null;
}

/**
 * An event that could not be checked (an archive or merge event whose entity OnlineFundraising no
 * longer returns, a data set event): it carries the reference only (GUID, event names, eventId) and
 * the canonical type `other`, with no contact, product or amount: a sink writes nothing from it, so a
 * forged one changes no record, and a real one is still delivered to the workflow.
 */
export function referenceOnlyEvent(object: WebhookObject, receivedAt: Date = new Date()): CanonicalEvent {
	return { ...normalizeOnlineFundraisingWebhook(object, undefined, receivedAt), event: 'other', contact: null, payment: null, subscription: null, product: null };
}

/**
 * The entity field that dates an event itself. The webhook carries no time and the entity is read as
 * it is now, so its `updatedTs` is the latest change: a charge delivered again after its refund would
 * take the refund's time. `cancelledTs` is documented (HC/5251044055708); the payment's `chargedTs`
 * and `refundedTs` are ASSUMED (payment fields are not documented): where absent or empty, the time
 * falls back to `updatedTs`, then `createdTs`.
 */
const EVENT_TIME_FIELDS: Readonly<Record<string, string>> = { 'payment.charged': 'chargedTs', 'payment.refunded': 'refundedTs', 'subscription.cancelled': 'cancelledTs' };

/** When the event happened, as far as the entity tells. */
export function occurredAtOf(entityType: string, eventType: string, entity: Entity): string | null {
	const own = EVENT_TIME_FIELDS[eventName(entityType, eventType)];
	return (own ? copenhagenTimestampToIso(entity[own]) : null) ?? copenhagenTimestampToIso(entity.updatedTs) ?? copenhagenTimestampToIso(entity.createdTs);
}

/** `agreement`: the Agreement of the entity's `agreementGuid`, when the trigger read it (the rhythm). */
export function normalizeOnlineFundraisingWebhook(
	object: WebhookObject,
	entity: Entity | undefined,
	receivedAt: Date = new Date(),
	agreement?: Entity,
): CanonicalEvent {
	const { entityType, eventType } = object;
	// A subscription has no amount of its own: its agreement's amountTotal is "used when charging".
	const charged = entity && entityType === 'subscription' && !(entity.amountTotal ?? entity.amount) ? agreement : entity;
	const amount = charged ? (amountString(charged.amountTotal) ?? amountString(charged.amount)) : null;
	return {
		schemaVersion: CANONICAL_EVENT_VERSION,
		source: 'onlinefundraising',
		event: canonicalEventType(entityType, eventType),
		vendorEvent: eventName(entityType, eventType),
		// Retries of a webhook carry the same webhookEventGuid (each attempt has its own webhookAttemptGuid).
		eventId: `onlinefundraising:${object.webhookEventGuid}`,
		occurredAt: entity ? occurredAtOf(entityType, eventType, entity) : null,
		receivedAt: receivedAt.toISOString(),
		testMode: false,
		amount,
		currency: charged ? upperOrNull(charged.currencyCode) : null,
		contact: contactOf(entityType, entity),
		payment:
			entityType === 'payment'
				? {
						id: text(object.entityGuid),
						orderId: text(entity?.subscriptionGuid) ?? text(object.entityGuid),
						method: text(entity?.paymentMethodType),
						sequenceNo: null,
						parentId: null,
						invoiceUrl: null,
					}
				: entityType === 'subscription' && text(entity?.paymentMethodType)
					? // How its payments are taken (a sink's schedule needs it); no payment yet, so no id.
						{ id: null, orderId: text(object.entityGuid), method: text(entity?.paymentMethodType), sequenceNo: null, parentId: null, invoiceUrl: null }
					: null,
		subscription:
			entityType === 'subscription' || text(entity?.subscriptionGuid)
				? {
						id: entityType === 'subscription' ? text(object.entityGuid) : text(entity?.subscriptionGuid),
						interval: intervalOfAgreement(agreement),
						status: entityType === 'subscription' ? text(entity?.state) : null,
						nextPaymentAt: entityType === 'subscription' ? text(entity?.nextDueDate) : null,
					}
				: null,
		product: text(entity?.agreementGuid) || entityType === 'agreement'
			? { id: entityType === 'agreement' ? text(object.entityGuid) : text(entity?.agreementGuid), name: entityType === 'agreement' ? text(entity?.name) : null, quantity: null }
			: null,
		// The entity as the action node shows it (ISO times, decimal amounts, null for "").
		vendor: { webhook: object, entity: entity ? fromOnlineFundraising(entity as IDataObject) : null },
		raw: JSON.stringify(object),
	};
}
