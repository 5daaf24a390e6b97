/**
 * Canonical events → Salesforce Nonprofit Cloud records (docs/salesforce-npc.md), the Salesforce
 * Mapper's "Nonprofit Cloud" data model. Pure: the donor (a Person Account, or an organisation
 * Account), a subscription as a Gift Commitment keyed by the user's External ID field with its Gift
 * Commitment Schedule (found through its commitment: it has no External ID), a payment as a Gift
 * Transaction keyed by the user's External ID field (so a redelivery updates it), Paid or Failed,
 * and a GiftRefund for refunds and chargebacks. ../upsert/nonprofitCloud.ts writes them.
 */
import type { CanonicalEvent } from '../../shared/canonicalEvent';
import { SOURCE_LABELS, sourceKey } from '../../shared/canonicalEvent';
import { countryName, dateOf, INSTALLMENTS, type FieldValues, type MappedRecord, MappingError, put, record, transactionKey } from './contacts';

export type NpcRole = 'donor' | 'giftCommitment' | 'giftCommitmentSchedule' | 'giftTransaction' | 'giftTransactionDesignation' | 'giftRefund';

/** The order NPC records are written in: a record's links point only to roles written before it. */
export const NPC_ROLE_ORDER: NpcRole[] = ['donor', 'giftCommitment', 'giftCommitmentSchedule', 'giftTransaction', 'giftTransactionDesignation', 'giftRefund'];

/** A record of the Nonprofit Cloud model; `lookupField` set for donors (PersonEmail and Account.Name are no upsert keys). */
export type NpcRecord = MappedRecord<NpcRole>;

export interface NpcConfig {
	includeTestEvents: boolean;
	/** An active person record type of Account (`RecordType.IsPersonType = true`), from the org. */
	personRecordTypeId: string;
	/** The record type for organisation donors; empty: the user's default (a business record type). */
	businessRecordTypeId: string;
	/** A custom External ID (Unique) text field of GiftTransaction: GiftTransaction has none of its own. */
	giftTransactionKeyField: string;
	/** A custom External ID (Unique) text field of GiftRefund, so a redelivered refund is not counted twice. */
	giftRefundKeyField: string;
	/** A custom External ID (Unique) text field of GiftCommitment for the source's subscription id. */
	giftCommitmentKeyField: string;
	/** The org's GiftTransaction.PaymentMethod picklist values (describe). */
	paymentMethods: string[];
	/** The value for a method none of the org's values fits; empty: such a payment is refused (the field is required). */
	fallbackPaymentMethod: string;
	/** A Campaign Id for every Gift Transaction, or empty. */
	campaignId: string;
	/** An active GiftDesignation's Id: each Gift Transaction without a designation gets one of 100 %; empty: none. */
	giftDesignationId: string;
	/** Multi-currency org: send CurrencyIsoCode. */
	sendCurrency: boolean;
}

/** Person accounts are found by their e-mail address (PersonEmail is not relied on as an upsert key: ASSUMED not idLookup). */
export const PERSON_LOOKUP_FIELD = 'PersonEmail';
export const ORGANISATION_LOOKUP_FIELD = 'Name';

/** Event types that are never written (as in the Contacts model). */
const NEVER_WRITTEN = new Set(['test', 'affiliate.created', 'other']);

/**
 * Our rule, not Salesforce's: a contact with a company and no personal name is an organisation
 * donor; everyone else is a person (a company given next to a name is the person's employer).
 */
export function isOrganisationDonor(event: CanonicalEvent): boolean {
	const contact = event.contact;
	return Boolean(contact?.company?.trim()) && !contact?.firstName?.trim() && !contact?.lastName?.trim();
}

function addressFields(target: FieldValues, prefix: string, event: CanonicalEvent): void {
	const address = event.contact?.address;
	put(target, `${prefix}Street`, [address?.street, address?.street2].filter(Boolean).join('\n'));
	put(target, `${prefix}PostalCode`, address?.postalCode);
	put(target, `${prefix}City`, address?.city);
	put(target, `${prefix}State`, address?.state);
	put(target, `${prefix}Country`, countryName(address?.country));
}

