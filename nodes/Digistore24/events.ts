/**
 * Digistore24 IPN events (the `event` field) and their canonical names.
 * Source: Digistore24 developer docs "Events", ipnSetup; see docs/digistore24.md.
 */
import type { CanonicalEventType } from '../shared/canonicalEvent';

export interface Digistore24Event {
	value: string;
	name: string;
	description: string;
	canonical: CanonicalEventType;
}

export const DIGISTORE24_EVENTS: Digistore24Event[] = [
	{ value: 'on_payment', name: 'Payment', description: 'A first payment or any rebill or instalment', canonical: 'payment.succeeded' },
	{ value: 'on_refund', name: 'Refund', description: 'A payment was refunded', canonical: 'payment.refunded' },
	{ value: 'on_chargeback', name: 'Chargeback', description: 'The card company or bank reversed a payment', canonical: 'payment.chargeback' },
	{ value: 'on_payment_missed', name: 'Missed Recurring Payment', description: 'A subscription or instalment payment is missing', canonical: 'payment.missed' },
	{ value: 'payment_denial', name: 'Rejected Payment', description: 'A payment was rejected after the last attempt', canonical: 'payment.failed' },
	{ value: 'on_rebill_cancelled', name: 'Rebilling Cancelled', description: 'Rebilling was stopped; access continues until the last paid day', canonical: 'subscription.cancelled' },
	{ value: 'on_rebill_resumed', name: 'Rebilling Resumed', description: 'Rebilling was restarted (not a payment)', canonical: 'subscription.resumed' },
	{ value: 'last_paid_day', name: 'End of Paid Period', description: 'The paid period of a cancelled, refunded or failed order ended', canonical: 'subscription.ended' },
	{ value: 'on_affiliation', name: 'New Affiliate', description: 'An affiliate partnership was created', canonical: 'affiliate.created' },
];

export const CONNECTION_TEST_EVENT = 'connection_test';

const CANONICAL_BY_VENDOR = new Map(DIGISTORE24_EVENTS.map((event) => [event.value, event.canonical]));

export function canonicalEventType(vendorEvent: string): CanonicalEventType {
	if (vendorEvent === CONNECTION_TEST_EVENT) return 'test';
	return CANONICAL_BY_VENDOR.get(vendorEvent) ?? 'other';
}
