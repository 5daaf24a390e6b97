/**
 * Canonical events (docs/canonical-event.md) → Salesforce records. Pure: the node reads its
 * settings into a MapperConfig; the records go out as items (Map Only) or to the sObject
 * Collections upsert (../upsert/collections.ts). Defaults work on a standard org without custom fields:
 * Contacts matched by Email (an idLookup field), Opportunities by Name (also idLookup), the name
 * made unique from the source and its transaction id.
 */
import type { CanonicalEvent, CanonicalEventType, SubscriptionInterval } from '../../shared/canonicalEvent';
import { SOURCE_LABELS, sourceKey } from '../../shared/canonicalEvent';
// npcMapping imports this module too; both only call each other's functions at run time, never at load.
import { donorRecord, isOrganisationDonor, type NpcConfig } from './nonprofitCloud';

export type RecordRole = 'account' | 'contact' | 'recurringDonation' | 'opportunity' | 'campaignMember';

/** The order records are written in: a record's links point only to roles written before it. */
export const ROLE_ORDER: RecordRole[] = ['account', 'contact', 'recurringDonation', 'opportunity', 'campaignMember'];

export type FieldValues = Record<string, string | number | boolean | null>;

/** A field that holds the Salesforce Id of another record of the same event. */
export interface RecordLink<Role extends string = RecordRole> {
	field: string;
	role: Role;
	/** Set the field to this field of the linked record instead of its Id (a person account's PersonContactId), read back once it is written. */
	valueField?: string;
}

/** One record of an event; `Role` is the data model's roles (Contacts and Opportunities by default). */
export interface MappedRecord<Role extends string = RecordRole> {
	role: Role;
	object: string;
	/** Empty for records that are only ever created (CampaignMember); their value then only tells them apart. */
	externalIdField: string;
	externalIdValue: string;
	/** Sent every time. */
	fields: FieldValues;
	/** Allowed only when the record is created (e.g. Opportunity.ContactId): left out when Salesforce says the record exists. */
	createOnly: FieldValues;
	/** Needed only to create the record (e.g. CloseDate of a refund): sent again only when Salesforce says they are missing. */
	ifNew: FieldValues;
	/** Fields set to the Id of another record of the event, once that is written. */
	links: Array<RecordLink<Role>>;
	/**
	 * Set when the key field is no upsert key on Salesforce (Account.Name is not idLookup on a real
	 * org): the record is found by a query on this field and then created or updated by its Id.
	 */
	lookupField?: string;
	/** The address fields' prefix (Mailing, Billing), checked against the org's state and country picklists when it has them. */
	addressPrefix?: string;
	/** How country and state go out: as the picklists' codes (checked before writing) or as names (mended if Salesforce refuses them). */
	addressAs?: 'code' | 'name';
	/** Names: the event's ISO country code, to find the org's own name for it. */
	countryCode?: string;
}

export type PaymentOutcome = 'payment.succeeded' | 'payment.refunded' | 'payment.chargeback' | 'payment.failed' | 'payment.missed';
export const PAYMENT_OUTCOMES: PaymentOutcome[] = ['payment.succeeded', 'payment.refunded', 'payment.chargeback', 'payment.failed', 'payment.missed'];

export interface ExtraField {
	field: string;
	value: unknown;
}

export interface MapperConfig {
	/** Write events that the source marks as test payments (`testMode`); by default they are skipped. */
	includeTestEvents: boolean;
	contact: {
		object: string;
		/** `Email` (idLookup) or an External ID field, which then gets `DS24-…`/`FB-…`/`OF-…` of the source's contact id. */
		keyField: string;
		/** API names of the contact fields; an empty name leaves the value out. */
		fields: ContactFieldNames;
		/** Send the country as an ISO code (state and country picklists on) or as text. */
		countryAsCode: boolean;
		extra: ExtraField[];
	};
	opportunity: {
		object: string;
		/** `Name` (idLookup) or an External ID field. */
		keyField: string;
		fields: OpportunityFieldNames;
		/** Field holding the Contact's Id: `ContactId` (set on create only) or NPSP's `npsp__Primary_Contact__c`; empty: none. */
		contactLinkField: string;
		stages: Record<PaymentOutcome, string>;
		/** Multi-currency org: send `CurrencyIsoCode`. */
		sendCurrency: boolean;
		extra: ExtraField[];
	};
	account: { enabled: boolean; object: string; keyField: string; contactLinkField: string; countryAsCode: boolean; extra: ExtraField[] };
	/** Person donors become Person Accounts of this record type (an active one with IsPersonType), without a Contact of their own. */
	personAccounts: { enabled: boolean; recordTypeId: string };
	/** Add the Contact to this Campaign (a Campaign Id); empty: no membership. */
	campaign: { campaignId: string; status: string };
	recurringDonation: {
		enabled: boolean;
		object: string;
		keyField: string;
		contactLinkField: string;
		/** The Opportunity field that points to the recurring donation. */
		opportunityLinkField: string;
		/** Multi-currency org: a new Recurring Donation gets the subscription's CurrencyIsoCode (NPSP wants its payments in it). */
		sendCurrency: boolean;
		extra: ExtraField[];
	};
}