/** The donor: a Person Account found by PersonEmail, or an organisation Account found by Name. */
export function donorRecord(event: CanonicalEvent, config: NpcConfig): NpcRecord {
	const contact = event.contact;
	if (!contact) throw new MappingError(`Event ${event.eventId} has no contact to make the donor from`);
	if (isOrganisationDonor(event)) {
		const company = contact.company!.trim();
		const mapped = record<NpcRole>('donor', 'Account', ORGANISATION_LOOKUP_FIELD, company);
		mapped.lookupField = ORGANISATION_LOOKUP_FIELD;
		put(mapped.fields, 'Phone', contact.phone);
		addressFields(mapped.fields, 'Billing', event);
		put(mapped.createOnly, 'RecordTypeId', config.businessRecordTypeId);
		return mapped;
	}
	const email = contact.email?.trim().toLowerCase();
	// Without an e-mail address the same donor could not be found again: a redelivery would duplicate it.
	if (!email) throw new MappingError(`Event ${event.eventId} has no e-mail address to find the donor's Person Account by`);
	if (!config.personRecordTypeId) throw new MappingError('No person account record type is set: the org needs Person Accounts enabled');
	const mapped = record<NpcRole>('donor', 'Account', PERSON_LOOKUP_FIELD, email);
	mapped.lookupField = PERSON_LOOKUP_FIELD;
	put(mapped.fields, 'FirstName', contact.firstName);
	put(mapped.fields, 'LastName', contact.lastName);
	// LastName is required on a person account: a stand-in for a new one only, never over a real name.
	if (!contact.lastName) put(mapped.ifNew, 'LastName', contact.company ?? email.split('@')[0]);
	put(mapped.fields, 'PersonEmail', email);
	put(mapped.fields, 'Phone', contact.phone);
	put(mapped.fields, 'PersonMobilePhone', contact.mobile);
	addressFields(mapped.fields, 'PersonMailing', event);
	// The record type decides person or business: set on create, never switched by an update.
	put(mapped.createOnly, 'RecordTypeId', config.personRecordTypeId);
	return mapped;
}

/** Words in a source's payment method → the org values to try, in order (our grouping; the org's values decide). */
const METHOD_FAMILIES: Array<{ pattern: RegExp; values: string[] }> = [
	{ pattern: /paypal/i, values: ['PayPal'] },
	{ pattern: /sepa|direct ?debit|lastschrift/i, values: ['Direct Debit', 'ACH', 'EFT'] },
	{ pattern: /card|visa|master|amex|apple ?pay|google ?pay/i, values: ['Credit Card', 'Card'] },
	{ pattern: /bank ?transfer|überweisung|prepay|\beps\b/i, values: ['Bank Transfer', 'EFT', 'ACH'] },
	{ pattern: /cash/i, values: ['Cash'] },
	{ pattern: /cheque|check/i, values: ['Check', 'Cheque'] },
];

/** The values Map Only assumes an org has (no credential to read its own): each family's values (ASSUMED, CONNECT's examples and ours). */
export const COMMON_PAYMENT_METHODS = [...new Set([...METHOD_FAMILIES.flatMap((family) => family.values), 'Other'])];

/**
 * GiftTransaction.PaymentMethod (required) for a source's method text: the org's own value when it
 * matches the text or its family, else the fallback; undefined when neither exists.
 */
export function npcPaymentMethod(method: string | null | undefined, orgValues: string[], fallback: string): string | undefined {
	const byLower = new Map(orgValues.map((value) => [value.toLowerCase(), value]));
	const text = method?.trim() ?? '';
	const exact = byLower.get(text.toLowerCase());
	if (exact) return exact;
	for (const family of METHOD_FAMILIES) {
		if (!family.pattern.test(text)) continue;
		const found = family.values.map((value) => byLower.get(value.toLowerCase())).find(Boolean);
		if (found) return found;
	}
	return fallback.trim() || undefined;
}

/**
 * A payment's Gift Transaction, keyed by the source's transaction id (a refund's: the payment it
 * reverses). `payment.succeeded` describes it whole, Paid; `payment.failed`/`payment.missed` set
 * Status Failed and bring the rest only if the transaction is new; a refund or chargeback leaves it
 * as it is (its GiftRefund lowers CurrentAmount) and creates it only if Salesforce lacks it.
 */
