/**
 * Whether the entity OnlineFundraising returns makes a webhook's claim impossible. The event type is
 * the sender's word (webhooks are unsigned) while the entity's state is the API's: without this check
 * anyone who can reach the URL and knows a real payment GUID could claim `payment.refunded` for a
 * paid payment, and a sink would book the refund.
 *
 * Events arrive late and are resent for about 22.5 hours, so the state may have moved on since the
 * event: a claim is refused only when the current state cannot come after the claimed event in
 * OnlineFundraising's documented lifecycle (docs/onlinefundraising.md, "Claims checked against the
 * entity's state"). A state value not listed here, a missing field, or an event without a rule is
 * never refused.
 */
import { eventName } from '../events';
import type { WebhookObject } from './payload';

type Entity = Record<string, unknown>;

/** "Awaiting charge", "AwaitingCharge" and "awaiting_charge" alike: the API's spelling of the UI's state labels is not documented. */
const stateToken = (value: unknown): string | undefined => (typeof value === 'string' ? value.toLowerCase().replace(/[^a-z]/g, '') : undefined);

/** Payment states (help centre, "Introduction: Payments") of a charge attempt that has no result yet. */
const PAYMENT_BEFORE_CHARGE = ['awaitingcharge', 'ready', 'pending', 'awaitingretry'];
/** Payment states that end without a charge. */
const PAYMENT_NOT_CHARGED = ['failed', 'rejected', 'cancelled', 'sessionexpired'];

interface ClaimRule {
	/** States (as tokens) that cannot follow the claimed event. */
	impossibleIn: ReadonlySet<string>;
	/** More evidence the entity must carry for a refusal, and how the refusal says it. */
	evidence?: { holds: (entity: Entity) => boolean; says: string };
	because: string;
}

/** `""` (OnlineFundraising's empty value) or null: present and empty. A missing field is no evidence. */
const isEmptyField = (entity: Entity, field: string) => Object.prototype.hasOwnProperty.call(entity, field) && (entity[field] === '' || entity[field] === null);

const RULES: ReadonlyMap<string, ClaimRule> = new Map<string, ClaimRule>([
	[
		'payment.refunded',
		{
			impossibleIn: new Set(['charged', ...PAYMENT_BEFORE_CHARGE, ...PAYMENT_NOT_CHARGED]),
			because: 'a processed refund leaves a payment Refunded, and no way out of Refunded is documented',
		},
	],
	[
		'payment.charged',
		{
			impossibleIn: new Set(PAYMENT_BEFORE_CHARGE),
			because: 'that is a charge attempt still waiting for its result, and a charged payment does not go back to one',
		},
	],
	[
		'subscription.cancelled',
		{
			impossibleIn: new Set(['active', 'pending', 'onhold']),
			evidence: { holds: (entity) => isEmptyField(entity, 'cancelledTs') && isEmptyField(entity, 'cancelCode'), says: ' with no cancelledTs or cancelCode' },
			because: 'a cancelled subscription cannot be restarted',
		},
	],
]);

/** The events a rule exists for (docs and tests list them). */
export const CHECKED_CLAIMS: readonly string[] = [...RULES.keys()];

/**
 * Why the entity's current state contradicts the claimed event, or undefined when it does not, or
 * when there is no rule for the event, no state, or a state this node does not know.
 */
export function claimContradiction(object: Pick<WebhookObject, 'entityType' | 'eventType'>, entity: Entity): string | undefined {
	const rule = RULES.get(eventName(object.entityType, object.eventType));
	if (!rule || typeof entity !== 'object' || entity === null) return undefined;
	const state = entity.state;
	const token = stateToken(state);
	if (token === undefined || !rule.impossibleIn.has(token)) return undefined;
	if (rule.evidence && !rule.evidence.holds(entity)) return undefined;
	return `the ${object.entityType}'s state is ${String(state)}${rule.evidence?.says ?? ''}: ${rule.because}`;
}
