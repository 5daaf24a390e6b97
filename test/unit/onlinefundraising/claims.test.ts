import { CHECKED_CLAIMS, claimContradiction } from '../../../nodes/OnlineFundraising/trigger/claims';
import { DOCUMENTED_EVENTS } from '../../../nodes/OnlineFundraising/events';

const claim = (name: string) => {
	const [entityType, eventType] = name.split('.');
	return { entityType, eventType };
};
/** The documented payment states (help centre, Introduction: Payments) in the API's assumed PascalCase. */
const PAYMENT_STATES = ['AwaitingCharge', 'Ready', 'Pending', 'AwaitingRetry', 'Charged', 'Failed', 'Rejected', 'Cancelled', 'SessionExpired', 'Refunded'];
const SUBSCRIPTION_STATES = ['Pending', 'Active', 'OnHold', 'Cancelled', 'Expired', 'Inactive'];
const refusedIn = (name: string, states: string[], entity: Record<string, unknown> = {}) =>
	states.filter((state) => claimContradiction(claim(name), { ...entity, state }) !== undefined);

describe('claimContradiction', () => {
	it('has rules only for documented events', () => {
		expect(CHECKED_CLAIMS).toEqual(['payment.refunded', 'payment.charged', 'subscription.cancelled']);
		for (const name of CHECKED_CLAIMS) expect(DOCUMENTED_EVENTS.has(name)).toBe(true);
	});

	it('payment.refunded: refused in every documented state but Refunded (a refund ends in Refunded)', () => {
		expect(refusedIn('payment.refunded', PAYMENT_STATES)).toEqual(PAYMENT_STATES.filter((state) => state !== 'Refunded'));
		expect(claimContradiction(claim('payment.refunded'), { state: 'Charged' })).toBe(
			"the payment's state is Charged: a processed refund leaves a payment Refunded, and no way out of Refunded is documented",
		);
	});

	it('payment.charged: refused only while the charge attempt has no result; a later refund or failure is a late event, not a contradiction', () => {
		expect(refusedIn('payment.charged', PAYMENT_STATES)).toEqual(['AwaitingCharge', 'Ready', 'Pending', 'AwaitingRetry']);
		expect(claimContradiction(claim('payment.charged'), { state: 'Pending' })).toMatch(/^the payment's state is Pending: that is a charge attempt still waiting/);
	});

	it('subscription.cancelled: refused only when Active, Pending or OnHold with cancelledTs and cancelCode present and empty', () => {
		expect(refusedIn('subscription.cancelled', SUBSCRIPTION_STATES, { cancelledTs: '', cancelCode: '' })).toEqual(['Pending', 'Active', 'OnHold']);
		// The newest documented shape: integer codes, null when none (the fake's reading).
		expect(refusedIn('subscription.cancelled', SUBSCRIPTION_STATES, { cancelledTs: '', cancelCode: null })).toEqual(['Pending', 'Active', 'OnHold']);
		// A cancellation on record, or a field missing: no evidence against the claim.
		expect(refusedIn('subscription.cancelled', SUBSCRIPTION_STATES, { cancelledTs: '2026-12-01 10:00:00 +0100', cancelCode: null })).toEqual([]);
		expect(refusedIn('subscription.cancelled', SUBSCRIPTION_STATES, { cancelledTs: '', cancelCode: 100101 })).toEqual([]);
		expect(refusedIn('subscription.cancelled', SUBSCRIPTION_STATES, { cancelledTs: '' })).toEqual([]);
		expect(refusedIn('subscription.cancelled', SUBSCRIPTION_STATES)).toEqual([]);
		expect(claimContradiction(claim('subscription.cancelled'), { state: 'Active', cancelledTs: '', cancelCode: null })).toBe(
			"the subscription's state is Active with no cancelledTs or cancelCode: a cancelled subscription cannot be restarted",
		);
	});

	it('reads the state whatever its spelling: UI label, PascalCase, lower or snake case', () => {
		for (const state of ['Awaiting charge', 'AwaitingCharge', 'awaiting_charge', 'AWAITING CHARGE']) {
			expect(claimContradiction(claim('payment.charged'), { state })).toBeDefined();
		}
		expect(claimContradiction(claim('subscription.cancelled'), { state: 'On hold', cancelledTs: '', cancelCode: '' })).toBeDefined();
	});

	it('never refuses a late event: the claimed event followed by the state it leads to or a later one', () => {
		const late: Array<[string, Record<string, unknown>]> = [
			['payment.charged', { state: 'Refunded' }],
			['payment.charged', { state: 'Charged' }],
			['payment.refunded', { state: 'Refunded' }],
			['subscription.created', { state: 'Cancelled', cancelledTs: '2026-12-01 10:00:00 +0100' }],
			['subscription.activated', { state: 'Expired' }],
			['subscription.cancelled', { state: 'Cancelled', cancelledTs: '2026-12-01 10:00:00 +0100' }],
			// A cancel in the UI leaves the subscription Inactive.
			['subscription.cancelled', { state: 'Inactive', cancelledTs: '', cancelCode: null }],
			['subscription.restarted', { state: 'OnHold', cancelledTs: '', cancelCode: null }],
		];
		for (const [name, entity] of late) expect({ name, entity, why: claimContradiction(claim(name), entity) }).toEqual({ name, entity, why: undefined });
	});

	it('never refuses for an unknown state, a missing or non-string state, or an event without a rule', () => {
		for (const state of ['PartiallyRefunded', 'Chargeback', '', 'Paid', undefined, null, 42, { charged: true }]) {
			expect(claimContradiction(claim('payment.refunded'), { state })).toBeUndefined();
		}
		expect(claimContradiction(claim('payment.refunded'), {})).toBeUndefined();
		for (const name of ['payment.chargeback', 'payment.failed', 'payment.cancelled', 'subscription.expired', 'contact.archived', 'contact.merged', 'agreement.archived', 'constructor.prototype']) {
			expect(claimContradiction(claim(name), { state: 'Charged', archivedTs: '', cancelledTs: '', cancelCode: null })).toBeUndefined();
		}
	});

	it('a cancelledTs inherited through the prototype is no evidence', () => {
		const entity = Object.create({ cancelledTs: '' }) as Record<string, unknown>;
		Object.assign(entity, { state: 'Active', cancelCode: null });
		expect(claimContradiction(claim('subscription.cancelled'), entity)).toBeUndefined();
	});
});