export function giftTransactionRecord(event: CanonicalEvent, config: NpcConfig): NpcRecord {
	const key = transactionKey(event);
	if (!key) throw new MappingError(`Event ${event.eventId} (${event.vendorEvent}) has no transaction id to key the Gift Transaction by`);
	if (!config.giftTransactionKeyField.trim()) throw new MappingError('No External ID field of GiftTransaction is set to key payments by');
	const amount = event.amount === null ? NaN : Math.abs(Number(event.amount));
	if (!Number.isFinite(amount)) throw new MappingError(`Event ${event.eventId} has no amount for the Gift Transaction`);
	const date = dateOf(event.occurredAt) ?? dateOf(event.receivedAt);
	const method = npcPaymentMethod(event.payment?.method, config.paymentMethods, config.fallbackPaymentMethod);
	// Required to create a transaction; other events mostly find it in Salesforce already.
	if (!method && event.event === 'payment.succeeded') {
		throw new MappingError(`Event ${event.eventId}: payment method "${event.payment?.method ?? ''}" matches none of the org's Payment Method values; set a fallback`);
	}
	const mapped = record<NpcRole>('giftTransaction', 'GiftTransaction', config.giftTransactionKeyField.trim(), key);
	const succeeded = event.event === 'payment.succeeded';
	const failed = event.event === 'payment.failed' || event.event === 'payment.missed';
	const described = succeeded ? mapped.fields : mapped.ifNew;
	// A refund of a payment Salesforce never saw: the payment was made, so it is created Paid.
	put(failed ? mapped.fields : described, 'Status', failed ? 'Failed' : 'Paid');
	put(described, 'Name', `${SOURCE_LABELS[event.source] ?? event.source} ${key.replace(/^[^-]+-/, '')}`);
	put(described, 'OriginalAmount', amount);
	put(described, 'TransactionDate', date);
	// Required on insert even when Paid (FQS); a one-off payment is due the day it is paid. An
	// instalment the payment takes over keeps the due date its schedule gave it.
	put(subscriptionKey(event) ? mapped.ifNew : described, 'TransactionDueDate', date);
	put(described, 'PaymentMethod', method);
	put(described, 'CampaignId', config.campaignId.trim());
	if (config.sendCurrency) put(described, 'CurrencyIsoCode', event.currency);
	mapped.links.push({ field: 'DonorId', role: 'donor' });
	return mapped;
}

/**
 * The optional designation of a payment's Gift Transaction: a GiftTransactionDesignation of 100 % to
 * the chosen GiftDesignation (GiftTransactionId Master-Detail, create only). Only ever created (no
 * key of its own; the transaction's key tells records apart); ../upsert/nonprofitCloud.ts leaves it out when the
 * transaction has a designation already, so a redelivery or a taken-over instalment gets no second one.
 */
export function giftTransactionDesignationRecord(gift: NpcRecord, config: NpcConfig): NpcRecord | undefined {
	if (!config.giftDesignationId.trim()) return undefined;
	const mapped = record<NpcRole>('giftTransactionDesignation', 'GiftTransactionDesignation', '', gift.externalIdValue);
	put(mapped.fields, 'GiftDesignationId', config.giftDesignationId.trim());
	// Percent rather than Amount: it stays true when a refund lowers the transaction's amount (ASSUMED either may be given).
	put(mapped.fields, 'Percent', 100);
	mapped.links.push({ field: 'GiftTransactionId', role: 'giftTransaction' });
	return mapped;
}

/** The source's subscription id as a key (`FB-…`), for the payment and subscription events that have one. */
export function subscriptionKey(event: CanonicalEvent): string | undefined {
	return sourceKey(event.source, event.subscription?.id);
}

/** TransactionDay of a Monthly schedule from its start date: 1–30, the 31st as LastDay (MAP3's values). */
export function transactionDay(date: string): string {
	const day = Number(date.slice(8, 10));
	return day >= 31 ? 'LastDay' : String(day);
}

/** A schedule is found by its commitment (`GiftCommitmentId` = the commitment's Id): it has no External ID. */
export const SCHEDULE_LOOKUP_FIELD = 'GiftCommitmentId';

const ENDING = new Set(['subscription.cancelled', 'subscription.ended']);

/**
 * A subscription's Gift Commitment, keyed by the user's External ID field = the subscription's source
 * id. Subscription events set its Status (Active, or Closed when cancelled or ended); a payment or a
 * `subscription.created` only creates it when Salesforce lacks it (Active) and never re-opens a closed one.
 */