export interface ContactFieldNames {
	firstName: string;
	lastName: string;
	email: string;
	phone: string;
	mobile: string;
	street: string;
	postalCode: string;
	city: string;
	state: string;
	country: string;
	/** The source's contact id (e.g. a `Donor_Id__c`), when it is not already the key. */
	sourceId: string;
	description: string;
}

export interface OpportunityFieldNames {
	name: string;
	stage: string;
	closeDate: string;
	amount: string;
	currency: string;
	/** Product or purpose of the payment. */
	product: string;
	/** The source's transaction id, when it is not already the key. */
	sourceId: string;
}

export const DEFAULT_CONTACT_FIELDS: ContactFieldNames = {
	firstName: 'FirstName',
	lastName: 'LastName',
	email: 'Email',
	phone: 'Phone',
	mobile: 'MobilePhone',
	street: 'MailingStreet',
	postalCode: 'MailingPostalCode',
	city: 'MailingCity',
	state: 'MailingState',
	country: 'MailingCountry',
	sourceId: '',
	description: '',
};

export const DEFAULT_OPPORTUNITY_FIELDS: OpportunityFieldNames = {
	name: 'Name',
	stage: 'StageName',
	closeDate: 'CloseDate',
	amount: 'Amount',
	currency: 'CurrencyIsoCode',
	product: 'Description',
	sourceId: '',
};

export const DEFAULT_STAGES: Record<PaymentOutcome, string> = {
	'payment.succeeded': 'Closed Won',
	'payment.refunded': 'Closed Lost',
	'payment.chargeback': 'Closed Lost',
	'payment.failed': 'Closed Lost',
	'payment.missed': 'Closed Lost',
};

export class MappingError extends Error {}

/** What an event becomes: its records, or why it becomes none. */
export type EventMapping = { records: MappedRecord[] } | { skipped: string };

const isPaymentOutcome = (event: CanonicalEventType): event is PaymentOutcome => (PAYMENT_OUTCOMES as string[]).includes(event);
const isSubscriptionEvent = (event: CanonicalEventType) => event.startsWith('subscription.');

/** Sets `field` to `value` unless the field name or the value is empty. */
export function put(target: FieldValues, field: string, value: string | number | boolean | null | undefined): void {
	if (field.trim() === '' || value === undefined || value === null || value === '') return;
	target[field.trim()] = value;
}

/** `{vendor.product_id}`-style placeholders in a field name or value, filled from the event. */
export function fillPlaceholders(text: string, event: CanonicalEvent): string {
	return text.replace(/\{([\w.]+)\}/g, (whole, path: string) => {
		let value: unknown = event;
		for (const part of path.split('.')) value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[part] : undefined;
		return value === undefined || value === null ? '' : typeof value === 'object' ? whole : String(value);
	});
}

function applyExtra(target: FieldValues, extra: ExtraField[], event: CanonicalEvent): void {
	for (const { field, value } of extra) {
		const name = fillPlaceholders(String(field ?? ''), event).trim();
		if (name === '') continue;
		const filled = typeof value === 'string' ? fillPlaceholders(value, event) : value;
		target[name] = filled === undefined || filled === '' ? null : (filled as FieldValues[string]);
	}
}

/** The date part of an ISO date-time as the vendor wrote it (its local date). */
export function dateOf(iso: string | null): string | null {
	return iso && /^\d{4}-\d{2}-\d{2}/.test(iso) ? iso.slice(0, 10) : null;
}

export const record = <Role extends string = RecordRole>(role: NoInfer<Role>, object: string, externalIdField: string, externalIdValue: string): MappedRecord<Role> => ({
	role,
	object,
	externalIdField,
	externalIdValue,
	fields: {},
	createOnly: {},
	ifNew: {},
	links: [],
});

