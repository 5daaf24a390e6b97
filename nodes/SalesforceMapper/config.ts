/** The Salesforce Mapper's settings for one item (expressions may differ per item) as a MapperConfig. */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { stageOption } from './parameters';
import type { NpcConfig } from './fromCanonicalEvent/nonprofitCloud';
import {
	DEFAULT_CONTACT_FIELDS,
	DEFAULT_OPPORTUNITY_FIELDS,
	DEFAULT_STAGES,
	PAYMENT_OUTCOMES,
	type ContactFieldNames,
	type ExtraField,
	type MapperConfig,
	type OpportunityFieldNames,
} from './fromCanonicalEvent/contacts';

const text = (value: unknown, fallback: string) => (typeof value === 'string' ? value.trim() : fallback);

/** A resource locator's value ({__rl, mode, value}), or a plain string from before it was one. */
const locatorText = (value: unknown) => text(value && typeof value === 'object' ? (value as { value?: unknown }).value : value, '');

function extraFieldsOf(value: unknown): ExtraField[] {
	const entries = (value as { field?: Array<{ name?: unknown; value?: unknown }> } | undefined)?.field ?? [];
	return entries.map((entry) => ({ field: String(entry.name ?? ''), value: entry.value }));
}

/** Field-name overrides over the defaults; a name set to "" leaves the value out. */
function names<T extends object>(defaults: T, overrides: unknown): T {
	const given = (overrides ?? {}) as Record<string, unknown>;
	return Object.fromEntries(Object.entries(defaults).map(([key, value]) => [key, text(given[key], value as string)])) as T;
}

/** Pure: the settings as read from the node's parameters. */
export function mapperConfig(parameters: IDataObject): MapperConfig {
	const options = (parameters.options ?? {}) as IDataObject;
	const stages = (parameters.stages ?? {}) as IDataObject;
	const countryAsCode = options.countryFormat === 'code';
	const contactFields = names<ContactFieldNames>(
		{ ...DEFAULT_CONTACT_FIELDS, country: countryAsCode ? 'MailingCountryCode' : 'MailingCountry', state: countryAsCode ? 'MailingStateCode' : 'MailingState' },
		options.contactFieldNames,
	);
	const npsp = options.recurringDonations === true;
	return {
		includeTestEvents: options.includeTestEvents === true,
		contact: {
			object: text(options.contactObject, 'Contact') || 'Contact',
			keyField: text(parameters.contactKeyField, 'Email') || 'Email',
			fields: contactFields,
			countryAsCode,
			extra: extraFieldsOf(parameters.additionalContactFields),
		},
		opportunity: {
			object: text(options.opportunityObject, 'Opportunity') || 'Opportunity',
			keyField: text(parameters.opportunityKeyField, 'Name') || 'Name',
			fields: names<OpportunityFieldNames>(DEFAULT_OPPORTUNITY_FIELDS, options.opportunityFieldNames),
			contactLinkField: text(parameters.contactLinkField, 'ContactId'),
			stages: Object.fromEntries(PAYMENT_OUTCOMES.map((outcome) => [outcome, text(stages[stageOption(outcome)], DEFAULT_STAGES[outcome]) || DEFAULT_STAGES[outcome]])) as MapperConfig['opportunity']['stages'],
			sendCurrency: options.multiCurrency === true,
			extra: extraFieldsOf(parameters.additionalOpportunityFields),
		},
		account: {
			enabled: options.createAccounts === true,
			object: text(options.accountObject, 'Account') || 'Account',
			keyField: text(options.accountKeyField, 'Name') || 'Name',
			contactLinkField: 'AccountId',
			countryAsCode,
			extra: [],
		},
		personAccounts: { enabled: options.personAccounts === true, recordTypeId: text(options.personAccountRecordTypeId, '') },
		campaign: { campaignId: locatorText(options.campaignId), status: text(options.campaignMemberStatus, 'Responded') || 'Responded' },
		recurringDonation: {
			enabled: npsp,
			object: text(options.recurringDonationObject, 'npe03__Recurring_Donation__c') || 'npe03__Recurring_Donation__c',
			keyField: text(options.recurringDonationKeyField, 'npsp__CommitmentId__c') || 'npsp__CommitmentId__c',
			contactLinkField: 'npe03__Contact__c',
			opportunityLinkField: 'npe03__Recurring_Donation__c',
			sendCurrency: options.multiCurrency === true,
			extra: [],
		},
	};
}

const PARAMETERS = ['contactKeyField', 'opportunityKeyField', 'contactLinkField', 'stages', 'additionalContactFields', 'additionalOpportunityFields', 'options'];

export function configFor(context: IExecuteFunctions, itemIndex: number): MapperConfig {
	return mapperConfig(Object.fromEntries(PARAMETERS.map((name) => [name, context.getNodeParameter(name, itemIndex, undefined)])) as IDataObject);
}

/** Pure: the Nonprofit Cloud model's settings; `paymentMethods` are the org's GiftTransaction.PaymentMethod values. */
export function npcConfig(parameters: IDataObject, paymentMethods: string[]): NpcConfig {
	const options = (parameters.npcOptions ?? {}) as IDataObject;
	return {
		includeTestEvents: options.includeTestEvents === true,
		personRecordTypeId: text(parameters.personRecordTypeId, ''),
		businessRecordTypeId: text(options.businessRecordTypeId, ''),
		giftTransactionKeyField: text(parameters.giftTransactionKeyField, ''),
		giftRefundKeyField: text(parameters.giftRefundKeyField, ''),
		giftCommitmentKeyField: text(parameters.giftCommitmentKeyField, ''),
		paymentMethods,
		fallbackPaymentMethod: text(parameters.fallbackPaymentMethod, ''),
		campaignId: locatorText(options.campaignId),
		giftDesignationId: text(options.giftDesignationId, ''),
		sendCurrency: options.multiCurrency === true,
	};
}

const NPC_PARAMETERS = ['personRecordTypeId', 'giftTransactionKeyField', 'giftRefundKeyField', 'giftCommitmentKeyField', 'fallbackPaymentMethod', 'npcOptions'];

export function npcConfigFor(context: IExecuteFunctions, itemIndex: number, paymentMethods: string[]): NpcConfig {
	return npcConfig(Object.fromEntries(NPC_PARAMETERS.map((name) => [name, context.getNodeParameter(name, itemIndex, undefined)])) as IDataObject, paymentMethods);
}