export function giftCommitmentRecord(event: CanonicalEvent, config: NpcConfig): NpcRecord {
	const key = subscriptionKey(event);
	if (!key) throw new MappingError(`Event ${event.eventId} (${event.vendorEvent}) has no subscription id to key the Gift Commitment by`);
	if (!config.giftCommitmentKeyField.trim()) throw new MappingError('No External ID field of GiftCommitment is set to key subscriptions by');
	const mapped = record<NpcRole>('giftCommitment', 'GiftCommitment', config.giftCommitmentKeyField.trim(), key);
	// A created event says nothing new about a commitment Salesforce has: redelivered after the cancellation, it must not reopen it.
	const changesStatus = event.event.startsWith('subscription.') && event.event !== 'subscription.created';
	put(changesStatus ? mapped.fields : mapped.ifNew, 'Status', ENDING.has(event.event) ? 'Closed' : 'Active');
	put(mapped.ifNew, 'Name', `${SOURCE_LABELS[event.source] ?? event.source} subscription ${key.replace(/^[^-]+-/, '')}`);
	put(mapped.ifNew, 'EffectiveStartDate', dateOf(event.occurredAt) ?? dateOf(event.receivedAt));
	put(mapped.ifNew, 'CampaignId', config.campaignId.trim());
	if (config.sendCurrency) put(mapped.ifNew, 'CurrencyIsoCode', event.currency);
	mapped.links.push({ field: 'DonorId', role: 'donor' });
	return mapped;
}

/**
 * The commitment's Gift Commitment Schedule (amount and rhythm). It has no External ID, and its
 * GiftCommitmentId is create-only: it is found through its commitment (../upsert/nonprofitCloud.ts), so its
 * externalIdValue (the subscription's key) only tells records apart. Created, updated or resumed:
 * amount, rhythm and payment method; the day and start only on create (the schedule keeps its day);
 * cancelled or ended: EndDate, after which no instalment is created; a payment creates it only when
 * missing. Undefined for an interval NPC has no rhythm for (one-off, other, unknown).
 */
export function giftCommitmentScheduleRecord(event: CanonicalEvent, config: NpcConfig): NpcRecord | undefined {
	const key = subscriptionKey(event);
	// TransactionPeriod × TransactionInterval as NPSP's period × frequency: monthly 1, quarterly Monthly × 3, half-yearly × 6, yearly Yearly × 1.
	const rhythm = event.subscription?.interval ? INSTALLMENTS[event.subscription.interval] : undefined;
	const ending = ENDING.has(event.event);
	if (!key || (!rhythm && !ending)) return undefined;
	const mapped = record<NpcRole>('giftCommitmentSchedule', 'GiftCommitmentSchedule', 'GiftCommitmentId', key);
	mapped.lookupField = SCHEDULE_LOOKUP_FIELD;
	const date = dateOf(event.occurredAt) ?? dateOf(event.receivedAt);
	if (ending) {
		put(mapped.fields, 'EndDate', date);
	} else {
		const described = event.event.startsWith('subscription.') ? mapped.fields : mapped.ifNew;
		const amount = event.amount === null ? NaN : Math.abs(Number(event.amount));
		if (Number.isFinite(amount) && amount > 0) put(described, 'TransactionAmount', amount);
		put(described, 'TransactionPeriod', rhythm!.period);
		put(described, 'TransactionInterval', rhythm!.frequency);
		put(described, 'PaymentMethod', npcPaymentMethod(event.payment?.method, config.paymentMethods, config.fallbackPaymentMethod));
		// A resumed subscription runs on: its end date goes.
		if (event.event === 'subscription.resumed') mapped.fields.EndDate = null;
		put(mapped.ifNew, 'StartDate', date);
		if (date && rhythm!.period === 'Monthly') put(mapped.ifNew, 'TransactionDay', transactionDay(date));
		// FQS: CreateTransactions is the default type; it makes NPC create the unpaid instalments.
		put(mapped.ifNew, 'Type', 'CreateTransactions');
		put(mapped.ifNew, 'CampaignId', config.campaignId.trim());
		if (config.sendCurrency) put(mapped.ifNew, 'CurrencyIsoCode', event.currency);
	}
	mapped.links.push({ field: 'GiftCommitmentId', role: 'giftCommitment' });
	return mapped;
}

/**
 * `payment.refunded`/`payment.chargeback` → a GiftRefund of the reversed payment's Gift Transaction
 * (GiftTransactionId, Master-Detail, set on create only; Amount and Date required: OBJ-NPC), keyed by
 * the refund's own id (or, when the source has none, the payment's: one refund per payment then).
 * Amount: the event's, so a partial refund stays partial.
 */