function contactRecord(event: CanonicalEvent, config: MapperConfig['contact']): MappedRecord {
	const contact = event.contact!;
	const byEmail = config.keyField === config.fields.email || config.keyField.toLowerCase() === 'email';
	const key = byEmail ? contact.email?.trim().toLowerCase() : sourceKey(event.source, contact.id);
	if (!key) {
		throw new MappingError(
			byEmail
				? `Event ${event.eventId} has no e-mail address to match the Contact by; match by an External ID field instead`
				: `Event ${event.eventId} gives no contact id for ${config.keyField}; match by Email instead`,
		);
	}
	const mapped = record('contact', config.object, config.keyField, key);
	const names = config.fields;
	const address = contact.address;
	put(mapped.fields, names.firstName, contact.firstName);
	put(mapped.fields, names.lastName, contact.lastName);
	// LastName is required to create a Contact: without one, a stand-in goes to a new Contact only,
	// never over the name an existing Contact has.
	if (!contact.lastName) put(mapped.ifNew, names.lastName, contact.company ?? contact.email?.split('@')[0] ?? 'Unknown');
	if (!byEmail) put(mapped.fields, names.email, contact.email);
	put(mapped.fields, names.phone, contact.phone);
	put(mapped.fields, names.mobile, contact.mobile);
	put(mapped.fields, names.street, [address?.street, address?.street2].filter(Boolean).join('\n'));
	put(mapped.fields, names.postalCode, address?.postalCode);
	put(mapped.fields, names.city, address?.city);
	if (config.countryAsCode) {
		// State and country picklists: codes (a state name is turned into the org's code on write).
		put(mapped.fields, names.state, address?.state);
		put(mapped.fields, names.country, address?.country?.toUpperCase());
		if (names.country === 'MailingCountryCode') Object.assign(mapped, { addressPrefix: 'Mailing', addressAs: 'code' });
	} else {
		put(mapped.fields, names.state, address?.state);
		put(mapped.fields, names.country, countryName(address?.country));
		if (names.country === 'MailingCountry') Object.assign(mapped, namedAddress('Mailing', address?.country));
	}
	if (names.sourceId !== config.keyField) put(mapped.fields, names.sourceId, sourceKey(event.source, contact.id));
	applyExtra(mapped.fields, config.extra, event);
	return mapped;
}

/** Country and state as names, to be mended with the org's own names if its state and country picklists refuse them. */
function namedAddress(prefix: string, country: string | null | undefined): Pick<MappedRecord, 'addressPrefix' | 'addressAs' | 'countryCode'> {
	return { addressPrefix: prefix, addressAs: 'name', ...(country ? { countryCode: country.toUpperCase() } : {}) };
}

/** The English country name for an ISO code (Salesforce's integration values are English names). */
export function countryName(code: string | null | undefined): string | undefined {
	if (!code) return undefined;
	try {
		return new Intl.DisplayNames(['en'], { type: 'region' }).of(code.toUpperCase()) ?? code;
	} catch {
		return code;
	}
}

/** Account.Name is not idLookup on real orgs (recorded describe): Accounts by name are looked up, then written by Id. */
export const ACCOUNT_LOOKUP_FIELD = 'Name';

function accountRecord(event: CanonicalEvent, config: MapperConfig['account']): MappedRecord | undefined {
	const company = event.contact?.company?.trim();
	if (!config.enabled || !company) return undefined;
	const byName = config.keyField.toLowerCase() === ACCOUNT_LOOKUP_FIELD.toLowerCase();
	const mapped = record('account', config.object, byName ? ACCOUNT_LOOKUP_FIELD : config.keyField, company);
	if (byName) mapped.lookupField = ACCOUNT_LOOKUP_FIELD;
	const address = event.contact?.address;
	if (!byName) put(mapped.fields, 'Name', company);
	put(mapped.fields, 'BillingStreet', [address?.street, address?.street2].filter(Boolean).join('\n'));
	put(mapped.fields, 'BillingPostalCode', address?.postalCode);
	put(mapped.fields, 'BillingCity', address?.city);
	if (config.countryAsCode) {
		put(mapped.fields, 'BillingStateCode', address?.state);
		put(mapped.fields, 'BillingCountryCode', address?.country?.toUpperCase());
		Object.assign(mapped, { addressPrefix: 'Billing', addressAs: 'code' });
	} else {
		put(mapped.fields, 'BillingCountry', countryName(address?.country));
		Object.assign(mapped, namedAddress('Billing', address?.country));
	}
	applyExtra(mapped.fields, config.extra, event);
	return mapped;
}

