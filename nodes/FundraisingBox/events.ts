/**
 * FundraisingBox webhook events (the `X-FundraisingBox-Event` header) and their canonical names.
 * Source: developer.fundraisingbox.com "What is a webhook" (docs/fundraisingbox.md). Some events
 * exist only for the XML or only for the JSON webhook; the list has grown over time.
 */
import type { CanonicalEventType } from '../shared/canonicalEvent';

export interface FundraisingBoxEvent {
	value: string;
	name: string;
	canonical: CanonicalEventType;
}

export const FUNDRAISINGBOX_EVENTS: FundraisingBoxEvent[] = [
	{ value: 'donation.create', name: 'Donation Created (XML Webhook)', canonical: 'payment.succeeded' },
	{ value: 'online_donation.create', name: 'Online Donation Created (JSON Webhook)', canonical: 'payment.succeeded' },
	{ value: 'donation.recurrent', name: 'Recurring Donation Collected (JSON Webhook)', canonical: 'payment.succeeded' },
	{ value: 'donation.payment', name: 'Donation Paid', canonical: 'payment.succeeded' },
	{ value: 'donation.payment_error', name: 'Donation Payment Failed', canonical: 'payment.failed' },
	{ value: 'person.create', name: 'Person Created (JSON Webhook)', canonical: 'contact.created' },
	{ value: 'person.delete', name: 'Person Deleted (JSON Webhook)', canonical: 'contact.updated' },
	{ value: 'person.restore', name: 'Person Restored (JSON Webhook)', canonical: 'contact.updated' },
	{ value: 'person.invalidate', name: 'Person Invalidated (JSON Webhook)', canonical: 'contact.updated' },
	{ value: 'recurring_payment.create', name: 'Recurring Payment Created (JSON Webhook)', canonical: 'subscription.created' },
	{ value: 'recurring_payment.update', name: 'Recurring Payment Updated (JSON Webhook)', canonical: 'subscription.updated' },
	{ value: 'recurring_payment.delete', name: 'Recurring Payment Deleted (JSON Webhook)', canonical: 'subscription.cancelled' },
	{ value: 'fundraising_page.create', name: 'Fundraising Page Created', canonical: 'other' },
	{ value: 'fundraising_page.update', name: 'Fundraising Page Updated', canonical: 'other' },
	{ value: 'fundraising_page.10_days', name: 'Fundraising Page 10 Days Old', canonical: 'other' },
	{ value: 'fundraising_page.30_days', name: 'Fundraising Page 30 Days Old', canonical: 'other' },
	{ value: 'fundraising_page.10_days_left', name: 'Fundraising Page 10 Days Left', canonical: 'other' },
	{ value: 'fundraising_page.half_goal_reached', name: 'Fundraising Page Half Goal Reached', canonical: 'other' },
	{ value: 'fundraising_page.goal_reached', name: 'Fundraising Page Goal Reached', canonical: 'other' },
	{ value: 'fundraising_page.expired', name: 'Fundraising Page Expired', canonical: 'other' },
	{ value: 'receipt.create', name: 'Receipt Created (JSON Webhook)', canonical: 'other' },
	{ value: 'receipt.delete', name: 'Receipt Deleted (JSON Webhook)', canonical: 'other' },
	{ value: 'receipt.restore', name: 'Receipt Restored (JSON Webhook)', canonical: 'other' },
	{ value: 'receipt.invalidate', name: 'Receipt Invalidated (JSON Webhook)', canonical: 'other' },
];

export const DOCUMENTED_EVENTS: ReadonlySet<string> = new Set(FUNDRAISINGBOX_EVENTS.map((event) => event.value));

const CANONICAL_BY_VENDOR = new Map(FUNDRAISINGBOX_EVENTS.map((event) => [event.value, event.canonical]));

/**
 * A donation's own `status` wins (a reversed donation is a refund whatever the event says). An
 * event this node does not know yet (or a call without the header) that carries a donation is a payment.
 */
export function canonicalEventType(vendorEvent: string, donationStatus: string | null, hasDonation: boolean): CanonicalEventType {
	if (hasDonation && donationStatus === 'failed') return 'payment.failed';
	if (hasDonation && donationStatus === 'reversed') return 'payment.refunded';
	return CANONICAL_BY_VENDOR.get(vendorEvent) ?? (hasDonation ? 'payment.succeeded' : 'other');
}