export function giftRefundRecord(event: CanonicalEvent, config: NpcConfig): NpcRecord {
	const key = sourceKey(event.source, event.payment?.id) ?? transactionKey(event);
	if (!key) throw new MappingError(`Event ${event.eventId} (${event.vendorEvent}) has no id to key the Gift Refund by`);
	if (!config.giftRefundKeyField.trim()) throw new MappingError('No External ID field of GiftRefund is set to key refunds by');
	const amount = event.amount === null ? NaN : Math.abs(Number(event.amount));
	if (!Number.isFinite(amount)) throw new MappingError(`Event ${event.eventId} has no amount for the Gift Refund`);
	const mapped = record<NpcRole>('giftRefund', 'GiftRefund', config.giftRefundKeyField.trim(), key);
	put(mapped.fields, 'Amount', amount);
	put(mapped.fields, 'Date', dateOf(event.occurredAt) ?? dateOf(event.receivedAt));
	if (config.sendCurrency) put(mapped.fields, 'CurrencyIsoCode', event.currency);
	// Not updateable (Master-Detail): only when the refund is created.
	mapped.links.push({ field: 'GiftTransactionId', role: 'giftTransaction' });
	return mapped;
}

export type NpcMapping = { records: NpcRecord[] } | { skipped: string };

/** The records of one event in the Nonprofit Cloud model, in NPC_ROLE_ORDER, or why it has none. */
export function mapNpcEvent(event: CanonicalEvent, config: NpcConfig): NpcMapping {
	if (event.testMode === true && !config.includeTestEvents) {
		return { skipped: `event ${event.eventId} is a test payment (testMode); turn on the option "Include Test Events" to write it` };
	}
	if (NEVER_WRITTEN.has(event.event)) return { skipped: `"${event.event}" events are not written to Salesforce` };
	if (!event.contact) return { skipped: `event ${event.eventId} has no contact` };
	const records = [donorRecord(event, config)];
	const reversal = event.event === 'payment.refunded' || event.event === 'payment.chargeback';
	// A refund is about a transaction that exists (or is created alone): it needs no commitment.
	const ofSubscription = event.event.startsWith('subscription.') || (event.event.startsWith('payment.') && !reversal && subscriptionKey(event) !== undefined);
	if (ofSubscription) {
		records.push(giftCommitmentRecord(event, config));
		const schedule = giftCommitmentScheduleRecord(event, config);
		if (schedule) records.push(schedule);
	}
	if (event.event.startsWith('payment.')) {
		const gift = giftTransactionRecord(event, config);
		if (ofSubscription) {
			gift.links.push({ field: 'GiftCommitmentId', role: 'giftCommitment' });
			if (records.some((mapped) => mapped.role === 'giftCommitmentSchedule')) gift.links.push({ field: 'GiftCommitmentScheduleId', role: 'giftCommitmentSchedule' });
		}
		records.push(gift);
		const designation = event.event === 'payment.succeeded' ? giftTransactionDesignationRecord(gift, config) : undefined;
		if (designation) records.push(designation);
	}
	if (reversal) records.push(giftRefundRecord(event, config));
	return { records };
}

/** An instalment as the next step will query it: `SELECT Id, Status, TransactionDueDate FROM GiftTransaction WHERE GiftCommitmentScheduleId = …`. */
export interface Instalment {
	Id: string;
	Status: unknown;
	TransactionDueDate: unknown;
}

/** How far a payment's date may be from an instalment's due date (ASSUMED: NPSP's default match range, RD2_Constants). */
export const INSTALMENT_MATCH_DAYS = 3;

const DAY_MS = 86400000;

/**
 * The schedule's instalment a subscription's payment takes over (to be updated to Paid) instead of a
 * second transaction: an Unpaid one due on the payment's date, else the one due nearest to it within
 * `windowDays` (the earlier on a tie). Undefined: the payment becomes a new transaction.
 */
export function instalmentToTakeOver(instalments: Instalment[], paymentDate: string, windowDays = INSTALMENT_MATCH_DAYS): string | undefined {
	const paid = Date.parse(`${paymentDate}T00:00:00Z`);
	if (!Number.isFinite(paid)) return undefined;
	let best: { id: string; distance: number; due: number } | undefined;
	for (const instalment of instalments) {
		if (instalment.Status !== 'Unpaid' || typeof instalment.TransactionDueDate !== 'string') continue;
		const due = Date.parse(`${instalment.TransactionDueDate}T00:00:00Z`);
		const distance = Math.abs(due - paid) / DAY_MS;
		if (!Number.isFinite(due) || distance > windowDays) continue;
		if (!best || distance < best.distance || (distance === best.distance && due < best.due)) best = { id: instalment.Id, distance, due };
	}
	return best?.id;
}