/** NPSP installment period and frequency for a canonical interval (also NPC's TransactionPeriod and TransactionInterval). */
export const INSTALLMENTS: Record<SubscriptionInterval, { period: string; frequency: number } | undefined> = {
	monthly: { period: 'Monthly', frequency: 1 },
	quarterly: { period: 'Monthly', frequency: 3 },
	'half-yearly': { period: 'Monthly', frequency: 6 },
	yearly: { period: 'Yearly', frequency: 1 },
	'one-off': undefined,
	other: undefined,
};

function recurringDonationRecord(event: CanonicalEvent, config: MapperConfig['recurringDonation']): MappedRecord | undefined {
	const subscription = event.subscription;
	const key = sourceKey(event.source, subscription?.id);
	if (!config.enabled || !subscription || !key || subscription.interval === 'one-off') return undefined;
	const mapped = record('recurringDonation', config.object, config.keyField, key);
	const ended = event.event === 'subscription.cancelled' || event.event === 'subscription.ended';
	// Only subscription events change the status: a payment or a refund arriving after a cancellation
	// must not re-open a closed Recurring Donation (a new one starts Active, NPSP's default), nor a
	// `subscription.created` delivered again after it (it says Active only for a new one).
	if (isSubscriptionEvent(event.event)) put(event.event === 'subscription.created' ? mapped.ifNew : mapped.fields, 'npsp__Status__c', ended ? 'Closed' : 'Active');
	if (!ended) {
		const installments = subscription.interval ? INSTALLMENTS[subscription.interval] : undefined;
		const amount = event.amount === null ? undefined : Number(event.amount);
		if (amount !== undefined && Number.isFinite(amount) && amount > 0) put(mapped.fields, 'npe03__Amount__c', amount);
		if (installments) {
			put(mapped.fields, 'npe03__Installment_Period__c', installments.period);
			put(mapped.fields, 'npsp__InstallmentFrequency__c', installments.frequency);
		}
	}
	const established = dateOf(event.occurredAt) ?? dateOf(event.receivedAt);
	put(mapped.ifNew, 'npe03__Date_Established__c', established);
	put(mapped.ifNew, 'npsp__RecurringType__c', 'Open');
	// NPSP rejects an Opportunity whose currency differs from its Recurring Donation's.
	if (config.sendCurrency) put(mapped.ifNew, 'CurrencyIsoCode', event.currency);
	if (established) {
		// npsp__Day_of_Month__c takes 1–30 and Last_Day: only the 31st is the month's last day.
		const day = Number(established.slice(8, 10));
		put(mapped.ifNew, 'npsp__Day_of_Month__c', day >= 31 ? 'Last_Day' : String(day));
	}
	if (config.contactLinkField) mapped.links.push({ field: config.contactLinkField, role: 'contact' });
	applyExtra(mapped.fields, config.extra, event);
	return mapped;
}

/** The transaction an event is about: a refund or chargeback names the payment it reverses. */
export function transactionKey(event: CanonicalEvent): string | undefined {
	const payment = event.payment;
	const reverses = event.event === 'payment.refunded' || event.event === 'payment.chargeback';
	return sourceKey(event.source, (reverses ? payment?.parentId : null) ?? payment?.id);
}

function opportunityRecord(event: CanonicalEvent & { event: PaymentOutcome }, config: MapperConfig['opportunity'], withRecurring: boolean, recurringField: string): MappedRecord {
	const key = transactionKey(event);
	if (!key) throw new MappingError(`Event ${event.eventId} (${event.vendorEvent}) has no transaction id to key the ${config.object} by`);
	const names = config.fields;
	const name = `${SOURCE_LABELS[event.source] ?? event.source} ${key.replace(/^[^-]+-/, '')}`;
	const byName = config.keyField === names.name;
	const mapped = record('opportunity', config.object, config.keyField, byName ? name : key);
	const amount = event.amount === null ? undefined : Math.abs(Number(event.amount));
	const closeDate = dateOf(event.occurredAt) ?? dateOf(event.receivedAt);
	put(mapped.fields, names.stage, config.stages[event.event]);
	// A payment describes the whole record; a refund, chargeback or failure only moves the stage of
	// the payment it is about, and brings the rest only if that payment is not in Salesforce yet.
	const described = event.event === 'payment.succeeded' ? mapped.fields : mapped.ifNew;
	if (!byName) put(described, names.name, name);
	put(described, names.closeDate, closeDate);
	if (amount !== undefined && Number.isFinite(amount)) put(described, names.amount, amount);
	if (config.sendCurrency) put(described, names.currency, event.currency);
	put(described, names.product, event.product?.name);
	if (names.sourceId !== config.keyField) put(described, names.sourceId, key);
	if (config.contactLinkField) mapped.links.push({ field: config.contactLinkField, role: 'contact' });
	if (withRecurring && recurringField) mapped.links.push({ field: recurringField, role: 'recurringDonation' });
	applyExtra(mapped.fields, config.extra, event);
	return mapped;
}

