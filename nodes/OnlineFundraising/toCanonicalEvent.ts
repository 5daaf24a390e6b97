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
 * An event that could not be checked (an archive or merge event whose entity OnlineFundraising no
 * longer returns, a data set event): it carries the reference only (GUID, event names, eventId) and
 * the canonical type `other`, with no contact, product or amount: a sink writes nothing from it, so a
 * forged one changes no record, and a real one is still delivered to the workflow.
 */
export function referenceOnlyEvent(object: WebhookObject, receivedAt: Date = new Date()): CanonicalEvent {
	return { ...normalizeOnlineFundraisingWebhook(object, undefined, receivedAt), event: 'other', contact: null, payment: null, subscription: null, product: null };
}

export function normalizeOnlineFundraisingWebhook(
	object: WebhookObject,
	entity: Entity | undefined,
	receivedAt: Date = new Date(),
): CanonicalEvent {
	const { entityType, eventType } = object;
	const amount = entity ? (amountString(entity.amountTotal) ?? amountString(entity.amount)) : null;
	return {
		schemaVersion: CANONICAL_EVENT_VERSION,
		source: 'onlinefundraising',
		event: canonicalEventType(entityType, eventType),
		vendorEvent: eventName(entityType, eventType),
		// Retries of a webhook carry the same webhookEventGuid (each attempt has its own webhookAttemptGuid).
		eventId: `onlinefundraising:${object.webhookEventGuid}`,
		occurredAt: entity ? (copenhagenTimestampToIso(entity.updatedTs) ?? copenhagenTimestampToIso(entity.createdTs)) : null,
		receivedAt: receivedAt.toISOString(),
		testMode: false,
		amount,
		currency: entity ? upperOrNull(entity.currencyCode) : null,
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
				: null,
		subscription:
			entityType === 'subscription' || text(entity?.subscriptionGuid)
				? {
						id: entityType === 'subscription' ? text(object.entityGuid) : text(entity?.subscriptionGuid),
						interval: null,
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