/**
 * Fields that Salesforce sets only on create (Opportunity.ContactId; NPC's Master-Detail links of a
 * GiftRefund and a GiftCommitmentSchedule, OBJ-NPC: no Update); the rest of a link is always sent.
 */
export const CREATE_ONLY_LINK_FIELDS = new Set(['ContactId', 'GiftTransactionId', 'GiftCommitmentId']);

function campaignMemberRecord(donor: MappedRecord, config: MapperConfig['campaign']): MappedRecord | undefined {
	const campaignId = config.campaignId.trim();
	if (campaignId === '') return undefined;
	const mapped = record('campaignMember', 'CampaignMember', '', `${campaignId} ${donor.externalIdValue}`);
	put(mapped.fields, 'CampaignId', campaignId);
	put(mapped.fields, 'Status', config.status);
	mapped.links.push({ field: 'ContactId', role: 'contact' });
	return mapped;
}

/** A person account's Contact: read-only, set by Salesforce when the account is created (API-PA). */
export const PERSON_CONTACT_FIELD = 'PersonContactId';

/**
 * A person donor as one Person Account (npcMapping's donor: found by PersonEmail, RecordTypeId on
 * create only), with the Additional Contact Fields (a custom contact field is `…__pc` on it).
 */
function personAccountRecord(event: CanonicalEvent, config: MapperConfig): MappedRecord {
	// donorRecord reads only the record types of the NPC settings.
	const settings = { personRecordTypeId: config.personAccounts.recordTypeId.trim(), businessRecordTypeId: '' } as NpcConfig;
	// The donor record has no links of its own.
	const mapped: MappedRecord = { ...donorRecord(event, settings), role: 'account', links: [] };
	applyExtra(mapped.fields, config.contact.extra, event);
	return mapped;
}

/** Links to the donor's Contact take its person account's PersonContactId; a payment also gets the account as AccountId. */
function linkToPersonAccount(records: MappedRecord[]): void {
	for (const mapped of records) {
		mapped.links = mapped.links.map((link) => (link.role === 'contact' ? { field: link.field, role: 'account', valueField: PERSON_CONTACT_FIELD } : link));
		if (mapped.role === 'opportunity' && mapped.object === 'Opportunity') mapped.links.push({ field: 'AccountId', role: 'account' });
	}
}

/** The records of one event, in ROLE_ORDER, or why it has none. */
export function mapEvent(event: CanonicalEvent, config: MapperConfig): EventMapping {
	if (event.testMode === true && !config.includeTestEvents) {
		return { skipped: `event ${event.eventId} is a test payment (testMode); turn on the option "Include Test Events" to write it` };
	}
	const records: MappedRecord[] = [];
	const payment = isPaymentOutcome(event.event);
	if (!payment && !isSubscriptionEvent(event.event) && !event.event.startsWith('contact.')) {
		return { skipped: `"${event.event}" events are not written to Salesforce` };
	}
	if (!event.contact) return { skipped: `event ${event.eventId} has no contact` };
	// An organisation donor (a company without a personal name) stays a Contact, as without Person Accounts.
	const person = config.personAccounts.enabled && !isOrganisationDonor(event);
	const account = person ? personAccountRecord(event, config) : accountRecord(event, config.account);
	if (account) records.push(account);
	const contact = person ? undefined : contactRecord(event, config.contact);
	if (contact && account && config.account.contactLinkField) contact.links.push({ field: config.account.contactLinkField, role: 'account' });
	if (contact) records.push(contact);
	const recurring = payment || isSubscriptionEvent(event.event) ? recurringDonationRecord(event, config.recurringDonation) : undefined;
	if (recurring) records.push(recurring);
	if (payment) records.push(opportunityRecord(event as CanonicalEvent & { event: PaymentOutcome }, config.opportunity, recurring !== undefined, config.recurringDonation.opportunityLinkField));
	const member = event.event === 'payment.succeeded' || event.event === 'subscription.created' || event.event === 'contact.created' ? campaignMemberRecord((contact ?? account)!, config.campaign) : undefined;
	if (member) records.push(member);
	if (person) linkToPersonAccount(records);
	return { records };
}
